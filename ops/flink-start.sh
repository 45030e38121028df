#!/usr/bin/env bash
# Starts a local Flink 2.2.1 standalone session cluster from the Maven Central jars: one
# JobManager (REST API and web UI on 127.0.0.1:$PAYRECON_REST_PORT, default 8081) and one
# TaskManager with 2 slots. Returns when the TaskManager has registered its slots.
#
# The configuration is flink-conf/config.yaml, rendered into $RUN_DIR/conf with local
# checkpoint and savepoint directories (see render_flink_conf in ops/lib.sh).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

start=$(now_ms)
if pid=$(pid_of jobmanager); then
  say "JobManager already running (pid $pid), REST API $REST_URL"
else
  require_free_port "$REST_PORT" "Flink REST port" PAYRECON_REST_PORT
  require_free_port "$JM_RPC_PORT" "Flink JobManager RPC port" PAYRECON_JM_RPC_PORT
  flink_env
  render_flink_conf
  mkdir -p "$FLINK_TMP_DIR/jobmanager"
  resource_params GET_JM_RESOURCE_PARAMS
  # shellcheck disable=SC2086  # option lists
  start_daemon jobmanager "$JAVA" $FLINK_OPENS $RESOURCE_JVM_PARAMS \
    -Dlog.file="$LOG_DIR/jobmanager.log" -Dlog4j.configurationFile="file:$CONF_DIR/log4j.properties" \
    -cp "$FLINK_CP" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
    --configDir "$CONF_DIR" $RESOURCE_DYNAMIC_OPTS -D "io.tmp.dirs=$FLINK_TMP_DIR/jobmanager"
  pid=$(started_pid jobmanager)
  say "JobManager starting (pid $pid), waiting up to $START_TIMEOUT s for $REST_URL"
  wait_until jobmanager "$START_TIMEOUT" "REST API on $REST_URL" rest /overview
  say "JobManager ready after $(since "$start"); log: $LOG_DIR/jobmanager.log"
fi

if [[ -n $(live_taskmanagers) ]]; then
  say "TaskManager(s) already running: $(live_taskmanagers | tr '\n' ' ')"
else
  "$OPS_DIR/taskmanager-start.sh"
fi
say "Flink session cluster up after $(since "$start"): $(rest /overview | sed -E 's/.*"taskmanagers":([0-9]+).*"slots-total":([0-9]+).*/\1 TaskManager(s), \2 slots/')"
say "  web UI and REST API: $REST_URL; configuration: $CONF_DIR/config.yaml"
