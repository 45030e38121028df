#!/usr/bin/env bash
# Stops the ZooKeeper server started by ops/zookeeper-start.sh. Its data stays.
#   ops/zookeeper-stop.sh [--kill]    (--kill: SIGKILL, for fault tests)
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if ! pid_of zookeeper >/dev/null; then
  say "ZooKeeper is not running (nothing started from $RUN_DIR)"
  rm -f "$PID_DIR/zookeeper.pid"
  exit 0
fi
case ${1:-} in
  "") stop_process zookeeper ;;
  --kill) stop_process zookeeper KILL ;;
  *) die "usage: $0 [--kill]" ;;
esac
