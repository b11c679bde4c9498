#!/usr/bin/env bash
# Wall time from start to a Linux shell that runs `uname -a` and powers off,
# for each vsim dispatch strategy and for QEMU's virt board, with the same
# kernel, initramfs and Debian OpenSBI, runs interleaved so that a noisy
# machine treats all alike. Prints min-max seconds per machine.
#
#   scripts/boot-time.sh [RUNS]        (default 3; needs a built build/vsim)
set -euo pipefail
cd "$(dirname "$0")/.."
runs=${1:-3}
vsim=build/vsim
[ -x "$vsim" ] || { echo "boot-time.sh: build vsim first (cmake -S . -B build && cmake --build build)" >&2; exit 1; }
kernel=$(roms/linux/build-kernel.sh)
initrd=$(roms/linux/build-initramfs.sh)
bios=/usr/lib/riscv64-linux-gnu/opensbi/generic/fw_dynamic.bin
append='console=ttyS0 -- -c "uname -a"'

machines=(switch indirect direct)
command -v qemu-system-riscv64 >/dev/null && machines+=(qemu)

# boot MACHINE: one boot, its wall time in seconds on stdout.
boot() {
    local start end out
    start=$(date +%s.%N)
    if [ "$1" = qemu ]; then
        out=$(timeout 120 qemu-system-riscv64 -M virt -m 128M -nographic -bios "$bios" -kernel "$kernel" \
              -initrd "$initrd" -append "$append" </dev/null 2>&1)
    else
        out=$(timeout 120 "$vsim" run --dispatch="$1" -kernel "$kernel" -initrd "$initrd" -append "$append" \
              </dev/null 2>&1)
    fi
    end=$(date +%s.%N)
    grep -q 'reboot: Power down' <<<"$out" || { echo "boot-time.sh: $1 did not power off" >&2; exit 1; }
    echo "$end - $start" | bc
}

declare -A times
for ((i = 0; i < runs; i++)); do
    for m in "${machines[@]}"; do
        times[$m]+="$(boot "$m") "
    done
done
for m in "${machines[@]}"; do
    # shellcheck disable=SC2086
    sorted=($(printf '%s\n' ${times[$m]} | sort -n))
    printf '%-9s %.2f-%.2f s\n' "$m" "${sorted[0]}" "${sorted[-1]}"
done
