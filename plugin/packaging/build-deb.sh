#!/usr/bin/env bash
# Writes OUTDIR/exahealth_<version>_<arch>.deb from a native binary built before:
#
#   plugin/packaging/build-deb.sh BINARY OUTDIR
#
# Called by install.sh --deb. The package holds /usr/bin/exahealth, /etc/exahealth/exahealth.json
# (a conffile: dpkg keeps an edited one on upgrade and asks), /var/lib/exahealth, the samples and
# README under /usr/share/doc/exahealth, and exahealth(1) made from README.md by readme-to-man.awk.
# Needs dpkg-deb, gzip and awk only (any Debian). EXAHEALTH_DEB_VERSION and EXAHEALTH_DEB_CONFIG
# override the version and the shipped configuration (tests/package-test.sh builds upgrades with them).
set -euo pipefail

binary=${1:?usage: build-deb.sh BINARY OUTDIR}
outdir=${2:?usage: build-deb.sh BINARY OUTDIR}
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
say() { printf 'build-deb: %s\n' "$*" >&2; }

version=${EXAHEALTH_DEB_VERSION:-}
[ -n "$version" ] || version=$("$binary" --version | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+\.[0-9]+/) { sub(/\+.*/, "", $i); print $i; exit } }')
[ -n "$version" ] || { say "cannot read the version from $binary --version"; exit 1; }
arch=$(dpkg --print-architecture)
# Debian's own convention for who built a package; set DEBFULLNAME and DEBEMAIL to yours.
maintainer="${DEBFULLNAME:-ExaHealth package builder} <${DEBEMAIL:-exahealth@example.org}>"
year=$(date -u +%Y)
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
pkg=$stage/exahealth
doc=$pkg/usr/share/doc/exahealth

install -d -m 0755 "$pkg/DEBIAN" "$pkg/usr/bin" "$pkg/etc/exahealth" "$doc/examples" "$pkg/usr/share/man/man1"
install -d -m 0750 "$pkg/var/lib/exahealth"
install -m 0755 "$binary" "$pkg/usr/bin/exahealth"
# The native binary carries no debugging symbols worth shipping; stripping is what Debian expects.
strip --strip-unneeded --remove-section=.comment --remove-section=.note "$pkg/usr/bin/exahealth" 2>/dev/null || true
install -m 0644 "${EXAHEALTH_DEB_CONFIG:-$root/config-samples/exahealth.json}" "$pkg/etc/exahealth/exahealth.json"
for sample in "$root"/config-samples/*; do
    install -m 0644 "$sample" "$doc/examples/$(basename "$sample")"
done
gzip -9n < "$root/README.md" > "$doc/README.md.gz"
chmod 0644 "$doc/README.md.gz"
date=$(date -u -d "@${SOURCE_DATE_EPOCH:-$(git -C "$root" log -1 --format=%ct 2>/dev/null || date +%s)}" +%Y-%m-%d)
awk -v version="$version" -v date="$date" \
    -v keep="How it works,Configuration reference,Configuration errors,Operating it,Logs,Troubleshooting" \
    -f "$here/readme-to-man.awk" "$root/README.md" | gzip -9n > "$pkg/usr/share/man/man1/exahealth.1.gz"
chmod 0644 "$pkg/usr/share/man/man1/exahealth.1.gz"
cat > "$doc/copyright" <<TEXT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: exahealth

Files: *
Copyright: $year ExaHealth authors
License: other
 No licence has been chosen for ExaHealth yet; all rights reserved by its authors.
TEXT
printf 'exahealth (%s) unstable; urgency=medium\n\n  * Built by install.sh --deb.\n\n -- %s  %s\n' \
    "$version" "$maintainer" "$(date -u -R -d "$date")" | gzip -9n > "$doc/changelog.gz"
chmod 0644 "$doc/copyright" "$doc/changelog.gz"

# The state directory holds only what ExaHealth itself reads back (run as root by ExaBGP): 0750 on purpose.
install -d -m 0755 "$pkg/usr/share/lintian/overrides"
echo "exahealth: non-standard-dir-perm 0750 != 0755 [var/lib/exahealth/]" > "$pkg/usr/share/lintian/overrides/exahealth"
chmod 0644 "$pkg/usr/share/lintian/overrides/exahealth"
echo /etc/exahealth/exahealth.json > "$pkg/DEBIAN/conffiles"
size=$(du -sk --exclude=DEBIAN "$pkg" | cut -f1)
cat > "$pkg/DEBIAN/control" <<TEXT
Package: exahealth
Version: $version
Architecture: $arch
Maintainer: $maintainer
Installed-Size: $size
Depends: libc6 (>= 2.34)
Recommends: exabgp
Section: net
Priority: optional
Homepage: https://github.com/exahealth/exahealth
Description: withdraw BGP routes of OVN load-balancer VIPs whose backends are down
 An ExaBGP API process that watches the OVN Southbound database (Service_Monitor
 health checks) and announces or withdraws each load-balancer VIP's host route,
 so an anycast site stops attracting traffic it cannot serve.
TEXT
(cd "$pkg" && find . -type f ! -path './DEBIAN/*' -printf '%P\0' | sort -z | xargs -0 md5sum) > "$pkg/DEBIAN/md5sums"
chmod 0644 "$pkg/DEBIAN/control" "$pkg/DEBIAN/conffiles" "$pkg/DEBIAN/md5sums"

mkdir -p "$outdir"
deb=$outdir/exahealth_${version}_${arch}.deb
dpkg-deb --root-owner-group --build "$pkg" "$deb" >/dev/null
say "wrote $deb"
echo "$deb"
