#!/usr/bin/env bash
# Runs every test: unit tests and the integration tests against real ovsdb-server, ovn-northd,
# ExaBGP and GoBGP (started on loopback by tests/ExaHealth.Lab), once per component set:
# bookworm (the host's Debian 12 packages), trixie and sid (Debian roots that tests/lab-root.sh
# builds with debootstrap and caches for a week). EXAHEALTH_LAB_SETS="bookworm trixie" runs fewer.
# Installs what it needs (Debian packages, once), builds the native plugin, prints each set's
# component versions, one result line per set, and as its last line:
#   tests: N passed, M failed
# Exit status 0 only if every test passed.
set -uo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
results=$root/artifacts/test-results
rm -rf "$results"
mkdir -p "$results"
export EXAHEALTH_LAB_ROOT=${EXAHEALTH_LAB_ROOT:-/tmp/exahealth-tests}
lab_base=$EXAHEALTH_LAB_ROOT
read -r -a sets <<<"${EXAHEALTH_LAB_SETS:-bookworm trixie sid}"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

summary() { echo "tests: $1 passed, $2 failed"; }

if ! tests/lab-deps.sh; then
    echo "run-all: cannot install the lab's Debian packages" >&2
    summary 0 1; exit 1
fi

# The component sets: build (or reuse) each root and print its versions. A set whose root cannot
# be built counts as one failure and is not run.
runnable=()
root_failures=0
for set in "${sets[@]}"; do
    if tests/lab-root.sh "$set"; then
        runnable+=("$set")
    else
        echo "run-all: set $set: cannot build its Debian root (tests/lab-root.sh $set)" >&2
        root_failures=$((root_failures + 1))
    fi
done

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
[ "$root_failures" -gt 0 ] && status=1
dotnet test tests/ExaHealth.Tests -c Release --no-build --nologo \
    --logger "trx;LogFileName=ExaHealth.Tests.trx" --logger "console;verbosity=normal" \
    --results-directory "$results" || status=1

# One integration run per set, each in its own lab directory and with its own trx file. A hung
# run is cut after 30 min so the other sets still run within CI's limit.
# Tests of the plugin's own behaviour, which no component version changes (category AnySet), run on
# the first set only; every test that meets OVN, OVS, ExaBGP, GoBGP or FRR runs on each set.
first_set=${runnable[0]:-}
for set in "${runnable[@]}"; do
    echo "run-all: integration tests on set $set" >&2
    filter=()
    [ "$set" = "$first_set" ] || filter=(--filter "TestCategory!=AnySet")
    EXAHEALTH_LAB=$set EXAHEALTH_LAB_ROOT=$lab_base/$set \
        timeout --kill-after=30s 30m dotnet test tests/ExaHealth.IntegrationTests -c Release --no-build --nologo "${filter[@]}" \
        --logger "trx;LogFileName=ExaHealth.IntegrationTests.$set.trx" --logger "console;verbosity=normal" \
        --results-directory "$results" || status=1
    # Leftover lab daemons of a crashed run would hold ports for the next one.
    pkill -f "$lab_base/$set/lab-" 2>/dev/null || true
done

# The demo, non-interactive: its checks (the RIB at each step, the status verb) count as tests.
# It runs on the host's packages.
demo_out=$results/demo.txt
env -u EXAHEALTH_LAB tests/demo.sh --binary "$EXAHEALTH_BINARY" > "$demo_out" 2>&1 || status=1
tail -n 3 "$demo_out"
demo_line=$(grep -E '^demo: [0-9]+ passed, [0-9]+ failed$' "$demo_out" | tail -n 1)
demo_passed=$(sed -n 's/^demo: \([0-9]*\) passed.*/\1/p' <<<"$demo_line")
demo_failed=$(sed -n 's/.* \([0-9]*\) failed$/\1/p' <<<"$demo_line")
[ -n "$demo_line" ] || { echo "run-all: the demo printed no summary" >&2; demo_failed=1; demo_passed=0; status=1; }

# The two-site demo (two OVN sites, FRR as the router), counted the same way.
demo2_out=$results/demo-two-sites.txt
env -u EXAHEALTH_LAB tests/demo.sh --binary "$EXAHEALTH_BINARY" --two-sites > "$demo2_out" 2>&1 || status=1
tail -n 3 "$demo2_out"
demo2_line=$(grep -E '^demo: [0-9]+ passed, [0-9]+ failed$' "$demo2_out" | tail -n 1)
[ -n "$demo2_line" ] || { echo "run-all: the two-site demo printed no summary" >&2; demo2_line="demo: 0 passed, 1 failed"; status=1; }
demo_passed=$(( ${demo_passed:-0} + $(sed -n 's/^demo: \([0-9]*\) passed.*/\1/p' <<<"$demo2_line") ))
demo_failed=$(( ${demo_failed:-0} + $(sed -n 's/.* \([0-9]*\) failed$/\1/p' <<<"$demo2_line") ))

pkill -f "$EXAHEALTH_LAB_ROOT/lab-" 2>/dev/null || true

# The Debian package in clean Debian 12 and 13 roots: its checks count as tests too.
package_out=$results/package.txt
tests/package-test.sh --binary "$EXAHEALTH_BINARY" > "$package_out" 2>&1 || status=1
grep -E '^  (ok|FAILED)|^package' "$package_out" | tail -n 30
package_line=$(grep -E '^package: [0-9]+ passed, [0-9]+ failed$' "$package_out" | tail -n 1)
package_passed=$(sed -n 's/^package: \([0-9]*\) passed.*/\1/p' <<<"$package_line")
package_failed=$(sed -n 's/.* \([0-9]*\) failed$/\1/p' <<<"$package_line")
[ -n "$package_line" ] || { echo "run-all: the package test printed no summary" >&2; tail -n 20 "$package_out" >&2; package_failed=1; package_passed=0; status=1; }

passed=0; failed=0; files=0
expected=(ExaHealth.Tests)
for set in "${runnable[@]}"; do expected+=("ExaHealth.IntegrationTests.$set"); done
for name in "${expected[@]}"; do
    trx=$results/$name.trx
    if [ ! -f "$trx" ]; then
        echo "run-all: $name produced no results" >&2
        failed=$((failed + 1)); status=1
        continue
    fi
    files=$((files + 1))
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
    p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
    f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
    e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters")
    t=$(sed -n 's/.* timeout="\([0-9]*\)".*/\1/p' <<<"$counters")
    a=$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")
    passed=$((passed + ${p:-0}))
    failed=$((failed + ${f:-0} + ${e:-0} + ${t:-0} + ${a:-0}))
    echo "$name: ${p:-0} passed, $((${f:-0} + ${e:-0} + ${t:-0} + ${a:-0})) failed"
    # Which tests failed, by name, so the set is in the same line.
    grep -o '<UnitTestResult [^>]*outcome="\(Failed\|Error\|Timeout\|Aborted\)"[^>]*>' "$trx" \
        | sed -n 's/.* testName="\([^"]*\)".*/  failed: \1/p'
done
passed=$((passed + ${demo_passed:-0} + ${package_passed:-0}))
failed=$((failed + ${demo_failed:-0} + ${package_failed:-0} + root_failures))
[ "$failed" -gt 0 ] && status=1
summary "$passed" "$failed"
exit $status
