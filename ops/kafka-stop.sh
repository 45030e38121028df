#!/usr/bin/env bash
# Stops the Kafka broker started by ops/kafka-start.sh (SIGTERM: a controlled shutdown that
# closes the logs cleanly, so the next start does not have to recover them). Its data stays.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if ! pid_of kafka >/dev/null; then
  say "Kafka is not running (nothing started from $RUN_DIR)"
  rm -f "$PID_DIR/kafka.pid"
  exit 0
fi
stop_process kafka
