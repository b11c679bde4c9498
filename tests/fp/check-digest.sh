#!/bin/sh
# Differential FP check: run the digest program (fp_digest.elf) on QEMU, the
# reference, and on libvsim, and compare the "fp digest: 0x... ops: N" lines.
#
# usage: tests/fp/check-digest.sh PROGRAM_ELF VSIM_BINARY [DISPATCH]
#   DISPATCH: switch, indirect or direct (default: vsim's default)
#   env: QEMU (default qemu-system-riscv64), TIMEOUT (seconds, default 300)
# exit status: 0 when both runs exit 0 and print the same digest line;
#   1 otherwise (both lines / exit statuses are printed); 2 on usage errors.
set -u
if [ $# -lt 2 ] || [ $# -gt 3 ]; then
    echo "usage: $0 PROGRAM_ELF VSIM_BINARY [DISPATCH]" >&2
    exit 2
fi
elf=$1
vsim=$2
dispatch=${3:-}
QEMU=${QEMU:-qemu-system-riscv64}
TIMEOUT=${TIMEOUT:-300}
[ -f "$elf" ] || { echo "$0: no such program: $elf" >&2; exit 2; }

tmp=$(mktemp -d /tmp/fp-digest.XXXXXX)
trap 'rm -rf "$tmp"' EXIT

timeout "$TIMEOUT" "$QEMU" -M virt -bios none -nographic -monitor none \
    -serial stdio -kernel "$elf" </dev/null >"$tmp/qemu.out" 2>&1
qrc=$?
if [ -n "$dispatch" ]; then
    timeout "$TIMEOUT" "$vsim" run --dispatch="$dispatch" "$elf" </dev/null >"$tmp/vsim.out" 2>"$tmp/vsim.err"
else
    timeout "$TIMEOUT" "$vsim" run "$elf" </dev/null >"$tmp/vsim.out" 2>"$tmp/vsim.err"
fi
vrc=$?

qline=$(tr -d '\r' <"$tmp/qemu.out" | grep '^fp digest: ' | tail -n 1)
vline=$(tr -d '\r' <"$tmp/vsim.out" | grep '^fp digest: ' | tail -n 1)

if [ $qrc -eq 0 ] && [ $vrc -eq 0 ] && [ -n "$qline" ] && [ "$qline" = "$vline" ]; then
    echo "OK   $vline"
    exit 0
fi
echo "DIGEST MISMATCH (${dispatch:-default dispatch})"
echo "  qemu (exit $qrc): ${qline:-<no digest line>}"
echo "  vsim (exit $vrc): ${vline:-<no digest line>}"
if [ -z "$vline" ]; then
    echo "  vsim output:"; tail -n 5 "$tmp/vsim.out" | sed 's/^/    /'
    tail -n 5 "$tmp/vsim.err" | sed 's/^/    /'
fi
exit 1
