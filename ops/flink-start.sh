#!/usr/bin/env bash
# Starts a local Flink 2.2.1 standalone session cluster from the Maven Central jars: one
# JobManager (REST API and web UI on 127.0.0.1:$PAYRECON_REST_PORT, default 8081) and one
# TaskManager with 2 slots. Returns when the TaskManager has registered its slots.
# With PAYRECON_HA=zookeeper: ZooKeeper first (ops/zookeeper-start.sh), then two JobManagers
# (the second's REST API on $PAYRECON_REST_PORT_2, default the REST port + 1) that elect a leader.
#
# The configuration is flink-conf/config.yaml, rendered into $RUN_DIR/conf with local
# checkpoint and savepoint directories (see render_flink_conf in ops/lib.sh).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

start=$(now_ms)
if [[ $HA_MODE == zookeeper ]]; then
  "$OPS_DIR/zookeeper-start.sh"
fi
if ! pid_of jobmanager >/dev/null || { [[ $HA_MODE == zookeeper ]] && ! pid_of jobmanager-2 >/dev/null; }; then
  [[ $HA_MODE == zookeeper ]] || require_free_port "$JM_RPC_PORT" "Flink JobManager RPC port" PAYRECON_JM_RPC_PORT
  flink_env
  render_flink_conf
  resource_params GET_JM_RESOURCE_PARAMS
fi
start_jobmanager jobmanager "$REST_PORT"
if [[ $HA_MODE == zookeeper ]]; then
  # The standby: same configuration, its own REST port. Whichever wins the election in
  # ZooKeeper leads; the other takes over when the leader dies, and recovers its jobs.
  start_jobmanager jobmanager-2 "$REST_PORT_2"
fi
wait_until jobmanager "$START_TIMEOUT" "a leading JobManager answering on its REST API" rest /overview
say "JobManager(s) ready after $(since "$start"): leader $(leader_rest_url); log: $LOG_DIR/jobmanager.log"

if [[ -n $(live_taskmanagers) ]]; then
  say "TaskManager(s) already running: $(live_taskmanagers | tr '\n' ' ')"
else
  "$OPS_DIR/taskmanager-start.sh"
fi
say "Flink session cluster up after $(since "$start"): $(rest /overview | sed -E 's/.*"taskmanagers":([0-9]+).*"slots-total":([0-9]+).*/\1 TaskManager(s), \2 slots/')"
say "  web UI and REST API: $REST_URL; configuration: $CONF_DIR/config.yaml"
