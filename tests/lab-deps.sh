#!/usr/bin/env bash
# Installs the Debian packages the lab needs (tests, demo, benchmarks; debootstrap for the trixie and
# sid roots of tests/lab-root.sh), only those missing;
# runs apt-get update at most once.
set -euo pipefail
packages=(ovn-central ovn-common openvswitch-common exabgp gobgpd frr openssl debootstrap lintian iproute2 man-db)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
command -v gcc >/dev/null || command -v clang >/dev/null || missing+=(gcc)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
    echo "lab-deps.sh: missing ${missing[*]}: run as root, or apt-get install ${missing[*]}" >&2
    exit 1
fi
echo "lab-deps.sh: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get -o DPkg::Lock::Timeout=300 install -y -qq "${missing[@]}" >/dev/null
