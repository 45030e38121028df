package io.payrecon.job;

import io.payrecon.job.config.JobConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the contract says a bounded input must produce, from {@link ContractModel}: the independent
 * model of the contract, which shares no code with the job's rules core. The end-to-end tests
 * compare the job's records with these field by field ({@link #assertSameRecords}), all but {@code
 * detail} (the job's own wording; see {@link ContractModel}).
 */
public final class ReferenceOutput {
    public final List<String> reconciled;
    public final List<String> exceptions;

    private ReferenceOutput(ContractModel.Output output) {
        this.reconciled = output.reconciled();
        this.exceptions = output.exceptions();
    }

    /** A bounded input's output: event time ends at infinity (rule 8). */
    public static ReferenceOutput of(List<ContractModel.Input> input, JobConfig config) {
        return new ReferenceOutput(ContractModel.run(input, settings(config)));
    }

    /** The output once event time has reached {@code until} (an unbounded job, pushed that far). */
    public static ReferenceOutput of(List<ContractModel.Input> input, JobConfig config, long until) {
        return new ReferenceOutput(ContractModel.run(input, settings(config), until));
    }

    /** The flags the model reads, from the job's parsed command line. */
    public static ContractModel.Settings settings(JobConfig config) {
        return new ContractModel.Settings(
                config.matchWindow.toMillis(),
                config.retention.toMillis(),
                config.amountTolerance,
                config.moneyRetention.toMillis(),
                config.maxEventsPerOrder,
                config.malformedRaw.name().toLowerCase(Locale.ROOT));
    }

    /** The input as Kafka holds it, in the order read (each partition in offset order). */
    public static List<ContractModel.Input> fromKafka(List<ConsumerRecord<byte[], byte[]>> records) {
        List<ContractModel.Input> input = new ArrayList<>(records.size());
        for (ConsumerRecord<byte[], byte[]> r : records) {
            input.add(ContractModel.Input.kafka(r.value(), r.topic(), r.partition(), r.offset()));
        }
        return input;
    }

    /**
     * The job's records equal these, field by field but {@code detail}, as multisets: on a mismatch
     * the message names what is missing, what is extra, and for records with the same identity the
     * fields that differ.
     */
    public void assertSameRecords(List<String> reconciledRead, List<String> exceptionsRead) {
        RecordDiff.assertSameRecords(
                "reconciled", ContractModel.comparable(reconciledRead), ContractModel.comparable(reconciled));
        RecordDiff.assertSameRecords(
                "exceptions", ContractModel.comparable(exceptionsRead), ContractModel.comparable(exceptions));
    }
}
