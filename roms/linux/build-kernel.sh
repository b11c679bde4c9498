#!/usr/bin/env bash
# Build (once) the Linux kernel Image for vsim's default Linux guest.
#
#   roms/linux/build-kernel.sh [-f]      # -f: rebuild even if cached
#
# Takes Debian's linux-source-6.1 (/usr/src/linux-source-6.1.tar.xz), configures
# it as `tinyconfig` + roms/linux/vsim.config, builds arch/riscv/boot/Image with
# Debian's riscv64-linux-gnu- cross compiler and caches the result in
#   ${VSIM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/vsim}/linux-<key>/Image
# where <key> hashes the fragment, the linux-source package version and the
# cross compiler version. A second run with the same key returns at once.
# Installs nothing: it says which Debian package is missing (see scripts/setup.sh).
# Prints the path of the Image on stdout; everything else goes to stderr.
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
fragment=$here/vsim.config
src_tar=/usr/src/linux-source-6.1.tar.xz
cross=riscv64-linux-gnu-
cache=${VSIM_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/vsim}
force=0

die() { echo "build-kernel.sh: $*" >&2; exit 1; }
note() { echo "build-kernel.sh: $*" >&2; }

while [ $# -gt 0 ]; do
    case $1 in
        -f|--force) force=1 ;;
        -h|--help) sed -n '2,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//' >&2; exit 0 ;;
        *) die "unknown option: $1" ;;
    esac
    shift
done

# --- what we need, and the Debian package that provides it
missing=()
need() { command -v "$1" >/dev/null 2>&1 || missing+=("$2 (for $1)"); }
need "${cross}gcc" gcc-riscv64-linux-gnu
need "${cross}ld" binutils-riscv64-linux-gnu
need gcc build-essential
need make make
need bc bc
need flex flex
need bison bison
need xz xz-utils
need tar tar
need sha256sum coreutils
need flock util-linux
[ -r "$src_tar" ] || missing+=("linux-source-6.1 (for $src_tar)")
if [ ${#missing[@]} -gt 0 ]; then
    note "missing Debian packages:"
    printf '  %s\n' "${missing[@]}" >&2
    die "install them with apt-get install (or run scripts/setup.sh) and retry"
fi
[ -r "$fragment" ] || die "no configuration fragment $fragment"

src_version=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || true)
[ -n "$src_version" ] || src_version=$(stat -c '%s-%Y' "$src_tar")
cc_version=$("${cross}gcc" -dumpfullversion 2>/dev/null || "${cross}gcc" -dumpversion)

key=$({ cat "$fragment"; echo "linux-source-6.1=$src_version"; echo "${cross}gcc=$cc_version"; } |
      sha256sum | cut -c1-16)
out=$cache/linux-$key
image=$out/Image

if [ $force -eq 0 ] && [ -s "$image" ]; then
    echo "$image"
    exit 0
fi

mkdir -p "$cache"
# One build at a time per cache: the source tree and object directory are shared.
exec 9>"$cache/.linux-build.lock"
flock 9
if [ $force -eq 0 ] && [ -s "$image" ]; then   # someone else built it while we waited
    echo "$image"
    exit 0
fi

jobs=$(nproc 2>/dev/null || echo 2)
note "building the Linux kernel once; takes ~10 minutes on 2 cores (this machine: $jobs)..."
note "  output: $out (log: $out/build.log)"
start=$(date +%s)

# --- the source tree, extracted once per linux-source version
src=$cache/linux-source-6.1-$src_version
if [ ! -e "$src/.vsim-extracted" ]; then
    note "extracting $src_tar ..."
    rm -rf "$src" "$src.tmp"
    mkdir -p "$src.tmp"
    tar -xJf "$src_tar" -C "$src.tmp"
    mv "$src.tmp/linux-source-6.1" "$src"
    rmdir "$src.tmp"
    touch "$src/.vsim-extracted"
fi

# --- configure and build out of tree; the object directory is shared between keys
# so that a changed fragment rebuilds incrementally.
obj=$cache/linux-build
mkdir -p "$obj" "$out"
log=$out/build.log
: >"$log"
export KBUILD_BUILD_USER=vsim KBUILD_BUILD_HOST=vsim KBUILD_BUILD_VERSION=1 KBUILD_BUILD_TIMESTAMP="linux-source $src_version"
kmake() { make -C "$src" O="$obj" ARCH=riscv CROSS_COMPILE="$cross" "$@"; }
fail() { tail -n 40 "$log" >&2; die "$1 failed; full log in $log"; }

{
    kmake tinyconfig &&
    "$src/scripts/kconfig/merge_config.sh" -m -O "$obj" "$obj/.config" "$fragment" &&
    kmake olddefconfig
} >>"$log" 2>&1 || fail "configuring"

# Every option the fragment asks for must have survived olddefconfig (a dropped
# option usually means an unmet dependency or a name that does not exist in 6.1).
bad=0
while IFS= read -r line; do
    if [[ $line =~ ^(CONFIG_[A-Za-z0-9_]+)=(.*)$ ]]; then
        grep -qxF "$line" "$obj/.config" || { note "warning: $line did not take effect"; bad=1; }
    elif [[ $line =~ ^#\ (CONFIG_[A-Za-z0-9_]+)\ is\ not\ set$ ]]; then
        ! grep -q "^${BASH_REMATCH[1]}=" "$obj/.config" || { note "warning: ${BASH_REMATCH[1]} is still set"; bad=1; }
    fi
done <"$fragment"
[ $bad -eq 0 ] || note "(see $obj/.config)"

kmake -j"$jobs" Image >>"$log" 2>&1 || fail "building Image"

cp "$obj/.config" "$out/config"
cp "$obj/arch/riscv/boot/Image" "$image.tmp"
mv "$image.tmp" "$image"
note "done in $(( $(date +%s) - start ))s: $(stat -c %s "$image") bytes"
echo "$image"
