#!/usr/bin/env bash
# The Debian package on clean router hosts: builds it with install.sh --deb, then in a fresh copy of
# a minimal Debian 12 and Debian 13 root (debootstrap --variant=minbase, no .NET, cached under
# $EXAHEALTH_LAB_CACHE/clean-SET and rebuilt after a week) checks what a Debian user expects:
# dpkg -i installs it, exahealth --version and check-config on the shipped file work, man finds the
# page, an upgrade keeps an edited conffile (silently when the package's copy did not change, and
# with --force-confold plus a .dpkg-dist when it did), and dpkg -r leaves the edited conffile.
#
#   tests/package-test.sh --binary FILE [SET...]   (default sets: bookworm trixie)
#
# Prints one line per check and last "package: N passed, M failed". Needs root.
set -euo pipefail

here=$(cd "$(dirname "$0")/.." && pwd)
cache=${EXAHEALTH_LAB_CACHE:-/var/cache/exahealth-lab}
binary=
sets=()
while [ $# -gt 0 ]; do
    case $1 in
        --binary) binary=${2:?}; shift 2 ;;
        *) sets+=("$1"); shift ;;
    esac
done
[ -n "$binary" ] || { echo "package-test: --binary FILE is required" >&2; exit 2; }
[ ${#sets[@]} -gt 0 ] || sets=(bookworm trixie)
passed=0; failed=0
check() { # check NAME COMMAND...: one line, counted
    local name=$1; shift
    if "$@" >/tmp/package-test.$$ 2>&1; then passed=$((passed + 1)); echo "  ok: $name"
    else failed=$((failed + 1)); echo "  FAILED: $name"; sed 's/^/    /' /tmp/package-test.$$ | tail -n 15; fi
}
mirror() {
    local uri
    uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 's/^URIs: *\(.*\/debian\/\{0,1\}\)$/\1/p' | head -n 1)
    [ -n "$uri" ] || uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
        | sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\/debian\/\{0,1\}\) .*/\2/p' | head -n 1)
    echo "${uri:-http://deb.debian.org/debian}"
}
clean_root() { # a minimal root of the set, built once a week; prints its path
    local set=$1 root=$cache/clean-$1
    if [ -f "$root/.exahealth-clean-root" ] && [ -n "$(find "$root/.exahealth-clean-root" -mtime -7)" ]; then echo "$root"; return; fi
    command -v debootstrap >/dev/null || DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq debootstrap >/dev/null
    mkdir -p "$cache"
    rm -rf --one-file-system "$root.new"
    echo "package-test: debootstrap $set (minbase) into $root" >&2
    unshare --mount --propagation private debootstrap --variant=minbase --include=man-db "$set" "$root.new" "$(mirror)" >"$cache/clean-$set.log" 2>&1 \
        || { tail -n 20 "$cache/clean-$set.log" >&2; return 1; }
    date -u > "$root.new/.exahealth-clean-root"
    rm -rf --one-file-system "$root"
    mv "$root.new" "$root"
    echo "$root"
}

work=$(mktemp -d)
trap 'rm -rf --one-file-system "$work" /tmp/package-test.$$' EXIT
# Two versions of the package: the second ships a changed configuration, as an upgrade may.
"$here/install.sh" --deb "$work/v1" --binary "$binary" >/dev/null 2>&1
v1=$(ls "$work"/v1/exahealth_*.deb)
EXAHEALTH_DEB_VERSION=99.0.0 "$here/plugin/packaging/build-deb.sh" "$binary" "$work/same" >/dev/null 2>&1
same=$(ls "$work"/same/exahealth_*.deb)
sed 's/"origin": *"igp"/"origin": "egp"/' "$here/config-samples/exahealth.json" > "$work/changed.json"
EXAHEALTH_DEB_VERSION=99.0.1 EXAHEALTH_DEB_CONFIG=$work/changed.json "$here/plugin/packaging/build-deb.sh" "$binary" "$work/changed" >/dev/null 2>&1
changed=$(ls "$work"/changed/exahealth_*.deb)

if command -v lintian >/dev/null; then
    echo "lintian $(lintian --version | awk '{print $2}') on $(basename "$v1"):"
    # Root is how CI runs; lintian's warning about it is not about the package.
    lintian --tag-display-limit 0 "$v1" 2>&1 | grep -v 'running with root privileges' | sed 's/^/  /' || true
fi

for set in "${sets[@]}"; do
    base=$(clean_root "$set")
    root=$work/root-$set
    cp -a "$base" "$root"
    cp "$v1" "$same" "$changed" "$root/tmp/"
    in_root() { chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8 DEBIAN_FRONTEND=noninteractive "$@"; }
    echo "package on a clean $set root ($(cat "$root/etc/debian_version")), no .NET: $(basename "$v1")"
    check "$set: no dotnet in the root" sh -c "! chroot '$root' sh -c 'command -v dotnet'"
    check "$set: dpkg -i" in_root dpkg -i "/tmp/$(basename "$v1")"
    check "$set: exahealth --version" in_root sh -c 'exahealth --version | grep -q "^exahealth "'
    check "$set: check-config on the shipped file" in_root exahealth check-config --config /etc/exahealth/exahealth.json
    check "$set: /var/lib/exahealth exists, 0750" in_root sh -c 'test "$(stat -c %a /var/lib/exahealth)" = 750'
    check "$set: man exahealth" in_root sh -c 'man -P cat exahealth 2>/dev/null | grep -q "routes.allowedPrefixes"'
    check "$set: conffile registered" in_root sh -c 'dpkg-query -W -f="\${Conffiles}" exahealth | grep -q "/etc/exahealth/exahealth.json"'
    in_root sed -i 's#"10.0.0.0/24"#"10.9.0.0/24"#' /etc/exahealth/exahealth.json
    check "$set: upgrade, package config unchanged: the edit stays, no prompt" in_root sh -c \
        "dpkg -i /tmp/$(basename "$same") </dev/null && grep -q 10.9.0.0/24 /etc/exahealth/exahealth.json && test ! -e /etc/exahealth/exahealth.json.dpkg-dist"
    check "$set: upgrade, package config changed: --force-confold keeps the edit, writes .dpkg-dist" in_root sh -c \
        "dpkg -i --force-confold /tmp/$(basename "$changed") </dev/null && grep -q 10.9.0.0/24 /etc/exahealth/exahealth.json && grep -q egp /etc/exahealth/exahealth.json.dpkg-dist"
    check "$set: dpkg -r keeps the edited conffile, --purge removes it" in_root sh -c \
        "dpkg -r exahealth && test ! -e /usr/bin/exahealth && test -e /etc/exahealth/exahealth.json && dpkg --purge exahealth && test ! -e /etc/exahealth/exahealth.json"
done

echo "package: $passed passed, $failed failed"
[ "$failed" = 0 ]
