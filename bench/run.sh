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
set -euo pipefail
source "$(dirname "$0")/lib.sh"

command -v jq >/dev/null || die "jq is needed (the Flink REST API answers JSON): apt-get install jq"
command -v curl >/dev/null || die "curl is needed"

# --- Command line --------------------------------------------------------------------------------
QUICK=0 EVENTS= ONLY= BUILD=1
COMMAND="bench/run.sh $*"
while (($#)); do
  case $1 in
    --quick) QUICK=1 ;;
    --events) EVENTS=${2:?--events needs a number}; shift ;;
    --events=*) EVENTS=${1#*=} ;;
    --only) ONLY=${2:?--only needs a list}; shift ;;
    --only=*) ONLY=${1#*=} ;;
    --no-build) BUILD=0 ;;
    -h | --help) sed -n '2,25p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument $1 (see --help)" ;;
  esac
  shift
done
[[ -z $EVENTS || $EVENTS =~ ^[0-9]+$ ]] || die "--events: a whole number, got '$EVENTS'"
wants() { [[ ,$ONLY, == *,$1,* ]]; }
for part in ${ONLY//,/ }; do
  [[ $part =~ ^(throughput|peer|latency|state|scale|compare)$ ]] \
    || die "--only: unknown part '$part' (throughput, peer, latency, state, scale, compare)"
done

if ((QUICK)); then
  MODE=quick
  EVENTS=${EVENTS:-200000}
  # For checking a change to the job: the peer does not change with it and is left out (its drain
  # and warm-up would double the throughput part). The job's warm-up drain stays: without it the
  # first drain ran at half its rate while the JIT compiled.
  ONLY=${ONLY:-throughput,latency,state}
  WARMUP_EVENTS=30000 WARMUP_DRAINS=1
  # Latency at-least-once only: the exactly-once figure needs minutes of checkpoint intervals to
  # mean anything, and it sits well inside its target; the at-least-once one is the close call.
  LAT_DURATION=8 LAT_WARMUP=2 LAT_QUIET_MARGIN=1 LAT_MODES="al"
  STATE_ORDERS=10000
  # Longer than submitting the job, the baseline, the load and the peak, before event time jumps
  # (BENCH_STATE_IDLE_FLUSH: more on a loaded machine, where the baseline alone can take 25 s).
  STATE_IDLE_FLUSH=${BENCH_STATE_IDLE_FLUSH:-12}
else
  MODE=full
  [[ -n $EVENTS && $EVENTS != 5000000 ]] && MODE=custom
  EVENTS=${EVENTS:-5000000}
  ONLY=${ONLY:-throughput,peer,latency,state,scale}
  WARMUP_EVENTS=300000 WARMUP_DRAINS=1
  LAT_DURATION=120 LAT_WARMUP=20 LAT_QUIET_MARGIN=5 LAT_MODES="eo al"
  STATE_ORDERS=1000000
  STATE_IDLE_FLUSH=${BENCH_STATE_IDLE_FLUSH:-90}
fi
OOO=${BENCH_OUT_OF_ORDERNESS:-2s}
CKPT=${BENCH_CHECKPOINT_INTERVAL:-10s}
seconds_of() { # 2s -> 2, 500ms -> 0.5, 1m -> 60
  case $1 in
    *ms) calc "%g" "${1%ms} / 1000" ;;
    *s) echo "${1%s}" ;;
    *m) echo $((${1%m} * 60)) ;;
    *) die "duration $1: use ms, s or m" ;;
  esac
}
OOO_S=$(seconds_of "$OOO")
CKPT_S=$(seconds_of "$CKPT")

STAMP=$(date +%Y%m%d-%H%M%S)
RESULTS=$BENCH_REPO/$BENCH_BUILD_DIR/bench-results/$STAMP
mkdir -p "$RESULTS"
RUN_START=$(now_ms)
results_init "$RESULTS/results.json"
result_text .stamp "$STAMP"
result_text .mode "$MODE"
result_text .command "$COMMAND"
# The settings from the environment that a run used, for the report's command line.
results_update '.settings = {}'
for var in BENCH_OUT_OF_ORDERNESS BENCH_CHECKPOINT_INTERVAL BENCH_LATENCY_RATE BENCH_JOB_FLAGS BENCH_FLINK_OPTS BENCH_COMPARE_JAR BENCH_COMPARE_ROUNDS; do
  if [[ -n ${!var:-} ]]; then result_text ".settings.$var" "${!var}"; fi
done
result_text .raw_outputs "$BENCH_BUILD_DIR/bench-results/$STAMP/"
result_text .machine.load_start "$(cut -d' ' -f1-3 /proc/loadavg)"

step() { printf '\n%s ==== %s\n' "$(date +%H:%M:%S)" "$*"; }

# The stack is ours alone: stopped and purged at the end whatever happens, logs kept first.
cleanup() {
  local status=$?
  set +e
  if [[ -d $LOG_DIR ]]; then cp -r "$LOG_DIR" "$RESULTS/logs" 2>/dev/null; fi
  # The stack is thrown away with its data: no graceful shutdown to wait for (it took 6-8 s).
  for name in $(live_taskmanagers) jobmanager kafka; do stop_process "$name" KILL >/dev/null 2>&1; done
  # Anything else started with this run directory's configuration (a TaskManager whose PID file was
  # lost would otherwise join the next run's cluster on the same port, its CPU uncounted).
  pkill -KILL -f -- "--configDir $CONF_DIR" 2>/dev/null || true
  "$OPS_DIR/cluster-down.sh" --purge >>"$RESULTS/cluster.log" 2>&1 \
    || warn "cluster-down failed: see $RESULTS/cluster.log"
  ((status == 0)) || warn "benchmark failed (status $status); logs and outputs in $RESULTS"
  exit "$status"
}
trap cleanup EXIT

# --- Build and a fresh stack -------------------------------------------------------------------------
# The cluster starts while the jars build: neither needs the other, and both take seconds.
step "build, and a fresh cluster ($RUN_DIR, Kafka $BOOTSTRAP, Flink $REST_URL)"
"$OPS_DIR/cluster-down.sh" --purge >"$RESULTS/cluster.log" 2>&1
resolve_bench_classpaths
cluster_start=$(now_ms)
# Kafka and Flink start side by side too (ops/cluster-up.sh starts them one after the other).
"$OPS_DIR/kafka-start.sh" >>"$RESULTS/cluster.log" 2>&1 &
kafka_pid=$!
"$OPS_DIR/flink-start.sh" >>"$RESULTS/cluster.log" 2>&1 &
flink_pid=$!
((BUILD)) && build_all
wait "$kafka_pid" || { tail -n 30 "$RESULTS/cluster.log" >&2; die "kafka-start failed"; }
wait "$flink_pid" || { tail -n 30 "$RESULTS/cluster.log" >&2; die "flink-start failed"; }
say "cluster up $(since "$cluster_start") after its start"
[[ -f $JOB_JAR && -f $PEER_JAR && -f $BENCH_JAR && -f $BENCH_CLASSPATH_FILE ]] || die "jars missing: run without --no-build"
# Every topic the runs write, created at once (one admin client instead of one JVM per run).
create_topics reconciliation bench-copy warmup bench-copy-warmup \
  bench-{eo,al,peer}-{reconciled,exceptions,statements} warmup-{peer,job}-{reconciled,exceptions,statements} \
  lat-{eo,al}-{input,reconciled,exceptions,statements} state-{input,reconciled,exceptions,statements} \
  bench-{profiled,p1,p2,p2x2,a1,a2,a3,a4,a5,b1,b2,b3,b4,b5}-{reconciled,exceptions,statements} warmup-b-{reconciled,exceptions,statements} warmup-p2x2-{reconciled,exceptions,statements} >/dev/null

# BENCH_JOB_FLAGS: more job flags for every run, e.g. to measure a setting before and after.
read -ra extra_job_flags <<<"${BENCH_JOB_FLAGS:-}"
# BENCH_FLINK_OPTS: Flink settings for the drained jobs, given to `flink run` before the jar, e.g.
# -Dstate.backend.rocksdb.timer-service.factory=HEAP to measure a cluster setting.
read -ra FLINK_OPTS <<<"${BENCH_FLINK_OPTS:-}"
# job_flags P: the flags every job run shares at parallelism P: the local broker, then BENCH_JOB_FLAGS.
job_flags() { JOB_FLAGS=(--bootstrap-servers "$BOOTSTRAP" --parallelism "$1" "${extra_job_flags[@]}"); }
# Parallelism 2 (both slots of the TaskManager) unless the scale part says otherwise.
job_flags 2

# run_drain NAME JAR [JOB FLAGS...]: drains the pre-loaded topic with a bounded job into fresh
# output topics, and records rates and CPU (the JIT compiler threads' share too) under
# DRAIN_RESULTS.NAME of the results (default .throughput.drains). Sets R_NAME_rate (the latency
# part runs at half the exactly-once one).
DRAIN_RESULTS=.throughput.drains
run_drain() {
  local name=$1 jar=$2; shift 2
  local cpu0 cpu1 jit0 jit1 t0 id end src records
  cpu0=$(flink_cpu_ticks) jit0=$(compile_cpu_ticks)
  t0=$(now_ms)
  id=$(submit_job "$RESULTS/$name-submit.log" "${FLINK_OPTS[@]}" "$jar" "${JOB_FLAGS[@]}" --bounded \
    --reconciled-topic "bench-$name-reconciled" --exceptions-topic "bench-$name-exceptions" --statements-topic "bench-$name-statements" \
    --group-id "bench-$name" --transactional-id-prefix "bench-$name" "$@")
  say "$name: job $id submitted in $(since "$t0"), waiting for FINISHED"
  wait_job_state "$id" $((600 + EVENTS / 1000)) FINISHED
  cpu1=$(flink_cpu_ticks) jit1=$(compile_cpu_ticks)
  rest "/jobs/$id" >"$RESULTS/$name-job.json"
  rest "/jobs/$id/checkpoints" >"$RESULTS/$name-checkpoints.json"
  end=$(jq '."end-time"' "$RESULTS/$name-job.json")
  src=$(source_running_ms "$id")
  records=$(jq '.vertices[0].metrics."read-records"' "$RESULTS/$name-job.json")
  ((records == LOADED)) || warn "$name read $records records, $LOADED were loaded"
  declare -g "R_${name//-/_}_rate=$(calc "%.0f" "$records / (($end - $src) / 1000)")"
  local v="R_${name//-/_}" rate_submit cpu_per_m
  local rate_var="${v}_rate"
  rate_submit=$(calc "%.0f" "$records / (($end - $t0) / 1000)")
  cpu_per_m=$(calc "%.1f" "($cpu1 - $cpu0) / $CLK_TCK / ($records / 1000000)")
  local drain="$DRAIN_RESULTS.$name"
  result_text "$drain.job_id" "$id"
  result "$drain.records" "$records"
  result "$drain.rate" "${!rate_var}"
  result "$drain.rate_submit" "$rate_submit"
  result "$drain.run_seconds" "$(calc "%.1f" "($end - $src) / 1000")"
  result "$drain.submit_seconds" "$(calc "%.1f" "($end - $t0) / 1000")"
  result "$drain.cpu_seconds" "$(ticks_to_seconds $((cpu1 - cpu0)))"
  result "$drain.cpu_seconds_per_million" "$cpu_per_m"
  result "$drain.cpu_seconds_compile" "$(ticks_to_seconds $((jit1 - jit0)))"
  result "$drain.cpu_seconds_per_million_without_compile" \
    "$(calc "%.1f" "($cpu1 - $cpu0 - ($jit1 - $jit0)) / $CLK_TCK / ($records / 1000000)")"
  say "$name: ${!rate_var} records/s from the first record ($rate_submit from submit), $cpu_per_m CPU s per million events ($(ticks_to_seconds $((jit1 - jit0))) CPU s compiling)"
}

# warm_drain NAME JAR [JOB FLAGS...]: drains the small 'warmup' topic with a bounded job, unmeasured.
# The TaskManager is a fresh JVM: without this, the first measured job pays for the JIT compiling
# Flink's, Kafka's and RocksDB's hot code (twice the CPU and a third of the rate in a quick run).
warm_drain() {
  local name=$1 jar=$2 id t0; shift 2
  t0=$(now_ms)
  id=$(submit_job "$RESULTS/warmup-$name-submit.log" "${FLINK_OPTS[@]}" "$jar" "${JOB_FLAGS[@]}" --bounded --input-topic warmup \
    --reconciled-topic "warmup-$name-reconciled" --exceptions-topic "warmup-$name-exceptions" --statements-topic "warmup-$name-statements" \
    --group-id "warmup-$name" --transactional-id-prefix "warmup-$name" "$@")
  wait_job_state "$id" 600 FINISHED
  wait_slots_free
  say "warm-up $name: job $id drained 'warmup' in $(since "$t0")"
}

# 1234567 -> 1,234,567 (whatever locales the machine has); anything not a number as it is. For the
# progress lines only: the report's numbers are BenchReport's.
fmt() {
  if [[ $1 =~ ^-?[0-9]+([.][0-9]+)?$ ]]; then
    printf '%.0f' "$1" | sed -e ':a' -e 's/\([0-9]\)\([0-9]\{3\}\)\($\|,\)/\1,\2\3/' -e 'ta'
  else
    printf '%s' "${1:-n/a}"
  fi
}

# --- 1. Throughput: ceiling, job (exactly-once, at-least-once), SQL peer ---------------------------
if wants throughput; then
  step "pre-load: about $(fmt "$EVENTS") generated events into 'reconciliation' (12 partitions)"
  # The small warm-up topic loads alongside (its rate is not reported).
  bench_java 1g io.payrecon.bench.BenchPreload "$BOOTSTRAP" warmup mix "$WARMUP_EVENTS" >"$RESULTS/preload-warmup.txt" &
  warmup_load=$!
  bench_java 2g io.payrecon.bench.BenchPreload "$BOOTSTRAP" reconciliation mix "$EVENTS" | tee "$RESULTS/preload.txt"
  LOADED=$(result_value records "$RESULTS/preload.txt")
  result .throughput.loaded "$LOADED"
  result .throughput.preload_rate "$(result_value rate "$RESULTS/preload.txt")"
  wait "$warmup_load" || die "pre-loading the warm-up topic failed (see $RESULTS/preload-warmup.txt)"
  say "warm-up topic: $(result_value records "$RESULTS/preload-warmup.txt") records"

  step "ceiling: plain Kafka consume + produce of the same records"
  bench_java 1g io.payrecon.bench.CopyCeiling "$BOOTSTRAP" reconciliation bench-copy warmup bench-copy-warmup \
    | tee "$RESULTS/ceiling.txt"
  for key in rate seconds cpu_seconds; do
    result ".throughput.ceiling.$key" "$(result_value "$key" "$RESULTS/ceiling.txt")"
  done

  # The peer first and the job last: the job's measured runs follow its own warm-up directly
  # (a different job in between leaves shared Flink code compiled for other types).
  jfr_init
  if ((WARMUP_DRAINS)); then
    step "warm-up: $(wants peer && echo "the peer and ")the job drain the 'warmup' topic once, unmeasured"
    wants peer && warm_drain peer "$PEER_JAR"
    warm_drain job "$JOB_JAR"
  fi

  step "job, exactly-once"
  run_drain eo "$JOB_JAR"

  step "job, at-least-once"
  run_drain al "$JOB_JAR" --delivery at-least-once

  # The profile from a drain of its own: the recorder's sampling cost (measured: a third more CPU
  # per event at 1,000,000 events) stays out of the figures above.
  step "job, exactly-once again, with JFR on the TaskManager (the profile; its figures are not the job's)"
  jfr_start "$RESULTS/taskmanager-exactly-once.jfr"
  DRAIN_RESULTS=.profile_drain run_drain profiled "$JOB_JAR"
  jfr_stop
  if [[ -s $RESULTS/taskmanager-exactly-once.jfr ]]; then
    if bench_java 1g io.payrecon.bench.JfrTop "$RESULTS/taskmanager-exactly-once.jfr" 12 >"$RESULTS/profile.json"; then
      result_file .profile "$RESULTS/profile.json"
    else
      warn "JFR summary failed"
    fi
  fi

  DRAINS=(eo al)
  if wants peer; then
    step "peer: the same rules as Flink SQL (interval join, full outer), exactly-once"
    run_drain peer "$PEER_JAR"
    DRAINS+=(peer)
  fi

  # What each drain wrote, read_committed: the check that the drains really happened (one client
  # for all topics, after the timed runs).
  outputs=()
  for n in "${DRAINS[@]}"; do outputs+=("bench-$n-reconciled" "bench-$n-exceptions"); done
  while read -r topic count; do
    run=${topic#bench-} run=${run%%-*} kind=${topic##*-}
    result ".throughput.drains.$run.$kind" "$count"
  done < <(count_topics "${outputs[@]}")
else
  for part in peer scale compare; do
    wants "$part" && die "--only $part needs throughput too ($part drains the same pre-loaded topic)"
  done
fi

# --- 2. Latency at half the measured exactly-once rate ---------------------------------------------
# run_latency NAME DELIVERY QUIET_S: the job unbounded on a fresh input topic, the probe sending at
# LAT_RATE with event time = wall clock, and reading the reconciled topic read_committed.
run_latency() {
  local name=$1 delivery=$2 quiet=$3 id
  id=$(submit_job "$RESULTS/lat-$name-submit.log" "$JOB_JAR" "${JOB_FLAGS[@]}" \
    --input-topic "lat-$name-input" --starting-offsets earliest \
    --reconciled-topic "lat-$name-reconciled" --exceptions-topic "lat-$name-exceptions" --statements-topic "lat-$name-statements" \
    --group-id "lat-$name" --transactional-id-prefix "lat-$name" --delivery "$delivery" \
    --out-of-orderness "$OOO" --checkpoint-interval "$CKPT" --idle-flush 0)
  wait_tasks_running "$id"
  say "latency $delivery: job $id running; ${LAT_DURATION} s at $(fmt "$LAT_RATE") records/s (first ${LAT_WARMUP} s not counted)"
  # Where the CPU went while the probe ran: the job (JobManager + TaskManager), the broker, and
  # the whole machine (the rest is mostly the probe's generator and producer).
  local flink0 kafka0 machine0 t0 flink1 kafka1 machine1 seconds
  flink0=$(flink_cpu_ticks) kafka0=$(process_cpu_ticks kafka) machine0=$(machine_cpu_ticks) t0=$(now_ms)
  bench_java 1g io.payrecon.bench.LatencyProbe "$BOOTSTRAP" "lat-$name-input" "lat-$name-reconciled" \
    "$LAT_RATE" "$LAT_DURATION" "$LAT_WARMUP" "$quiet" | tee "$RESULTS/latency-$name.txt"
  flink1=$(flink_cpu_ticks) kafka1=$(process_cpu_ticks kafka) machine1=$(machine_cpu_ticks)
  seconds=$(calc "%.3f" "($(now_ms) - $t0) / 1000")
  local run=".latency.runs.$name"
  result "$run.cores_job" "$(calc "%.2f" "($flink1 - $flink0) / $CLK_TCK / $seconds")"
  result "$run.cores_broker" "$(calc "%.2f" "($kafka1 - $kafka0) / $CLK_TCK / $seconds")"
  result "$run.machine_busy_percent" \
    "$(calc "%.0f" "100 * (${machine1% *} - ${machine0% *}) / (${machine1#* } - ${machine0#* })")"
  rest "/jobs/$id/checkpoints" >"$RESULTS/lat-$name-checkpoints.json"
  cancel_job "$id"
  for key in rate pairs p50_ms p99_ms max_ms; do
    result "$run.$key" "$(result_value "$key" "$RESULTS/latency-$name.txt")"
  done
}

if wants latency; then
  if [[ -n ${R_eo_rate:-} ]]; then
    LAT_RATE=$(calc "%.0f" "$R_eo_rate / 2")
    result_text .latency.asked_rate_from "half the exactly-once drain rate"
  else
    LAT_RATE=${BENCH_LATENCY_RATE:-5000}
    result_text .latency.asked_rate_from BENCH_LATENCY_RATE
  fi
  result .latency.asked_rate "$LAT_RATE"
  result_text .latency.out_of_orderness "$OOO"
  result .latency.out_of_orderness_seconds "$OOO_S"
  result_text .latency.checkpoint_interval "$CKPT"
  result .latency.checkpoint_interval_seconds "$CKPT_S"
  result .latency.duration_seconds "$LAT_DURATION"
  result .latency.warmup_seconds "$LAT_WARMUP"
  results_update '.latency.runs = {}'
  if [[ " $LAT_MODES " == *" eo "* ]]; then
    step "latency, exactly-once, at $(fmt "$LAT_RATE") records/s"
    # Quiet for a checkpoint interval and more: exactly-once output comes at checkpoints.
    run_latency eo exactly-once "$(calc "%.0f" "$OOO_S + $CKPT_S + $LAT_QUIET_MARGIN")"
  fi
  step "latency, at-least-once, at $(fmt "$LAT_RATE") records/s"
  run_latency al at-least-once "$(calc "%.0f" "$OOO_S + $LAT_QUIET_MARGIN")"
fi

# --- 3. State per open order, and back to baseline after retention --------------------------------
# measure_state LABEL JOBID VERTEX: full checkpoint size (RocksDB files), canonical savepoint size
# (live entries only, Flink's own format), RocksDB's key estimates and the job's open_pairs gauge.
measure_state() {
  local label=$1 id=$2 vid=$3 sp ckpt savepoint keys timers open
  ckpt=$(trigger_full_checkpoint "$id" "$RESULTS/state-checkpoints.log")
  sp=$(trigger_savepoint "$id" "$PAYRECON_SAVEPOINT_DIR" "$RESULTS/state-savepoint-$label.log")
  [[ -d $sp ]] || die "savepoint path '$sp' is not a directory (see $RESULTS/state-savepoint-$label.log)"
  savepoint=$(du -sb "$sp" | cut -f1)
  keys=$(metric_sum "$id" "$vid" Reconcile_orders.order.rocksdb_estimate-num-keys)
  timers=$(metric_sum "$id" "$vid" "Reconcile_orders._timer_state/event_user-timers.rocksdb_estimate-num-keys")
  open=$(metric_sum "$id" "$vid" Reconcile_orders.open_pairs)
  local moment=".state.moments.$label"
  result "$moment.checkpoint_bytes" "$ckpt"
  result "$moment.savepoint_bytes" "$savepoint"
  result "$moment.order_keys" "$keys"
  result "$moment.timers" "$timers"
  result "$moment.open_pairs" "$open"
  say "state $label: full checkpoint $ckpt B, canonical savepoint $savepoint B, order keys ~$keys, timers ~$timers, open_pairs $open"
}

# poll_metric JOBID VERTEX METRIC VALUE TIMEOUT: until the metric's sum over subtasks is VALUE.
poll_metric() {
  local id=$1 vid=$2 metric=$3 want=$4 timeout=$5 deadline=$((SECONDS + $5)) got
  while true; do
    got=$(metric_sum "$id" "$vid" "$metric")
    [[ $got == "$want" ]] && return 0
    ((SECONDS < deadline)) || die "$metric is '$got' after $timeout s, waited for $want"
    sleep 0.3
  done
}

if wants state; then
  step "state: $(fmt "$STATE_ORDERS") orders whose debit never gets a credit"
  result .state.orders "$STATE_ORDERS"
  # Match window and retention 30m: longer than the load's event-time span (1 ms per order, under
  # 17 min for a million), so every order stays open until event time jumps. The idle flush then
  # moves event time to the wall clock, 2 h past every event: all deadlines and retentions pass.
  # RocksDB's native key estimates are switched on for this job only (-D at submission).
  id=$(submit_job "$RESULTS/state-submit.log" \
    -Dstate.backend.rocksdb.metrics.estimate-num-keys=true "$JOB_JAR" "${JOB_FLAGS[@]}" \
    --input-topic state-input --starting-offsets earliest \
    --reconciled-topic state-reconciled --exceptions-topic state-exceptions --statements-topic state-statements \
    --group-id state --transactional-id-prefix state \
    --out-of-orderness 2s --match-window 30m --retention 30m --idle-flush "${STATE_IDLE_FLUSH}s")
  wait_tasks_running "$id"
  vid=$(vertex_id "$id" "Reconcile orders")
  poll_metric "$id" "$vid" Reconcile_orders.events_in 0 60
  measure_state baseline "$id" "$vid"

  bench_java 1g io.payrecon.bench.BenchPreload "$BOOTSTRAP" state-input unmatched-debit "$STATE_ORDERS" \
    | tee "$RESULTS/state-load.txt"
  t0=$(now_ms)
  poll_metric "$id" "$vid" Reconcile_orders.events_in "$STATE_ORDERS" $((120 + STATE_ORDERS / 2000))
  say "state: the job applied all $(fmt "$STATE_ORDERS") debits $(since "$t0") after the load"
  measure_state peak "$id" "$vid"
  flagged=$(metric_sum "$id" "$vid" Reconcile_orders.exceptions.type.UNMATCHED_DEBIT.state.OPEN.count)
  [[ $flagged == 0 ]] || warn "the idle flush came before the peak was measured ($flagged flagged): raise STATE_IDLE_FLUSH"

  t0=$(now_ms)
  poll_metric "$id" "$vid" Reconcile_orders.exceptions.type.UNMATCHED_DEBIT.state.OPEN.count "$STATE_ORDERS" $((STATE_IDLE_FLUSH + 300))
  poll_metric "$id" "$vid" Reconcile_orders.open_pairs 0 120
  # The timers deleted the orders; RocksDB's estimate follows once the deletes are flushed.
  say "state: every order flagged and forgotten $(since "$t0") after the peak (idle flush ${STATE_IDLE_FLUSH} s)"
  measure_state after "$id" "$vid"
  cancel_job "$id" nowait
fi

# --- 4. Before and after in one run: this build against another job jar, alternating ---------------
# BENCH_COMPARE_JAR: the job jar of another build (e.g. the commit before a change, built with
# `mvn -Dbuild.dir=target-before -DskipTests package`); BENCH_COMPARE_ROUNDS (default 3, at most 5)
# pairs of exactly-once drains of the same topic, A (this build) then B, so that both see the same
# machine within minutes.
if wants compare; then
  COMPARE_JAR=${BENCH_COMPARE_JAR:-}
  [[ -n $COMPARE_JAR ]] || die "--only compare needs BENCH_COMPARE_JAR: another build's job jar"
  [[ -f $COMPARE_JAR ]] || die "BENCH_COMPARE_JAR: no file $COMPARE_JAR"
  rounds=${BENCH_COMPARE_ROUNDS:-3}
  [[ $rounds =~ ^[1-5]$ ]] || die "BENCH_COMPARE_ROUNDS: 1 to 5, got '$rounds'"
  step "compare: $rounds rounds of exactly-once drains, this build (A) then $COMPARE_JAR (B)"
  result_text .compare.jar "$COMPARE_JAR"
  result .compare.rounds "$rounds"
  job_flags 2
  warm_drain b "$COMPARE_JAR"
  DRAIN_RESULTS=.compare.drains
  for ((r = 1; r <= rounds; r++)); do
    run_drain "a$r" "$JOB_JAR"
    run_drain "b$r" "$COMPARE_JAR"
  done
fi

# --- 5. Scale-out: p=1 and p=2 on one TaskManager, p=2 over two TaskManagers of one slot --------
# Last, because it changes the cluster's layout. The same pre-loaded topic, exactly-once.
if wants scale; then
  step "scale-out: the job at p=1 and p=2 on one TaskManager, then at p=2 over two TaskManagers of one slot"
  result .scale.records "$LOADED"
  DRAIN_RESULTS=.scale.drains
  for p in 1 2; do
    job_flags "$p"
    wait_slots_free
    run_drain "p$p" "$JOB_JAR"
  done
  # Two TaskManagers of one slot and half the memory each: the same managed memory per slot.
  tm_memory=$(sed -nE 's/^taskmanager\.memory\.process\.size: *([0-9]+)m *$/\1/p' "$CONF_DIR/config.yaml")
  [[ $tm_memory =~ ^[0-9]+$ ]] || die "taskmanager.memory.process.size in $CONF_DIR/config.yaml is not in MiB"
  half_memory="$((tm_memory / 2))m"
  result_text .scale.one_slot_memory "$half_memory"
  for name in $(live_taskmanagers); do stop_process "$name" >>"$RESULTS/cluster.log" 2>&1; done
  for n in 1 2; do
    "$OPS_DIR/taskmanager-start.sh" -D taskmanager.numberOfTaskSlots=1 -D "taskmanager.memory.process.size=$half_memory" \
      >>"$RESULTS/cluster.log" 2>&1 &
    declare "tm_start_$n=$!"
  done
  wait "$tm_start_1" && wait "$tm_start_2" || { tail -n 30 "$RESULTS/cluster.log" >&2; die "starting two one-slot TaskManagers failed"; }
  deadline=$((SECONDS + 120))
  until rest /overview | jq -e '.taskmanagers == 2 and ."slots-total" == 2' >/dev/null 2>&1; do
    ((SECONDS < deadline)) || die "the JobManager does not list exactly two TaskManagers of one slot after 120 s"
    sleep 0.5
  done
  say "two TaskManagers of one slot and $half_memory each: $(live_taskmanagers | paste -sd' ')"
  # Fresh JVMs: the warm-up drain first, as for the one-TaskManager layout.
  warm_drain p2x2 "$JOB_JAR"
  run_drain p2x2 "$JOB_JAR"
fi

# --- Report ------------------------------------------------------------------------------------------
# What the run ran on, then the report: BenchReport renders it from results.json alone (the
# figures, ratios against the targets, the profile) and replaces this mode's section of
# BENCHMARKS.md between its markers; other modes' sections stay.
result .run_seconds "$(calc "%.0f" "($(now_ms) - $RUN_START) / 1000")"
result_text .date "$(date -u '+%Y-%m-%d %H:%M UTC')"
result .machine.cores "$(nproc)"
result_text .machine.cpu "$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ //')"
result .machine.memory_gib "$(awk '/MemTotal/ {printf "%.1f", $2 / 1048576}' /proc/meminfo)"
result_text .machine.load_end "$(cut -d' ' -f1-3 /proc/loadavg)"
result_text .versions.java "$("$JAVA" -version 2>&1 | head -n 1)"
result_text .source.commit "$(git -C "$BENCH_REPO" rev-parse --short HEAD 2>/dev/null || echo unknown)"
if [[ -n $(git -C "$BENCH_REPO" status --porcelain -- '*/src/main' pom.xml '*/pom.xml' 2>/dev/null) ]]; then
  result_true .source.uncommitted_changes
else
  result_false .source.uncommitted_changes
fi
results_update '.parts = ($parts | split(","))' --arg parts "$ONLY"

step "report"
BENCH_MD=$BENCH_REPO/BENCHMARKS.md
report_status=0
bench_java 256m io.payrecon.bench.BenchReport "$RESULTS_JSON" "$RESULTS/report.md" "$BENCH_MD" || report_status=$?
case $report_status in
  0) say "results written into $BENCH_MD ($MODE section); all figures in $RESULTS_JSON" ;;
  3) warn "$BENCH_MD has no <!-- bench:$MODE:begin --> marker: results only in $RESULTS/report.md" ;;
  *) die "rendering the report from $RESULTS_JSON failed" ;;
esac
