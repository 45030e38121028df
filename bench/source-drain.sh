#!/usr/bin/env bash
# What each stage of the job's source half costs per event inside a TaskManager, apart from matching
# and output: io.payrecon.bench.SourceDrain (bench/harness) drains a pre-loaded topic up to a stage
# into a discarding sink, submitted with `flink run` as the job is, and the real job drains it too.
# Each drain runs on two topic sizes; the difference between them is the cost of the extra events
# alone, without what a job pays once (deploying, and compiling its own class loader's code: the
# job jar brings Kafka clients, the connector and Jackson, so every job compiles them again).
#
#   bench/source-drain.sh [--small N] [--big N] [--reps N] [--build] [STAGE...]
#       stages: fetch decode watermarks split shuffle sink (SourceDrain) and job-eo job-al (the job);
#       default: fetch decode split shuffle job-eo, 1,000,000 and 5,000,000 events, 1 rep
#
# Prints, per drain, CPU seconds per million events of the JobManager and TaskManager (as bench/run.sh
# counts them) and the TaskManager's CPU per thread kind (from /proc/PID/task, sampled while the job
# runs: task threads end with their job); then, per stage, the marginal CPU per event (big - small).
# Needs the jars of a bench/run.sh build (target-bench/; run it once, or --build). Its own stack as
# bench/run.sh starts it (same ports: not while bench/run.sh runs); outputs in
# target-bench/source-drain/DATE/. This script builds, starts and stops the stack; the drains and
# their accounting are io.payrecon.bench.drain.SourceDrainRun (bench/harness).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

BUILD=0
for arg in "$@"; do
  case $arg in
    --build) BUILD=1 ;;
    -h | --help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
  esac
done

OUT=$BENCH_REPO/$BENCH_BUILD_DIR/source-drain/$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
cleanup() {
  local status=$?
  set +e
  stop_stack "$OUT/cluster.log"
  exit "$status"
}
trap cleanup EXIT

start_stack "$OUT/cluster.log" "$BUILD"
[[ -f $JOB_JAR && -f $BENCH_JAR ]] || die "jars missing: run with --build (or bench/run.sh once)"
orchestrate -Dbench.results.dir="$OUT" io.payrecon.bench.drain.SourceDrainRun "$@"
