package io.payrecon.alerts;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.ConsumerPartitionAssignor;
import org.apache.kafka.common.Cluster;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * The replica model: every partition to one member of the group, none to the others, which stand
 * by. The active member keeps them for as long as it stays in the group (the owner of any partition
 * keeps all of them, so a standby joining moves nothing); when it leaves or its session times out,
 * the member with the smallest id takes them all. The group coordinator fences a member that lost
 * them: its offset commits are refused, and it drops its alerts when told they are revoked or lost.
 *
 * <p>One member holds everything because the bridge needs the whole open set: Alertmanager forgets
 * an alert that is not re-sent, and a flood alert counts across partitions. Cooperative: a rebalance
 * revokes nothing from the member that keeps its partitions, so a standby coming or going does not
 * make the active one read the topic again.
 */
public final class OneActiveAssignor implements ConsumerPartitionAssignor {
    public static final String NAME = "payrecon-one-active";

    @Override
    public GroupAssignment assign(Cluster metadata, GroupSubscription groupSubscription) {
        Map<String, Subscription> members = new TreeMap<>(groupSubscription.groupSubscription());
        String active = null;
        for (Map.Entry<String, Subscription> m : members.entrySet()) {
            if (!m.getValue().ownedPartitions().isEmpty()) {
                active = m.getKey();
                break;
            }
        }
        if (active == null && !members.isEmpty()) {
            active = members.keySet().iterator().next();
        }
        Map<String, Assignment> assignments = new HashMap<>();
        for (String member : members.keySet()) {
            List<TopicPartition> partitions = new ArrayList<>();
            if (member.equals(active)) {
                for (String topic : members.get(member).topics()) {
                    List<PartitionInfo> infos = metadata.partitionsForTopic(topic);
                    if (infos != null) {
                        for (PartitionInfo p : infos) {
                            partitions.add(new TopicPartition(topic, p.partition()));
                        }
                    }
                }
            }
            assignments.put(member, new Assignment(partitions));
        }
        return new GroupAssignment(assignments);
    }

    @Override
    public List<RebalanceProtocol> supportedProtocols() {
        return List.of(RebalanceProtocol.COOPERATIVE);
    }

    @Override
    public String name() {
        return NAME;
    }
}
