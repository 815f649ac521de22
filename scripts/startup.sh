#!/usr/bin/env bash
# Start-up of the launcher (docs/BENCHMARKS.md, "Start-up (issue 15 item 5)"): wall time of a
# dataflow of one item run in fresh JVMs, N times each, as
#   run         java -jar launcher.jar -cp DIR Trivial             (one process, one worker)
#   run-w2      java -jar launcher.jar -w 2 -cp DIR Trivial        (one process, two workers)
#   cluster-p2  java -jar launcher.jar cluster -p 2 -cp DIR Trivial (two processes on 127.0.0.1)
#   source-p2   java -jar launcher.jar cluster -p 2 DIR/Trivial.java (each process compiles it)
# and the median of each, with the CPU time they used (less sensitive to other programs than the
# wall time). Every run must print the item, else the script fails.
#
# Usage: scripts/startup.sh [N]   (default 5; run from the repository root after
#        mvn -B -pl launcher -am package -DskipTests)
# JAVA=/usr/lib/jvm/temurin-25-jdk-amd64/bin/java scripts/startup.sh   measures on another JDK;
# JAR=path/to/launcher.jar scripts/startup.sh                           another build.
set -euo pipefail
n=${1:-5}
java=${JAVA:-java}
jar=$(readlink -f "${JAR:-launcher/target/launcher.jar}")
[[ -f $jar ]] || { echo "no $jar: build it first (mvn -B -pl launcher -am package -DskipTests)" >&2; exit 2; }
javac_bin=$(dirname "$(readlink -f "$(command -v "$java")")")/javac
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/Trivial.java" <<'JAVA'
import io.waxwing.connectors.stdio.StdOutSink;
import io.waxwing.dataflow.Dataflow;
import io.waxwing.testing.TestingSource;
import java.util.List;

public class Trivial {
    public static Dataflow flow() {
        Dataflow flow = new Dataflow("trivial");
        flow.input("in", new TestingSource<>(List.of("one item"))).output("out", new StdOutSink<>());
        return flow;
    }
}
JAVA
"$javac_bin" -cp "$jar" -d "$dir" "$dir/Trivial.java"
"$java" -version 2>&1 | head -1

measure() { # name, launcher arguments...
    local name=$1; shift
    local walls=() cpus=()
    for ((i = 0; i < n; i++)); do
        local out
        # %e wall seconds, %U + %S the CPU seconds of the launcher and of the processes it started.
        out=$(/usr/bin/time -f "%e %U %S" -o "$dir/time" "$java" -jar "$jar" "$@" 2>"$dir/err.log") \
            || { cat "$dir/err.log" >&2; echo "$name failed" >&2; exit 1; }
        [[ $(grep -c "one item" <<<"$out") -eq 1 ]] || { echo "$name printed: $out" >&2; exit 1; }
        read -r wall user sys < <(tail -1 "$dir/time")
        walls+=("$wall")
        cpus+=("$(echo "$user + $sys" | bc)")
    done
    printf '%-11s wall median %6.2f s (%s)   CPU median %6.2f s (%s)\n' "$name" \
        "$(median "${walls[@]}")" "${walls[*]}" "$(median "${cpus[@]}")" "${cpus[*]}"
}

median() {
    printf '%s\n' "$@" | sort -g | sed -n "$(( ($# + 1) / 2 ))p"
}

measure run -cp "$dir" Trivial
measure run-w2 -w 2 -cp "$dir" Trivial
measure cluster-p2 cluster -p 2 -cp "$dir" Trivial
measure source-p2 cluster -p 2 "$dir/Trivial.java"
