#!/usr/bin/env bash
# Starts one more TaskManager for the running local JobManager and waits until it has
# registered its slots. Each TaskManager gets a new name, taskmanager-N (its Flink resource id,
# PID file and log name), so a replacement is never confused with a TaskManager that was just
# killed and that the JobManager may still list until its heartbeat times out.
#
#   ops/taskmanager-start.sh                     (ops/taskmanager-kill.sh kills them)
#   ops/taskmanager-start.sh -D KEY=VALUE ...    this TaskManager's own settings on top of the
#                                                run directory's config.yaml, e.g. -D
#                                                taskmanager.numberOfTaskSlots=1 (the benchmark's
#                                                two-TaskManager layout)
# PAYRECON_TM_JVM_OPTS: extra JVM options for the TaskManager (the benchmark's compiler threads).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

settings=()
while (($#)); do
  case $1 in
    -D) [[ ${2:-} == *=* ]] || die "-D needs KEY=VALUE, got '${2:-}'"; settings+=(-D "$2"); shift ;;
    *) die "unknown argument $1 (ops/taskmanager-start.sh [-D KEY=VALUE ...])" ;;
  esac
  shift
done

pid_of jobmanager >/dev/null || die "no JobManager of $RUN_DIR is running: start the cluster with ops/flink-start.sh"
[[ -f $CONF_DIR/config.yaml ]] || die "$CONF_DIR/config.yaml missing: start the cluster with ops/flink-start.sh"
flink_env

# The next free number; never reused within a run directory (cluster-down.sh --purge resets it).
# Under a lock: two TaskManagers started at once once both took the same number (and PID file).
counter=$PID_DIR/taskmanager.counter
{
  flock 9
  n=$(($(cat "$counter" 2>/dev/null || echo 0) + 1))
  echo "$n" >"$counter"
} 9>>"$counter.lock"
name=taskmanager-$n

# Its own temporary directory (RocksDB files, blobs, the extracted RPC jar): a killed
# TaskManager cannot clean up after itself, ops/taskmanager-kill.sh deletes the directory.
tmp_dir=$FLINK_TMP_DIR/$name
mkdir -p "$tmp_dir"

start=$(now_ms)
# Flink sizes the JVM from the settings the TaskManager starts with, its own -D ones included.
resource_params GET_TM_RESOURCE_PARAMS "${settings[@]}"
# shellcheck disable=SC2086  # option lists
start_daemon "$name" "$JAVA" $FLINK_OPENS $RESOURCE_JVM_PARAMS ${PAYRECON_TM_JVM_OPTS:-} \
  -Dlog.file="$LOG_DIR/$name.log" -Dlog4j.configurationFile="file:$CONF_DIR/log4j.properties" \
  -cp "$FLINK_CP" org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
  --configDir "$CONF_DIR" $RESOURCE_DYNAMIC_OPTS -D "taskmanager.resource-id=$name" -D "io.tmp.dirs=$tmp_dir" "${settings[@]}"
pid=$(started_pid "$name")
say "$name starting (pid $pid), waiting up to $START_TIMEOUT s for it to register its slots"
wait_until "$name" "$START_TIMEOUT" "registration of $name at $REST_URL" taskmanager_registered "$name"
say "$name registered after $(since "$start") (pid $pid); log: $LOG_DIR/$name.log"
