#!/usr/bin/env bash
# Stops the local Flink cluster started by ops/flink-start.sh: its TaskManagers, then the
# JobManager (SIGTERM: clean shutdown). A job still running is not saved: without
# high-availability its only trace is its last retained checkpoint, so this script names the
# running jobs and how to stop them with a savepoint first.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if pid_of jobmanager >/dev/null || pid_of jobmanager-2 >/dev/null; then
  running=$(rest /jobs/overview 2>/dev/null | tr '{' '\n' | grep -E '"state":"(RUNNING|RESTARTING|CREATED|INITIALIZING)"' \
    | sed -E 's/.*"jid":"([0-9a-f]+)".*"name":"([^"]*)".*"state":"([A-Z]+)".*/\1 (\2, \3)/' || true)
  if [[ -n $running && $HA_MODE == zookeeper ]]; then
    warn "jobs still running: with high availability they are recovered from ZooKeeper and"
    warn "$HA_DIR when the cluster starts again (ops/flink cancel JOB_ID to end one for good):"
    sed 's/^/    /' <<<"$running" >&2
  elif [[ -n $running ]]; then
    warn "jobs still running: they end with the cluster and do not come back by themselves (no high"
    warn "availability); each keeps its last checkpoint in $CHECKPOINT_DIR/JOB_ID/chk-N, which"
    warn "ops/flink run -s can resume from:"
    sed 's/^/    /' <<<"$running" >&2  # indent every line
    warn "next time stop them first: ops/flink stop --savepointPath $SAVEPOINT_DIR JOB_ID"
  fi
fi

for name in $(live_taskmanagers); do
  stop_process "$name"
  rm -rf "${FLINK_TMP_DIR:?}/$name"
done
stopped=0
for name in jobmanager jobmanager-2; do
  if pid_of "$name" >/dev/null; then
    stop_process "$name"
    rm -rf "${FLINK_TMP_DIR:?}/$name"
    stopped=1
  else
    rm -f "$PID_DIR/$name.pid"
  fi
done
((stopped)) || say "no JobManager running from $RUN_DIR"
