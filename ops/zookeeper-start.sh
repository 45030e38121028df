#!/usr/bin/env bash
# Starts one local ZooKeeper server, the HA service of the high-availability mode
# (PAYRECON_HA=zookeeper): client port 127.0.0.1:$PAYRECON_ZK_PORT (default 2181), loopback
# only, no admin server. Data stays in the run directory across restarts (leader election,
# job graphs and checkpoint pointers live there; ops/cluster-down.sh --purge deletes it).
# Returns when the server serves requests (`srvr` answers with its mode).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

if pid=$(pid_of zookeeper); then
  say "ZooKeeper is already running (pid $pid) on $ZK_QUORUM"
  exit 0
fi
require_free_port "$ZK_PORT" "ZooKeeper client port" PAYRECON_ZK_PORT

ZK_CP=$(classpath zookeeper)
mkdir -p "$ZK_DIR/data" "$LOG_DIR"
# Written on every start so the port follows the environment.
cat >"$ZK_DIR/zoo.cfg" <<CFG
# Written by ops/zookeeper-start.sh on each start: edit that script, not this file.
tickTime=2000
dataDir=$ZK_DIR/data
clientPort=$ZK_PORT
clientPortAddress=127.0.0.1
# Flink's sessions time out after 60 s by default; a server allows at most 20 ticks (40 s)
# unless told otherwise, which would cut the sessions of a JobManager in a long GC.
maxSessionTimeout=60000
# No HTTP admin server (it would take port 8080) and only the health words.
admin.enableServer=false
4lw.commands.whitelist=ruok,srvr
CFG

start=$(now_ms)
start_daemon zookeeper "$JAVA" -Xms64m -Xmx256m -XX:+UseSerialGC \
  -Dzookeeper.log.dir="$LOG_DIR" -Dlog4j2.configurationFile="$OPS_DIR/zookeeper-log4j2.properties" \
  -cp "$ZK_CP" org.apache.zookeeper.server.ZooKeeperServerMain "$ZK_DIR/zoo.cfg"
pid=$(started_pid zookeeper)
say "ZooKeeper starting (pid $pid), waiting up to $START_TIMEOUT s for $ZK_QUORUM"
wait_until zookeeper "$START_TIMEOUT" "ZooKeeper serving on $ZK_QUORUM" zookeeper_ok
say "ZooKeeper ready on $ZK_QUORUM after $(since "$start") (pid $pid); log: $LOG_DIR/zookeeper.log"
