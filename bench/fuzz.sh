#!/usr/bin/env bash
# Fuzzes every @FuzzTest method for real, one after the other, each for SECONDS (default 60).
#
#   bench/fuzz.sh [SECONDS] [FILTER]     e.g. bench/fuzz.sh 600 PolicyFormatFuzzTest
#
# FILTER (a grep -E pattern) picks targets by "module Class#method". Each target is one Maven run
# with JAZZER_FUZZ=1 (Jazzer fuzzes a single @FuzzTest per JVM), -Djazzer.max_duration, a heap cap
# (FUZZ_HEAP, 1g) so that a parser allocating without bound fails as an OutOfMemoryError, and a
# per-input time limit (FUZZ_TIMEOUT, 10s) so that one that hangs fails as a libFuzzer timeout:
# Jazzer passes JUnit's default timeout to libFuzzer, and timeout.mode=disabled keeps JUnit from
# also applying it to the whole run. Jazzer keeps its generated corpus in .cifuzz-corpus/ (ignored
# by git) and writes each finding as crash-<sha1> (or timeout-<sha1>) into the test's Inputs
# directory under src/test/resources, where it then runs in every build: fix the parser, keep the
# file (rename it for what it is). Prints one line per target (seconds, executions, result) and
# the findings; exits 1 when there was one. See docs/fuzzing.md.
set -uo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SECONDS_PER_TARGET="${1:-60}"
FILTER="${2:-.}"
HEAP="${FUZZ_HEAP:-1g}"
TIMEOUT="${FUZZ_TIMEOUT:-10s}"
LOGS="$ROOT/target/fuzz"
mkdir -p "$LOGS"
cd "$ROOT"

targets() {
  # module Class#method, for each @FuzzTest method in a *FuzzTest class.
  grep -rl --include='*FuzzTest.java' '@FuzzTest' wdm-ports-*/src/test/java | sort | while read -r f; do
    module="${f%%/*}"
    class="$(basename "$f" .java)"
    awk '/@FuzzTest/ {want=1} want && /void [a-zA-Z0-9_]+\(/ {match($0, /void [a-zA-Z0-9_]+\(/); print substr($0, RSTART+5, RLENGTH-6); want=0}' "$f" |
      while read -r method; do echo "$module $class#$method"; done
  done
}

findings_in() {
  find "$1/src/test/resources" \( -name 'crash-*' -o -name 'timeout-*' -o -name 'oom-*' \) \
    2>/dev/null | sort
}

found=0
summary=()
while read -r module target; do
  echo "$module $target" | grep -Eq -- "$FILTER" || continue
  log="$LOGS/${target/\#/.}.log"
  before="$(findings_in "$module")"
  echo ">> $module $target for ${SECONDS_PER_TARGET}s (log: ${log#"$ROOT"/})"
  JAZZER_FUZZ=1 ./mvnw -B -ntp -o -q -pl "$module" -am test \
    -Dtest="$target" -Dsurefire.failIfNoSpecifiedTests=false -Djacoco.skip=true \
    -Djazzer.max_duration="${SECONDS_PER_TARGET}s" -Djazzer.instrument='dev.wdmports.**' \
    -Djunit.jupiter.execution.timeout.testtemplate.method.default="$TIMEOUT" \
    -Djunit.jupiter.execution.timeout.mode=disabled \
    -DargLine="-Xmx$HEAP" >"$log" 2>&1
  rc=$?
  done_line="$(grep -E '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1)"
  runs="$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\1/' <<<"$done_line")"
  secs="$(sed -E 's/^Done ([0-9]+) runs in ([0-9]+) second.*/\2/' <<<"$done_line")"
  after="$(findings_in "$module")"
  new="$(comm -13 <(echo "$before") <(echo "$after") | sed '/^$/d')"
  if [[ $rc -eq 0 && -z "$new" ]]; then
    result="no finding"
  else
    found=1
    result="FINDING (exit $rc)"
    grep -m1 -A10 -E 'FuzzTestFindingException|ERROR: libFuzzer|== Java Exception' "$log" | sed 's/^/   /'
    [[ -n "$new" ]] && sed 's/^/   input: /' <<<"$new"
  fi
  line="$(printf '%-16s %-48s %6ss %12s runs  %s' "$module" "$target" "${secs:-?}" "${runs:-?}" "$result")"
  echo "$line"
  summary+=("$line")
done < <(targets)

echo
echo "== summary (${SECONDS_PER_TARGET}s per target, heap $HEAP)"
printf '%s\n' "${summary[@]}"
exit "$found"
