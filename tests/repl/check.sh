#!/bin/sh
# check.sh VSIM DISPATCH ELF SCRIPT: feed SCRIPT to `VSIM debug --dispatch=DISPATCH ELF`
# (stdin, so the REPL reads it line by line with no prompt) and check the
# output (stdout and stderr) against the directives in SCRIPT, which the REPL
# itself skips as comments:
#   #> REGEX      a later output line matches REGEX (awk ERE); in order
#   #>+ REGEX     the line right after the previous match matches REGEX
#   #!no REGEX    no output line matches REGEX
#   #!errors N    exactly N lines start with "error:"
#   #!exit N      vsim exits with status N (default 0)
set -u
vsim=$1 dispatch=$2 elf=$3 script=$4
out=$(mktemp) || exit 2
trap 'rm -f "$out"' EXIT
"$vsim" debug --dispatch="$dispatch" "$elf" <"$script" >"$out" 2>&1
status=$?
fail=0
want_exit=$(sed -n 's/^#!exit //p' "$script")
if [ "$status" != "${want_exit:-0}" ]; then
    echo "FAIL: exit status $status, expected ${want_exit:-0}"
    fail=1
fi
want_errors=$(sed -n 's/^#!errors //p' "$script")
if [ -n "$want_errors" ]; then
    errors=$(grep -c '^error:' "$out")
    if [ "$errors" != "$want_errors" ]; then
        echo "FAIL: $errors error lines, expected $want_errors"
        fail=1
    fi
fi
# ordered matching: expectations are read from the script by awk itself so
# that backslashes reach the regex engine as written
awk -v script="$script" '
BEGIN {
    n = 0
    while ((getline line < script) > 0) {
        if (line ~ /^#>\+ /) { want[n] = substr(line, 5); next_line[n++] = 1 }
        else if (line ~ /^#> /) { want[n] = substr(line, 4); next_line[n++] = 0 }
        else if (line ~ /^#!no /) nos[++nn] = substr(line, 6)
    }
    i = 0; last = -2; bad = 0
}
{
    for (k = 1; k <= nn; k++)
        if ($0 ~ nos[k]) { printf "FAIL: line %d matches forbidden /%s/: %s\n", NR, nos[k], $0; bad = 1 }
    if (i < n) {
        if (next_line[i] && NR != last + 1) {
            printf "FAIL: expected /%s/ right after line %d, got: %s\n", want[i], last, $0; bad = 1; i = n
        } else if ($0 ~ want[i]) { last = NR; i++ }
    }
}
END {
    if (i < n) { printf "FAIL: no output line (in order) matches /%s/\n", want[i]; bad = 1 }
    exit bad
}' "$out" || fail=1
if [ $fail != 0 ]; then
    echo "---- output of vsim debug --dispatch=$dispatch $elf < $script"
    cat "$out"
    exit 1
fi
echo "ok: $(basename "$script") under $dispatch"
