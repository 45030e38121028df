#!/usr/bin/env bash
# Writes generated payment events into the local Kafka with the project's EventGenerator, run
# from the tools jar with its runtime classpath (both written by mvn package into target/).
#
#   ops/generate.sh --orders 2000 [--rate 5000] [other EventGenerator flags; --help lists them]
#
# Writes to --bootstrap-servers 127.0.0.1:$PAYRECON_KAFKA_PORT unless the flags name a Kafka
# or an --output-file. PAYRECON_TOOLS_JAR: the jar (default target/payment-reconciliation-tools.jar,
# its classpath in the .classpath file beside it; build both with mvn -B -DskipTests package).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

TOOLS_JAR=${PAYRECON_TOOLS_JAR:-$REPO_DIR/target/payment-reconciliation-tools.jar}
TOOLS_CLASSPATH_FILE=${TOOLS_JAR%.jar}.classpath
[[ -f $TOOLS_JAR && -f $TOOLS_CLASSPATH_FILE ]] \
  || die "$TOOLS_JAR or its .classpath not found: build them with mvn -B -DskipTests package (or set PAYRECON_TOOLS_JAR)"

args=("$@")
if [[ " $* " != *" --bootstrap-servers "* && " $* " != *" --output-file "* && " $* " != *" --help "* ]]; then
  args=(--bootstrap-servers "$BOOTSTRAP" "${args[@]}")
fi
exec "$JAVA" -Xmx1g -Dlog4j2.configurationFile="$OPS_DIR/kafka-tools-log4j2.properties" \
  -cp "$TOOLS_JAR:$(<"$TOOLS_CLASSPATH_FILE")" io.payrecon.generator.EventGenerator "${args[@]}"
