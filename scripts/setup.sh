#!/usr/bin/env bash
# Install the Debian 12 packages that building and testing vsim need.
# Idempotent and quick when everything is there: it asks dpkg first and only
# runs apt-get (as root, or through sudo) for what is missing.
set -euo pipefail

packages=(
    build-essential cmake pkg-config            # host build
    libcmocka-dev                               # unit tests
    libfdt-dev libreadline-dev libsdl2-dev libslirp-dev # device tree, debugger console, display, user networking
    gcc-riscv64-unknown-elf binutils-riscv64-unknown-elf
    picolibc-riscv64-unknown-elf                # guest programs
    qemu-system-misc                            # reference runs of guests
    opensbi device-tree-compiler                # firmware to boot, dtc to read our device tree
    valgrind python3                            # callgrind figures; the Linux test's HTTP server, tests/uboot
    gdb-multiarch                               # tests/gdb: the GDB stub against a real GDB
    u-boot-qemu                                 # tests/uboot: Debian's U-Boot for QEMU virt (qemu-riscv64_smode)
)

# With --linux also what building the default Linux guest needs
# (roms/linux: kernel sources, the Linux cross compiler, kernel build tools).
if [ "${1:-}" = "--linux" ]; then
    packages+=(linux-source-6.1 gcc-riscv64-linux-gnu libc6-dev-riscv64-cross bc flex bison cpio xz-utils make perl)
fi

if ! command -v dpkg-query >/dev/null; then
    echo "setup.sh: no dpkg-query: this script is for Debian 12; install the equivalents of:" >&2
    echo "  ${packages[*]}" >&2
    exit 1
fi

# One dpkg-query for all: "name status" for each package dpkg knows about.
installed=" $(dpkg-query -W -f='${Package}=${db:Status-Status} ' "${packages[@]}" 2>/dev/null || true)"
missing=()
for p in "${packages[@]}"; do
    [[ $installed == *" $p=installed "* ]] || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "setup.sh: installing ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "setup.sh: not root and no sudo: cannot install packages" >&2; exit 1; }
    sudo=(sudo)
fi
log=$(mktemp "${TMPDIR:-/tmp}/vsim-setup.XXXXXX")
trap 'rm -f "$log"' EXIT
if ! { "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
       "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
           "${missing[@]}"; } >"$log" 2>&1; then
    cat "$log" >&2
    echo "setup.sh: apt-get failed" >&2
    exit 1
fi
