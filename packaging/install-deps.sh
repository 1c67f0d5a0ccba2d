#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages hvdesk and its tests need; does nothing when all are present.
# Uses sudo when not run as root. Safe to run with no terminal (CI).
#   packaging/install-deps.sh          install what is missing
#   packaging/install-deps.sh --list   print the package names, one a line, and exit
set -euo pipefail
cd "$(dirname "$0")"

PACKAGES=(
  # the hypervisor and libvirt (the embedded QEMU driver runs inside hvdesk; libvirtd for the tests)
  qemu-system-x86 qemu-utils libvirt-daemon-system libvirt-dev pkg-config
  # building libvirt-python, the virtualenv
  gcc python3-dev python3-venv
  # Qt's xcb platform plugin and a virtual X server for the real-window tests
  xvfb xauth libxcb-icccm4 libxcb-keysyms1 libxcb-cursor0 libxkbcommon-x11-0 libxcb-xinerama0
  libxcb-randr0 libxcb-render-util0 libxcb-image0 libxcb-shape0 libegl1 libgl1 libfontconfig1
  libdbus-1-3 fonts-dejavu-core
  # the tiny test guest: busybox initramfs around a Debian kernel
  busybox-static cpio
  # New-VM wizard: OS profiles and ISO detection data, UEFI firmware; test ISOs (grub-mkrescue)
  osinfo-db ovmf xorriso grub-pc-bin mtools
  # consoles of VMs on qemu+ssh hosts go through ssh; the tunnel tests run a private sshd
  openssh-client openssh-server
  # desktop integration: the validators the packaging tests run, gio (trusted launchers),
  # update-desktop-database, a Korean font for the translated UI
  desktop-file-utils appstream libglib2.0-bin xdg-user-dirs fonts-nanum
)
# What the Debian package depends on (python3-libvirt among them: the packaging test runs
# the .deb's hvdesk on Debian's python3), without the version bounds.
mapfile -t -O "${#PACKAGES[@]}" PACKAGES < <(
  grep -v -e '^#' -e '^[[:space:]]*$' debian-depends.txt | sed 's/[[:space:]]*(.*//'
)

if [ "${1:-}" = "--list" ]; then
  printf '%s\n' "${PACKAGES[@]}" | sort -u
  exit 0
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$pkg")
  fi
done

SUDO=()
if [ "$(id -u)" -ne 0 ]; then
  SUDO=(sudo)
fi

# The test guest's kernel comes from `apt-get download`, which needs package lists.
lists_present() { compgen -G "/var/lib/apt/lists/*Packages*" >/dev/null; }

if [ ${#missing[@]} -gt 0 ] || ! lists_present; then
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq
fi
if [ ${#missing[@]} -gt 0 ]; then
  echo "Installing: ${missing[*]}"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
    "${missing[@]}"
fi
