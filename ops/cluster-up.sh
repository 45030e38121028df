#!/usr/bin/env bash
# Starts the whole local stack, as production runs it but on loopback: a Kafka broker with the
# job's topics, and a Flink session cluster (JobManager + one 2-slot TaskManager). Each part
# that already runs is left as it is. Prints the addresses, the logs and the next commands.
#
#   ops/cluster-up.sh                          (ops/cluster-down.sh stops it)
#   PAYRECON_HA=zookeeper ops/cluster-up.sh    high availability: ZooKeeper and two JobManagers
set -euo pipefail
source "$(dirname "$0")/lib.sh"

start=$(now_ms)
# Resolve both classpaths first: on a first run Maven downloads, and that must not count
# against the start deadlines.
"$OPS_DIR/classpath.sh" all >/dev/null
[[ $HA_MODE != zookeeper ]] || "$OPS_DIR/classpath.sh" zookeeper >/dev/null
"$OPS_DIR/kafka-start.sh"
"$OPS_DIR/kafka-topics.sh"
"$OPS_DIR/flink-start.sh"

rel() { local p=$1; [[ $p == "$PWD"/* ]] && p=${p#"$PWD"/}; echo "$p"; }
ops=$(rel "$OPS_DIR")
jar=$(rel "$REPO_DIR/target/payment-reconciliation.jar")
cat <<INFO

Local cluster up in $(since "$start") (run directory $RUN_DIR)
  Flink web UI / REST  $REST_URL$([[ $HA_MODE == zookeeper ]] && echo " and http://127.0.0.1:$REST_PORT_2 (two JobManagers, leader now: $(leader_rest_url); ZooKeeper $ZK_QUORUM)")
  Kafka bootstrap      $BOOTSTRAP   topics: reconciliation, reconciled, exceptions
  Savepoints           $SAVEPOINT_DIR
  Checkpoints          $CHECKPOINT_DIR
  Logs                 $LOG_DIR/
                         kafka.log, jobmanager.log, $(live_taskmanagers | sed 's/$/.log/' | paste -sd' '), flink-cli.log
                         (*.out: the processes' stdout/stderr)

Next:
  mvn -B -DskipTests package
  $ops/flink run -d $jar --bootstrap-servers $BOOTSTRAP --parallelism 2
      (once its group has committed offsets, a run without -s is refused: resume with -s, or
      --allow-fresh-start when starting over with empty state is meant)
  $ops/generate.sh --orders 2000
  $ops/kafka-run.sh org.apache.kafka.tools.consumer.ConsoleConsumer --bootstrap-server $BOOTSTRAP \\
      --topic reconciled --from-beginning --isolation-level read_committed --timeout-ms 10000
  $ops/flink list
  $ops/flink stop --savepointPath $SAVEPOINT_DIR JOB_ID
  $ops/flink run -s SAVEPOINT_PATH -d $jar --bootstrap-servers $BOOTSTRAP --parallelism 2
  $ops/cluster-status.sh
  $ops/cluster-down.sh
INFO
