package io.payrecon.model;

import java.util.Objects;

/**
 * Where a malformed value came from and what it said. Kafka input fills topic/partition/offset, a
 * file replay fills file/line; the other pair stays null and is not written.
 */
public class MalformedSource {
    /**
     * The value decoded as UTF-8 (invalid bytes become U+FFFD), cut at 65,536 bytes; digits masked
     * or null when the job runs with --malformed-raw redacted or none.
     */
    public String raw;

    public boolean truncated;
    public String topic;
    public Integer partition;
    public Long offset;
    public String file;
    public Long line;

    public MalformedSource() {}

    public static MalformedSource kafka(String raw, boolean truncated, String topic, int partition, long offset) {
        MalformedSource s = new MalformedSource();
        s.raw = raw;
        s.truncated = truncated;
        s.topic = topic;
        s.partition = partition;
        s.offset = offset;
        return s;
    }

    public static MalformedSource file(String raw, boolean truncated, String file, long line) {
        MalformedSource s = new MalformedSource();
        s.raw = raw;
        s.truncated = truncated;
        s.file = file;
        s.line = line;
        return s;
    }

    public boolean isFromFile() {
        return file != null;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MalformedSource)) {
            return false;
        }
        MalformedSource that = (MalformedSource) o;
        return truncated == that.truncated
                && Objects.equals(raw, that.raw)
                && Objects.equals(topic, that.topic)
                && Objects.equals(partition, that.partition)
                && Objects.equals(offset, that.offset)
                && Objects.equals(file, that.file)
                && Objects.equals(line, that.line);
    }

    @Override
    public int hashCode() {
        return Objects.hash(raw, truncated, topic, partition, offset, file, line);
    }
}
