#!/usr/bin/env bash
# Soak: minutes of Service_Monitor status churn against the native plugin (default 10 min at
# 1,000 flips/s on 10,000 VIPs x 5 backends); checks that RSS, descriptors and threads stay flat
# and that no change is lost. Arguments go to the benchmark's soak verb:
#   tests/soak.sh [--minutes 10] [--rate 1000] [--vips 10000] [--backends 5]
# Writes artifacts/benchmarks/soak.md; exit status 0 only if every check passed.
# Needs root the first time (tests/lab-deps.sh installs OVN's Debian packages).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
export EXAHEALTH_LAB_ROOT=${EXAHEALTH_LAB_ROOT:-/tmp/exahealth-soak}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

if ! tests/lab-deps.sh; then
    echo "soak: cannot install the lab's Debian packages" >&2
    exit 1
fi

# Publish when the binary is missing or older than a source of the plugin.
binary=$root/artifacts/bin/exahealth
if [ ! -x "$binary" ] || [ -n "$(find plugin -path plugin/bin -prune -o -path plugin/obj -prune -o -type f -newer "$binary" -print -quit)" ]; then
    dotnet publish plugin/exahealth.csproj -c Release -r linux-x64 -o artifacts/bin --nologo -v quiet
fi
export EXAHEALTH_BINARY=$binary

dotnet build tests/ExaHealth.Benchmarks -c Release --nologo -v quiet
exec dotnet run --project tests/ExaHealth.Benchmarks -c Release --no-build -- soak "$@"
