#!/usr/bin/env bash
# Build (once) the initramfs of vsim's default Linux guest.
#
#   roms/linux/build-initramfs.sh [-f]      # -f: rebuild even if cached
#
# Compiles roms/linux/initramfs/{init,vsh}.c with Debian's riscv64-linux-gnu-gcc
# (-static -O2, glibc) and packs a gzipped newc cpio holding
#   /init                 PID 1 (mounts /proc /sys /dev, runs the shell)
#   /bin/vsh, /bin/sh     the shell
#   /bin/ls, cat, ...     links to vsh, which runs the builtin named argv[0]
#   /dev /proc /sys /mnt /tmp /root   empty mount points
# without root: no device nodes are needed, the kernel's built-in initramfs
# already holds /dev/console and init mounts devtmpfs on /dev.
# The archive is cached, keyed by a hash of the sources, this script and the compiler:
#   ${VSIM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/vsim}/initramfs-<key>/initramfs.cpio.gz
# Prints its path on stdout. Installs nothing: says which Debian package is missing.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
srcdir=$here/initramfs
cross=riscv64-linux-gnu-
cache=${VSIM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/vsim}
force=0

die() { echo "build-initramfs.sh: $*" >&2; exit 1; }

while [ $# -gt 0 ]; do
    case $1 in
        -f|--force) force=1 ;;
        -h|--help) sed -n '2,17p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
        *) die "unknown option: $1" ;;
    esac
    shift
done

missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$2 (for $1)"); }
need "${cross}gcc" gcc-riscv64-linux-gnu
need cpio cpio
need gzip gzip
need sha256sum coreutils
if command -v "${cross}gcc" >/dev/null 2>&1; then
    libc_a=$("${cross}gcc" -print-file-name=libc.a)
    [ -f "$libc_a" ] || missing+=("libc6-dev-riscv64-cross (for a static libc.a)")
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "build-initramfs.sh: missing Debian packages:" >&2
    printf '  %s\n' "${missing[@]}" >&2
    die "install them with apt-get install (or run scripts/setup.sh) and retry"
fi

programs=(init vsh)
applets=(cat date dmesg echo false fetch head hexdump ifup ls mkdir mount poweroff ps pwd readhex reboot rtc
         sleep sync true umount uname)
cflags=(-static -O2 -s -Wall -Wextra -std=gnu11)

cc_version=$("${cross}gcc" -dumpfullversion 2>/dev/null || "${cross}gcc" -dumpversion)
key=$({ for p in "${programs[@]}"; do cat "$srcdir/$p.c"; done
        cat "${BASH_SOURCE[0]}"; echo "${cross}gcc=$cc_version"; } | sha256sum | cut -c1-16)
out=$cache/initramfs-$key
archive=$out/initramfs.cpio.gz

if [ $force -eq 0 ] && [ -s "$archive" ]; then
    echo "$archive"
    exit 0
fi

mkdir -p "$out"
stage=$(mktemp -d "$out/stage.XXXXXX")
trap 'rm -rf "$stage"' EXIT

mkdir -p "$stage"/{bin,dev,proc,sys,mnt,tmp,root}
chmod 1777 "$stage/tmp"
chmod 0700 "$stage/root"
"${cross}gcc" "${cflags[@]}" -o "$stage/init" "$srcdir/init.c"
"${cross}gcc" "${cflags[@]}" -o "$stage/bin/vsh" "$srcdir/vsh.c"
ln -s vsh "$stage/bin/sh"
for a in "${applets[@]}"; do
    ln -s vsh "$stage/bin/$a"
done

# Reproducible: fixed owner (root) and times, sorted names.
find "$stage" -exec touch -h -d @0 {} +
(cd "$stage" && find . -mindepth 1 | LC_ALL=C sort |
    cpio --quiet -o -H newc -R 0:0 --reproducible) | gzip -n -9 >"$archive.tmp"
mv "$archive.tmp" "$archive"
echo "$archive"
