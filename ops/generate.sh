#!/usr/bin/env bash
# Writes generated payment events into the local Kafka with the project's EventGenerator, run
# from the job jar (which holds the generator, kafka-clients and Jackson).
#
#   ops/generate.sh --orders 2000 [--rate 5000] [other EventGenerator flags; --help lists them]
#
# Writes to --bootstrap-servers 127.0.0.1:$PAYRECON_KAFKA_PORT unless the flags name a Kafka
# or an --output-file. PAYRECON_JOB_JAR: the jar (default target/payment-reconciliation.jar;
# build it with mvn -B -DskipTests package).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

JOB_JAR=${PAYRECON_JOB_JAR:-$REPO_DIR/target/payment-reconciliation.jar}
[[ -f $JOB_JAR ]] || die "$JOB_JAR not found: build it with mvn -B -DskipTests package (or set PAYRECON_JOB_JAR)"

# The job jar leaves out slf4j and log4j (the cluster provides them); kafka-clients needs them.
logging_jars=$(tr ':' '\n' <"$("$OPS_DIR/classpath.sh" kafka)" | grep -E '/(slf4j-api|log4j-slf4j-impl|log4j-core|log4j-api)-[0-9]' | paste -sd:)

args=("$@")
if [[ " $* " != *" --bootstrap-servers "* && " $* " != *" --output-file "* && " $* " != *" --help "* ]]; then
  args=(--bootstrap-servers "$BOOTSTRAP" "${args[@]}")
fi
exec "$JAVA" -Xmx1g -Dlog4j2.configurationFile="$OPS_DIR/kafka-tools-log4j2.properties" \
  -cp "$JOB_JAR:$logging_jars" io.payrecon.generator.EventGenerator "${args[@]}"
