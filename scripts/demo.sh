#!/usr/bin/env bash
# Set everything up and boot the default Linux guest to its shell prompt on
# the terminal: Debian's OpenSBI, our Linux 6.1 kernel (built once from
# Debian's linux-source-6.1 and cached in ~/.cache/vsim), our initramfs.
# Type commands at the "# " prompt; `poweroff` ends vsim with status 0,
# Ctrl-A X quits, Ctrl-A C enters the debugger.
# Extra arguments go to `vsim run`, e.g. scripts/demo.sh --dispatch=switch
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh --linux
cmake -S . -B build >/dev/null
cmake --build build -j "$(nproc 2>/dev/null || echo 2)" --target vsim_cli >/dev/null
kernel=$(roms/linux/build-kernel.sh)       # prints progress the first time (several minutes)
initrd=$(roms/linux/build-initramfs.sh)
exec build/vsim run --dispatch=direct -kernel "$kernel" -initrd "$initrd" -append "console=ttyS0" "$@"
