#!/usr/bin/env bash
# Builds dist/hvdesk_<version>_amd64.deb from this checkout with dpkg-deb.
#
# Debian 12 packages no PySide6, so the package carries PySide6-Essentials, shiboken6 and
# qasync from PyPI under /usr/lib/hvdesk (the same wheels the virtualenv uses), and takes
# libvirt's bindings, QEMU and Qt's X11 libraries from Debian (Depends). /usr/bin/hvdesk
# runs Debian's python3 with that folder first on its path.
#
#   packaging/build-deb.sh [OUTDIR]      (default: dist/)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
OUT=$(realpath -m "${1:-dist}")
APP_ID=io.github.hvdesk.Hvdesk
VERSION=$("$PY" -c 'import hvdesk; print(hvdesk.__version__)')
QT_VERSION=$("$PY" -c 'import PySide6; print(PySide6.__version__)')
QASYNC_VERSION=$("$PY" -c 'import importlib.metadata as m; print(m.version("qasync"))')
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
ROOT="$WORK/hvdesk_${VERSION}_amd64"
mkdir -p "$OUT" "$ROOT/DEBIAN" "$ROOT/usr/bin" "$ROOT/usr/lib/hvdesk"

"$PY" -m pip wheel -q --no-deps -w "$WORK/wheel" . >/dev/null
"$PY" -m pip install -q --no-compile --no-deps --target "$ROOT/usr/lib/hvdesk" \
  "$WORK"/wheel/hvdesk-*.whl "qasync==$QASYNC_VERSION" \
  "PySide6-Essentials==$QT_VERSION" "shiboken6==$QT_VERSION"
# The wheel's data files (desktop file, metainfo, icons, translations) belong in /usr/share.
mv "$ROOT/usr/lib/hvdesk/share" "$ROOT/usr/share"
rm -rf "$ROOT/usr/lib/hvdesk/bin" "$ROOT/usr/lib/hvdesk/PySide6/"*.pyi \
  "$ROOT/usr/lib/hvdesk/PySide6/scripts"
find "$ROOT/usr/lib/hvdesk" -name __pycache__ -prune -exec rm -rf {} +

cat > "$ROOT/usr/bin/hvdesk" <<'SH'
#!/bin/sh
# hvdesk's own Python packages first, then Debian's (python3-libvirt).
export PYTHONPATH="/usr/lib/hvdesk${PYTHONPATH:+:$PYTHONPATH}"
exec /usr/bin/python3 -m hvdesk "$@"
SH
chmod 755 "$ROOT/usr/bin/hvdesk"

SIZE=$(du -sk "$ROOT/usr" | cut -f1)
# One list for the package and for install-deps.sh (comments and blank lines dropped).
DEPENDS=$(grep -v -e '^#' -e '^[[:space:]]*$' packaging/debian-depends.txt | paste -sd, | sed 's/,/, /g')
cat > "$ROOT/DEBIAN/control" <<CONTROL
Package: hvdesk
Version: $VERSION
Architecture: amd64
Maintainer: The hvdesk developers <hvdesk@users.noreply.github.com>
Installed-Size: $SIZE
Depends: $DEPENDS
Recommends: ovmf, openssh-client, libvirt-daemon-system
Section: admin
Priority: optional
Homepage: https://github.com/hvdesk/hvdesk
Description: desktop front-end for QEMU virtual machines, through libvirt
 hvdesk is a manager window for QEMU virtual machines: create them from an
 installer ISO or a disk image, start and stop them, use their screens in its
 own console. It needs no libvirt daemon (libvirt's embedded QEMU driver) and
 also manages qemu:///session, qemu:///system and remote hosts over SSH.
CONTROL

dpkg-deb --root-owner-group -Zzstd --build "$ROOT" "$OUT/hvdesk_${VERSION}_amd64.deb" >/dev/null
echo "$OUT/hvdesk_${VERSION}_amd64.deb"
