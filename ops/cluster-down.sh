#!/usr/bin/env bash
# Stops everything ops/cluster-up.sh started from this run directory: Flink first (so the job's
# Kafka clients do not spin on a vanished broker), then Kafka. Other processes, including
# another cluster with another PAYRECON_RUN_DIR, are never touched.
#
#   ops/cluster-down.sh            stop; keep Kafka's data, checkpoints and logs for the next start
#   ops/cluster-down.sh --purge    stop, then delete the run directory except the cached
#                                  classpaths (the savepoints directory is never deleted)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

purge=0
case ${1:-} in
  "") ;;
  --purge) purge=1 ;;
  *) die "usage: $0 [--purge]" ;;
esac

start=$(now_ms)
"$OPS_DIR/flink-stop.sh"
"$OPS_DIR/kafka-stop.sh"
# After Flink, whose JobManagers would otherwise lose their leadership mid-shutdown. Stopped
# whether or not this run used the HA mode: it only stops what this run directory started.
"$OPS_DIR/zookeeper-stop.sh"

left=$(for f in "$PID_DIR"/*.pid; do [[ -e $f ]] && pid_of "$(basename "$f" .pid)"; done || true)
[[ -z $left ]] || die "still running: pids $left"

if ((purge)) && [[ -d $RUN_DIR ]]; then
  # Everything but the classpath cache; the checkpoint directory only if it is in the run dir.
  find "$RUN_DIR" -mindepth 1 -maxdepth 1 ! -name classpath -exec rm -rf {} +
  say "purged $RUN_DIR (kept $CP_DIR)"
fi
say "cluster down in $(since "$start")"
