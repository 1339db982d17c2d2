# Shared helpers for the bench scripts.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# The command users run (the issue measures `./wdm-ports probe ...`): the launcher builds the jar
# when sources changed, archives its classes once per build, and starts a JVM tuned for a
# command-line run. WDM_PORTS_JAVA_OPTS and WDM_PORTS_CDS=0 reach it unchanged.
CLI="$ROOT/wdm-ports"
RUNS="${RUNS:-5}"

# Builds (and archives) before the first timed run, so that no run pays for either.
ensure_cli() {
  "$CLI" --version >/dev/null
}

# now: seconds since the epoch with nanoseconds
now() { date +%s.%N; }

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
