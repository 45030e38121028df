#!/usr/bin/env bash
# Starts one local Kafka broker: KRaft, broker and controller in one process, on loopback only
# (client listener 127.0.0.1:$PAYRECON_KAFKA_PORT, default 9092; controller
# 127.0.0.1:$PAYRECON_KAFKA_CONTROLLER_PORT, default 9093). Data stays in the run directory
# across restarts (ops/cluster-down.sh --purge deletes it). Returns when the broker answers
# admin requests.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if pid=$(pid_of kafka); then
  say "Kafka is already running (pid $pid) on $BOOTSTRAP"
  exit 0
fi
require_free_port "$KAFKA_PORT" "Kafka client port" PAYRECON_KAFKA_PORT
require_free_port "$KAFKA_CONTROLLER_PORT" "Kafka controller port" PAYRECON_KAFKA_CONTROLLER_PORT

KAFKA_CP=$(classpath kafka)
DATA_DIR=$KAFKA_DIR/data
mkdir -p "$KAFKA_DIR" "$LOG_DIR"
write_kafka_tools_properties

# Written on every start so the ports follow the environment; the data directory keeps the
# cluster id it was formatted with.
cat >"$KAFKA_DIR/server.properties" <<PROPS
# Written by ops/kafka-start.sh on each start: edit that script, not this file.

# KRaft without ZooKeeper: this one process is the whole cluster, broker and controller.
process.roles=broker,controller
node.id=1
# A static one-voter quorum (hence StorageTool format without --standalone).
controller.quorum.voters=1@127.0.0.1:$KAFKA_CONTROLLER_PORT
controller.listener.names=CONTROLLER

# Loopback only: nothing outside this machine can reach the broker.
listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT,CONTROLLER://127.0.0.1:$KAFKA_CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$KAFKA_PORT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
inter.broker.listener.name=PLAINTEXT

log.dirs=$DATA_DIR

# One broker: every internal topic (consumer offsets, transaction state, share-group state)
# can have only one replica, and min ISR must be 1 or writes to it would be refused.
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
default.replication.factor=1
min.insync.replicas=1

# The longest transaction a producer may ask for: 15 minutes (Kafka's default, set explicitly
# because the job depends on it). The job's exactly-once sinks use --transaction-timeout
# (default 10m), which must stay below this, or every transaction is refused and the job
# restarts for ever. It must also exceed the longest checkpoint plus a restart.
transaction.max.timeout.ms=900000

# A consumer group's first rebalance waits 3 s by default for more members; on one machine
# nobody else is coming, so tools and tests get their partitions at once.
group.initial.rebalance.delay.ms=0

# Topics come from ops/kafka-topics.sh with their partition counts: a typo in a topic name must
# fail, not silently create a one-partition topic.
auto.create.topics.enable=false
PROPS

if [[ ! -f $DATA_DIR/meta.properties ]]; then
  # A new data directory must be formatted with a cluster id before the first start.
  start=$(now_ms)
  cluster_id=$(kafka_tool kafka.tools.StorageTool random-uuid)
  kafka_tool kafka.tools.StorageTool format -t "$cluster_id" -c "$KAFKA_DIR/server.properties" \
    >"$LOG_DIR/kafka-format.log" 2>&1 || { cat "$LOG_DIR/kafka-format.log" >&2; die "formatting $DATA_DIR failed"; }
  say "formatted $DATA_DIR (cluster id $cluster_id) in $(since "$start")"
fi

start=$(now_ms)
# Heap as the Kafka tarball's kafka-server-start.sh sizes it at most (1 GiB), G1 with short
# pauses as its kafka-run-class.sh sets it.
# shellcheck disable=SC2086  # PAYRECON_KAFKA_HEAP is a list of JVM options
start_daemon kafka "$JAVA" ${PAYRECON_KAFKA_HEAP:--Xms256m -Xmx1g} \
  -XX:+UseG1GC -XX:MaxGCPauseMillis=20 -XX:InitiatingHeapOccupancyPercent=35 \
  -XX:+ExplicitGCInvokesConcurrent -Djava.awt.headless=true \
  -Dkafka.logs.dir="$LOG_DIR" -Dlog4j2.configurationFile="$OPS_DIR/kafka-log4j2.properties" \
  -cp "$KAFKA_CP" kafka.Kafka "$KAFKA_DIR/server.properties"
pid=$(started_pid kafka)
say "Kafka starting (pid $pid), waiting up to $START_TIMEOUT s for $BOOTSTRAP"

# First the port (cheap), then a real admin request through Kafka's own TopicCommand: the
# broker has joined its controller and serves metadata.
wait_until kafka "$START_TIMEOUT" "listener on $BOOTSTRAP" port_open "$KAFKA_PORT"
wait_until kafka "$START_TIMEOUT" "answer from the broker on $BOOTSTRAP" \
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" \
  --command-config "$KAFKA_DIR/tools.properties" --list
say "Kafka ready on $BOOTSTRAP after $(since "$start") (pid $pid)"
say "  log: $LOG_DIR/kafka.log (stdout/stderr: $LOG_DIR/kafka.out); data: $DATA_DIR"
