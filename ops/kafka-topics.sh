#!/usr/bin/env bash
# Creates the job's topics on the local broker if they do not exist yet, then waits until every
# partition has a leader that serves requests (a producer's first batches into a partition
# without one are retried as out of order for ever by an idempotent producer).
#
#   reconciliation   $PAYRECON_INPUT_PARTITIONS partitions (default 12): the job's input
#   reconciled       $PAYRECON_OUTPUT_PARTITIONS partitions (default 12): matched pairs
#   exceptions       $PAYRECON_OUTPUT_PARTITIONS partitions (default 12): what on-call must see
#   statements       1 partition: a few period statements an hour, each period's revisions in order
#
# Safe to run again: existing topics are kept (a partition count that differs is reported).
#
#   ops/kafka-topics.sh NAME   the output topics of a second job (a backfill) instead:
#                              NAME-reconciled, NAME-exceptions, NAME-statements (README, backfill);
#                              a second job must never write the production job's topics
set -euo pipefail
source "$(dirname "$0")/lib.sh"

INPUT_PARTITIONS=${PAYRECON_INPUT_PARTITIONS:-12}
OUTPUT_PARTITIONS=${PAYRECON_OUTPUT_PARTITIONS:-12}
if (($# > 0)); then
  [[ $1 =~ ^[A-Za-z0-9._-]+$ ]] || die "usage: ops/kafka-topics.sh [NAME] (NAME: letters, digits, . _ -)"
  declare -A PARTITIONS=([$1-reconciled]=$OUTPUT_PARTITIONS [$1-exceptions]=$OUTPUT_PARTITIONS [$1-statements]=1)
  TOPICS=("$1-reconciled" "$1-exceptions" "$1-statements")
else
  declare -A PARTITIONS=([reconciliation]=$INPUT_PARTITIONS [reconciled]=$OUTPUT_PARTITIONS [exceptions]=$OUTPUT_PARTITIONS [statements]=1)
  TOPICS=(reconciliation reconciled exceptions statements)
fi
# The topics as one anchored regex for --describe and GetOffsetShell ("." is literal in names).
TOPICS_RE="^($(IFS='|'; echo "${TOPICS[*]//./[.]}"))$"

pid_of kafka >/dev/null || port_open "$KAFKA_PORT" || die "no Kafka on $BOOTSTRAP: run ops/kafka-start.sh first"
KAFKA_CP=$(classpath kafka)
write_kafka_tools_properties
start=$(now_ms)

for topic in "${TOPICS[@]}"; do
  # --if-not-exists makes a second run a no-op; replication factor 1: there is one broker.
  kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" \
    --command-config "$KAFKA_DIR/tools.properties" --create --if-not-exists \
    --topic "$topic" --partitions "${PARTITIONS[$topic]}" --replication-factor 1 >/dev/null
done

# The partition count each topic really has (a topic that existed before keeps its own).
described=$(kafka_tool org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" \
  --command-config "$KAFKA_DIR/tools.properties" --describe --topic "$TOPICS_RE")
expected=0
declare -A ACTUAL
for topic in "${TOPICS[@]}"; do
  ACTUAL[$topic]=$(grep -E "^Topic: $topic\s" <<<"$described" | sed -E 's/.*PartitionCount: ([0-9]+).*/\1/')
  [[ -n ${ACTUAL[$topic]} ]] || die "topic $topic was not created"
  if ((ACTUAL[$topic] != PARTITIONS[$topic])); then
    warn "topic $topic has ${ACTUAL[$topic]} partitions, not ${PARTITIONS[$topic]} (it existed before; left as is)"
  fi
  expected=$((expected + ACTUAL[$topic]))
done

# GetOffsetShell asks each partition's leader for its latest offset: it prints one line per
# partition whose leader serves.
serving_partitions() {
  kafka_tool org.apache.kafka.tools.GetOffsetShell --bootstrap-server "$BOOTSTRAP" \
    --command-config "$KAFKA_DIR/tools.properties" --topic "$TOPICS_RE" \
    2>/dev/null | grep -c . || true
}
all_serving() { (($(serving_partitions) >= expected)); }
wait_until "" "$START_TIMEOUT" "serving leader for all $expected partitions" all_serving

for topic in "${TOPICS[@]}"; do
  say "topic $topic: ${ACTUAL[$topic]} partitions, leaders serving"
done
say "topics ready on $BOOTSTRAP in $(since "$start")"
