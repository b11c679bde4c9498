#!/bin/sh
# Build every test in tests/priv (*.S and *.c) into a temporary directory and
# run it on QEMU's virt board as a reference.  A test passes when QEMU exits
# with status 0 (syscon 0x5555); on failure QEMU's exit status is the low
# 8 bits of the failure code (the failing check number, see priv_macros.h).
#
# The tests are built with -DQEMU_QUIRKS, which skips or relaxes the checks
# where QEMU 7.2's hart differs from ours or from the spec (see the test
# sources); the simulator build does not define it.
#
# usage: tests/priv/run-on-qemu.sh [test-file ...]
#   env: CC (default riscv64-unknown-elf-gcc), QEMU (qemu-system-riscv64),
#        OUT (build directory, default a fresh temporary directory),
#        TIMEOUT (seconds per test, default 10), QUIRKS (default
#        -DQEMU_QUIRKS; set to empty to build exactly what the simulator runs)
set -u
here=$(cd "$(dirname "$0")" && pwd)
common="$here/../common"
CC=${CC:-riscv64-unknown-elf-gcc}
QEMU=${QEMU:-qemu-system-riscv64}
TIMEOUT=${TIMEOUT:-10}
QUIRKS=${QUIRKS--DQEMU_QUIRKS}
OUT=${OUT:-$(mktemp -d /tmp/priv-build.XXXXXX)}
mkdir -p "$OUT"
CFLAGS="$QUIRKS -march=rv64imac_zicsr_zifencei -mabi=lp64 -mcmodel=medany -O2 -g -Wall -Wextra -Werror -static -nostdlib \
 -nostartfiles -ffreestanding -T $common/link.ld -I $common -I $here"

if [ $# -eq 0 ]; then
    set -- "$here"/*.S "$here"/*.c
fi

pass=0; fail=0; failed=""
for src in "$@"; do
    [ -f "$src" ] || continue
    name=$(basename "$src"); name=${name%.*}
    elf="$OUT/$name.elf"
    case "$src" in
        *.c) extra="$common/crt0.S" ;;
        *)   extra="" ;;
    esac
    if ! $CC $CFLAGS -o "$elf" $extra "$src"; then
        echo "BUILD FAIL $name"
        fail=$((fail + 1)); failed="$failed $name"
        continue
    fi
    timeout "$TIMEOUT" $QEMU -M virt -bios none -nographic -monitor none \
        -serial stdio -kernel "$elf" </dev/null >"$OUT/$name.log" 2>&1
    rc=$?
    if [ $rc -eq 0 ]; then
        echo "PASS $name"
        pass=$((pass + 1))
    else
        echo "FAIL $name (exit status $rc) $(tr -d '\r' <"$OUT/$name.log" | tail -n 1)"
        fail=$((fail + 1)); failed="$failed $name"
    fi
done
echo "$pass passed, $fail failed${failed:+ (}${failed# }${failed:+)}  [build dir: $OUT]"
[ $fail -eq 0 ]
