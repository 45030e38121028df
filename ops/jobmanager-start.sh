#!/usr/bin/env bash
# Starts one JobManager of the high-availability mode again after ops/jobmanager-kill.sh:
#   ops/jobmanager-start.sh jobmanager|jobmanager-2
# It joins as the standby (the other one leads by now) with the cluster's rendered configuration.
set -euo pipefail
source "$(dirname "$0")/lib.sh"

[[ $HA_MODE == zookeeper ]] || die "only in the high-availability mode (PAYRECON_HA=zookeeper)"
case ${1:-} in
  jobmanager) port=$REST_PORT ;;
  jobmanager-2) port=$REST_PORT_2 ;;
  *) die "usage: $0 jobmanager|jobmanager-2" ;;
esac
flink_env
resource_params GET_JM_RESOURCE_PARAMS
start_jobmanager "$1" "$port"
