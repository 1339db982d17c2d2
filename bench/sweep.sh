#!/usr/bin/env bash
# All 65,535 TCP ports of 127.0.0.1: `wdm-ports probe ... --only-open --format summary` against
# `nmap -sT -p- -n -Pn -T5 127.0.0.1`, whole-process wall time, interleaved runs, median and ratio.
# Also samples the wdm-ports JVM's heap (jstat) and thread count (/proc) during one sweep.
source "$(dirname "$0")/lib.sh"
ensure_cli
command -v nmap >/dev/null || { echo "nmap is not installed: apt-get install -y nmap" >&2; exit 2; }
ours=(); theirs=()
for i in $(seq "$RUNS"); do
  t0=$(now); "$CLI" probe 127.0.0.1:1-65535/tcp --only-open --format summary >/tmp/wdm-sweep.out || true; t1=$(now)
  ours+=("$(echo "$t1 - $t0" | bc)")
  t0=$(now); nmap -sT -p- -n -Pn -T5 127.0.0.1 >/tmp/nmap-sweep.out; t1=$(now)
  theirs+=("$(echo "$t1 - $t0" | bc)")
  echo "run $i: wdm-ports ${ours[-1]} s, nmap ${theirs[-1]} s" >&2
done
mo=$(printf '%s\n' "${ours[@]}" | median); mn=$(printf '%s\n' "${theirs[@]}" | median)
echo "open ports found: wdm-ports $(grep -E '^OPEN' /tmp/wdm-sweep.out | awk '{print $2}'), nmap $(grep -c '/tcp *open' /tmp/nmap-sweep.out)"
echo "sweep median over $RUNS runs: wdm-ports ${mo} s, nmap ${mn} s, ratio $(echo "scale=2; $mo / $mn" | bc)"

# Heap and threads during one sweep.
"$CLI" probe 127.0.0.1:1-65535/tcp --only-open --format summary >/dev/null &
pid=$!
maxthreads=0; maxheap=0
while kill -0 "$pid" 2>/dev/null; do
  th=$(awk '/^Threads:/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
  if [ "${th:-0}" -gt "$maxthreads" ]; then maxthreads=$th; fi
  heap=$(jstat -gc "$pid" 2>/dev/null | awk 'NR==2 {printf "%d", ($3+$4+$6+$8)/1024}' || true)
  if [ -n "$heap" ] && [ "$heap" -gt "$maxheap" ]; then maxheap=$heap; fi
  sleep 0.05
done
echo "during a sweep: max heap used ${maxheap} MB, max threads ${maxthreads}"
