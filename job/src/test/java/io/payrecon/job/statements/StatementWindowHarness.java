package io.payrecon.job.statements;

import io.payrecon.job.config.JobConfig;
import io.payrecon.model.ExceptionRecord;
import io.payrecon.model.MalformedSource;
import io.payrecon.model.ReconciledRecord;
import io.payrecon.statements.PeriodTotals;
import io.payrecon.statements.Statement;
import io.payrecon.statements.StatementPeriod;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.functions.NullByteKeySelector;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.streaming.api.operators.OneInputStreamOperatorFactory;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;

/**
 * The statement window operator exactly as the job builds it ({@link StatementWindow#define}), taken
 * out of the stream graph by its uid, in a harness keyed as {@code windowAll} keys it.
 */
public final class StatementWindowHarness {
    private StatementWindowHarness() {}

    @SuppressWarnings("unchecked")
    public static KeyedOneInputStreamOperatorTestHarness<Byte, PeriodTotals, Statement> of(
            StatementPeriod period, long retentionMillis, String backend) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        StatementWindow.define(
                        env.fromData(new ReconciledRecord()),
                        env.fromData(ExceptionRecord.malformed("o", "d", new MalformedSource())),
                        period,
                        retentionMillis)
                .print();
        StreamNode window = env.getStreamGraph().getStreamNodes().stream()
                .filter(node -> StatementWindow.PERIODS_UID.equals(node.getTransformationUID()))
                .findFirst()
                .orElseThrow();
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                (OneInputStreamOperatorFactory<PeriodTotals, Statement>) window.getOperatorFactory(),
                new NullByteKeySelector<PeriodTotals>(),
                Types.BYTE,
                JobConfig.MAX_PARALLELISM,
                1,
                0);
        if (backend.equals("rocksdb")) {
            h.setStateBackend(new EmbeddedRocksDBStateBackend());
        }
        // The statements' own serializer for the harness's output copies (Kryo cannot copy them).
        h.setup(StatementWindow.STATEMENT_TYPE.createSerializer(new SerializerConfigImpl()));
        return h;
    }
}
