#!/usr/bin/env bash
# Resolves the jars of the local cluster from Maven Central (ops/cluster-pom.xml) and caches
# each classpath in the run directory, so later starts skip Maven.
#
#   ops/classpath.sh [kafka|flink|zookeeper|all]     (default: all = kafka and flink)
#
# Prints the path of each classpath file (one line of ':'-separated jars). The cache is
# rebuilt when ops/cluster-pom.xml is newer than it or a jar in it has disappeared (e.g. a
# cleaned ~/.m2). PAYRECON_MVN_OPTS adds Maven options (e.g. "-o" to stay offline).
set -euo pipefail
source "$(dirname "$0")/lib.sh"

POM=$OPS_DIR/cluster-pom.xml

is_fresh() {
  local file=$1 jar
  [[ -s $file && $file -nt $POM ]] || return 1
  local IFS=:
  for jar in $(<"$file"); do
    [[ -f $jar ]] || return 1
  done
}

resolve() {
  local kind=$1 file=$CP_DIR/$1.classpath start
  if is_fresh "$file"; then
    echo "$file"
    return
  fi
  mkdir -p "$CP_DIR"
  start=$(now_ms)
  # dependency:build-classpath writes the resolved runtime classpath of the profile's
  # dependencies (transitive, versions as Maven mediates them) to one file.
  # shellcheck disable=SC2086  # PAYRECON_MVN_OPTS is a list of options
  if ! mvn -B -q ${PAYRECON_MVN_OPTS:-} -f "$POM" -P "$kind" \
      dependency:build-classpath -Dmdep.outputFile="$file.tmp" -Dmdep.includeScope=runtime \
      >"$CP_DIR/$kind.mvn.log" 2>&1; then
    cat "$CP_DIR/$kind.mvn.log" >&2
    die "mvn could not resolve the $kind jars (log above: $CP_DIR/$kind.mvn.log)"
  fi
  mv "$file.tmp" "$file"
  say "resolved the $kind classpath ($(tr ':' '\n' <"$file" | wc -l) jars) in $(since "$start")" >&2
  echo "$file"
}

case ${1:-all} in
  kafka | flink | zookeeper) resolve "$1" ;;
  all) resolve kafka; resolve flink ;;
  *) die "usage: $0 [kafka|flink|zookeeper|all]" ;;
esac
