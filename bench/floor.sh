#!/usr/bin/env bash
# What a 65,535-port sweep of 127.0.0.1 costs on this machine before any engine: a bare Java NIO
# loop on two threads (bench/floor/SweepFloor.java, run with the CLI launcher's JVM options) and
# the same system calls in C on two processes, beside `./wdm-ports probe` and nmap -sT -T5.
# Interleaved runs, whole-process wall time, medians. Needs a JDK and gcc.
source "$(dirname "$0")/lib.sh"
ensure_cli
command -v nmap >/dev/null || { echo "nmap is not installed: apt-get install -y nmap" >&2; exit 2; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
javac -d "$work" "$ROOT/bench/floor/SweepFloor.java"
gcc -O2 -o "$work/sweep_floor" "$ROOT/bench/floor/sweep_floor.c"
jvm=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:NewRatio=1)
time_of() { local t0 t1; t0=$(now); "$@" >/dev/null 2>&1 || true; t1=$(now); echo "$t1 - $t0" | bc; }
cli=(); javaf=(); cf=(); nm=()
for i in $(seq "$RUNS"); do
  cli+=("$(time_of "$CLI" probe 127.0.0.1:1-65535/tcp --only-open --format summary)")
  javaf+=("$(time_of java "${jvm[@]}" -cp "$work" SweepFloor 2)")
  cf+=("$(time_of "$work/sweep_floor")")
  nm+=("$(time_of nmap -sT -p- -n -Pn -T5 127.0.0.1)")
  echo "run $i: wdm-ports ${cli[-1]} s, Java floor ${javaf[-1]} s, C floor ${cf[-1]} s, nmap ${nm[-1]} s" >&2
done
m() { printf '%s\n' "$@" | median; }
n=$(m "${nm[@]}")
for pair in "wdm-ports probe:$(m "${cli[@]}")" "Java 17 NIO floor:$(m "${javaf[@]}")" "C floor:$(m "${cf[@]}")"; do
  echo "${pair%%:*}: median ${pair##*:} s, $(echo "scale=2; ${pair##*:} / $n" | bc)x nmap's ${n} s"
done
