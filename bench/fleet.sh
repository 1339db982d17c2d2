#!/usr/bin/env bash
# (root) The fleet sweep of issue 11: one port on all 65,536 addresses of a simulated fleet, a
# network namespace in which `ip route add local 10.20.0.0/16 dev lo` makes every address answer,
# a listener on port 80 plays the agents, and iptables rules play broken VLANs: 10.20.64.0/18
# refused (REJECT with a TCP reset), 10.20.128.0/18 dropped, the rest open. Inside the namespace:
#   wdm-ports probe 10.20.0.0/16:80/tcp --timeout 500ms --format summary
# against nmap -sT -p80 -n -Pn with the same 500 ms timeout and no retries ($NMAP_FLAGS), whole
# process wall time, interleaved runs, median and ratio. The two tools' counts by state must agree
# (OPEN/REFUSED/FILTERED = open/closed/filtered), or the script fails. Then the wdm-ports JVM's heap
# (jstat) and threads during one more sweep, and both tools under `ulimit -n 1024`.
# Only addresses inside the namespace are touched; it is deleted on exit.
source "$(dirname "$0")/lib.sh"
[ "$(id -u)" = 0 ] || { echo "needs root (ip netns, iptables)" >&2; exit 2; }
command -v nmap >/dev/null || { echo "nmap is not installed: apt-get install -y nmap" >&2; exit 2; }
ensure_cli
NMAP_FLAGS="${NMAP_FLAGS:---max-retries 0 --min-rtt-timeout 500ms --max-rtt-timeout 500ms --initial-rtt-timeout 500ms --min-hostgroup 4096 --min-parallelism 1024}"
ns="wdmfleet-$$-bench"; dir=$(mktemp -d)
cleanup() {
  ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null || true
  ip netns del "$ns" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT
ip netns add "$ns"
in_ns() { ip netns exec "$ns" "$@"; }
in_ns ip link set lo up
in_ns ip route add local 10.20.0.0/16 dev lo
in_ns sysctl -q -w net.core.somaxconn=65535 net.ipv4.tcp_max_syn_backlog=65536
# --syn: only a connection's first packet, so the answers of other addresses never match.
in_ns iptables -w -A INPUT -p tcp --syn -d 10.20.64.0/18 -j REJECT --reject-with tcp-reset
in_ns iptables -w -A INPUT -p tcp --syn -d 10.20.128.0/18 -j DROP
cat > "$dir/listen.py" <<'PY'
import select, socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("0.0.0.0", 80)); s.listen(65535); s.setblocking(False)
ep = select.epoll(); ep.register(s.fileno(), select.EPOLLIN)
print("ready", flush=True)
while True:
    ep.poll()
    while True:
        try:
            c, _ = s.accept()
        except OSError:
            break
        c.close()
PY
in_ns python3 "$dir/listen.py" > "$dir/listen.out" 2>&1 &
for i in $(seq 100); do grep -q ready "$dir/listen.out" 2>/dev/null && break; sleep 0.05; done

ours_counts() { # OPEN REFUSED FILTERED from a summary
  for s in OPEN REFUSED FILTERED; do grep -oE "^$s: [0-9]+" "$1" | awk '{print $2}' | grep . || echo 0; done | paste -sd' '
}
nmap_counts() { # open closed filtered from -oG
  for s in open closed filtered; do grep -c "Ports: 80/$s/" "$1" || true; done | paste -sd' '
}
run_ours() { in_ns "$CLI" probe 10.20.0.0/16:80/tcp --timeout 500ms --format summary > "$1" || true; }
# shellcheck disable=SC2086
run_nmap() { in_ns nmap -sT -p80 -n -Pn $NMAP_FLAGS 10.20.0.0/16 -oG - > "$1" 2>/dev/null; }

ours=(); theirs=(); fail=0
for i in $(seq "$RUNS"); do
  t0=$(now); run_ours "$dir/ours.out"; t1=$(now); ours+=("$(echo "$t1 - $t0" | bc)")
  t0=$(now); run_nmap "$dir/nmap.out"; t1=$(now); theirs+=("$(echo "$t1 - $t0" | bc)")
  oc=$(ours_counts "$dir/ours.out"); nc=$(nmap_counts "$dir/nmap.out")
  echo "run $i: wdm-ports ${ours[-1]} s [$oc], nmap ${theirs[-1]} s [$nc]" >&2
  if [ "$oc" != "$nc" ] || [ "$oc" != "32768 16384 16384" ]; then
    echo "counts differ: wdm-ports OPEN/REFUSED/FILTERED $oc, nmap open/closed/filtered $nc, expected 32768 16384 16384" >&2
    fail=1
  fi
done
mo=$(printf '%s\n' "${ours[@]}" | median); mn=$(printf '%s\n' "${theirs[@]}" | median)
echo "nmap flags: -sT -p80 -n -Pn $NMAP_FLAGS"
echo "/16 fleet sweep (quarter refused, quarter dropped), median over $RUNS runs: wdm-ports ${mo} s, nmap ${mn} s, ratio $(echo "scale=2; $mo / $mn" | bc)"

in_ns "$CLI" probe 10.20.0.0/16:80/tcp --timeout 500ms --format summary >/dev/null &
pid=$!
maxthreads=0; maxheap=0
while kill -0 "$pid" 2>/dev/null; do
  for p in $pid $(pgrep -P "$pid" 2>/dev/null); do
    th=$(awk '/^Threads:/ {print $2}' /proc/$p/status 2>/dev/null || echo 0)
    if [ "${th:-0}" -gt "$maxthreads" ]; then maxthreads=$th; fi
    heap=$(jstat -gc "$p" 2>/dev/null | awk 'NR==2 {printf "%d", ($3+$4+$6+$8)/1024}' || true)
    if [ -n "$heap" ] && [ "$heap" -gt "$maxheap" ]; then maxheap=$heap; fi
  done
  sleep 0.05
done
wait "$pid" || true
echo "during a /16 fleet sweep: max heap used ${maxheap} MB, max threads ${maxthreads}"

# ulimit -n: each outstanding connect holds a descriptor (the JVM raises its soft limit to the hard
# one at start; nmap sizes its parallelism to the limit).
t0=$(now); in_ns bash -c 'ulimit -n 1024 && exec "$@"' - "$CLI" probe 10.20.0.0/16:80/tcp --timeout 500ms --format summary > "$dir/ours.out" || true; t1=$(now)
# shellcheck disable=SC2086
t2=$(now); in_ns bash -c 'ulimit -n 1024 && exec "$@"' - nmap -sT -p80 -n -Pn $NMAP_FLAGS 10.20.0.0/16 -oG - > "$dir/nmap.out" 2>/dev/null; t3=$(now)
oc=$(ours_counts "$dir/ours.out"); nc=$(nmap_counts "$dir/nmap.out")
echo "ulimit -n 1024 (hard and soft): wdm-ports $(echo "$t1 - $t0" | bc) s [$oc], nmap $(echo "$t3 - $t2" | bc) s [$nc]"
[ "$oc" = "32768 16384 16384" ] || { echo "wdm-ports under ulimit -n 1024: wrong counts $oc" >&2; fail=1; }
# Fleet preflight (issue 11, measure 2): the same /16 as the thin clients of a deployment whose
# server (127.0.0.2 inside the namespace) answers its own flows (HTTP on the designated port 280, a
# TDS PRELOGIN reply on 1433), `preflight --from wdm-server`, against the plain sweep above,
# interleaved; the preflight's device counts must be the sweep's.
cat > "$dir/respond.py" <<'PY'
import socket, sys, select, threading
TDS = bytes([4, 1, 0, 26, 0, 0, 1, 0, 0, 0, 11, 0, 6, 1, 0, 17, 0, 1, 255, 15, 0, 7, 208, 0, 0, 2])
HTTP = b'HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n'
socks = {}
for spec in sys.argv[1:]:
    host, port, kind = spec.rsplit(':', 2)
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((host, int(port))); s.listen(128); socks[s] = TDS if kind == 'tds' else HTTP
print('ready', flush=True)
def serve(c, reply):
    try:
        c.settimeout(5); c.recv(4096); c.sendall(reply)
    except OSError:
        pass
    finally:
        c.close()
while True:
    r, _, _ = select.select(list(socks), [], [])
    for s in r:
        c, _ = s.accept()
        threading.Thread(target=serve, args=(c, socks[s]), daemon=True).start()
PY
in_ns python3 -u "$dir/respond.py" 127.0.0.2:280:http 127.0.0.2:1433:tds > "$dir/respond.out" 2>&1 &
for i in $(seq 100); do grep -q ready "$dir/respond.out" 2>/dev/null && break; sleep 0.05; done
cat > "$dir/fleet.yaml" <<'YAML'
name: simulated-fleet
security: http
ports: {http: 280, database: 1433}
hosts:
  - {name: wdm-server, address: 127.0.0.2, runs: [web-service, standard-service, database, master-repository]}
  - {name: admin, address: 127.0.0.3, runs: [gui]}
  - {name: thin-clients, address: 10.20.0.0/16, runs: [web-agent]}
YAML
run_preflight() { in_ns "$CLI" preflight --deployment "$dir/fleet.yaml" --from wdm-server --timeout 500ms --format json > "$1" || true; }
preflight_counts() { # OPEN REFUSED FILTERED of the swept flow
  python3 -c 'import json,sys
d=[f for f in json.load(open(sys.argv[1]))["flows"] if "devices" in f][0]["devices"]["byStatus"]
print(" ".join(str(d.get(s,0)) for s in ("OPEN","REFUSED","FILTERED")))' "$1"
}
sweeps=(); preflights=()
for i in $(seq "$RUNS"); do
  t0=$(now); run_ours "$dir/ours.out"; t1=$(now); sweeps+=("$(echo "$t1 - $t0" | bc)")
  t0=$(now); run_preflight "$dir/preflight.json"; t1=$(now); preflights+=("$(echo "$t1 - $t0" | bc)")
  pc=$(preflight_counts "$dir/preflight.json")
  echo "run $i: sweep ${sweeps[-1]} s, fleet preflight ${preflights[-1]} s [$pc]" >&2
  [ "$pc" = "32768 16384 16384" ] || { echo "fleet preflight counts $pc, expected 32768 16384 16384" >&2; fail=1; }
done
ms=$(printf '%s\n' "${sweeps[@]}" | median); mp=$(printf '%s\n' "${preflights[@]}" | median)
echo "fleet preflight of the /16 from the server, median over $RUNS runs: ${mp} s, the plain sweep ${ms} s, ratio $(echo "scale=2; $mp / $ms" | bc)"
python3 -c 'import json,sys
r=[o for o in json.load(open(sys.argv[1]))["operations"] if o["id"]=="reboot"][0]
print("reboot:", r["availability"], "-", r["reason"][:160])' "$dir/preflight.json"

exit "$fail"
