#!/usr/bin/env bash
# Reproducible builds: builds the published artifacts twice from clean copies of this work tree in
# two different directories (the second with another time zone and locale), then compares
# every published file byte for byte: each module's jar, sources jar, Javadoc jar and CycloneDX
# SBOM, the parent's and the BOM's SBOMs, and the shaded wdm-ports.jar. Prints a table and exits 1
# on any difference, listing the entries that differ inside a jar. Not a benchmark and not in CI
# (two builds of the reactor, 3-8 min each on this 2-core VM, depending on its load).
#
# Both builds run with umask 022, as the release build must (Reproducible Central's buildspecs
# record the umask for the same reason): the sources and Javadoc jars store each file's mode as
# the file system has it, so under umask 077 their generated files are 0600, not 0644 (the main
# jars store no modes and do not change). The copies keep the work tree's file modes.
#
# The builds are the release profile without signing (-Prelease -Dgpg.skip) with -DskipTests, in
# Maven's online mode because cyclonedx:makeBom requires it; -nsu and a populated ~/.m2 mean that
# nothing is downloaded. Nothing is installed: the artifacts are read from each copy's target/.
# KEEP=1 keeps the two trees (in /tmp/wdm-ports-repro.*) for a closer look.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work=$(mktemp -d /tmp/wdm-ports-repro.XXXXXX)
[ "${KEEP:-0}" = 1 ] || trap 'rm -rf "$work"' EXIT

PUBLISHED=(wdm-ports-core wdm-ports-firewall wdm-ports-probe wdm-ports-peers wdm-ports-test
  wdm-ports-exporter wdm-ports-cli)
MVN_ARGS=(-B -ntp -nsu -Prelease -Dgpg.skip -DskipTests -Djacoco.skip=true
  -Dspotless.check.skip=true package)

# The work tree as it is (committed or not), without build output or ignored files.
copy_tree() {
  mkdir -p "$1"
  (cd "$ROOT" && git ls-files -z --cached --others --exclude-standard \
    | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
    | tar --null -T - -cf -) | tar -xf - -C "$1"
}

build() { # DIR LABEL [env...]
  local dir=$1 label=$2 t0
  shift 2
  t0=$(date +%s)
  if ! (cd "$dir" && env "$@" ./mvnw "${MVN_ARGS[@]}" >"$work/$label.log" 2>&1); then
    echo "build $label failed; its log:" >&2
    tail -40 "$work/$label.log" >&2
    exit 2
  fi
  echo "build $label ($dir): $(($(date +%s) - t0)) s" >&2
}

# The published files of one build, one path relative to its tree per line.
published() {
  local dir=$1 m
  for m in "${PUBLISHED[@]}"; do
    (cd "$dir" && ls "$m"/target/"$m"-*.jar "$m"/target/bom.json)
  done
  (cd "$dir" && ls wdm-ports-cli/target/wdm-ports.jar target/bom.json wdm-ports-bom/target/bom.json)
}

copy_tree "$work/a"
copy_tree "$work/second-tree-b"
umask022=(bash -c 'umask 022; exec "$0" "$@"')
build "$work/a" a "${umask022[@]}"
build "$work/second-tree-b" b TZ=Pacific/Kiritimati LC_ALL=C.UTF-8 \
  MAVEN_OPTS="${MAVEN_OPTS:-} -Duser.language=tr -Duser.country=TR" "${umask022[@]}"

(cd "$work/a" && ./mvnw -B -ntp -q -nsu artifact:check-buildplan -Prelease >"$work/buildplan.log" 2>&1) \
  && echo "artifact:check-buildplan: no plugin known to be unreproducible" >&2 \
  || { echo "artifact:check-buildplan found problems:" >&2; grep -E 'ERROR|WARN' "$work/buildplan.log" >&2 || true; }

mapfile -t files_a < <(published "$work/a" | sort)
mapfile -t files_b < <(published "$work/second-tree-b" | sort)
differ=0
if [ "${files_a[*]}" != "${files_b[*]}" ]; then
  echo "the two builds published different files:" >&2
  diff <(printf '%s\n' "${files_a[@]}") <(printf '%s\n' "${files_b[@]}") >&2 || true
  differ=1
fi

printf '%-62s %-16s %s\n' artifact sha256 result
for f in "${files_a[@]}"; do
  a=$(sha256sum "$work/a/$f" | cut -c1-64)
  b=$(sha256sum "$work/second-tree-b/$f" 2>/dev/null | cut -c1-64 || echo missing)
  if [ "$a" = "$b" ]; then
    printf '%-62s %-16s %s\n' "$f" "${a:0:16}" same
  else
    printf '%-62s %-16s %s\n' "$f" "${a:0:16}" "DIFFERS (b: ${b:0:16})"
    differ=1
    case "$f" in
      *.jar)
        python3 - "$work/a/$f" "$work/second-tree-b/$f" <<'PY'
import hashlib, sys, zipfile
def entries(path):
    with zipfile.ZipFile(path) as z:
        return [(i.filename, i.date_time, oct(i.external_attr >> 16),
                 hashlib.sha256(z.read(i)).hexdigest()[:16]) for i in z.infolist()]
a, b = entries(sys.argv[1]), entries(sys.argv[2])
if [e[0] for e in a] != [e[0] for e in b]:
    print("    entry order or names differ")
for x, y in zip(a, b):
    if x != y:
        print(f"    {x[0]}: a {x[1:]} b {y[1:]}")
PY
        ;;
      *)
        diff <(cat "$work/a/$f") <(cat "$work/second-tree-b/$f") | head -20 | sed 's/^/    /'
        ;;
    esac
  fi
done
if [ "$differ" = 0 ]; then
  echo "${#files_a[@]} files, all byte-identical"
else
  echo "not reproducible: see above" >&2
  exit 1
fi
