#!/usr/bin/env bash
# Build and test everything, twice: a normal build (build/) and one with
# AddressSanitizer + UndefinedBehaviorSanitizer (build-asan/), both with
# warnings as errors. Ends with one line "N passed, N failed" (tests over both
# builds; a build that fails to configure or compile counts as one failure)
# and exits non-zero if anything failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

scripts/setup.sh --linux || { echo "test.sh: setup failed" >&2; echo "0 passed, 1 failed"; exit 1; }

# The default Linux guest for the boot tests: built once, then cached in
# ~/.cache/vsim (the first build takes several minutes).
linux_args=()
if kernel=$(roms/linux/build-kernel.sh) && initrd=$(roms/linux/build-initramfs.sh); then
    linux_args=(-DVSIM_LINUX_IMAGE="$kernel" -DVSIM_LINUX_INITRD="$initrd")
else
    echo "test.sh: building the Linux guest failed" >&2
    echo "0 passed, 1 failed"
    exit 1
fi

jobs=$(nproc 2>/dev/null || echo 2)
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}

passed=0 failed=0

# run_build DIR CMAKE_ARGS...: configure, build, ctest; adds to the counts.
run_build() {
    local dir=$1 log
    shift
    echo "== $dir: configure and build"
    if ! cmake -S . -B "$dir" -DVSIM_WERROR=ON "$@" >/dev/null ||
       ! cmake --build "$dir" -j "$jobs" >"$dir/build.log" 2>&1; then
        [ -f "$dir/build.log" ] && grep -E -B2 -A8 'error|Error' "$dir/build.log" | head -n 80
        echo "== $dir: BUILD FAILED (full log: $dir/build.log)"
        failed=$((failed + 1))
        return
    fi
    echo "== $dir: ctest"
    log=$(mktemp "${TMPDIR:-/tmp}/vsim-ctest.XXXXXX")
    ctest --test-dir "$dir" --output-on-failure -j2 2>&1 | tee "$log"
    # "100% tests passed, 0 tests failed out of 70"
    local summary
    summary=$(grep -E '^[0-9]+% tests passed, [0-9]+ tests? failed out of [0-9]+' "$log" | tail -n 1)
    rm -f "$log"
    if [ -z "$summary" ]; then
        echo "== $dir: no ctest summary (no tests, or ctest failed)"
        failed=$((failed + 1))
        return
    fi
    local nfail total
    nfail=$(sed -E 's/^[0-9]+% tests passed, ([0-9]+) tests? failed out of ([0-9]+).*/\1/' <<<"$summary")
    total=$(sed -E 's/^[0-9]+% tests passed, ([0-9]+) tests? failed out of ([0-9]+).*/\2/' <<<"$summary")
    passed=$((passed + total - nfail))
    failed=$((failed + nfail))
}

run_build build -DVSIM_SANITIZE=OFF "${linux_args[@]}"
run_build build-asan -DVSIM_SANITIZE=ON

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
