package io.payrecon.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.GlobalConfiguration;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * A Flink MiniCluster in this process with its REST endpoint and web UI on loopback (8081, or the
 * next free port up to 8090), so a local run looks in the browser like a real cluster. Jobs are
 * submitted to it through its REST endpoint, as the CLI would. Its metrics are served for Prometheus
 * as a cluster's are (flink-conf/config.yaml's reporter), on the first free port of 9249-9259.
 */
public final class LocalFlink implements AutoCloseable {
    /** flink-conf/config.yaml's reporter (the JobManager's port of its range first). */
    private static final String PROMETHEUS_FACTORY = "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

    private static final String PROMETHEUS_PREFIX = "metrics.reporter.prom.";
    /**
     * The cluster configuration of the repository: bin/payrecon names it (-Dpayrecon.flink.conf), so
     * it is found from any working directory; Maven's exec runs from the top directory.
     */
    private static final Path FLINK_CONF = Path.of(System.getProperty("payrecon.flink.conf", "flink-conf"));

    private static final int FIRST_PROMETHEUS_PORT = 9249;
    private static final int LAST_PROMETHEUS_PORT = 9259;

    private final MiniCluster cluster;
    private final URI restAddress;
    private final int prometheusPort;

    private LocalFlink(MiniCluster cluster, URI restAddress, int prometheusPort) {
        this.cluster = cluster;
        this.restAddress = restAddress;
        this.prometheusPort = prometheusPort;
    }

    public static LocalFlink start(int slots) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, "8081-8090");
        // The JobManager's and TaskManager's own servers (blobs, data exchange) on loopback too; only
        // the Prometheus reporter binds every interface, and it has no setting to say otherwise.
        conf.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(JobManagerOptions.ADDRESS, "127.0.0.1");
        conf.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.HOST, "127.0.0.1");
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        // Every file of Flink's under the temporary directory as it is now (the demo's session folder),
        // not as Flink's option classes read it when loaded. A short path: RocksDB complains about long ones.
        String tmp = System.getProperty("java.io.tmpdir");
        conf.set(CoreOptions.TMP_DIRS, tmp);
        conf.set(WebOptions.TMP_DIR, tmp);
        conf.setString("state.backend.rocksdb.localdir", tmp + "/payrecon-rocksdb");
        // Checkpoints in files, as on a cluster (flink-conf/config.yaml): the JobManager's memory takes
        // at most 5 MB of state per checkpoint, which the demo with --orders 100000 goes beyond (its
        // bounded job then failed every checkpoint and restarted in a loop).
        conf.set(
                CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                Path.of(tmp, "payrecon-checkpoints").toUri().toString());
        // One process, one reporter: a port of our own, so the printed URL is the one it serves on.
        int prometheusPort = freePrometheusPort();
        if (prometheusPort > 0) {
            withPrometheusReporter(conf, FLINK_CONF, prometheusPort);
        }
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        cluster.start();
        return new LocalFlink(cluster, cluster.getRestAddress().get(), prometheusPort);
    }

    /**
     * Flink's Prometheus reporter as a cluster runs it: the {@code metrics.reporter.prom.*} settings of
     * {@code flinkConfDir}/config.yaml (read by Flink itself), with the port moved to {@code port}. When
     * the directory is not there (the tools jar run elsewhere), the reporter's factory alone.
     */
    public static Configuration withPrometheusReporter(Configuration conf, Path flinkConfDir, int port) {
        if (Files.isRegularFile(flinkConfDir.resolve("config.yaml"))) {
            GlobalConfiguration.loadConfiguration(flinkConfDir.toString())
                    .toMap()
                    .forEach((key, value) -> {
                        if (key.startsWith(PROMETHEUS_PREFIX)) {
                            conf.setString(key, value);
                        }
                    });
        } else {
            conf.setString(PROMETHEUS_PREFIX + "factory.class", PROMETHEUS_FACTORY);
        }
        conf.setString(PROMETHEUS_PREFIX + "port", Integer.toString(port));
        return conf;
    }

    /** The first port of 9249-9259 nothing listens on, or 0 when all are taken (no reporter then). */
    private static int freePrometheusPort() {
        for (int port = FIRST_PROMETHEUS_PORT; port <= LAST_PROMETHEUS_PORT; port++) {
            try (ServerSocket probe = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                return port;
            } catch (IOException taken) {
                // try the next one
            }
        }
        return 0;
    }

    /** Flink's metrics for Prometheus, e.g. http://127.0.0.1:9249/metrics, or null when every port was taken. */
    public String prometheusMetrics() {
        return prometheusPort == 0 ? null : "http://127.0.0.1:" + prometheusPort + "/metrics";
    }

    /** The port of Flink's Prometheus reporter, or 0 when it has none. */
    public int prometheusPort() {
        return prometheusPort;
    }

    /** The web UI and REST address, e.g. http://127.0.0.1:8081. */
    public String webUi() {
        return "http://" + restAddress.getHost() + ":" + restAddress.getPort();
    }

    public StreamExecutionEnvironment environment() {
        return StreamExecutionEnvironment.createRemoteEnvironment(restAddress.getHost(), restAddress.getPort());
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
