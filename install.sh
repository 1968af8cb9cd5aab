#!/usr/bin/env bash
# Builds ExaHealth as a native single binary and installs it.
#
#   ./install.sh [--prefix DIR]      default DIR=/usr/local
#
# Installs DIR/bin/exahealth (the ExaBGP API process itself) and, unless it already exists,
# DIR/etc/exahealth/exahealth.json from config-samples/. Safe to run again: an existing
# configuration is never overwritten. Needs the .NET 10 SDK and a C toolchain for the native
# link (gcc or clang, with binutils); on Debian, run as root, it installs gcc when neither is there.
set -euo pipefail

prefix=/usr/local
while [ $# -gt 0 ]; do
    case $1 in
        --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        -h|--help) sed -n '2,10p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown argument $1 (use --prefix DIR)" >&2; exit 2 ;;
    esac
done

here=$(cd "$(dirname "$0")" && pwd)
say() { printf 'install.sh: %s\n' "$*" >&2; }

command -v dotnet >/dev/null || { say "missing: the .NET 10 SDK (dotnet) - see https://learn.microsoft.com/dotnet/core/install/linux-debian"; exit 1; }
if ! command -v clang >/dev/null && ! command -v gcc >/dev/null || ! command -v objcopy >/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "installing gcc (native linker for the AOT build)"
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq gcc >/dev/null \
            || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gcc >/dev/null; }
    else
        say "missing: a C toolchain for the native link - apt-get install gcc (or clang)"; exit 1
    fi
fi

build=$(mktemp -d)
trap 'rm -rf "$build"' EXIT
say "building the native binary (dotnet publish, about a minute)"
dotnet publish "$here/plugin/exahealth.csproj" -c Release -r linux-x64 -o "$build" --nologo -v quiet >&2

install -d "$prefix/bin" "$prefix/etc/exahealth"
install -m 0755 "$build/exahealth" "$prefix/bin/exahealth"
say "installed $prefix/bin/exahealth ($("$prefix/bin/exahealth" --version))"
config=$prefix/etc/exahealth/exahealth.json
if [ -e "$config" ]; then
    say "kept existing $config"
else
    install -m 0644 "$here/config-samples/exahealth.json" "$config"
    say "installed $config (edit ovsdb.southbound and routes.allowedPrefixes)"
fi

cat <<TEXT

ExaBGP process stanza (see config-samples/exabgp.conf and exabgp.env):

    process exahealth {
        run $prefix/bin/exahealth run --config $config;
        encoder json;
    }

Check the configuration:   $prefix/bin/exahealth check-config --config $config
Watch it work (real OVN, ExaBGP and GoBGP on loopback; needs root and the Debian packages
ovn-central ovn-common openvswitch-common exabgp gobgpd, which it installs if missing):

    $here/tests/demo.sh --binary $prefix/bin/exahealth
TEXT
