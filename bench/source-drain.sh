#!/usr/bin/env bash
# What each stage of the job's source half costs per event inside a TaskManager, apart from matching
# and output: io.payrecon.bench.SourceDrain (bench/harness) drains a pre-loaded topic up to a stage into a
# discarding sink, submitted with `flink run` as the job is, and the real job drains it too. Each
# drain runs on two topic sizes; the difference between them is the cost of the extra events alone,
# without what a job pays once (deploying, and compiling its own class loader's code: the job jar
# brings Kafka clients, the connector and Jackson, so every job compiles them again).
#
#   bench/source-drain.sh [--small N] [--big N] [--reps N] [STAGE...]
#       stages: fetch decode watermarks split shuffle sink (SourceDrain) and job-eo job-al (the job);
#       default: fetch decode split shuffle job-eo, 1,000,000 and 5,000,000 events, 1 rep
#
# Prints, per drain, CPU seconds per million events of the JobManager and TaskManager (as bench/run.sh
# counts them) and the TaskManager's CPU per thread kind (from /proc/PID/task, polled while the job
# runs: task threads end with their job); then, per stage, the marginal CPU per event (big - small).
# Needs the jars of a bench/run.sh build (target-bench/; run it once, or --build). Its own stack as
# bench/run.sh starts it (same ports: not while bench/run.sh runs); outputs in
# target-bench/source-drain/DATE/.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

SMALL=1000000 BIG=5000000 REPS=1 BUILD=0 STAGES=()
while (($#)); do
  case $1 in
    --small) SMALL=$2; shift ;;
    --big) BIG=$2; shift ;;
    --reps) REPS=$2; shift ;;
    --build) BUILD=1 ;;
    -h | --help) sed -n '2,19p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    fetch | decode | watermarks | split | shuffle | sink | job-eo | job-al) STAGES+=("$1") ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
  shift
done
((${#STAGES[@]})) || STAGES=(fetch decode split shuffle job-eo)

OUT=$BENCH_REPO/$BENCH_BUILD_DIR/source-drain/$(date +%Y%m%d-%H%M%S)
mkdir -p "$OUT"
cleanup() {
  local status=$?
  set +e
  for name in $(live_taskmanagers) jobmanager kafka; do stop_process "$name" KILL >/dev/null 2>&1; done
  # Anything else started with this run directory's configuration (a TaskManager whose PID file was
  # lost would otherwise join the next run's cluster on the same port, its CPU uncounted).
  pkill -KILL -f -- "--configDir $CONF_DIR" 2>/dev/null || true
  "$OPS_DIR/cluster-down.sh" --purge >>"$OUT/cluster.log" 2>&1
  exit "$status"
}
trap cleanup EXIT

"$OPS_DIR/cluster-down.sh" --purge >"$OUT/cluster.log" 2>&1
resolve_bench_classpaths
"$OPS_DIR/kafka-start.sh" >>"$OUT/cluster.log" 2>&1 &
kafka_pid=$!
"$OPS_DIR/flink-start.sh" >>"$OUT/cluster.log" 2>&1 &
flink_pid=$!
((BUILD)) && build_all
wait "$kafka_pid" || die "kafka-start failed (see $OUT/cluster.log)"
wait "$flink_pid" || die "flink-start failed (see $OUT/cluster.log)"
[[ -f $JOB_JAR && -f $BENCH_JAR ]] || die "jars missing: run with --build (or bench/run.sh once)"
create_topics small big warmup drain-reconciled drain-exceptions drain-statements >/dev/null
bench_java 1g io.payrecon.bench.BenchPreload "$BOOTSTRAP" warmup mix 30000 >"$OUT/preload-warmup.txt"
declare -A LOADED
for topic in small big; do
  size=$SMALL
  [[ $topic == big ]] && size=$BIG
  bench_java 2g io.payrecon.bench.BenchPreload "$BOOTSTRAP" "$topic" mix "$size" >"$OUT/preload-$topic.txt"
  LOADED[$topic]=$(result_value records "$OUT/preload-$topic.txt")
done
say "loaded ${LOADED[small]} and ${LOADED[big]} events"

FLAGS=(--bootstrap-servers "$BOOTSTRAP" --parallelism 2 --bounded --starting-offsets earliest --skip-preflight)
runs=0
submit() { # STAGE TOPIC: prints the job id
  local stage=$1 topic=$2
  runs=$((runs + 1))
  case $stage in
    job-*)
      local delivery=exactly-once
      [[ $stage == job-al ]] && delivery=at-least-once
      submit_job "$OUT/submit-$runs.log" "$JOB_JAR" "${FLAGS[@]}" --input-topic "$topic" \
        --reconciled-topic drain-reconciled --exceptions-topic drain-exceptions --statements-topic drain-statements \
        --group-id "drain-$runs" --transactional-id-prefix "drain-$runs" --delivery "$delivery" ;;
    *)
      submit_job "$OUT/submit-$runs.log" -C "file://$BENCH_JAR" -c io.payrecon.bench.SourceDrain "$JOB_JAR" \
        "$stage" "${FLAGS[@]}" --input-topic "$topic" --group-id "drain-$runs" \
        --reconciled-topic drain-reconciled --transactional-id-prefix "drain-$runs" ;;
  esac
}

# The TaskManager's threads every 0.2 s into FILE until STOP exists (task threads die with the job).
poll_threads() {
  local pid=$1 file=$2 stop=$3
  while [[ ! -e $stop ]]; do
    thread_ticks "$pid" >>"$file"
    sleep 0.2
  done
  thread_ticks "$pid" >>"$file"
}

# per_thread_kind BEFORE POLLS: CPU seconds per thread kind between the first snapshot and the
# last poll in which each thread was seen; threads born after the first snapshot count from 0.
per_thread_kind() {
  awk -v hz="$CLK_TCK" 'FNR == NR { base[$1] = $3; next } { last[$1] = $3; kind[$1] = $2 }
    END { for (t in last) sum[kind[t]] += (last[t] - base[t]) / hz
          for (k in sum) if (sum[k] >= 0.05) printf "%s %.2f\n", k, sum[k] }' "$1" "$2" | sort -k2 -nr
}

# Warm-up: each stage once on the small warm-up topic (the cluster's own classes get compiled).
for stage in "${STAGES[@]}"; do
  id=$(submit "$stage" warmup)
  wait_job_state "$id" 600 FINISHED
  wait_slots_free
done
tm=$(taskmanager_pid)
summary=$OUT/summary.txt
for ((rep = 0; rep < REPS; rep++)); do
  for stage in "${STAGES[@]}"; do
    for topic in small big; do
      run=$stage-$topic-$rep
      thread_ticks "$tm" >"$OUT/threads-$run.before"
      poll_threads "$tm" "$OUT/threads-$run.polls" "$OUT/threads-$run.stop" &
      poller=$!
      cpu0=$(flink_cpu_ticks)
      id=$(submit "$stage" "$topic")
      wait_job_state "$id" $((600 + BIG / 1000)) FINISHED
      cpu1=$(flink_cpu_ticks)
      touch "$OUT/threads-$run.stop"
      wait "$poller"
      per_thread_kind "$OUT/threads-$run.before" "$OUT/threads-$run.polls" >"$OUT/threads-$run.txt"
      rest "/jobs/$id" >"$OUT/job-$run.json"
      records=$(jq '.vertices[0].metrics."read-records"' "$OUT/job-$run.json")
      ((records == LOADED[$topic])) || warn "$run read $records records, ${LOADED[$topic]} were loaded"
      end=$(jq '."end-time"' "$OUT/job-$run.json")
      src=$(source_running_ms "$id")
      printf '%s %s %s records %s rate %s cpu_seconds %s cpu_s_per_million %s threads %s\n' \
        "$stage" "$topic" "$rep" "$records" "$(calc "%.0f" "$records / (($end - $src) / 1000)")" \
        "$(calc "%.2f" "($cpu1 - $cpu0) / $CLK_TCK")" "$(calc "%.2f" "($cpu1 - $cpu0) / $CLK_TCK / ($records / 1000000)")" \
        "$(awk '{printf "%s%s=%s", sep, $1, $2; sep=","}' "$OUT/threads-$run.txt")" | tee -a "$summary"
      wait_slots_free
    done
  done
done

# Marginal CPU per event of each stage: (big - small) / (big events - small events), in total and per
# thread kind, averaged over the reps.
say "marginal CPU per event (big - small), microseconds; outputs in $OUT"
awk -v small="${LOADED[small]}" -v big="${LOADED[big]}" '
  { stage = $1; sign = $2 == "big" ? 1 : -1; n[stage] += $2 == "big"; t[stage, "(JM+TM)"] += sign * $9
    split($13, kinds, ","); for (i in kinds) { split(kinds[i], kv, "="); t[stage, kv[1]] += sign * kv[2] } }
  END { d = (big - small) / 1e6
    for (k in t) { split(k, sk, SUBSEP); v = t[k] / n[sk[1]] / d; if (v >= 0.05 || v <= -0.05) printf "%-10s %-16s %6.2f\n", sk[1], sk[2], v } }' \
  "$summary" | sort -k1,1 -k3,3nr | tee "$OUT/marginal.txt"
