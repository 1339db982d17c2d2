# Shared helpers for the bench scripts.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/wdm-ports-examples/target/wdm-ports.jar"
RUNS="${RUNS:-5}"

ensure_jar() {
  if [ ! -f "$JAR" ]; then
    (cd "$ROOT" && ./mvnw -B -q -DskipTests -Dmaven.javadoc.skip=true -Djacoco.skip=true -pl wdm-ports-examples -am package)
  fi
}

# now: seconds since the epoch with nanoseconds
now() { date +%s.%N; }

# median of the numbers on stdin
median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.3f\n", (a[NR/2]+a[NR/2+1])/2}'; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'; }
