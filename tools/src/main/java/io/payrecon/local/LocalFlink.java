package io.payrecon.local;

import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

import java.net.URI;

/**
 * A Flink MiniCluster in this process with its REST endpoint and web UI on loopback (8081, or the
 * next free port up to 8090), so a local run looks in the browser like a real cluster. Jobs are
 * submitted to it through its REST endpoint, as the CLI would.
 */
public final class LocalFlink implements AutoCloseable {
    private final MiniCluster cluster;
    private final URI restAddress;

    private LocalFlink(MiniCluster cluster, URI restAddress) {
        this.cluster = cluster;
        this.restAddress = restAddress;
    }

    public static LocalFlink start(int slots) throws Exception {
        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
        conf.set(RestOptions.ADDRESS, "127.0.0.1");
        conf.set(RestOptions.BIND_PORT, "8081-8090");
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
        // A short path: RocksDB complains about long ones.
        conf.setString("state.backend.rocksdb.localdir", System.getProperty("java.io.tmpdir") + "/payrecon-rocksdb");
        MiniCluster cluster = new MiniCluster(new MiniClusterConfiguration.Builder()
                .setConfiguration(conf)
                .setNumTaskManagers(1)
                .setNumSlotsPerTaskManager(slots)
                .build());
        cluster.start();
        return new LocalFlink(cluster, cluster.getRestAddress().get());
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
