#!/usr/bin/env bash
# The scale-out part's new layout (io.payrecon.bench.run.ScalePart runs it): stops the benchmark
# stack's TaskManagers and starts two of one slot and MEMORY each, side by side.
#
#   bench/two-taskmanagers.sh MEMORY        e.g. 1024m: half of one TaskManager's process memory
set -euo pipefail
source "$(dirname "$0")/lib.sh"

memory=${1:?usage: bench/two-taskmanagers.sh MEMORY}
for name in $(live_taskmanagers); do stop_process "$name"; done
starts=()
for _ in 1 2; do
  "$OPS_DIR/taskmanager-start.sh" -D taskmanager.numberOfTaskSlots=1 -D "taskmanager.memory.process.size=$memory" &
  starts+=($!)
done
for start in "${starts[@]}"; do wait "$start" || die "starting a TaskManager of one slot failed"; done
