#!/usr/bin/env bash
# Coverage-guided fuzzing of what an OVSDB server sends (framer, JSON-RPC reader, table updates,
# snapshot streamer, Southbound replica) with AFL++ and SharpFuzz. See README.md beside this file.
#
#   tests/ExaHealth.Fuzz/run-fuzz.sh [minutes]      default 10
#
# Needs the .NET SDK; installs afl++ (apt) and the sharpfuzz tool when missing. Everything it
# writes goes under artifacts/fuzz/. Exit status 1 when crashes or hangs were found.
set -euo pipefail

minutes="${1:-10}"
if [[ ! "$minutes" =~ ^[0-9]+$ || "$minutes" -eq 0 ]]; then
  echo "usage: $0 [minutes]" >&2
  exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$repo/artifacts/fuzz"
bin="$out/bin"
tools="$out/tools"
seeds="$out/seeds"
findings="$out/findings"
mkdir -p "$out"

if ! command -v afl-fuzz >/dev/null; then
  sudo=""
  if [[ "$(id -u)" -ne 0 ]]; then sudo="sudo"; fi
  $sudo apt-get update
  $sudo apt-get install -y afl++
fi

if [[ ! -x "$tools/sharpfuzz" ]]; then
  dotnet tool install SharpFuzz.CommandLine --version 2.3.0 --tool-path "$tools"
fi

# Its own output directory, so that instrumenting exahealth.dll there touches no other build.
# The plugin's obj/ is shared with whoever else builds: a file-in-use error is retried.
rm -f "$bin/exahealth.dll"
for attempt in 1 2 3 4 5 6; do
  if log="$(dotnet build "$here/ExaHealth.Fuzz.csproj" -c Release -o "$bin" --nologo -v quiet 2>&1)"; then
    break
  fi
  if [[ "$attempt" -eq 6 ]] || ! grep -qiE "being used by another process|lock|MSB3021|MSB3026|MSB3027" <<<"$log"; then
    echo "$log" >&2
    exit 1
  fi
  echo "build: output locked by another build, retrying in 15 s" >&2
  sleep 15
done

# The instrumented assembly only runs under afl-fuzz: replaying findings needs a plain copy.
rm -rf "$out/replay"
cp -r "$bin" "$out/replay"

# Only the code a server's bytes reach: unrelated types would add noise to the coverage map.
"$tools/sharpfuzz" "$bin/exahealth.dll" ExaHealth.Ovsdb ExaHealth.Southbound ExaHealth.Health ExaHealth.Text

rm -rf "$seeds"
dotnet "$out/replay/ExaHealth.Fuzz.dll" seeds "$repo/tests/ExaHealth.Tests/Fixtures" "$seeds"

# Keep the previous run's findings one run longer.
if [[ -d "$findings" ]]; then
  rm -rf "$findings.previous"
  mv "$findings" "$findings.previous"
fi

# dotnet is not an AFL-instrumented binary (the instrumentation is inside exahealth.dll).
export AFL_SKIP_BIN_CHECK=1
# Shared and virtual machines rarely let us set the CPU governor or pin a core.
export AFL_SKIP_CPUFREQ=1
export AFL_NO_AFFINITY=1
# No terminal UI: the run is logged to a file.
export AFL_NO_UI=1
if [[ "$(cat /proc/sys/kernel/core_pattern)" == \|* ]]; then
  # Cores go to a helper (systemd-coredump, apport): AFL would refuse to start. Crashes are
  # still seen: SharpFuzz reports an escaped exception itself.
  export AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1
fi

echo "fuzzing for $minutes min; log: $out/afl.log"
# -t: one run takes a few ms once jitted; 2 s is a hang, not a slow path.
afl-fuzz -i "$seeds" -o "$findings" -x "$here/ovsdb.dict" -t 2000 -m none -V "$((minutes * 60))" \
  -- dotnet "$bin/ExaHealth.Fuzz.dll" >"$out/afl.log" 2>&1 || {
  echo "afl-fuzz failed:" >&2
  tail -n 30 "$out/afl.log" >&2
  exit 1
}

stats="$findings/default/fuzzer_stats"
field() { awk -F' *: *' -v key="$1" '$1 == key { print $2 }' "$stats"; }
count() { find "$findings/default/$1" -maxdepth 1 -name 'id:*' 2>/dev/null | wc -l; }
crashes="$(count crashes)"
hangs="$(count hangs)"
echo
echo "run time        $(field run_time) s"
echo "executions      $(field execs_done)"
echo "execs/s         $(field execs_per_sec)"
echo "corpus (paths)  $(field corpus_count)"
echo "coverage        $(field bitmap_cvg)"
echo "stability       $(field stability)"
echo "crashes         $crashes"
echo "hangs           $hangs"
echo "findings        $findings/default"

if [[ "$crashes" -gt 0 || "$hangs" -gt 0 ]]; then
  echo
  echo "replayed outside AFL, grouped by exception and throwing frame:"
  find "$findings/default/crashes" "$findings/default/hangs" -maxdepth 1 -name 'id:*' -print0 |
    xargs -0 -r timeout 600 dotnet "$out/replay/ExaHealth.Fuzz.dll" repro >"$out/replay.txt" 2>&1 || true
  grep ' × ' "$out/replay.txt" || echo "  (none escaped outside AFL: a hang, or a crash of the instrumented build only)"
  echo "stack traces: $out/replay.txt; one input: dotnet $out/replay/ExaHealth.Fuzz.dll repro FILE"
  exit 1
fi
