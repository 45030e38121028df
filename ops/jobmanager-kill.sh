#!/usr/bin/env bash
# Kills the leading JobManager with SIGKILL (what a crashed machine does), for failover drills
# in the high-availability mode. Prints the name of the process it killed (jobmanager or
# jobmanager-2). ops/jobmanager-start.sh NAME starts it again, as the new standby.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

[[ $HA_MODE == zookeeper ]] || die "only in the high-availability mode (PAYRECON_HA=zookeeper): without it the job would be gone"
name=$(leader_jobmanager) || die "no leading JobManager found (logs: $LOG_DIR/jobmanager*.log)"
stop_process "$name" KILL >&2
echo "$name"
