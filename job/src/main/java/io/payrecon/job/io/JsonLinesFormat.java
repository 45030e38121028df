package io.payrecon.job.io;

import io.payrecon.codec.InboundDecoder;
import io.payrecon.codec.RawPolicy;
import io.payrecon.model.InboundRecord;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.file.src.FileSourceSplit;
import org.apache.flink.connector.file.src.reader.BulkFormat;
import org.apache.flink.connector.file.src.util.ArrayResultIterator;
import org.apache.flink.connector.file.src.util.CheckpointedPosition;
import org.apache.flink.core.fs.FSDataInputStream;

/**
 * Reads JSON-lines files of input events for a file replay. A bulk format rather than a stream
 * format because a malformed line's exception id names its file and line number, and only a bulk
 * reader is told which file it reads. Files are not split, so line numbers count from the top; a
 * restored reader re-reads and skips the lines it had emitted.
 *
 * <p>Lines end with LF (a CR before it is dropped); empty lines hold no event and are skipped.
 */
public final class JsonLinesFormat implements BulkFormat<InboundRecord, FileSourceSplit> {
    private static final long serialVersionUID = 1L;
    private static final int BATCH = 512;

    private final RawPolicy rawPolicy;

    public JsonLinesFormat(RawPolicy rawPolicy) {
        this.rawPolicy = rawPolicy;
    }

    @Override
    public Reader<InboundRecord> createReader(Configuration config, FileSourceSplit split) throws IOException {
        return new LineReader(split, 0, rawPolicy);
    }

    @Override
    public Reader<InboundRecord> restoreReader(Configuration config, FileSourceSplit split) throws IOException {
        long skip = split.getReaderPosition()
                .map(CheckpointedPosition::getRecordsAfterOffset)
                .orElse(0L);
        return new LineReader(split, skip, rawPolicy);
    }

    @Override
    public boolean isSplittable() {
        return false;
    }

    @Override
    public TypeInformation<InboundRecord> getProducedType() {
        return TypeInformation.of(InboundRecord.class);
    }

    private static final class LineReader implements Reader<InboundRecord> {
        private final InputStream in;
        private final String fileName;
        private final InboundDecoder decoder;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
        private long lineNumber;
        private long recordsEmitted;
        private boolean endOfFile;

        LineReader(FileSourceSplit split, long recordsToSkip, RawPolicy rawPolicy) throws IOException {
            this.decoder = new InboundDecoder(rawPolicy);
            FSDataInputStream stream = split.path().getFileSystem().open(split.path());
            this.in = new BufferedInputStream(stream, 1 << 16);
            this.fileName = split.path().getName();
            while (recordsEmitted < recordsToSkip && nextRecord() != null) {
                // skipping what a restored reader had already emitted
            }
        }

        @Override
        public RecordIterator<InboundRecord> readBatch() throws IOException {
            InboundRecord[] batch = new InboundRecord[BATCH];
            long skipBefore = recordsEmitted;
            int n = 0;
            InboundRecord record;
            while (n < BATCH && (record = nextRecord()) != null) {
                batch[n++] = record;
            }
            if (n == 0) {
                return null;
            }
            ArrayResultIterator<InboundRecord> iterator = new ArrayResultIterator<>();
            iterator.set(batch, n, CheckpointedPosition.NO_OFFSET, skipBefore);
            return iterator;
        }

        private InboundRecord nextRecord() throws IOException {
            while (!endOfFile) {
                line.reset();
                int b;
                while ((b = in.read()) != -1 && b != '\n') {
                    line.write(b);
                }
                if (b == -1) {
                    endOfFile = true;
                    if (line.size() == 0) {
                        return null;
                    }
                }
                lineNumber++;
                byte[] bytes = line.toByteArray();
                int length = bytes.length;
                if (length > 0 && bytes[length - 1] == '\r') {
                    length--;
                }
                if (length == 0) {
                    continue;
                }
                if (length != bytes.length) {
                    bytes = java.util.Arrays.copyOf(bytes, length);
                }
                recordsEmitted++;
                return decoder.fromFile(bytes, fileName, lineNumber);
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }
}
