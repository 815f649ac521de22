#!/usr/bin/env bash
# Runs N randomized kill -9 trials (launcher FaultTrialsIT) against real launcher processes with
# recovery, and prints how many failed and how long they took.
#   scripts/fault-trials.sh [N] [SEED]     (default 20 trials; SEED replays one trial)
set -euo pipefail
cd "$(dirname "$0")/.."
trials="${1:-20}"
extra=()
if [[ $# -ge 2 ]]; then extra+=("-Dwaxwing.fault.seed=$2"); fi
log=launcher/target/fault-trials.log
mkdir -p launcher/target
start=$(date +%s)
set +e
mvn -B -pl launcher -am verify -DskipTests=false -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Dit.test=FaultTrialsIT -Dwaxwing.fault.trials="$trials" "${extra[@]}" | tee "$log"
rc=${PIPESTATUS[0]}
set -e
echo "fault trials: $trials, took $(( $(date +%s) - start )) s, maven exit $rc"
grep -E "Tests run:.*FaultTrialsIT|FAIL|fault trial [0-9]+ passed" "$log" | tail -25 || true
exit "$rc"
