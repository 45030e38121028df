#!/usr/bin/env bash
# Kills TaskManagers with SIGKILL, as a crashed machine or an OOM-killer would: no clean
# shutdown, no goodbye to the JobManager, which notices only when heartbeats fail. For failure
# tests; ops/taskmanager-start.sh starts a replacement.
#
#   ops/taskmanager-kill.sh              kills every live TaskManager of this run directory
#   ops/taskmanager-kill.sh NAME...      kills these (taskmanager-N, as ops/cluster-status.sh lists)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if (($# > 0)); then
  names=("$@")
else
  mapfile -t names < <(live_taskmanagers)
fi
((${#names[@]} > 0)) || { say "no live TaskManager in $RUN_DIR"; exit 0; }

for name in "${names[@]}"; do
  [[ $name == taskmanager-* ]] || die "not a TaskManager name: $name"
  pid=$(pid_of "$name") || { warn "$name is not running"; continue; }
  stop_process "$name" KILL
  # A killed TaskManager leaves its temporary directory (RocksDB files, blobs, the extracted
  # RPC jar) behind; nothing reads it again because the name is never reused.
  rm -rf "${FLINK_TMP_DIR:?}/$name"
done
say "a running job restarts once the JobManager misses the heartbeats; start a replacement: ops/taskmanager-start.sh"
