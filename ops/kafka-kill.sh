#!/usr/bin/env bash
# Kills the local Kafka broker with SIGKILL, as a crashed machine would: no controlled shutdown,
# no leadership handed over, open transactions left for the coordinator to recover. For failure
# tests; ops/kafka-start.sh starts it again on the same data directory.
#
#   ops/kafka-kill.sh
set -euo pipefail
source "$(dirname "$0")/lib.sh"

pid_of kafka >/dev/null || { say "no live Kafka broker in $RUN_DIR"; exit 0; }
stop_process kafka KILL
say "Kafka killed; restart it with ops/kafka-start.sh"
