#!/usr/bin/env bash
# Compares benchmark jars on WindowBenchmark.pairedPlainLoopAndRunMain, interleaved, and reports the
# paired ratio (plain loop / runMain) per jar: the way docs/BENCHMARKS.md measures the window job on
# a machine whose speed drifts. With BENCH=pairedOneAndTwoWorkers it compares them on that paired
# benchmark instead: the ratio is then one worker's wall time over two workers' (the speed-up).
#
#   bench/paired-compare.sh run OUT ROUNDS JAR...   # each round runs every jar once, in turn
#   bench/paired-compare.sh report OUT              # medians per jar and ordered mode, and per run
#
# A JAR is a path to a benchmarks.jar, optionally prefixed "j25:" (run on the Temurin 25 JDK) or
# "j25c:" (the same with -XX:+UseCompactObjectHeaders). JMH_ARGS adds JMH options, e.g.
# JMH_ARGS="-p ordered=true"; give JVM flags with -jvmArgsPrepend, since -jvmArgsAppend would
# replace the benchmark's own heap size and pre-touch. Each run is one fork, WARMUP warm-up pairs
# (1 unless set; 3 leaves the JIT compilers far quieter in the measured pairs) and five measured
# pairs per ordered mode; the warm-up pairs are left out of the report.
set -euo pipefail

JDK25=${JDK25:-/usr/lib/jvm/temurin-25-jdk-amd64/bin/java}

# The jar of a JAR argument: the path after its prefix, if any.
jar_of() {
  local jar=${1#j25:}
  echo "${jar#j25c:}"
}

usage() {
  echo "usage: $0 run OUT ROUNDS JAR... | $0 report OUT" >&2
  exit 2
}

run() {
  local out=$1 rounds=$2
  shift 2
  [[ $rounds =~ ^[1-9][0-9]*$ ]] || { echo "ROUNDS must be a positive number, not '$rounds'" >&2; exit 2; }
  local warmup=${WARMUP:-1}
  [[ $warmup =~ ^[0-9]+$ ]] || { echo "WARMUP must be a number of pairs, not '$warmup'" >&2; exit 2; }
  for spec in "$@"; do
    [[ -f $(jar_of "$spec") ]] || { echo "no jar at $(jar_of "$spec")" >&2; exit 2; }
    if [[ $spec == j25* && ! -x $JDK25 ]]; then
      echo "no JDK 25 at $JDK25 (set JDK25 to its java)" >&2
      exit 2
    fi
  done
  for round in $(seq 1 "$rounds"); do
    for spec in "$@"; do
      local java=java flags=()
      case $spec in
        j25:*) java=$JDK25 ;;
        # Prepended: a -jvmArgsAppend here would replace the benchmark's own (heap size, pre-touch).
        j25c:*) java=$JDK25; flags=(-jvmArgsPrepend -XX:+UseCompactObjectHeaders) ;;
      esac
      echo "=== JAR $spec round $round $(date -u +%H:%M:%S) load $(cut -d' ' -f1 /proc/loadavg)" >>"$out"
      # shellcheck disable=SC2086
      "$java" -jar "$(jar_of "$spec")" "WindowBenchmark.${BENCH:-pairedPlainLoopAndRunMain}\$" -f 1 -wi "$warmup" -i 5 \
        ${JMH_ARGS:-} "${flags[@]}" >>"$out" 2>&1
    done
  done
  echo "=== DONE $(date -u +%H:%M:%S)" >>"$out"
}

report() {
  awk '
    function median(list,   n, a, i, j, t) {
      n = split(list, a, " ")
      for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
      return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function best(list,   n, a, i, m) { n = split(list, a, " "); m = a[1] + 0; for (i = 2; i <= n; i++) if (a[i] + 0 > m) m = a[i] + 0; return m }
    function count(list,   a) { return split(list, a, " ") }
    /^=== JAR / { jar = $3; round = $5; next }
    /# Parameters: \(ordered = / { match($0, /ordered = [a-z]+/); ordered = substr($0, RSTART + 10, RLENGTH - 10); next }
    /^# Warmup Iteration/ { warm = 1; next }
    /^Iteration/ { warm = 0; next }
    # "paired thread cpu (…): plain loop P ns/event, runMain W ns/event, ratio R", or
    # "paired wall (…): 1 worker P ns/event, 2 workers W ns/event, ratio R".
    /paired (thread cpu|wall) / && !warm {
      rest = substr($0, index($0, "): ") + 3)
      match(rest, /[0-9.]+ ns/); plain = substr(rest, RSTART, RLENGTH - 3); rest = substr(rest, RSTART + RLENGTH)
      match(rest, /[0-9.]+ ns/); wax = substr(rest, RSTART, RLENGTH - 3)
      match($0, /ratio [0-9.]+/); ratio = substr($0, RSTART + 6, RLENGTH - 6)
      k = "ordered=" ordered " " jar
      if (!(k in ratios)) keys[++nkeys] = k
      ratios[k] = ratios[k] " " ratio; waxs[k] = waxs[k] " " wax; plains[k] = plains[k] " " plain
      r = k " round " round; runs[r] = runs[r] " " ratio
      if (!(r in seen)) { seen[r] = 1; order[++nruns] = r }
    }
    END {
      # For the worker benchmark the two columns are the medians of 2 workers, then of 1 worker.
      printf "%-45s %5s %13s %13s %13s\n", "ordered mode, jar", "pairs", "ratio med/best", "runMain med", "plain med"
      for (i = 1; i <= nkeys; i++) {
        k = keys[i]
        printf "%-45s %5d %6.2f / %4.2f %13.0f %13.0f\n", k, count(ratios[k]), median(ratios[k]), best(ratios[k]), median(waxs[k]), median(plains[k])
      }
      print ""
      print "median ratio of each run (one JVM):"
      for (i = 1; i <= nruns; i++) printf "  %-55s %5.2f\n", order[i], median(runs[order[i]])
    }' "$1"
}

case ${1:-} in
  run) [[ $# -ge 4 ]] || usage; shift; run "$@" ;;
  report) [[ $# -eq 2 && -f $2 ]] || usage; report "$2" ;;
  *) usage ;;
esac
