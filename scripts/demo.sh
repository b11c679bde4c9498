#!/usr/bin/env bash
# Build vsim (build/, optimised with debug info) and run the demo guest.
# Extra arguments go to `vsim run`, e.g. scripts/demo.sh --stats
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/setup.sh
cmake -S . -B build >/dev/null
cmake --build build -j "$(nproc 2>/dev/null || echo 2)" --target vsim_cli guest_hello >/dev/null
exec build/vsim run "$@" build/guests/hello.elf
