#!/usr/bin/env bash
# (root) A preflight of 50 flows, 10 of them dropped by an iptables rule, per-probe timeout 2 s:
# total wall time against the timeout. Everything runs against addresses inside a network
# namespace this script creates (10.231.77.2), reached through a veth pair; deleted on exit.
source "$(dirname "$0")/lib.sh"
ensure_cli
[ "$(id -u)" = 0 ] || { echo "needs root (ip netns, iptables)" >&2; exit 2; }
ns="wpb-$$"; dir=$(mktemp -d)
cleanup() { ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null; ip netns del "$ns" 2>/dev/null; ip link del "${ns}-h" 2>/dev/null; rm -rf "$dir"; }
trap cleanup EXIT
ip netns add "$ns"
ip link add "${ns}-h" type veth peer name "${ns}-n"
ip link set "${ns}-n" netns "$ns"
ip addr add 10.231.77.1/30 dev "${ns}-h"; ip link set "${ns}-h" up
ip -n "$ns" addr add 10.231.77.2/30 dev "${ns}-n"; ip -n "$ns" link set "${ns}-n" up; ip -n "$ns" link set lo up
# 50 listeners inside the namespace on ports 20001..20050; ports 20041..20050 dropped.
ip netns exec "$ns" python3 -c '
import socket, time
ss = []
for p in range(20001, 20051):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind(("10.231.77.2", p)); s.listen(64); ss.append(s)
time.sleep(600)' &
ip netns exec "$ns" iptables -A INPUT -p tcp --dport 20041:20050 -j DROP
# A catalog of 50 rules client -> server and a deployment placing them.
{
  echo "name: bench"; echo "components: [{id: client}, {id: server}]"
  echo "protocols: [{id: tcp-service, transport: tcp}]"
  echo "rules:"
  for p in $(seq 20001 20050); do echo "  - {id: r$p, from: client, to: server, protocol: tcp-service, ports: [$p]}"; done
  echo "operations:"
  for p in $(seq 20001 20050); do echo "  - {id: o$p, kind: console, requires: [r$p]}"; done
} > "$dir/catalog.yaml"
printf 'hosts:\n  - {name: here, runs: [client]}\n  - {name: server, address: 10.231.77.2, runs: [server]}\n' > "$dir/deployment.yaml"
for i in $(seq 50); do (exec 3<>/dev/tcp/10.231.77.2/20001) 2>/dev/null && break; sleep 0.1; done
times=(); probes=()
for i in $(seq "$RUNS"); do
  t0=$(now)
  "$CLI" preflight --catalog "$dir/catalog.yaml" --deployment "$dir/deployment.yaml" --from here --timeout 2s --format json > "$dir/out.json" || true
  t1=$(now); times+=("$(echo "$t1 - $t0" | bc)")
  probe_ms=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["summary"]["elapsedMs"])' "$dir/out.json")
  probes+=("$probe_ms")
  echo "run $i: process $(echo "$t1 - $t0" | bc) s, probing ${probe_ms} ms, $(grep -o '"status" : "[A-Z_]*"' "$dir/out.json" | sort | uniq -c | tr '\n' ' ')" >&2
done
m=$(printf '%s\n' "${times[@]}" | median)
p=$(printf '%s\n' "${probes[@]}" | median)
echo "preflight of 50 flows, 10 dropped, timeout 2 s, median over $RUNS runs: probing ${p} ms = $(echo "scale=2; $p / 2000" | bc)x the timeout; whole process (JVM start included) ${m} s"
