# Helpers of bench/run.sh (sourced, not run). On top of ops/lib.sh: the benchmark's own stack
# (run directory and ports apart from the default cluster, so a benchmark never touches someone
# else's Kafka or Flink), the Java drivers, Flink REST polling with deadlines, CPU accounting, JFR,
# and the run's results file.

# shellcheck shell=bash
# shellcheck disable=SC2034  # settings are read by run.sh

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
BENCH_REPO=$(dirname "$BENCH_DIR")

# --- The benchmark's own stack (override any of these from the environment) --------------------
# Everything under target-bench/ (not target/): a `mvn clean` of the default build dir in the same
# checkout does not pull the run directory from under a running benchmark.
BENCH_BUILD_DIR=${BENCH_BUILD_DIR:-target-bench}
export PAYRECON_RUN_DIR=${PAYRECON_RUN_DIR:-$BENCH_REPO/$BENCH_BUILD_DIR/cluster}
export PAYRECON_KAFKA_PORT=${PAYRECON_KAFKA_PORT:-29092}
export PAYRECON_KAFKA_CONTROLLER_PORT=${PAYRECON_KAFKA_CONTROLLER_PORT:-29093}
export PAYRECON_REST_PORT=${PAYRECON_REST_PORT:-28081}
export PAYRECON_JM_RPC_PORT=${PAYRECON_JM_RPC_PORT:-26123}
export PAYRECON_PROM_PORTS=${PAYRECON_PROM_PORTS:-29249-29259}
# Savepoints of benchmark jobs do not belong in the repository's savepoints/.
export PAYRECON_SAVEPOINT_DIR=${PAYRECON_SAVEPOINT_DIR:-$PAYRECON_RUN_DIR/savepoints}
export PAYRECON_JOB_JAR=${PAYRECON_JOB_JAR:-$BENCH_REPO/$BENCH_BUILD_DIR/payment-reconciliation.jar}
# The REST API serves metrics from a cache refreshed every 10 s by default: every wait on a metric
# (the state part) would take up to 10 s longer than the job does.
export PAYRECON_FLINK_CONF=${PAYRECON_FLINK_CONF:-metrics.fetcher.update-interval=1000}
# The TaskManagers keep their JIT compiler threads for life (the JVM otherwise ends idle ones, and
# their CPU time could no longer be read per thread): the report counts compile time apart.
export PAYRECON_TM_JVM_OPTS=${PAYRECON_TM_JVM_OPTS:--XX:-UseDynamicNumberOfCompilerThreads}
# Extra Maven options for the builds and classpath resolution (e.g. -o to stay offline).
BENCH_MVN_OPTS=${BENCH_MVN_OPTS:-}

# shellcheck source=../ops/lib.sh
source "$BENCH_REPO/ops/lib.sh"

JOB_JAR=$PAYRECON_JOB_JAR
PEER_JAR=$BENCH_REPO/$BENCH_BUILD_DIR/sql-peer/payment-reconciliation-sql-peer.jar
# The drivers (bench/harness) and their runtime classpath, written by the build beside the jars.
BENCH_JAR=$BENCH_REPO/$BENCH_BUILD_DIR/payment-reconciliation-bench.jar
BENCH_CLASSPATH_FILE=$BENCH_REPO/$BENCH_BUILD_DIR/payment-reconciliation-bench.classpath
CLK_TCK=$(getconf CLK_TCK)

# --- Builds ----------------------------------------------------------------------------------------
# The job jar, the drivers and the SQL peer's jar (bench/, profile bench), in their own build
# directory.
build_all() {
  local start
  start=$(now_ms)
  mkdir -p "$BENCH_REPO/$BENCH_BUILD_DIR"
  BUILD_LOG=$BENCH_REPO/$BENCH_BUILD_DIR/bench-build.log
  : >"$BUILD_LOG"
  # shellcheck disable=SC2086  # option list
  mvn -B -q $BENCH_MVN_OPTS -f "$BENCH_REPO/pom.xml" -Pbench -Dbuild.dir="$BENCH_BUILD_DIR" -DskipTests package \
    >"$BUILD_LOG" 2>&1 \
    || { tail -n 40 "$BUILD_LOG" >&2; die "building the job and the benchmark failed"; }
  say "built $JOB_JAR, the drivers and $PEER_JAR in $(since "$start")"
}

# --- Cluster ---------------------------------------------------------------------------------------
# The Flink classpath of the benchmark's cluster also holds the Table/SQL runtime for the SQL peer
# (ops/cluster-pom.xml, profile bench-sql). ops/classpath.sh resolves a profile per process kind
# and passes PAYRECON_MVN_OPTS to Maven: the extra profile goes only into the flink resolution, and
# a cached classpath without the planner is resolved again.
resolve_bench_classpaths() {
  PAYRECON_MVN_OPTS="$BENCH_MVN_OPTS" "$OPS_DIR/classpath.sh" kafka >/dev/null
  local cached=$CP_DIR/flink.classpath
  if [[ -f $cached ]] && ! grep -q 'flink-table-planner_2.12' "$cached"; then
    rm -f "$cached"
  fi
  PAYRECON_MVN_OPTS="$BENCH_MVN_OPTS -Pbench-sql" "$OPS_DIR/classpath.sh" flink >/dev/null
  grep -q 'flink-table-planner_2.12' "$cached" || die "the flink classpath lacks the SQL planner (profile bench-sql)"
}

# --- Java drivers (bench/harness/src/main/java/io/payrecon/bench) ---------------------------------
# Run from the bench jar with its runtime classpath (the job's classes, the generator,
# kafka-clients, Jackson, logging), as ops/generate.sh runs the tools jar.
bench_java() {
  local heap=$1; shift
  "$JAVA" "-Xmx$heap" -Dlog4j2.configurationFile="$OPS_DIR/kafka-tools-log4j2.properties" \
    -cp "$BENCH_JAR:$(<"$BENCH_CLASSPATH_FILE")" "$@"
}

create_topics() { bench_java 256m io.payrecon.bench.BenchAdmin create-topics "$BOOTSTRAP" 12 "$@"; }

# count_topics TOPIC...: prints "TOPIC COUNT" lines (read_committed).
count_topics() { bench_java 512m io.payrecon.bench.BenchAdmin count "$BOOTSTRAP" "$@"; }

# result_value KEY FILE: the value of KEY=... on the RESULT line a driver printed.
result_value() { sed -n 's/^RESULT .*\b'"$1"'=\([^ ]*\).*/\1/p' "$2" | tail -n 1; }

# --- Flink jobs through the REST API ---------------------------------------------------------------
# submit_job LOGFILE JAR ARGS...: `ops/flink run -d`; prints the job id. The CLI returns once the
# job is accepted; its time is part of "submit to finish".
submit_job() {
  local log=$1; shift
  "$OPS_DIR/flink" run -d "$@" >"$log" 2>&1 || { cat "$log" >&2; die "flink run failed"; }
  grep -oE 'JobID [0-9a-f]{32}' "$log" | awk '{print $2}' | tail -n 1 | grep . \
    || { cat "$log" >&2; die "no job id in the output of flink run"; }
}

job_state() { rest "/jobs/$1" | jq -r .state; }

# wait_job_state JOBID TIMEOUT STATE...: polls until the job is in one of STATEs; a terminal state
# that is not wanted (FAILED, CANCELED, FINISHED) fails at once with the job's root exception.
wait_job_state() {
  local id=$1 timeout=$2; shift 2
  local deadline=$((SECONDS + timeout)) state want
  while true; do
    state=$(job_state "$id" 2>/dev/null || echo UNKNOWN)
    for want in "$@"; do [[ $state == "$want" ]] && return 0; done
    case $state in
      FAILED | CANCELED | FINISHED)
        rest "/jobs/$id/exceptions" 2>/dev/null | jq -r '."root-exception" // empty' | head -n 20 >&2 || true
        die "job $id is $state, waited for $*" ;;
    esac
    ((SECONDS < deadline)) || die "job $id still $state after $timeout s (waited for $*)"
    sleep 0.5
  done
}

# Every task of the job runs (the job state turns RUNNING before its tasks are deployed).
all_tasks_running() {
  rest "/jobs/$1" | jq -e '[.vertices[] | .status == "RUNNING"] | all' >/dev/null
}

wait_tasks_running() {
  local id=$1 deadline=$((SECONDS + ${2:-120}))
  until all_tasks_running "$id" 2>/dev/null; do
    [[ $(job_state "$id" 2>/dev/null) =~ ^(FAILED|CANCELED|FINISHED)$ ]] && die "job $id ended before all tasks ran"
    ((SECONDS < deadline)) || die "tasks of job $id not all running after ${2:-120} s"
    sleep 0.5
  done
}

# Slots of our TaskManager are all free again (a cancelled job releases them asynchronously).
wait_slots_free() {
  local deadline=$((SECONDS + 120))
  until rest /overview | jq -e '."slots-available" == ."slots-total" and ."slots-total" > 0' >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "slots not free after 120 s"
    sleep 0.5
  done
}

# cancel_job JOBID [nowait]: cancels through the REST API (what `flink cancel` sends, without a
# client JVM of 2 s) and waits until the job is CANCELED and its slots are free, unless nowait
# (the last job of a run: the stack is killed next).
cancel_job() {
  local id=$1
  curl -fsS --max-time 10 -X PATCH "$REST_URL/jobs/$id?mode=cancel" >/dev/null 2>&1 || true
  [[ ${2:-} == nowait ]] && return 0
  wait_job_state "$id" 120 CANCELED
  wait_slots_free
}

# The epoch ms at which the first subtask of the job's source started RUNNING: the moment records
# start to flow (the job's own start-time is before scheduling and deployment).
source_running_ms() {
  local id=$1 vid
  vid=$(rest "/jobs/$id" | jq -r '.vertices[0].id')
  rest "/jobs/$id/vertices/$vid/subtasktimes" | jq '[.subtasks[].timestamps.RUNNING] | min'
}

# vertex_id JOBID NAME-SUBSTRING
vertex_id() { rest "/jobs/$1" | jq -r --arg n "$2" '[.vertices[] | select(.name | contains($n)) | .id][0]'; }

# metric_sum JOBID VERTEX-ID METRIC: METRIC (e.g. Reconcile_orders.events_in) summed over the
# vertex's subtasks; the vertex lists it per subtask as "N.METRIC". Empty when not (yet) there.
metric_sum() {
  local id=$1 vid=$2 metric=$3 names
  names=$(rest "/jobs/$id/vertices/$vid/metrics" | jq -r --arg m "$metric" \
    '[.[].id | select(test("^[0-9]+[.]") and (sub("^[0-9]+[.]"; "") == $m))] | join(",")')
  [[ -n $names ]] || { echo ""; return 0; }
  rest "/jobs/$id/vertices/$vid/metrics?get=$names" | jq -r '[.[].value | tonumber] | add'
}

# rest_operation PATH BODY LOG: triggers an asynchronous job operation (checkpoint, savepoint) on
# the REST API and waits for it, as `flink checkpoint` / `flink savepoint` do, without a client
# JVM of 2 s each. Prints the operation's result JSON; every answer is appended to LOG.
rest_operation() {
  local path=$1 body=$2 log=$3 trigger result deadline=$((SECONDS + 600))
  trigger=$(curl -fsS --max-time 10 -X POST -H 'Content-Type: application/json' -d "$body" "$REST_URL$path" \
    | tee -a "$log" | jq -r '."request-id" // empty')
  [[ -n $trigger ]] || die "POST $path answered no request id (see $log)"
  while true; do
    result=$(rest "$path/$trigger") || die "GET $path/$trigger failed"
    if [[ $(jq -r .status.id <<<"$result") == COMPLETED ]]; then
      echo "$result" >>"$log"
      jq -e '.operation."failure-cause" == null' <<<"$result" >/dev/null \
        || die "$path failed: $(jq -r '.operation."failure-cause"."serialized-throwable" // .operation' <<<"$result" | head -c 300)"
      jq -c .operation <<<"$result"
      return 0
    fi
    ((SECONDS < deadline)) || die "$path $trigger not completed after 600 s"
    sleep 0.2
  done
}

# trigger_full_checkpoint JOBID LOG: a full (not incremental) checkpoint; waits for it. Prints its
# full state size in bytes (RocksDB's files).
trigger_full_checkpoint() {
  local id=$1 log=$2 checkpoint
  checkpoint=$(rest_operation "/jobs/$id/checkpoints" '{"checkpointType":"FULL"}' "$log" | jq -r .checkpointId)
  # The statistics of a checkpoint reach the REST API a moment after the trigger reports it done.
  local size deadline=$((SECONDS + 60))
  until size=$(rest "/jobs/$id/checkpoints/details/$checkpoint" 2>/dev/null | jq -er '.state_size'); do
    ((SECONDS < deadline)) || die "no statistics for checkpoint $checkpoint of $id after 60 s"
    sleep 0.2
  done
  echo "$size"
}

# trigger_savepoint JOBID DIR LOG: a canonical savepoint into DIR (the job keeps running); prints
# its path.
trigger_savepoint() {
  local id=$1 dir=$2 log=$3
  rest_operation "/jobs/$id/savepoints" \
    "{\"target-directory\":\"file://$dir\",\"cancel-job\":false,\"formatType\":\"CANONICAL\"}" "$log" \
    | jq -r .location | sed 's#^file:##'
}

# --- CPU of our Flink processes --------------------------------------------------------------------
# Clock ticks of user + system time of the JobManager and every TaskManager (fields 14 and 15 of
# /proc/PID/stat, counted after the ")" that closes the command name).
flink_cpu_ticks() { process_cpu_ticks jobmanager $(live_taskmanagers); }

# process_cpu_ticks NAME...: user + system clock ticks of our processes NAME (ops/ names).
process_cpu_ticks() {
  local total=0 name pid rest_fields
  for name in "$@"; do
    pid=$(pid_of "$name") || continue
    rest_fields=$(sed 's/^.*) //' "/proc/$pid/stat")
    # shellcheck disable=SC2086
    set -- $rest_fields
    total=$((total + ${12} + ${13}))
  done
  echo "$total"
}

# thread_ticks PID: "TID NAME TICKS" per thread (user + system), digits in names as N.
thread_ticks() {
  local stat name fields
  for stat in /proc/"$1"/task/*/stat; do
    { read -r fields <"$stat"; } 2>/dev/null || continue
    name=${fields#*(} name=${name%)*} name=${name//[0-9]/N} name=${name// /_}
    fields=${fields##*) }
    # shellcheck disable=SC2086
    set -- $fields
    local tid=${stat%/stat}
    echo "${tid##*/} $name $((${12} + ${13}))"
  done
}

# compile_cpu_ticks: user + system clock ticks of the JIT compiler threads (C1, C2) of our
# TaskManagers: what each submitted job pays again for compiling the code of its own jar.
compile_cpu_ticks() {
  local name pid
  for name in $(live_taskmanagers); do
    pid=$(pid_of "$name") && thread_ticks "$pid"
  done | awk '$2 == "CN_CompilerThre" { total += $3 } END { print total + 0 }'
}

# machine_cpu_ticks: "BUSY TOTAL" clock ticks of all cores since boot (/proc/stat), to tell how
# busy the whole machine was between two readings, whatever ran on it.
machine_cpu_ticks() {
  awk '/^cpu / { busy = $2 + $3 + $4 + $7 + $8 + $9; print busy, busy + $5 + $6 }' /proc/stat
}

ticks_to_seconds() { awk -v t="$1" -v hz="$CLK_TCK" 'BEGIN { printf "%.1f", t / hz }'; }

# --- JFR on the TaskManager ------------------------------------------------------------------------
# jcmd attaches to the running TaskManager: no restart and no JVM option needed (the ops scripts
# pass no extra JVM options through). Measured here: the first recording in a JVM costs seconds of
# CPU (JFR initialises and compiles itself) and settings=profile (10 ms sampling, allocation and
# lock events) doubled the TaskManager's CPU time on a 200,000-event drain; settings=default
# (20 ms sampling) cost a few percent. So jfr_init runs a throwaway recording during the warm-up
# and the measured drain records with the default settings.
taskmanager_pid() { pid_of "$(live_taskmanagers | head -n 1)"; }

jfr_init() {
  command -v jcmd >/dev/null || return 0
  local pid
  pid=$(taskmanager_pid)
  jcmd "$pid" JFR.start name=init settings=default >/dev/null && jcmd "$pid" JFR.stop name=init >/dev/null \
    || warn "JFR could not start in the TaskManager: no profile"
}

jfr_start() {
  command -v jcmd >/dev/null || { warn "no jcmd: no profile"; return 0; }
  jcmd "$(taskmanager_pid)" JFR.start name=bench settings=default filename="$1" >/dev/null \
    || warn "JFR.start failed: no profile"
}

jfr_stop() {
  command -v jcmd >/dev/null || return 0
  jcmd "$(taskmanager_pid)" JFR.stop name=bench >/dev/null || warn "JFR.stop failed"
}

# --- Arithmetic --------------------------------------------------------------------------------------
calc() { awk "BEGIN { printf \"$1\", $2 }"; }

# --- The run's results: one JSON file -----------------------------------------------------------------
# Every figure a run measures, the drivers' and the script's own, goes into $RESULTS_JSON as it is
# measured (a failed run keeps what it got). The script writes no Markdown: BenchReport
# (bench/harness/src/main/java/io/payrecon/bench) renders the report and the BENCHMARKS.md section from this
# file alone, so a report can be rendered again, or differently, from the file of an old run.

# results_init FILE: starts the run's results file, empty.
results_init() {
  RESULTS_JSON=$1
  echo '{}' >"$RESULTS_JSON"
}

# result PATH VALUE: sets the jq PATH (such as .throughput.ceiling.rate) of the results file to VALUE:
# a JSON number when VALUE is a plain decimal, null when it is empty (a metric not there), else
# the text ("NaN" from a probe that measured nothing).
result() {
  local value=${2-}
  if [[ $value =~ ^-?(0|[1-9][0-9]*)([.][0-9]+)?$ ]]; then
    results_update "$1 = \$v" --argjson v "$value"
  elif [[ -z $value ]]; then
    results_update "$1 = null"
  else
    result_text "$1" "$value"
  fi
}

# result_text PATH VALUE: VALUE as a JSON string, whatever it looks like (a commit, load averages).
result_text() { results_update "$1 = \$v" --arg v "${2-}"; }

# result_true PATH / result_false PATH: a JSON boolean.
result_true() { results_update "$1 = true"; }
result_false() { results_update "$1 = false"; }

# result_file PATH FILE: the JSON document a driver wrote into FILE (JfrTop's profile).
result_file() { results_update "$1 = \$v[0]" --slurpfile v "$2"; }

results_update() {
  local filter=$1; shift
  jq "$@" "$filter" "$RESULTS_JSON" >"$RESULTS_JSON.tmp" && mv "$RESULTS_JSON.tmp" "$RESULTS_JSON"
}
