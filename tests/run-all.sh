#!/usr/bin/env bash
# Runs every test: unit tests and the integration tests against real ovsdb-server, ovn-northd,
# ExaBGP and GoBGP (started on loopback by tests/ExaHealth.Lab). Installs what it needs
# (Debian packages, once), builds the native plugin, and prints as its last line:
#   tests: N passed, M failed
# Exit status 0 only if every test passed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results=$root/artifacts/test-results
rm -rf "$results"
mkdir -p "$results"
export EXAHEALTH_LAB_ROOT=${EXAHEALTH_LAB_ROOT:-/tmp/exahealth-tests}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

summary() { echo "tests: $1 passed, $2 failed"; }

if ! tests/lab-deps.sh; then
    echo "run-all: cannot install the lab's Debian packages" >&2
    summary 0 1; exit 1
fi

# The integration tests run the native binary, as ExaBGP would.
if ! dotnet publish plugin/exahealth.csproj -c Release -r linux-x64 -o artifacts/bin --nologo -v quiet; then
    echo "run-all: the native build failed" >&2
    summary 0 1; exit 1
fi
export EXAHEALTH_BINARY=$root/artifacts/bin/exahealth

if ! dotnet build ExaHealth.sln -c Release --nologo -v quiet; then
    echo "run-all: the build failed" >&2
    summary 0 1; exit 1
fi

status=0
for project in tests/ExaHealth.Tests tests/ExaHealth.IntegrationTests; do
    name=$(basename "$project")
    dotnet test "$project" -c Release --no-build --nologo \
        --logger "trx;LogFileName=$name.trx" --logger "console;verbosity=normal" \
        --results-directory "$results" || status=1
done

# The demo, non-interactive: its checks (the RIB at each step, the status verb) count as tests.
demo_out=$results/demo.txt
tests/demo.sh --binary "$EXAHEALTH_BINARY" > "$demo_out" 2>&1 || status=1
tail -n 3 "$demo_out"
demo_line=$(grep -E '^demo: [0-9]+ passed, [0-9]+ failed$' "$demo_out" | tail -n 1)
demo_passed=$(sed -n 's/^demo: \([0-9]*\) passed.*/\1/p' <<<"$demo_line")
demo_failed=$(sed -n 's/.* \([0-9]*\) failed$/\1/p' <<<"$demo_line")
[ -n "$demo_line" ] || { echo "run-all: the demo printed no summary" >&2; demo_failed=1; demo_passed=0; status=1; }

# Leftover lab daemons of a crashed run would hold ports for the next one.
pkill -f "$EXAHEALTH_LAB_ROOT/lab-" 2>/dev/null || true

passed=0; failed=0; files=0
for trx in "$results"/*.trx; do
    [ -f "$trx" ] || continue
    files=$((files + 1))
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
    t=$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")
    a=$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
done
passed=$((passed + ${demo_passed:-0}))
failed=$((failed + ${demo_failed:-0}))
if [ "$files" -lt 2 ]; then
    echo "run-all: a test project produced no results" >&2
    failed=$((failed + 2 - files)); status=1
fi
[ "$failed" -gt 0 ] && status=1
summary "$passed" "$failed"
exit $status
