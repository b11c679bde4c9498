#!/usr/bin/env bash
# A GDB session against `vsim run --gdb=PORT`: Debian's gdb-multiarch in
# batch mode runs gdb-session.gdb on tests/gdb/guest.c, and its output is
# checked line by line; vsim must exit 0 after the detach (the guest then
# runs to its end and passes).
#
# usage: run-gdb.sh VSIM GUEST.elf DISPATCH PORT
# PORT is the first port tried; if it is taken, the next ones are (up to 20).
# Exit 77 (skipped) when gdb-multiarch is not installed.
set -u

vsim=$1 elf=$2 mode=$3 base_port=$4
gdb=${VSIM_GDB:-$(command -v gdb-multiarch || true)}
if [ -z "$gdb" ]; then
    echo "SKIP: gdb-multiarch is not installed (scripts/setup.sh installs it)"
    exit 77
fi
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d "${TMPDIR:-/tmp}/vsim-gdb.XXXXXX")
vsim_pid=
cleanup() {
    [ -n "$vsim_pid" ] && kill "$vsim_pid" 2>/dev/null
    rm -rf "$work"
}
trap cleanup EXIT

fail() {
    echo "FAIL: $*"
    echo "----- gdb output"
    cat "$work/gdb.out" 2>/dev/null
    echo "----- vsim stderr"
    cat "$work/vsim.err" 2>/dev/null
    exit 1
}

# Start vsim; wait until it listens (or try the next port if it could not).
port=
for try in $(seq 0 19); do
    p=$((base_port + try))
    "$vsim" run --dispatch="$mode" --gdb="$p" "$elf" >"$work/vsim.out" 2>"$work/vsim.err" &
    vsim_pid=$!
    for _ in $(seq 1 200); do
        grep -q "waiting for GDB on 127.0.0.1:$p" "$work/vsim.err" && break
        kill -0 "$vsim_pid" 2>/dev/null || break
        sleep 0.05
    done
    if grep -q "waiting for GDB on 127.0.0.1:$p" "$work/vsim.err"; then
        port=$p
        break
    fi
    wait "$vsim_pid" 2>/dev/null
    vsim_pid=
done
[ -n "$port" ] || fail "vsim did not listen on any port from $base_port"

sed "s/@PORT@/$port/" "$here/gdb-session.gdb" >"$work/session.gdb"
timeout 120 "$gdb" -batch -nx -x "$work/session.gdb" "$elf" >"$work/gdb.out" 2>&1
gdb_status=$?

# vsim goes on after the detach: the guest runs to its end.
vsim_status=
for _ in $(seq 1 600); do
    if ! kill -0 "$vsim_pid" 2>/dev/null; then
        wait "$vsim_pid"
        vsim_status=$?
        vsim_pid=
        break
    fi
    sleep 0.05
done

[ "$gdb_status" -eq 0 ] || fail "gdb exited with status $gdb_status"
[ -n "$vsim_status" ] || fail "vsim did not exit after the detach"
[ "$vsim_status" -eq 0 ] || fail "vsim exited with status $vsim_status (want 0: the guest passes)"

expect() { # REGEX DESCRIPTION
    grep -Eq -- "$1" "$work/gdb.out" || fail "no match for /$1/ ($2)"
}
expect '^Breakpoint 1, main \(\) at .*guest\.c:[0-9]+' "break main + continue"
expect '^pc[[:space:]]+0x[0-9a-f]+[[:space:]]+0x[0-9a-f]+ <main\+[0-9]+>' "info registers pc"
# stepi moved the pc one instruction (2 or 4 bytes) past the breakpoint
bp=$(grep -oE '^Breakpoint 1 at 0x[0-9a-f]+' "$work/gdb.out" | grep -oE '0x[0-9a-f]+$')
pc=$(grep -E '^pc +0x' "$work/gdb.out" | head -1 | awk '{print $2}')
{ [ -n "$bp" ] && [ -n "$pc" ] && [ $((pc - bp)) -ge 2 ] && [ $((pc - bp)) -le 4 ]; } ||
    fail "stepi: pc $pc is not one instruction after the breakpoint at $bp"
expect '<magic>:[[:space:]]+0xdeadbeef[[:space:]]+0x12345678[[:space:]]+0xcafef00d[[:space:]]+0x0badc0de' "x/4xw &magic"
expect '^\$1 = 0$' "print counter"
expect '^Hardware watchpoint 2: counter' "watch counter"
expect '^Old value = 0$' "watchpoint old value"
expect '^New value = 1$' "watchpoint new value"
expect '^Hardware read watchpoint 3: counter' "rwatch counter"
expect '^Value = 1$' "read watchpoint value"
expect '^Breakpoint 4, square \(x=2\) at .*guest\.c:[0-9]+' "break square + continue"
expect '^#1  0x[0-9a-f]+ in main \(\) at .*guest\.c:[0-9]+' "backtrace"
expect '^Value returned is \$[0-9]+ = 4$' "finish: returned value"
expect '^a0[[:space:]]+0x4[[:space:]]+4$' "info registers a0"
expect '^\$[0-9]+ = 77$' "set var / print results[3]"
expect '^mstatus +0x[0-9a-f]+' "info registers mstatus"
expect '^\$[0-9]+ = \{float = 0, double = 0\}$' "print \$ft0"
expect 'monitor stats' "monitor help"
expect '^instructions: +[0-9]+' "monitor stats"
expect '^privilege: M-mode \(3\)' "monitor priv"
expect 'plic +0x0c000000-0x0c5fffff' "monitor passes REPL commands (info dev)"
expect '^fcsr +0x' "info all-registers: fcsr"
expect '^mscratch +0x' "info all-registers: mscratch"
expect '^\[Inferior 1 \(.*\) detached\]' "detach"
if grep -Eq 'Could not fetch register|Remote failure reply|Protocol error|Remote connection closed|Ignoring packet error' "$work/gdb.out"; then
    fail "gdb reported a protocol problem"
fi
echo "PASS: gdb session on port $port, dispatch $mode"
