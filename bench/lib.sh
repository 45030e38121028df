# Helpers of bench/run.sh and bench/source-drain.sh (sourced, not run). On top of ops/lib.sh: the
# benchmark's own stack (run directory and ports apart from the default cluster, so a benchmark
# never touches someone else's Kafka or Flink), its build, starting and stopping it, and handing over
# to the Java side (bench/harness: the Flink REST client, CPU accounting, the drivers, results.json).

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
# The orchestrator and drivers (bench/harness) and their runtime classpath, beside the jars.
BENCH_JAR=$BENCH_REPO/$BENCH_BUILD_DIR/payment-reconciliation-bench.jar
BENCH_CLASSPATH_FILE=$BENCH_REPO/$BENCH_BUILD_DIR/payment-reconciliation-bench.classpath

# --- Builds ----------------------------------------------------------------------------------------
# The job jar, the orchestrator and drivers, and the SQL peer's jar (bench/, profile bench), in their
# own build directory.
build_all() {
  local start
  start=$(now_ms)
  mkdir -p "$BENCH_REPO/$BENCH_BUILD_DIR"
  BUILD_LOG=$BENCH_REPO/$BENCH_BUILD_DIR/bench-build.log
  # shellcheck disable=SC2086  # option list
  mvn -B -q $BENCH_MVN_OPTS -f "$BENCH_REPO/pom.xml" -Pbench -Dbuild.dir="$BENCH_BUILD_DIR" -DskipTests package \
    >"$BUILD_LOG" 2>&1 \
    || { tail -n 40 "$BUILD_LOG" >&2; die "building the job and the benchmark failed"; }
  say "built $JOB_JAR, the benchmark and $PEER_JAR in $(since "$start")"
}

# --- The stack -------------------------------------------------------------------------------------
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

# start_stack LOG BUILD: a fresh stack of our own (the last one purged first). Kafka and Flink start
# side by side (ops/cluster-up.sh starts them one after the other), and while they start the jars
# build when BUILD is 1: neither needs the other, and each takes seconds.
start_stack() {
  local log=$1 build=$2 start kafka_pid flink_pid
  "$OPS_DIR/cluster-down.sh" --purge >"$log" 2>&1
  resolve_bench_classpaths
  start=$(now_ms)
  "$OPS_DIR/kafka-start.sh" >>"$log" 2>&1 &
  kafka_pid=$!
  "$OPS_DIR/flink-start.sh" >>"$log" 2>&1 &
  flink_pid=$!
  if ((build)); then build_all; fi
  wait "$kafka_pid" || { tail -n 30 "$log" >&2; die "kafka-start failed"; }
  wait "$flink_pid" || { tail -n 30 "$log" >&2; die "flink-start failed"; }
  say "cluster up $(since "$start") after its start"
}

# stop_stack LOG: the stack is thrown away with its data, so it is killed (a graceful shutdown took
# 6-8 s), then its run directory purged.
stop_stack() {
  local name
  for name in $(live_taskmanagers) jobmanager kafka; do stop_process "$name" KILL >/dev/null 2>&1; done
  # Anything else started with this run directory's configuration (a TaskManager whose PID file was
  # lost would otherwise join the next run's cluster on the same port, its CPU uncounted).
  pkill -KILL -f -- "--configDir $CONF_DIR" 2>/dev/null || true
  "$OPS_DIR/cluster-down.sh" --purge >>"$1" 2>&1 || warn "cluster-down failed: see $1"
}

# --- The Java side (bench/harness) -----------------------------------------------------------------
# bench_java HEAP ARGS...: a JVM with the bench jar and its runtime classpath (the job's classes, the
# generator, kafka-clients, Jackson, logging), as ops/generate.sh runs the tools jar.
bench_java() {
  local heap=$1; shift
  "$JAVA" "-Xmx$heap" -Dlog4j2.configurationFile="$OPS_DIR/kafka-tools-log4j2.properties" \
    -cp "$BENCH_JAR:$(<"$BENCH_CLASSPATH_FILE")" "$@"
}

# orchestrate [-DKEY=VALUE...] CLASS ARGS...: hands the run over to its Java side, told where the
# repository and the build are; the PAYRECON_* settings above reach it through the environment.
orchestrate() {
  bench_java 512m -Dbench.repo="$BENCH_REPO" -Dbench.build.dir="$BENCH_BUILD_DIR" \
    -Dbench.clock.ticks="$(getconf CLK_TCK)" "$@"
}
