#!/usr/bin/env bash
# Runs one of Kafka's command-line classes against the local broker's jars, like
# kafka-run-class.sh in the Kafka tarball (which is not on Maven Central).
#
#   ops/kafka-run.sh CLASS [ARGS...]
#
# For example, read the job's exactly-once output (only committed transactions):
#   ops/kafka-run.sh org.apache.kafka.tools.consumer.ConsoleConsumer \
#       --bootstrap-server 127.0.0.1:9092 --topic reconciled --from-beginning \
#       --isolation-level read_committed --timeout-ms 10000
# Other classes: org.apache.kafka.tools.TopicCommand, org.apache.kafka.tools.GetOffsetShell,
# org.apache.kafka.tools.consumer.group.ConsumerGroupCommand, org.apache.kafka.tools.ProducerPerformance.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

(($# >= 1)) || die "usage: $0 CLASS [ARGS...]"
KAFKA_CP=$(classpath kafka)
kafka_tool "$@"
