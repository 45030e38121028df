#!/usr/bin/env bash
# Benchmarks the job against its ceiling (a plain Kafka copy of the same records) and its peer (the
# same rules as Flink SQL), then its latency at half load and its state per open order, on one
# machine in one run; its figures go into results.json, rendered into BENCHMARKS.md by BenchReport.
#
#   bench/run.sh                 5,000,000 events; latency 2 x 120 s; state with 1,000,000 orders
#   bench/run.sh --quick         200,000 events, no SQL peer; latency 8 s at-least-once only;
#                                state with 10,000 orders: under 2 minutes (110-119 s here)
#   bench/run.sh --events N      N events (other sizes as without --quick)
#   bench/run.sh --only throughput,peer,latency,state,scale   a subset (latency without
#                                throughput runs at BENCH_LATENCY_RATE records/s, default 5000;
#                                peer and scale drain throughput's topic); --quick leaves the SQL
#                                peer and the scale-out drains out unless --only names them
#   bench/run.sh --no-build      use the jars already in target-bench/
#   BENCH_COMPARE_JAR=JAR bench/run.sh --events N --only throughput,compare   this build against
#                                another build's job jar, exactly-once drains alternating
#
# It starts its own fresh stack (ops/ scripts, run directory target-bench/cluster, Kafka on 29092,
# Flink REST on 28081: see bench/lib.sh) and always stops it at the end, keeping the logs, the JFR
# recording, every driver's output and results.json in target-bench/bench-results/DATE/.
#
# Settings (environment): BENCH_OUT_OF_ORDERNESS (default 2s) and BENCH_CHECKPOINT_INTERVAL
# (default 10s) for the latency runs; BENCH_JOB_FLAGS (job flags) and BENCH_FLINK_OPTS (-D
# settings for `flink run`) for measuring a setting before and after; BENCH_MVN_OPTS (e.g. -o) for the builds; the PAYRECON_*
# ports and run directory of ops/README.md.
#
# This script builds, starts and stops the stack; what runs in between (the parts, the Flink REST
# calls, CPU accounting, results.json, the report) is io.payrecon.bench.run.BenchRun (bench/harness),
# which takes the flags above except --no-build.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

BUILD=1
for arg in "$@"; do
  case $arg in
    --no-build) BUILD=0 ;;
    -h | --help) sed -n '2,29p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  esac
done

# A mistyped flag or setting fails before the stack starts, whenever a build is there to check it.
if [[ -f $BENCH_JAR && -f $BENCH_CLASSPATH_FILE ]]; then
  orchestrate io.payrecon.bench.run.BenchRun --check "$@"
fi

STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS=$BENCH_REPO/$BENCH_BUILD_DIR/bench-results/$STAMP
mkdir -p "$RESULTS"
RUN_START=$(now_ms)
LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)

# The stack is ours alone: stopped and purged at the end whatever happens, logs kept first.
cleanup() {
  local status=$?
  set +e
  if [[ -d $LOG_DIR ]]; then cp -r "$LOG_DIR" "$RESULTS/logs" 2>/dev/null; fi
  stop_stack "$RESULTS/cluster.log"
  ((status == 0)) || warn "benchmark failed (status $status); logs and outputs in $RESULTS"
  exit "$status"
}
trap cleanup EXIT

printf '\n%s ==== %s\n' "$(date +%H:%M:%S)" "build, and a fresh cluster ($RUN_DIR, Kafka $BOOTSTRAP, Flink $REST_URL)"
start_stack "$RESULTS/cluster.log" "$BUILD"
[[ -f $JOB_JAR && -f $PEER_JAR && -f $BENCH_JAR && -f $BENCH_CLASSPATH_FILE ]] || die "jars missing: run without --no-build"

orchestrate -Dbench.results.dir="$RESULTS" -Dbench.started.ms="$RUN_START" -Dbench.load.start="$LOAD_START" \
  io.payrecon.bench.run.BenchRun "$@"
