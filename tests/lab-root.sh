#!/usr/bin/env bash
# Builds (once a week) the Debian roots the lab runs newer OVN, OVS, ExaBGP and GoBGP from, and
# prints the versions of a component set:
#
#   tests/lab-root.sh SET...          make sure each set's root is ready; print its versions
#   tests/lab-root.sh --path SET      the same, then the root's path (/ for bookworm) as a last line
#   tests/lab-root.sh --versions SET  print the versions only (builds nothing)
#
# SET is bookworm (the host's own packages, nothing is built), trixie or sid. A root lives in
# $EXAHEALTH_LAB_CACHE/SET (default /var/cache/exahealth-lab). It is built with debootstrap in
# SET.new and renamed into place only once complete, with a marker file written last: a root
# without the marker, with another package list, or with a marker older than a week is rebuilt.
# One flock per set: a second run waits for the first one's build instead of building too.
# Debootstrap and apt run in a private mount namespace, so a killed build leaves no mounts behind.
# Needs root (debootstrap, chroot). Messages go to stderr; versions go to stdout.
set -euo pipefail

cache=${EXAHEALTH_LAB_CACHE:-/var/cache/exahealth-lab}
max_age_days=${EXAHEALTH_LAB_MAX_AGE_DAYS:-7}
packages=(ovn-central ovn-common openvswitch-common exabgp gobgpd frr openssl ca-certificates procps)
# The components whose versions a run prints (package names; python3 runs ExaBGP).
components=(ovn-central openvswitch-common exabgp gobgpd frr python3 libc6)
marker_name=.exahealth-lab-root

log() { echo "lab-root: $*" >&2; }

mirror() {
    if [ -n "${EXAHEALTH_LAB_MIRROR:-}" ]; then echo "$EXAHEALTH_LAB_MIRROR"; return; fi
    # The mirror this machine's own apt uses for Debian (deb822 or one-line sources).
    local uri
    uri=$(cat /etc/apt/sources.list.d/*.sources 2>/dev/null | sed -n 's/^URIs: *\(.*\/debian\/\{0,1\}\)$/\1/p' | head -n 1)
    [ -n "$uri" ] || uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list 2>/dev/null \
        | sed -n 's/^deb \(\[[^]]*\] \)\{0,1\}\([^ ]*\/debian\/\{0,1\}\) .*/\2/p' | head -n 1)
    echo "${uri:-http://deb.debian.org/debian}"
}

# The versions of the set's components, one line: "set trixie: ovn-central 25.03.0-1, ...".
versions() {
    local set=$1 admindir=/var/lib/dpkg line=""
    [ "$set" = bookworm ] || admindir=$cache/$set/var/lib/dpkg
    for p in "${components[@]}"; do
        local v
        v=$(dpkg-query --admindir="$admindir" -W -f='${Status} ${Version}' "$p" 2>/dev/null \
            | sed -n 's/^install ok installed //p' || true)
        line+="${line:+, }$p ${v:-(not installed)}"
    done
    # The OVN schema versions: what the plugin actually meets on the wire.
    local top=/ s
    [ "$set" = bookworm ] || top=$cache/$set
    for s in nb sb; do
        v=$(chroot "$top" ovsdb-tool schema-version "/usr/share/ovn/ovn-$s.ovsschema" 2>/dev/null || true)
        line+=", ${s^^} schema ${v:-(unknown)}"
    done
    echo "set $set: $line"
}

wanted() { printf '%s\n' "suite=$1" "mirror=$(mirror)" "packages=${packages[*]}"; }

# A ready root: marker present, same wanted list, younger than the limit, programs in place.
ready() {
    local set=$1 root=$cache/$1
    [ -f "$root/$marker_name" ] || return 1
    [ "$(grep -v '^built=' "$root/$marker_name")" = "$(wanted "$set")" ] || { log "$set: package list or mirror changed"; return 1; }
    [ -n "$(find "$root/$marker_name" -mtime "-$max_age_days")" ] || { log "$set: older than $max_age_days days"; return 1; }
    local f
    for f in usr/sbin/ovsdb-server usr/bin/ovsdb-tool usr/bin/ovn-northd usr/bin/ovn-nbctl usr/bin/ovn-sbctl \
        usr/bin/ovn-appctl usr/sbin/exabgp usr/bin/gobgpd usr/bin/gobgp usr/bin/python3; do
        [ -e "$root/$f" ] || { log "$set: $f is missing"; return 1; }
    done
}

# Removes a directory tree without ever crossing into a mount below it (unmounting those first).
remove_tree() {
    local dir=$1
    [ -e "$dir" ] || return 0
    awk -v d="$dir/" 'index($2 "/", d) == 1 { print $2 }' /proc/self/mounts | sort -r | while read -r m; do
        umount -l "$m" || true
    done
    rm -rf --one-file-system "$dir"
}

build() {
    local set=$1 root=$cache/$1 new=$cache/$1.new started=$SECONDS old
    # What a killed build or swap left behind (we hold the lock: no build of this set is running).
    remove_tree "$new"
    for old in "$cache/$set".old.*; do remove_tree "$old"; done
    local src; src=$(mirror)
    log "$set: debootstrap from $src into $new (a few minutes)"
    unshare --mount --propagation private \
        debootstrap --variant=minbase --components=main "$set" "$new" "$src" >"$cache/$set.build.log" 2>&1 \
        || { log "$set: debootstrap failed, see $cache/$set.build.log"; tail -n 20 "$cache/$set.build.log" >&2; return 1; }
    # R1: sid's Release can look expired against this machine's clock. R2: no postinst starts a daemon.
    printf 'Acquire::Check-Valid-Until "false";\nAPT::Install-Recommends "false";\n' >"$new/etc/apt/apt.conf.d/90exahealth-lab"
    printf '#!/bin/sh\nexit 101\n' >"$new/usr/sbin/policy-rc.d"
    chmod 755 "$new/usr/sbin/policy-rc.d"
    echo "deb $src $set main" >"$new/etc/apt/sources.list"
    log "$set: apt-get install ${packages[*]}"
    unshare --mount --propagation private /bin/sh -ec '
        mount -t proc proc "$1/proc"
        mount --rbind /dev "$1/dev"
        export DEBIAN_FRONTEND=noninteractive PATH=/usr/sbin:/usr/bin:/sbin:/bin LC_ALL=C.UTF-8
        shift_root=$1; shift
        chroot "$shift_root" apt-get update -qq
        chroot "$shift_root" apt-get install -y -qq "$@"
        chroot "$shift_root" apt-get clean
    ' sh "$new" "${packages[@]}" >>"$cache/$set.build.log" 2>&1 \
        || { log "$set: apt-get failed, see $cache/$set.build.log"; tail -n 20 "$cache/$set.build.log" >&2; return 1; }
    { wanted "$set"; echo "built=$(date -u +%Y-%m-%dT%H:%M:%SZ)"; } >"$new/$marker_name"
    # Swap in: a run that started on the old root keeps its open files; new commands see the new one.
    if [ -e "$root" ]; then mv "$root" "$cache/$set.old.$$"; fi
    mv "$new" "$root"
    remove_tree "$cache/$set.old.$$"
    log "$set: built in $((SECONDS - started)) s"
}

ensure() {
    local set=$1
    case "$set" in
        bookworm) return 0 ;;
        trixie | sid) ;;
        *) log "unknown set '$set' (bookworm, trixie or sid)"; return 2 ;;
    esac
    ready "$set" 2>/dev/null && return 0
    [ "$(id -u)" = 0 ] || { log "$set: building a root needs root"; return 1; }
    command -v debootstrap >/dev/null || {
        log "installing debootstrap"
        DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y -qq debootstrap >/dev/null
    }
    mkdir -p "$cache"
    exec 9>"$cache/$set.lock"
    if ! flock -w 1800 9; then log "$set: another build holds $cache/$set.lock for 30 min"; return 1; fi
    # Another run may have built it while we waited for the lock.
    ready "$set" || build "$set"
    exec 9>&-
}

mode=ensure
case "${1:-}" in
    --path) mode=path; shift ;;
    --versions) mode=versions; shift ;;
    '' | -h | --help) sed -n '2,16p' "$0"; exit 2 ;;
esac
for set in "$@"; do
    case "$mode" in
        versions) versions "$set" ;;
        ensure) ensure "$set"; versions "$set" ;;
        path) ensure "$set"; versions "$set"; if [ "$set" = bookworm ]; then echo /; else echo "$cache/$set"; fi ;;
    esac
done
