package io.payrecon.cluster;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real local cluster (ops/) for one test class: started before its tests, stopped and purged after
 * them, whatever they did. Register it as a static field with {@code @RegisterExtension}.
 */
final class LocalClusterExtension implements BeforeAllCallback, AfterAllCallback {
    private final String name;
    private final boolean highAvailability;
    private final boolean kafka;
    private LocalCluster cluster;

    LocalClusterExtension(String name, boolean highAvailability) {
        this(name, highAvailability, true);
    }

    /** @param kafka false when the test starts brokers of its own */
    LocalClusterExtension(String name, boolean highAvailability, boolean kafka) {
        this.name = name;
        this.highAvailability = highAvailability;
        this.kafka = kafka;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        cluster = LocalCluster.start(name, highAvailability, kafka);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    LocalCluster get() {
        return cluster;
    }
}
