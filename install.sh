#!/usr/bin/env bash
# Builds ExaHealth as a native single binary and installs it.
#
#   ./install.sh [--prefix DIR] [--with-lab-deps] [--binary FILE]   install (default DIR=/usr/local)
#   ./install.sh [--prefix DIR] --uninstall                          remove what a previous install put there
#   ./install.sh --deb DIR [--binary FILE]                           write DIR/exahealth_<version>_<arch>.deb, install nothing
#
# Installs DIR/bin/exahealth (the ExaBGP API process itself), DIR/etc/exahealth/exahealth.json
# from config-samples/ unless a configuration is already there (it is never overwritten), and the
# state and status directories: /var/lib/exahealth and /run/exahealth for /usr/local and /usr,
# DIR/var/lib/exahealth and DIR/run/exahealth for any other prefix (the installed configuration
# points at them). Safe to run again. What it creates is listed in DIR/share/exahealth/installed,
# which --uninstall follows: it removes those files and the directories it created when empty,
# nothing else. --with-lab-deps also installs the Debian packages the demo and the tests need.
#
# --deb builds a Debian package for router hosts without the SDK (plugin/packaging/build-deb.sh):
# copy it there and `apt install ./exahealth_*.deb`.
#
# Needs the .NET 10 SDK and a C toolchain for the native link (gcc or clang, and binutils), unless
# --binary gives an exahealth binary built before (to build once and install on many hosts).
set -euo pipefail

prefix=/usr/local
uninstall=0
lab_deps=0
binary=
deb_dir=
while [ $# -gt 0 ]; do
    case $1 in
        --prefix) prefix=${2:?--prefix needs a directory}; shift 2 ;;
        --prefix=*) prefix=${1#--prefix=}; shift ;;
        --uninstall) uninstall=1; shift ;;
        --with-lab-deps) lab_deps=1; shift ;;
        --binary) binary=${2:?--binary needs a file}; shift 2 ;;
        --deb) deb_dir=${2:?--deb needs a directory}; shift 2 ;;
        -h|--help) sed -n '2,24p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
case $prefix in
    /*) ;;
    *) prefix=$(pwd)/$prefix ;;
esac
prefix=${prefix%/}

here=$(cd "$(dirname "$0")" && pwd)
manifest=$prefix/share/exahealth/installed
say() { printf 'install.sh: %s\n' "$*" >&2; }

if [ "$uninstall" = 1 ]; then
    [ -f "$manifest" ] || { say "nothing to uninstall: no $manifest"; exit 1; }
    # Files first, then directories deepest first, each only if this script created it.
    tac "$manifest" | while IFS=' ' read -r kind path; do
        case $kind in
            file) rm -f "$path" && say "removed $path" ;;
            dir) if rmdir "$path" 2>/dev/null; then say "removed $path/"; elif [ -d "$path" ]; then say "kept $path/ (not empty)"; fi ;;
        esac
    done
    rm -f "$manifest"
    for d in "$prefix/share/exahealth" "$prefix/share"; do rmdir "$d" 2>/dev/null || true; done
    say "uninstalled from $prefix"
    exit 0
fi

# Prerequisites: say exactly what is missing.
missing=()
if [ -n "$binary" ]; then
    [ -x "$binary" ] || { say "missing: --binary $binary is not an executable file"; exit 1; }
else
command -v dotnet >/dev/null || missing+=("the .NET 10 SDK (dotnet): https://learn.microsoft.com/dotnet/core/install/linux-debian")
if command -v dotnet >/dev/null && ! dotnet --list-sdks 2>/dev/null | grep -q '^10\.'; then
    missing+=("a .NET 10 SDK (dotnet --list-sdks shows none)")
fi
need_toolchain=0
{ command -v gcc >/dev/null || command -v clang >/dev/null; } && command -v objcopy >/dev/null || need_toolchain=1
if [ "$need_toolchain" = 1 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        say "installing gcc (the native linker for the AOT build)"
        export DEBIAN_FRONTEND=noninteractive
        apt-get -o DPkg::Lock::Timeout=300 install -y -qq gcc >/dev/null 2>&1 \
            || { apt-get update -qq && apt-get -o DPkg::Lock::Timeout=300 install -y -qq gcc >/dev/null; }
    else
        missing+=("a C toolchain for the native link: apt-get install gcc (or clang)")
    fi
fi
fi
if [ ${#missing[@]} -gt 0 ]; then
    for m in "${missing[@]}"; do say "missing: $m"; done
    exit 1
fi
if [ "$lab_deps" = 1 ]; then
    "$here/tests/lab-deps.sh"
fi

if [ -z "$binary" ]; then
    build=$(mktemp -d)
    trap 'rm -rf "$build"' EXIT
    say "building the native binary (dotnet publish, about a minute)"
    dotnet publish "$here/plugin/exahealth.csproj" -c Release -r linux-x64 -o "$build" --nologo -v quiet >&2
    binary=$build/exahealth
fi

if [ -n "$deb_dir" ]; then
    command -v dpkg-deb >/dev/null || { say "missing: dpkg-deb (apt-get install dpkg)"; exit 1; }
    deb=$("$here/plugin/packaging/build-deb.sh" "$binary" "$deb_dir")
    cat <<TEXT

Copy $deb to each router host and install it there (no .NET needed):

    apt install ./$(basename "$deb")

It installs /usr/bin/exahealth and /etc/exahealth/exahealth.json (edit ovsdb.southbound and
routes.allowedPrefixes; your edits survive upgrades), and man exahealth.
TEXT
    exit 0
fi

case $prefix in
    /usr/local|/usr) state_dir=/var/lib/exahealth; run_dir=/run/exahealth ;;
    *) state_dir=$prefix/var/lib/exahealth; run_dir=$prefix/run/exahealth ;;
esac

mkdir -p "$(dirname "$manifest")"
touch "$manifest"
record() { grep -qxF "$1 $2" "$manifest" || echo "$1 $2" >> "$manifest"; }
make_dir() { # creates missing parents one by one so that uninstall removes exactly those
    local d=$1 mode=$2 missing_dirs=()
    while [ ! -d "$d" ]; do missing_dirs=("$d" "${missing_dirs[@]}"); d=$(dirname "$d"); done
    for d in "${missing_dirs[@]}"; do install -d -m "$mode" "$d"; record dir "$d"; done
}
make_dir "$prefix/share/exahealth" 0755
make_dir "$prefix/bin" 0755
make_dir "$prefix/etc/exahealth" 0755
make_dir "$state_dir" 0750
make_dir "$run_dir" 0755

install -m 0755 "$binary" "$prefix/bin/exahealth"
record file "$prefix/bin/exahealth"
say "installed $prefix/bin/exahealth ($("$prefix/bin/exahealth" --version))"
config=$prefix/etc/exahealth/exahealth.json
if [ -e "$config" ]; then
    say "kept the existing $config"
else
    sed -e "s#\"/var/lib/exahealth\"#\"$state_dir\"#" \
        -e "s#\"/run/exahealth/status.json\"#\"$run_dir/status.json\"#" \
        -e "s#\"/etc/exahealth/disable\"#\"$prefix/etc/exahealth/disable\"#" \
        "$here/config-samples/exahealth.json" > "$config"
    chmod 0644 "$config"
    record file "$config"
    say "installed $config (edit ovsdb.southbound and routes.allowedPrefixes)"
fi
"$prefix/bin/exahealth" check-config --config "$config" >/dev/null || say "warning: $config does not pass check-config yet"

cat <<TEXT

ExaBGP process stanza (see $here/config-samples/exabgp.conf and exabgp.env):

    process exahealth {
        run $prefix/bin/exahealth run --config $config;
        encoder json;
    }

Check the configuration:   $prefix/bin/exahealth check-config --config $config
Why is a VIP (not) announced:  $prefix/bin/exahealth status --config $config
Watch it work on loopback (real OVN, ExaBGP and GoBGP; root; installs the Debian packages it needs):

    $here/tests/demo.sh --binary $prefix/bin/exahealth
TEXT
