#!/usr/bin/env bash
# One port on every address of a loopback /16 (127.77.0.0/16, 65,536 addresses: all local on Linux,
# so nothing leaves the machine): `wdm-ports probe 127.77.0.0/16:PORT/tcp --format summary` against
# `nmap -sT -p PORT -n -Pn -T5 127.77.0.0/16`, whole-process wall time, interleaved runs, median and
# ratio; then the wdm-ports JVM's heap and threads during one sweep of a /14 (262,144 addresses),
# which streams through bounded runs instead of holding every target.
source "$(dirname "$0")/lib.sh"
ensure_cli
command -v nmap >/dev/null || { echo "nmap is not installed: apt-get install -y nmap" >&2; exit 2; }
port=$(free_port)
# A listener on eight addresses, so that both tools find OPEN and REFUSED addresses.
python3 - "$port" <<'PY' &
import socket, sys, time
port = int(sys.argv[1]); socks = []
for i in range(8):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.77.0.%d" % i, port)); s.listen(1024); socks.append(s)
time.sleep(3600)
PY
listener=$!
trap 'kill $listener 2>/dev/null || true' EXIT
sleep 0.5
ours=(); theirs=()
for i in $(seq "$RUNS"); do
  t0=$(now); "$CLI" probe "127.77.0.0/16:$port/tcp" --format summary >/tmp/wdm-netsweep.out || true; t1=$(now)
  ours+=("$(echo "$t1 - $t0" | bc)")
  t0=$(now); nmap -sT -p "$port" -n -Pn -T5 127.77.0.0/16 >/tmp/nmap-netsweep.out; t1=$(now)
  theirs+=("$(echo "$t1 - $t0" | bc)")
  echo "run $i: wdm-ports ${ours[-1]} s, nmap ${theirs[-1]} s" >&2
done
mo=$(printf '%s\n' "${ours[@]}" | median); mn=$(printf '%s\n' "${theirs[@]}" | median)
echo "open addresses found: wdm-ports $(grep -oE 'OPEN: [0-9]+' /tmp/wdm-netsweep.out | head -1), nmap $(grep -c '/tcp *open' /tmp/nmap-netsweep.out)"
echo "/16 sweep median over $RUNS runs: wdm-ports ${mo} s, nmap ${mn} s, ratio $(echo "scale=2; $mo / $mn" | bc)"

"$CLI" probe "127.76.0.0/14:$port/tcp" --format summary >/dev/null &
pid=$!
maxthreads=0; maxheap=0
while kill -0 "$pid" 2>/dev/null; do
  th=$(awk '/^Threads:/ {print $2}' /proc/$pid/status 2>/dev/null || echo 0)
  if [ "${th:-0}" -gt "$maxthreads" ]; then maxthreads=$th; fi
  heap=$(jstat -gc "$pid" 2>/dev/null | awk 'NR==2 {printf "%d", ($3+$4+$6+$8)/1024}' || true)
  if [ -n "$heap" ] && [ "$heap" -gt "$maxheap" ]; then maxheap=$heap; fi
  sleep 0.1
done
echo "during a /14 sweep (262,144 addresses): max heap used ${maxheap} MB, max threads ${maxthreads}"
