#!/usr/bin/env bash
# Shows what runs from this run directory: each process with its PID and memory, and what the
# Flink REST API reports (TaskManagers, slots, jobs).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

echo "run directory: $RUN_DIR"
any=0
for f in "$PID_DIR"/*.pid; do
  [[ -e $f ]] || continue
  name=$(basename "$f" .pid)
  if pid=$(pid_of "$name"); then
    any=1
    rss=$(awk '/VmRSS/ {printf "%.0f MB", $2 / 1024}' "/proc/$pid/status")
    printf '  %-16s pid %-8s RSS %s\n' "$name" "$pid" "$rss"
  else
    printf '  %-16s not running (stale PID file)\n' "$name"
  fi
done
((any)) || echo "  nothing running"
if port_open "$KAFKA_PORT"; then echo "Kafka: $BOOTSTRAP answers"; fi
if [[ $HA_MODE == zookeeper ]]; then
  zookeeper_ok && echo "ZooKeeper: $ZK_QUORUM serving" || echo "ZooKeeper: $ZK_QUORUM not serving"
  if leader=$(leader_jobmanager); then
    echo "JobManager leader: $leader ($(leader_rest_url)); the other one stands by"
  else
    echo "JobManager leader: none right now (an election may be under way)"
  fi
fi
if overview=$(rest /overview 2>/dev/null); then
  echo "Flink: $(live_rest_url) $(sed -E 's/.*"taskmanagers":([0-9]+),"slots-total":([0-9]+),"slots-available":([0-9]+),"jobs-running":([0-9]+).*/\1 TaskManager(s), \2 slots (\3 free), \4 job(s) running/' <<<"$overview")"
  rest /jobs/overview | tr '{' '\n' | grep '"jid"' \
    | sed -E 's/.*"jid":"([0-9a-f]+)".*"name":"([^"]*)".*"state":"([A-Z]+)".*/  job \1  \2  \3/' || true
fi
