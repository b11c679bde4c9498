#!/usr/bin/env bash
# Boot-to-userspace test: OpenSBI + our Linux kernel + our initramfs, twice.
#
#   tests/linux/boot-test.sh VSIM IMAGE INITRD DISPATCH
#
# Boot 1 runs a command line in the guest's shell (vsh, after "--" on the
# kernel command line) that prints a marker, reads 32 bytes of /dev/hwrng
# (virtio-rng), reads the RTC (goldfish, ioctl RTC_RD_TIME), brings eth0 up
# (10.0.2.15/24, default route via slirp's 10.0.2.2) and fetches
# http://10.0.2.2:PORT/token from a server this script starts on the host's
# 127.0.0.1 (tests/linux/token-server.py, a random token), writes another
# random token to the RAW virtio disk (/dev/vda: no filesystem, the token is
# the first line of the first sector) and fsyncs it, then powers off.
# Checked: the marker, hwrng bytes (64 hex digits, not all zero), an RTC date
# in this year and within 10 minutes of the host's clock, the fetched token,
# the disk token in the host's image file, and a clean power-off (vsim exit
# status 0, "reboot: Power down", the shell's status 0).
# Boot 2, on the same disk image, prints the first line of /dev/vda: it must
# be boot 1's disk token (nothing lost across a guest power-off).
#
# Exit status 0 = passed, 1 = failed (diagnostics and the console's tail on
# stderr), 77 = skipped (no kernel or initramfs given, or no python3).
# Environment: VSIM_BOOT_TIMEOUT (seconds per boot, default 120),
# VSIM_BOOT_KEEP=1 keeps the scratch directory (disk image, console logs).
set -uo pipefail

if [ $# -ne 4 ]; then
    echo "usage: $0 VSIM IMAGE INITRD DISPATCH" >&2
    exit 2
fi
vsim=$1 image=$2 initrd=$3 dispatch=$4
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
timeout_s=${VSIM_BOOT_TIMEOUT:-120}
name="boot-test[$dispatch]"

skip() { echo "$name: SKIPPED: $*"; exit 77; }
if [ -z "$image" ] || [ ! -s "$image" ]; then
    skip "no kernel image ('$image'; roms/linux/build-kernel.sh builds one)"
fi
if [ -z "$initrd" ] || [ ! -s "$initrd" ]; then
    skip "no initramfs ('$initrd'; roms/linux/build-initramfs.sh builds one)"
fi
command -v python3 >/dev/null 2>&1 || skip "python3 (for the host's HTTP server) not found"
[ -x "$vsim" ] || { echo "$name: FAILED: vsim '$vsim' is not executable" >&2; exit 1; }

work=$(mktemp -d "${TMPDIR:-/tmp}/vsim-boot-test.XXXXXX") || exit 1
server_pid=
# shellcheck disable=SC2317  # (run by the trap)
cleanup() {
    if [ -n "$server_pid" ]; then
        kill "$server_pid" 2>/dev/null
        wait "$server_pid" 2>/dev/null
    fi
    if [ "${VSIM_BOOT_KEEP:-0}" = 1 ]; then
        echo "$name: kept $work"
    else
        rm -rf "$work"
    fi
}
trap cleanup EXIT

random_hex() { od -An -tx1 -N8 /dev/urandom | tr -d ' \n'; }
net_token=vsim-net-$(random_hex)
disk_token=vsim-disk-$(random_hex)
disk=$work/disk.img

failures=()
fail() { failures+=("$*"); }

# show_log FILE: the console's last lines, for a failure report
show_log() {
    echo "---- last 40 lines of $(basename "$1") ----" >&2
    tail -n 40 "$1" >&2
    echo "---- end ----" >&2
}

finish() {
    if [ ${#failures[@]} -eq 0 ]; then
        echo "$name: PASSED"
        exit 0
    fi
    echo "$name: FAILED:" >&2
    printf '  - %s\n' "${failures[@]}" >&2
    for log in "$@"; do
        [ -f "$log" ] && show_log "$log"
    done
    if [ -f "$work/server.log" ]; then
        echo "---- token server log ----" >&2
        cat "$work/server.log" >&2
    fi
    exit 1
}

# boot N COMMANDS: run the guest with the disk and the network, console to
# $work/bootN.log (carriage returns dropped); sets boot_status.
boot() {
    local n=$1 cmds=$2 log=$work/boot$1.log t0 t1
    t0=$(date +%s.%N)
    timeout -k 5 "$timeout_s" "$vsim" run --dispatch="$dispatch" \
        -kernel "$image" -initrd "$initrd" -drive file="$disk" -netdev user \
        -append "console=ttyS0 -- -c \"$cmds\"" </dev/null 2>&1 | tr -d '\r' >"$log"
    boot_status=${PIPESTATUS[0]}
    t1=$(date +%s.%N)
    echo "$name: boot $n: exit status $boot_status, $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s wall"
    if [ "$boot_status" -eq 124 ] || [ "$boot_status" -eq 137 ]; then
        fail "boot $n: no power-off within ${timeout_s} s (timeout; exit status $boot_status)"
    elif [ "$boot_status" -ne 0 ]; then
        fail "boot $n: vsim exit status $boot_status, not 0"
    fi
    grep -q '^vsim-init: userspace up$' "$log" || fail "boot $n: init never printed 'vsim-init: userspace up'"
    grep -q '^vsim-init: shell exited with status 0; powering off$' "$log" ||
        fail "boot $n: no 'shell exited with status 0' line (a guest command failed?)"
    grep -q 'reboot: Power down' "$log" || fail "boot $n: no 'reboot: Power down' from the kernel"
}

# ------------------------------------------------------------------ set up
dd if=/dev/zero of="$disk" bs=1M count=8 status=none || { echo "$name: cannot create $disk" >&2; exit 1; }

python3 "$here/token-server.py" "$net_token" "$work/port" $((2 * timeout_s + 60)) 2>"$work/server.log" &
server_pid=$!
for _ in $(seq 100); do
    [ -s "$work/port" ] && break
    kill -0 "$server_pid" 2>/dev/null || break
    sleep 0.1
done
port=$(cat "$work/port" 2>/dev/null)
if ! [[ "$port" =~ ^[0-9]+$ ]]; then
    fail "the token server did not start"
    finish
fi
echo "$name: token server on 127.0.0.1:$port; net token $net_token, disk token $disk_token"

# ------------------------------------------------------------------ boot 1
year_before=$(date -u +%Y)
cmds1="echo vsim-boot-test: boot 1 up"
cmds1+="; echo -n 'hwrng: '; readhex 32 /dev/hwrng"
cmds1+="; rtc"
cmds1+="; ifup"
cmds1+="; echo -n 'fetched: '; fetch 10.0.2.2 $port /token"
cmds1+="; echo $disk_token > /dev/vda && sync /dev/vda && echo vsim-boot-test: raw disk written"
cmds1+="; echo vsim-boot-test: boot 1 done"
boot 1 "$cmds1"
log1=$work/boot1.log
host_now=$(date -u +%s)
year_after=$(date -u +%Y)

grep -q '^vsim-boot-test: boot 1 up$' "$log1" || fail "boot 1: no marker 'vsim-boot-test: boot 1 up'"

hwrng=$(sed -n 's/^hwrng: \([0-9a-f]*\)$/\1/p' "$log1" | head -n 1)
if [ ${#hwrng} -ne 64 ]; then
    fail "boot 1: /dev/hwrng: expected a line 'hwrng: <64 hex digits>', got '$(grep -m1 '^hwrng' "$log1")'"
elif [[ "$hwrng" =~ ^0+$ ]]; then
    fail "boot 1: /dev/hwrng gave 32 zero bytes"
fi

rtc_line=$(grep -m1 '^rtc0: ' "$log1")
if [[ "$rtc_line" =~ ^rtc0:\ ([0-9]{4})-([0-9]{2})-([0-9]{2})\ ([0-9:]{8})\ UTC\ \(([0-9]+)\ s ]]; then
    rtc_year=${BASH_REMATCH[1]} rtc_epoch=${BASH_REMATCH[5]}
    if [ "$rtc_year" != "$year_before" ] && [ "$rtc_year" != "$year_after" ]; then
        fail "boot 1: RTC year $rtc_year, host's is $year_after ('$rtc_line')"
    fi
    skew=$((rtc_epoch - host_now))
    if [ ${skew#-} -gt 600 ]; then
        fail "boot 1: RTC is $skew s off the host's clock ('$rtc_line')"
    fi
else
    fail "boot 1: no RTC line 'rtc0: YYYY-MM-DD HH:MM:SS UTC (N s since the epoch...)', got '$rtc_line'"
fi

grep -q '^eth0: up, 10\.0\.2\.15/24' "$log1" || fail "boot 1: ifup did not bring eth0 up: '$(grep -m1 -E '^(eth0|ifup)' "$log1")'"
fetched=$(grep -m1 '^fetched: ' "$log1")
[ "$fetched" = "fetched: $net_token" ] ||
    fail "boot 1: fetch of http://10.0.2.2:$port/token: expected 'fetched: $net_token', got '$fetched'"
grep -q '^vsim-boot-test: raw disk written$' "$log1" || fail "boot 1: writing or syncing /dev/vda failed"
grep -q '^vsim-boot-test: boot 1 done$' "$log1" || fail "boot 1: the command line did not run to its end"

on_disk=$(head -c $((${#disk_token} + 1)) "$disk" | tr -d '\0')
[ "$on_disk" = "$disk_token" ] ||
    fail "host: the disk image starts with '$on_disk', not boot 1's token '$disk_token'"

# ------------------------------------------------------------------ boot 2
cmds2="echo vsim-boot-test: boot 2 up; echo -n 'disk: '; head -n 1 /dev/vda; echo vsim-boot-test: boot 2 done"
boot 2 "$cmds2"
log2=$work/boot2.log
grep -q '^vsim-boot-test: boot 2 up$' "$log2" || fail "boot 2: no marker 'vsim-boot-test: boot 2 up'"
readback=$(grep -m1 -a '^disk: ' "$log2" | tr -d '\0')
[ "$readback" = "disk: $disk_token" ] ||
    fail "boot 2: /dev/vda's first line: expected 'disk: $disk_token', got '$readback'"

if [ ${#failures[@]} -eq 0 ]; then
    echo "$name: hwrng $hwrng"
    echo "$name: $rtc_line"
    echo "$name: $fetched; boot 2 read back '$disk_token'"
fi
finish "$log1" "$log2"
