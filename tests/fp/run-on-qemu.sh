#!/bin/sh
# Build every test in tests/fp (*.S and *.c) into a temporary directory and
# run it on QEMU's virt board as a reference.  A test passes when QEMU exits
# with status 0 (syscon 0x5555).  A failing check prints
#   FAIL <check> (line <line>): got 0x... expected 0x...
# and exits with the check number clamped to 191 (see fp_macros.h).
#
# The tests are built with -DQEMU_QUIRKS, which drops the few checks where
# QEMU 7.2 deviates from the spec (see fp_fs.S); the simulator build does not
# define it.
#
# fp_digest prints a digest line instead of checking anything (compare it
# with tests/fp/check-digest.sh); it is run and its line shown here.
#
# usage: tests/fp/run-on-qemu.sh [test-file ...]
#   env: CC (default riscv64-unknown-elf-gcc), QEMU (qemu-system-riscv64),
#        OUT (build directory, default a fresh temporary directory),
#        TIMEOUT (seconds per test, default 60)
set -u
here=$(cd "$(dirname "$0")" && pwd)
common="$here/../common"
CC=${CC:-riscv64-unknown-elf-gcc}
QEMU=${QEMU:-qemu-system-riscv64}
TIMEOUT=${TIMEOUT:-60}
OUT=${OUT:-$(mktemp -d /tmp/fp-build.XXXXXX)}
mkdir -p "$OUT"
CFLAGS="-DQEMU_QUIRKS -march=rv64imafdc_zicsr_zifencei -mabi=lp64d -mcmodel=medany -O2 -g -Wall -Wextra -Werror -static -nostdlib \
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
        echo "PASS $name $(tr -d '\r' <"$OUT/$name.log" | tail -n 1)"
        pass=$((pass + 1))
    else
        echo "FAIL $name (exit status $rc) $(tr -d '\r' <"$OUT/$name.log" | tail -n 1)"
        fail=$((fail + 1)); failed="$failed $name"
    fi
done
echo "$pass passed, $fail failed${failed:+ (}${failed# }${failed:+)}  [build dir: $OUT]"
[ $fail -eq 0 ]
