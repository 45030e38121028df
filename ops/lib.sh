# Shared by every ops/ script (sourced, not run): settings from the environment, the run
# directory layout, and the helpers that start, watch and stop our processes.
#
# Every process these scripts start has the run directory in its command line (its config or
# log path) and its PID in a file under the run directory. Stopping checks both, so a script
# never signals a process it did not start, even if a PID was reused.

# shellcheck shell=bash
# shellcheck disable=SC2034  # the settings below are read by the scripts that source this file

OPS_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(dirname "$OPS_DIR")

# --- Settings (environment variables; see ops/README.md) ---------------------------------------
RUN_DIR=${PAYRECON_RUN_DIR:-$REPO_DIR/target/cluster}
case $RUN_DIR in /*) ;; *) RUN_DIR=$PWD/$RUN_DIR ;; esac
RUN_DIR=${RUN_DIR%/}
KAFKA_PORT=${PAYRECON_KAFKA_PORT:-9092}
KAFKA_CONTROLLER_PORT=${PAYRECON_KAFKA_CONTROLLER_PORT:-9093}
BOOTSTRAP=127.0.0.1:$KAFKA_PORT
REST_PORT=${PAYRECON_REST_PORT:-8081}
JM_RPC_PORT=${PAYRECON_JM_RPC_PORT:-6123}
SAVEPOINT_DIR=${PAYRECON_SAVEPOINT_DIR:-$REPO_DIR/savepoints}
CHECKPOINT_DIR=${PAYRECON_CHECKPOINT_DIR:-$RUN_DIR/checkpoints}
# Deadlines, in seconds, for a process to become ready and to exit after SIGTERM.
START_TIMEOUT=${PAYRECON_START_TIMEOUT:-120}
STOP_TIMEOUT=${PAYRECON_STOP_TIMEOUT:-60}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
REST_URL=http://127.0.0.1:$REST_PORT
# High availability (PAYRECON_HA=zookeeper): a ZooKeeper server and a second, standby JobManager
# whose REST API and web UI listen on PAYRECON_REST_PORT_2 (default: the REST port + 1).
HA_MODE=${PAYRECON_HA:-}
case $HA_MODE in "" | zookeeper) ;; *) echo "PAYRECON_HA must be empty or zookeeper, not '$HA_MODE'" >&2; exit 2 ;; esac
ZK_PORT=${PAYRECON_ZK_PORT:-2181}
ZK_QUORUM=127.0.0.1:$ZK_PORT
REST_PORT_2=${PAYRECON_REST_PORT_2:-$((REST_PORT + 1))}
# Flink's Prometheus reporter: each JobManager and TaskManager takes the first free port of this
# range for /metrics (flink-conf/config.yaml). Another stack (tests, benchmark) sets its own range.
PROM_PORTS=${PAYRECON_PROM_PORTS:-9249-9259}

# --- Run directory layout ----------------------------------------------------------------------
LOG_DIR=$RUN_DIR/logs          # every log and .out file
PID_DIR=$RUN_DIR/pids          # one file per process we started
CP_DIR=$RUN_DIR/classpath      # cached classpaths (ops/classpath.sh)
CONF_DIR=$RUN_DIR/conf         # the rendered Flink configuration all Flink JVMs read
KAFKA_DIR=$RUN_DIR/kafka       # server.properties, tools.properties, data/
FLINK_TMP_DIR=$RUN_DIR/flink-tmp  # io.tmp.dirs: RocksDB working files, blobs, web uploads
ZK_DIR=$RUN_DIR/zookeeper      # zoo.cfg, data/ (high-availability mode)
HA_DIR=$RUN_DIR/ha             # high-availability.storageDir: job graphs, checkpoint metadata

# --- Output ------------------------------------------------------------------------------------
SCRIPT_NAME=$(basename "$0")
say() { printf '%s %s: %s\n' "$(date +%H:%M:%S)" "$SCRIPT_NAME" "$*"; }
warn() { printf '%s %s: %s\n' "$(date +%H:%M:%S)" "$SCRIPT_NAME" "$*" >&2; }
die() { warn "error: $*"; exit 1; }

# Milliseconds since the epoch, and the seconds elapsed since such a mark, for the timings
# the scripts report.
now_ms() { date +%s%3N; }
since() { local ms=$(($(now_ms) - $1)); printf '%d.%01d s' $((ms / 1000)) $((ms % 1000 / 100)); }

# --- Java ----------------------------------------------------------------------------------------
# Flink's --add-opens/--add-exports list for Java 17. The project keeps it in .mvn/jvm.config
# (Maven's own JVM runs Flink in tests); every Flink JVM here reads it from there.
flink_jvm_opens() {
  local file=$REPO_DIR/.mvn/jvm.config
  [[ -r $file ]] || die "$file not found: it holds the --add-opens list Flink needs on Java 17"
  tr '\n' ' ' <"$file"
}

# Prints the cached classpath of "kafka" or "flink", resolving it first when needed.
classpath() {
  "$OPS_DIR/classpath.sh" "$1" >/dev/null || die "could not resolve the $1 classpath"
  cat "$CP_DIR/$1.classpath"
}

# --- Processes -----------------------------------------------------------------------------------
# pid_of NAME: prints the PID of our process NAME if it is alive, else nothing (status 1).
# "Ours" means: PID file present, process alive, and the run directory in its command line.
pid_of() {
  local file=$PID_DIR/$1.pid pid
  [[ -f $file ]] || return 1
  pid=$(<"$file")
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  [[ -r /proc/$pid/cmdline ]] || return 1
  # "$RUN_DIR/": with the slash, so target/cluster never claims a process of target/cluster-b.
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "$RUN_DIR/" || return 1
  echo "$pid"
}

# start_daemon NAME COMMAND...: runs COMMAND in the background in its own session (Ctrl-C in
# the calling terminal or the end of the calling shell does not reach it), stdout and stderr
# to $LOG_DIR/NAME.out, and records its PID in $PID_DIR/NAME.pid.
start_daemon() {
  local name=$1; shift
  local pidfile=$PID_DIR/$name.pid deadline
  mkdir -p "$PID_DIR" "$LOG_DIR"
  rm -f "$pidfile"
  # The inner shell writes its own PID, then execs the command, so the PID is the JVM's
  # whether or not setsid had to fork.
  # shellcheck disable=SC2016  # expanded by the inner shell
  setsid bash -c 'echo $$ > "$0"; exec "$@"' "$pidfile" "$@" \
    >"$LOG_DIR/$name.out" 2>&1 </dev/null &
  deadline=$((SECONDS + 10))
  until [[ -s $pidfile ]]; do
    ((SECONDS < deadline)) || die "$name did not start (no PID file after 10 s)"
    sleep 0.1
  done
}

# started_pid NAME: the PID of a process start_daemon just started, or its log and failure if
# it exited at once (a port taken, a bad option).
started_pid() {
  local pid
  if ! pid=$(pid_of "$1"); then
    show_log_tail "$1"
    die "$1 exited right after its start"
  fi
  echo "$pid"
}

# wait_until NAME TIMEOUT DESCRIPTION COMMAND...: polls COMMAND every half second until it
# succeeds. Fails early when process NAME (empty: none) dies, and at the deadline; either way
# it shows the end of NAME's log.
wait_until() {
  local name=$1 timeout=$2 what=$3; shift 3
  local deadline=$((SECONDS + timeout))
  until "$@" >/dev/null 2>&1; do
    if [[ -n $name ]] && ! pid_of "$name" >/dev/null; then
      show_log_tail "$name"
      die "$name exited before $what"
    fi
    if ((SECONDS >= deadline)); then
      [[ -n $name ]] && show_log_tail "$name"
      die "no $what after $timeout s (PAYRECON_START_TIMEOUT)"
    fi
    sleep 0.5
  done
}

show_log_tail() {
  local f
  for f in "$LOG_DIR/$1.log" "$LOG_DIR/$1.out"; do
    [[ -s $f ]] || continue
    warn "last lines of $f:"
    tail -n 25 "$f" | sed 's/^/    /' >&2
  done
}

# running PID: the process exists and has not finished exiting. An exited process stays a zombie
# until its parent reaps it, and ours are reaped by PID 1 (their starting script is gone), which
# can take seconds: kill -0 alone would wait for that. A JVM's main thread turns zombie before its
# other threads are gone (and with them its sockets), so a zombie counts as exited only once it is
# its process's last thread.
running() {
  local state threads
  kill -0 "$1" 2>/dev/null || return 1
  state=$(sed 's/^.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)
  [[ -n $state ]] || return 1
  [[ $state != Z ]] && return 0
  threads=$(find "/proc/$1/task" -mindepth 1 -maxdepth 1 2>/dev/null | wc -l)
  ((threads > 1))
}

# stop_process NAME [SIGNAL]: stops our process NAME. SIGTERM (the default) lets Kafka and Flink
# shut down cleanly; after $STOP_TIMEOUT s it gets SIGKILL. SIGNAL KILL kills at once.
stop_process() {
  local name=$1 signal=${2:-TERM} pid deadline start
  if ! pid=$(pid_of "$name"); then
    rm -f "$PID_DIR/$name.pid"
    return 0
  fi
  start=$(now_ms)
  kill "-$signal" "$pid" 2>/dev/null || true
  deadline=$((SECONDS + STOP_TIMEOUT))
  while running "$pid"; do
    if ((SECONDS >= deadline)); then
      warn "$name (pid $pid) still running after $STOP_TIMEOUT s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      deadline=$((SECONDS + 10))
    fi
    sleep 0.2
  done
  rm -f "$PID_DIR/$name.pid"
  say "$name (pid $pid) stopped (SIG$signal) in $(since "$start")"
}

# zookeeper_ok: the local ZooKeeper serves requests (`srvr` names its mode; `ruok` would say imok
# even while the server failed to load its data).
zookeeper_ok() {
  local reply
  exec 3<>"/dev/tcp/127.0.0.1/$ZK_PORT" || return 1
  printf 'srvr' >&3
  reply=$(timeout 2 cat <&3) || true
  exec 3<&- 3>&-
  [[ $reply == *"Mode: standalone"* ]]
}

# port_open PORT: something accepts TCP connections on 127.0.0.1:PORT.
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

require_free_port() {
  if port_open "$1"; then
    die "127.0.0.1:$1 is already in use ($2); stop whatever listens there or set $3"
  fi
}

# --- Flink configuration -------------------------------------------------------------------------
# Renders flink-conf/ into $CONF_DIR: the committed config.yaml with the values that differ on
# this machine replaced key by key (checkpoint and savepoint directories as absolute local
# paths, ports from the environment, io.tmp.dirs in the run directory), and the log4j files as
# they are. Every Flink JVM (JobManager, TaskManagers, CLI) reads this one copy, so the CLI and
# the cluster agree on the directories. Re-rendered on each start: edit flink-conf/, not the copy.
# PAYRECON_FLINK_CONF: more KEY=VALUE settings for this run directory only, separated by spaces
# (the benchmark's stack refreshes REST metrics every second with it).
render_flink_conf() {
  local src=$REPO_DIR/flink-conf
  [[ -f $src/config.yaml ]] || die "$src/config.yaml not found"
  mkdir -p "$CONF_DIR" "$CHECKPOINT_DIR" "$SAVEPOINT_DIR" "$FLINK_TMP_DIR"
  local checkpoints savepoints
  checkpoints=$(cd "$CHECKPOINT_DIR" && pwd)
  savepoints=$(cd "$SAVEPOINT_DIR" && pwd)
  cp "$src"/log4j.properties "$src"/log4j-cli.properties "$src"/log4j-console.properties "$CONF_DIR/"
  {
    echo "# Rendered by ops/ from $src/config.yaml at $(date '+%Y-%m-%d %H:%M:%S'): edit that file, not this copy."
    override_keys "$src/config.yaml" \
      "execution.checkpointing.dir=file://$checkpoints" \
      "execution.checkpointing.savepoint-dir=file://$savepoints" \
      "rest.port=$REST_PORT" \
      "jobmanager.rpc.port=$JM_RPC_PORT" \
      "io.tmp.dirs=$FLINK_TMP_DIR" \
      "metrics.reporter.prom.port=$PROM_PORTS" \
      $(ha_settings) \
      ${PAYRECON_FLINK_CONF:-}
  } >"$CONF_DIR/config.yaml.tmp"
  mv "$CONF_DIR/config.yaml.tmp" "$CONF_DIR/config.yaml"
}

# The high-availability settings of the HA mode (flink-conf/config.yaml documents each for a real
# cluster): leader election and job recovery through ZooKeeper, and the HA storage directory that
# holds what ZooKeeper only points to. The JobManagers' RPC ports come from a range (two of them).
ha_settings() {
  [[ $HA_MODE == zookeeper ]] || return 0
  mkdir -p "$HA_DIR"
  echo "high-availability.type=zookeeper"
  echo "high-availability.zookeeper.quorum=$ZK_QUORUM"
  echo "high-availability.storageDir=file://$(cd "$HA_DIR" && pwd)"
  echo "high-availability.cluster-id=/payrecon-local"
  echo "high-availability.jobmanager.port=$JM_RPC_PORT-$((JM_RPC_PORT + 1))"
  # A killed leader's ZooKeeper session (and with it its leadership) ends only when the session
  # times out: Flink's default of 60 s is the failover time of a real cluster; the local drill uses
  # 30 s (PAYRECON_ZK_SESSION_TIMEOUT). Not much less: a ZooKeeper restart must fit inside it, or
  # both JobManagers lose their sessions at once (with 10 s, Flink 2.2.1 granted leadership to
  # both in turn and the job did not recover within 5 minutes).
  echo "high-availability.zookeeper.client.session-timeout=${PAYRECON_ZK_SESSION_TIMEOUT:-30s}"
  # A connection that drops and comes back within the session (a ZooKeeper restart, a network
  # blip) does not revoke leadership, so it does not restart the jobs either; only a lost session does.
  echo "high-availability.zookeeper.client.tolerate-suspended-connections=true"
}

# override_keys FILE KEY=VALUE...: prints FILE with the value of each flat top-level KEY
# replaced (comments kept), and appends the keys FILE does not have.
override_keys() {
  local file=$1; shift
  OVERRIDES=$(printf '%s\n' "$@") awk '
    BEGIN {
      n = split(ENVIRON["OVERRIDES"], lines, "\n")
      for (i = 1; i <= n; i++) {
        if (lines[i] == "") continue
        eq = index(lines[i], "=")
        key = substr(lines[i], 1, eq - 1)
        value[key] = substr(lines[i], eq + 1)
        order[++count] = key
      }
    }
    {
      line = $0
      if (match(line, /^[A-Za-z0-9_.-]+:/)) {
        key = substr(line, 1, RLENGTH - 1)
        if (key in value) { print key ": " value[key] "   # set by ops/"; done[key] = 1; next }
      }
      print line
    }
    END {
      for (i = 1; i <= count; i++)
        if (!(order[i] in done)) print order[i] ": " value[order[i]] "   # set by ops/"
    }' "$file"
}

# --- Kafka tools ---------------------------------------------------------------------------------
# kafka_tool CLASS ARGS...: runs one of Kafka's command-line classes (what kafka-run-class.sh
# does in the Kafka tarball) with the broker's classpath; warnings go to stderr.
kafka_tool() {
  [[ -n ${KAFKA_CP:-} ]] || KAFKA_CP=$(classpath kafka)
  "$JAVA" -Xmx512m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \
    -Dlog4j2.configurationFile="$OPS_DIR/kafka-tools-log4j2.properties" \
    -cp "$KAFKA_CP" "$@"
}

# Client settings for the tools' admin calls: fail within seconds instead of Kafka's default
# 60 s, so a readiness poll notices a broker that is not up yet and tries again.
write_kafka_tools_properties() {
  mkdir -p "$KAFKA_DIR"
  cat >"$KAFKA_DIR/tools.properties" <<PROPS
request.timeout.ms=5000
default.api.timeout.ms=8000
PROPS
}

# --- Flink processes -----------------------------------------------------------------------------
# Flink JVMs need: the --add-opens list, the log file and log4j configuration, and the
# directories flink-dist's scripts would otherwise export (an empty plugins directory: no
# filesystem or metrics plugins are used).
flink_env() {
  [[ -n ${FLINK_CP:-} ]] || FLINK_CP=$(classpath flink)
  FLINK_OPENS=$(flink_jvm_opens)
  mkdir -p "$RUN_DIR/flink-plugins" "$LOG_DIR"
  export FLINK_CONF_DIR=$CONF_DIR FLINK_PLUGINS_DIR=$RUN_DIR/flink-plugins
}

# resource_params GET_JM_RESOURCE_PARAMS|GET_TM_RESOURCE_PARAMS [-D KEY=VALUE ...]: what flink-dist's
# jobmanager.sh/taskmanager.sh do: Flink computes the JVM memory flags (-Xmx, -Xms,
# -XX:MaxDirectMemorySize, -XX:MaxMetaspaceSize) from *.memory.process.size and the dynamic
# options (-D ...) the process must start with. It prints them as two lines prefixed
# BASH_JAVA_UTILS_EXEC_RESULT:. Sets RESOURCE_JVM_PARAMS and RESOURCE_DYNAMIC_OPTS.
resource_params() {
  local output results
  # shellcheck disable=SC2086  # FLINK_OPENS is a list of JVM options
  output=$("$JAVA" $FLINK_OPENS -Xmx256m -XX:+UseSerialGC \
    -Dlog.file="$LOG_DIR/bash-java-utils.log" -Dlog4j.configurationFile="file:$CONF_DIR/log4j.properties" \
    -cp "$FLINK_CP" org.apache.flink.runtime.util.bash.BashJavaUtils "$1" --configDir "$CONF_DIR" "${@:2}") \
    || die "BashJavaUtils $1 failed: $output (log: $LOG_DIR/bash-java-utils.log)"
  mapfile -t results < <(sed -n 's/^BASH_JAVA_UTILS_EXEC_RESULT://p' <<<"$output")
  ((${#results[@]} == 2)) || die "BashJavaUtils $1 printed ${#results[@]} results, expected 2: $output"
  RESOURCE_JVM_PARAMS=${results[0]}
  RESOURCE_DYNAMIC_OPTS=${results[1]}
}

# start_jobmanager NAME REST_PORT: one JobManager process with the rendered configuration (call
# flink_env, render_flink_conf and resource_params GET_JM_RESOURCE_PARAMS first). Its REST API and
# web UI listen on REST_PORT.
start_jobmanager() {
  local name=$1 port=$2 pid
  if pid=$(pid_of "$name"); then
    say "$name already running (pid $pid), REST API http://127.0.0.1:$port"
    return 0
  fi
  require_free_port "$port" "Flink REST port of $name" PAYRECON_REST_PORT
  mkdir -p "$FLINK_TMP_DIR/$name"
  # shellcheck disable=SC2086  # option lists
  start_daemon "$name" "$JAVA" $FLINK_OPENS $RESOURCE_JVM_PARAMS \
    -Dlog.file="$LOG_DIR/$name.log" -Dlog4j.configurationFile="file:$CONF_DIR/log4j.properties" \
    -cp "$FLINK_CP" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
    --configDir "$CONF_DIR" $RESOURCE_DYNAMIC_OPTS -D "io.tmp.dirs=$FLINK_TMP_DIR/$name" -D "rest.port=$port"
  pid=$(started_pid "$name")
  say "$name starting (pid $pid), REST API and web UI http://127.0.0.1:$port"
}

# Our TaskManagers that are alive, by name (taskmanager-N), oldest first.
live_taskmanagers() {
  local file name
  for file in "$PID_DIR"/taskmanager-*.pid; do
    [[ -e $file ]] || continue
    name=$(basename "$file" .pid)
    if pid_of "$name" >/dev/null; then echo "$name"; else rm -f "$file"; fi
  done | sort -t- -k2 -n
}

# rest GET PATH: the JobManager's REST API (what the web UI and the CLI use). In the HA mode either
# JobManager answers (a standby's REST endpoint serves the leader's data), so any live one will do.
rest() { curl -fsS --max-time 5 "$(live_rest_url)$1"; }

# The REST address of a live JobManager: the only one in the plain mode.
live_rest_url() {
  if [[ $HA_MODE == zookeeper ]] && ! pid_of jobmanager >/dev/null && pid_of jobmanager-2 >/dev/null; then
    echo "http://127.0.0.1:$REST_PORT_2"
  else
    echo "$REST_URL"
  fi
}

# leader_jobmanager: the name (jobmanager or jobmanager-2) of the live JobManager that leads now,
# from what each says in its log (rolled at every start, so it speaks of the live process only):
# the last grant or revocation of its REST endpoint's leadership. Status 1 when none leads.
leader_jobmanager() {
  local name last
  for name in jobmanager jobmanager-2; do
    pid_of "$name" >/dev/null || continue
    last=$(grep -E 'DispatcherRestEndpoint .* (was granted|was revoked|lost) leadership' "$LOG_DIR/$name.log" 2>/dev/null | tail -n 1)
    if [[ $last == *"was granted leadership"* ]]; then
      echo "$name"
      return 0
    fi
  done
  return 1
}

# The REST address of the leading JobManager (in the plain mode, the only one).
leader_rest_url() {
  case $(leader_jobmanager || true) in
    jobmanager-2) echo "http://127.0.0.1:$REST_PORT_2" ;;
    *) echo "$REST_URL" ;;
  esac
}

# The TaskManager with this resource id is registered with the JobManager and offers slots.
taskmanager_registered() {
  rest /taskmanagers | tr '{' '\n' | grep -F "\"id\":\"$1\"" | grep -qE '"slotsNumber":[1-9]'
}
