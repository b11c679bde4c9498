#!/usr/bin/env bash
# Install test: install a libvsim build into a scratch prefix, build the
# embedding example (examples/embed) against that install the two ways the
# README documents -- CMake find_package(vsim) and pkg-config -- and run both
# binaries.
#
#   check-install.sh BUILD_DIR SOURCE_DIR CMAKE CC "EXTRA_CFLAGS" [GUEST.elf]
#
# EXTRA_CFLAGS is for builds with sanitizers: an instrumented libvsim needs
# its users built with the same -fsanitize flags. With a GUEST.elf the
# binaries run it and must print its greeting and exit 0; without one they
# only print the library version.
set -euo pipefail

if [ $# -lt 5 ]; then
    echo "usage: $0 BUILD_DIR SOURCE_DIR CMAKE CC EXTRA_CFLAGS [GUEST.elf]" >&2
    exit 2
fi
build=$1 src=$2 cmake=$3 cc=$4 extra_cflags=$5 elf=${6:-}

work=$build/tests/install-check
prefix=$work/prefix
rm -rf "$work"
mkdir -p "$work"

step() { printf '== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

step "install $build into $prefix"
"$cmake" --install "$build" --prefix "$prefix" >"$work/install.log" || { cat "$work/install.log"; fail "cmake --install"; }
[ -f "$prefix/include/vsim/vsim.h" ] || fail "no include/vsim/vsim.h in the install"
[ -x "$prefix/bin/vsim" ] || fail "no bin/vsim in the install"

# Where the libraries went: lib/ for most prefixes, lib/<multiarch>/ when the
# build was configured for /usr on Debian (GNUInstallDirs). Find out.
pc=$(find "$prefix" -name vsim.pc -path '*/pkgconfig/*' | head -n 1)
[ -n "$pc" ] || fail "no pkgconfig/vsim.pc in the install"
libdir=$(dirname "$(dirname "$pc")")
config=$(find "$prefix" -name vsimConfig.cmake | head -n 1)
[ -n "$config" ] || fail "no vsimConfig.cmake in the install"
ls "$libdir"/libvsim.so* >/dev/null 2>&1 || fail "no libvsim.so in $libdir"
[ -f "$libdir/libvsim.a" ] || fail "no libvsim.a in $libdir"
echo "   libdir ${libdir#"$prefix"/}, $(basename "$pc"), ${config#"$prefix"/}"

# Runs a built example; checks that it uses the installed library and works.
check_binary() {
    local what=$1 bin=$2 out status libs
    libs=$(ldd "$bin")
    case $libs in
    *"libvsim.so.0 => $prefix/"*) ;;
    *) printf '%s\n' "$libs"; fail "$what: not linked against the installed libvsim" ;;
    esac
    if [ -n "$elf" ]; then
        status=0
        out=$("$bin" -q "$elf" 2>&1) || status=$?
        printf '%s\n' "$out" | sed 's/^/   | /'
        [ "$status" -eq 0 ] || fail "$what: exit status $status running $elf"
        case $out in *"Hello from a bare-metal guest, via HTIF!"*) ;; *) fail "$what: no greeting from the guest" ;; esac
        case $out in *"powered off, exit code 0"*) ;; *) fail "$what: the guest did not power off" ;; esac
    else
        out=$("$bin" --version) || fail "$what: --version failed"
        printf '   | %s\n' "$out"
        case $out in *"libvsim "[0-9]*) ;; *) fail "$what: unexpected --version output" ;; esac
    fi
}

step "examples/embed with CMake: find_package(vsim), CMAKE_PREFIX_PATH=$prefix"
"$cmake" -S "$src/examples/embed" -B "$work/embed-cmake" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_C_FLAGS="$extra_cflags" -DCMAKE_EXE_LINKER_FLAGS="$extra_cflags" \
    >"$work/embed-cmake.log" 2>&1 || { cat "$work/embed-cmake.log"; fail "configuring examples/embed"; }
"$cmake" --build "$work/embed-cmake" >>"$work/embed-cmake.log" 2>&1 ||
    { cat "$work/embed-cmake.log"; fail "building examples/embed"; }
check_binary "CMake build" "$work/embed-cmake/embed"

step "examples/embed with pkg-config: PKG_CONFIG_PATH=${pc%/*}"
command -v pkg-config >/dev/null || fail "pkg-config is not installed"
export PKG_CONFIG_PATH="${pc%/*}"
pc_prefix=$(pkg-config --variable=prefix vsim)
if [ "$pc_prefix" != "$prefix" ]; then
    # vsim.pc has the install prefix of configure time; cmake --install
    # --prefix does not rewrite it. Relocate it the standard way.
    echo "   note: vsim.pc says prefix=$pc_prefix; relocating with --define-variable=prefix"
    pkgconf=(pkg-config --define-variable=prefix="$prefix")
else
    pkgconf=(pkg-config)
fi
pc_libdir=$("${pkgconf[@]}" --variable=libdir vsim)
[ "$pc_libdir" -ef "$libdir" ] || fail "vsim.pc libdir $pc_libdir is not where the library is ($libdir)"
flags=$("${pkgconf[@]}" --cflags --libs vsim)
echo "   $cc embed.c $flags"
# shellcheck disable=SC2086 # word splitting of the flags is intended
"$cc" -Wall -Wextra -Werror $extra_cflags "$src/examples/embed/embed.c" $flags \
    -Wl,-rpath,"$pc_libdir" -o "$work/embed-pkgconfig" || fail "compiling with pkg-config flags"
check_binary "pkg-config build" "$work/embed-pkgconfig"

step "ok"
