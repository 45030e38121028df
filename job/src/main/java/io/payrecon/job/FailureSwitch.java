package io.payrecon.job;

import io.payrecon.model.PaymentEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * Test-only: makes the job fail once from inside, to prove recovery from a failure of the job
 * itself (not only of a machine). An operator of its own, which {@link ReconciliationPipeline} puts
 * in front of the matching only when {@code --failure-trigger-file} names a file, so a production
 * job has no trace of it; creating that file makes the first subtask that sees it delete it and
 * throw. Checked at most once a second, so the switch costs nothing measurable when on.
 */
final class FailureSwitch implements MapFunction<PaymentEvent, PaymentEvent> {
    private static final long serialVersionUID = 1L;
    private static final long CHECK_EVERY_MILLIS = 1_000;

    private final String triggerFile;
    private transient long nextCheck;

    FailureSwitch(String triggerFile) {
        this.triggerFile = triggerFile;
    }

    /** Passes every event on unchanged, after looking for the trigger file. */
    @Override
    public PaymentEvent map(PaymentEvent event) {
        check();
        return event;
    }

    void check() {
        long now = System.currentTimeMillis();
        if (now < nextCheck) {
            return;
        }
        nextCheck = now + CHECK_EVERY_MILLIS;
        try {
            if (Files.deleteIfExists(Path.of(triggerFile))) { // only one subtask wins the delete
                throw new InjectedFailure("failure injected by the test switch (" + triggerFile + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static final class InjectedFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFailure(String message) {
            super(message);
        }
    }
}
