#!/usr/bin/env bash
# ExaHealth demo on loopback: real OVN (NB, SB, northd), GoBGP as the router, ExaBGP running
# ExaHealth. Plays: two backends healthy -> VIP announced; both fail -> withdrawn; one recovers
# -> announced again, showing Service_Monitor rows, ExaHealth's log and the router's RIB.
#
#   tests/demo.sh [--binary /usr/local/bin/exahealth] [--two-sites]
#
# --two-sites: two OVN sites announce the anycast VIP 10.0.0.10/32 to one FRR router (bgpd only);
# site A fails, recovers, degrades and is drained gracefully, with FRR's view at each step.
#
# Needs root (it installs the Debian packages ovn-central ovn-common openvswitch-common exabgp
# gobgpd when missing) and the .NET SDK. Without --binary it builds the plugin first.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
"$here/lab-deps.sh"
exec dotnet run --project "$here/ExaHealth.Demo/ExaHealth.Demo.csproj" -c Release -- "$@"
