#!/usr/bin/env bash
# Builds the hsdis plugin in this folder (hsdis.c, on Capstone) into bench/target/hsdis, so that
# JMH's perfasm profiler can show the hot code's instructions. This machine's perf has no hardware
# counters; the cpu-clock event works:
#
#   bench/perfasm/build.sh        # once; installs libcapstone-dev with apt-get if it is missing
#   LD_LIBRARY_PATH=bench/target/hsdis java -jar bench/target/benchmarks.jar 'WindowBenchmark.waxwingRunMain$' \
#       -p ordered=true -f 1 -wi 1 -i 5 -prof 'perfasm:events=cpu-clock'
#
# The JDK looks in its own lib folder first: a hsdis-amd64.so there (Debian's libhsdis0-fcml puts
# one that JDK 17 cannot use) wins over LD_LIBRARY_PATH.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=$(cd "$here/.." && pwd)/target/hsdis
if [[ ! -f /usr/include/capstone/capstone.h ]]; then
  apt-get update -qq && apt-get install -y -qq libcapstone-dev
fi
mkdir -p "$out"
gcc -O2 -Wall -Wextra -shared -fPIC -o "$out/hsdis-amd64.so" "$here/hsdis.c" -lcapstone
echo "built $out/hsdis-amd64.so"
