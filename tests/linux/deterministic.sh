#!/usr/bin/env bash
# Whole-system determinism across the dispatch strategies: OpenSBI + Linux +
# our initramfs booted under each strategy with the deterministic clock
# (--clock=insns: mtime and the RTC derive from the retired-instruction
# count), running a command line that sleeps on the timer, reads the RTC and
# the kernel's interrupt counts, and powers off. Paging, traps, timer and
# UART interrupts, the PLIC and the devices all take part; with the same
# clock, every strategy must retire exactly the same number of instructions
# and print exactly the same console output, byte for byte.
#
#   deterministic.sh VSIM IMAGE INITRD
set -uo pipefail
vsim=$1 image=$2 initrd=$3
[ -f "$image" ] && [ -f "$initrd" ] || { echo "SKIP: no Linux image/initramfs"; exit 77; }

tmp=$(mktemp -d "${TMPDIR:-/tmp}/vsim-determinism.XXXXXX")
trap 'rm -rf "$tmp"' EXIT

cmd='echo det-start; sleep 1; date; cat /proc/interrupts; head -n 3 /proc/stat; echo det-end'
for mode in switch indirect direct; do
    timeout 240 "$vsim" run --dispatch="$mode" --clock=insns --stats -kernel "$image" -initrd "$initrd" \
        -append "console=ttyS0 -- -c \"$cmd\"" </dev/null >"$tmp/$mode.out" 2>"$tmp/$mode.err"
    status=$?
    if [ $status -ne 0 ]; then
        echo "FAIL: $mode: vsim exited with status $status"
        tail -n 20 "$tmp/$mode.out" "$tmp/$mode.err"
        exit 1
    fi
    # "vsim: direct dispatch: 48038596 instructions in 0.152 s = 316.0 MIPS"
    insns=$(sed -nE 's/^vsim: [a-z]+ dispatch: ([0-9]+) instructions.*/\1/p' "$tmp/$mode.err")
    [ -n "$insns" ] || { echo "FAIL: $mode: no --stats line"; cat "$tmp/$mode.err"; exit 1; }
    echo "$insns" >"$tmp/$mode.insns"
    echo "$mode: $insns instructions"
done

out=$tmp/switch.out
grep -q '^det-start' "$out" && grep -q '^det-end' "$out" && grep -q 'reboot: Power down' "$out" || {
    echo "FAIL: the command line did not run to the end"
    tail -n 30 "$out"
    exit 1
}
# The timer really ticked: sleep 1 took a second of guest time.
grep -qE 'riscv-timer|RISC-V INTC' "$out" || { echo "FAIL: no timer interrupts in /proc/interrupts"; exit 1; }

for mode in indirect direct; do
    if ! cmp -s "$tmp/switch.insns" "$tmp/$mode.insns"; then
        echo "FAIL: switch retired $(cat "$tmp/switch.insns") instructions, $mode $(cat "$tmp/$mode.insns")"
        exit 1
    fi
    if ! cmp -s "$tmp/switch.out" "$tmp/$mode.out"; then
        echo "FAIL: console output of switch and $mode differ:"
        diff "$tmp/switch.out" "$tmp/$mode.out" | head -n 20
        exit 1
    fi
done
echo "PASS: all three strategies: $(cat "$tmp/switch.insns") instructions, identical console output"
