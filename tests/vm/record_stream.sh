# The record stream from probe to output: records read in place from the
# ring across its wrap (padding markers skipped) come out whole and in
# order; a drained consumer is woken for the next record; text output
# reads no record times while NDJSON's are real and never go back.
. "$(dirname "$0")/lib.sh"
ensure_module
dir=/tmp/record_stream
rm -rf $dir && mkdir -p $dir

# dd's 3000 one-byte reads numbered in a 4 KiB buffer drained 50 times a
# second: 40-byte records (a printf of a number and a string), so the
# ring wraps with padding every ~100. What is printed is 1, 2, 3, ... with
# gaps only where records were dropped, and printed plus dropped is 3000.
# dd stays on one CPU: per-CPU rings are drained one after another, so a
# dd that moved would print a later CPU's records before an earlier one's.
out=$(rd -q -x bufsize=4k -x switchrate=50hz \
	-n 'fbt::ksys_read:entry /pid == $target && arg2 == 1/ { self->n++; printf("%d %s\n", self->n, execname); }' \
	-c 'taskset -c 0 dd if=/dev/zero of=/dev/null bs=1 count=3000' 2>&1) || fail "numbered reads: rdtrace exited $?: $out"
printf '%s\n' "$out" | grep -E '^[0-9]+ dd$' | cut -d' ' -f1 >$dir/seq
printed=$(wc -l <$dir/seq)
drops=$(printf '%s\n' "$out" | sed -n 's/^rdtrace: \([0-9]*\) drops\{0,1\} on CPU.*/\1/p' | awk '{s += $1} END {print s + 0}')
echo "numbered reads: printed $printed, dropped $drops"
[ "$printed" -gt 100 ] || fail "numbered reads: only $printed printed: $(printf '%s\n' "$out" | head -5)"
expect_eq "numbered reads: printed + dropped" "$((printed + drops))" 3000
back=$(awk 'NR > 1 && $1 <= prev { print NR ": " prev " then " $1; exit } { prev = $1 }' $dir/seq)
expect_eq "numbered reads in order" "$back" ""
if [ "$drops" = 0 ]; then
	expect_eq "numbered reads: last" "$(tail -1 $dir/seq)" 3000
fi
other=$(printf '%s\n' "$out" | grep -Ev '^[0-9]+ dd$|^rdtrace: [0-9]+ drops? on CPU|records in|records out|bytes.*copied|^$')
expect_eq "numbered reads: nothing else said" "$other" ""
check_kernel_log

# A consumer that has drained everything sleeps in poll, and the next
# record wakes it: with a switch rate of one per 10 s, records written 1 s
# apart still each come out within a second (the wakeup, not the timer).
rdtrace -q -x switchrate=10s -n 'fbt::ksys_read:entry /execname == "dd" && arg2 == 4321/ { printf("woke %d\n", walltimestamp / 1000000000); }' \
	>$dir/woke.out 2>$dir/woke.err &
pid=$!
sleep 3
for i in 1 2 3; do
	dd if=/dev/zero of=/dev/null bs=4321 count=1 2>/dev/null
	sent=$(date +%s)
	sleep 1.5
	got=$(grep -c '^woke ' $dir/woke.out)
	[ "$got" = "$i" ] || fail "wakeup $i: $got lines 1.5 s after the read (of $i): $(cat $dir/woke.out $dir/woke.err)"
	t=$(tail -1 $dir/woke.out | cut -d' ' -f2)
	[ $((t - sent)) -le 1 ] && [ $((sent - t)) -le 1 ] || fail "wakeup $i: probe time $t, read at $sent"
done
kill -INT $pid
wait $pid || fail "woken consumer exited $?: $(cat $dir/woke.err)"

# Empty clauses: quiet text prints nothing, plain text one line a firing,
# NDJSON one probe event a firing, with times that are real and never go
# back on a CPU.
probe='fbt::ksys_read:entry /pid == $target && arg2 == 1/ {}'
reads='dd if=/dev/zero of=/dev/null bs=1 count=500'
out=$(rd -q -n "$probe" -c "$reads" 2>&1) || fail "quiet empty clause exited $?: $out"
expect_eq "quiet empty clause" "$(printf '%s\n' "$out" | grep -Ev 'records in|records out|bytes.*copied')" ""
out=$(rd -n "$probe" -c "$reads" 2>/dev/null) || fail "empty clause exited $?"
expect_eq "empty clause lines" "$(printf '%s\n' "$out" | grep -Ec '^ +[0-9]+ +[0-9]+ +ksys_read:entry *$')" 500
rd --format json -n "$probe" -c "$reads" -o $dir/empty.json >/dev/null 2>&1 || fail "json empty clause exited $?"
expect_eq "json firings" "$(jq -c 'select(.type == "probe")' $dir/empty.json | wc -l)" 500
expect_eq "json summary firings" "$(tail -1 $dir/empty.json | jq -r .firings)" 500
zero=$(jq -r 'select(.type == "probe") | select(.timestamp == 0) | .cpu' $dir/empty.json | head -1)
expect_eq "json timestamps set" "$zero" ""
back=$(jq -r 'select(.type == "probe") | "\(.cpu) \(.timestamp)"' $dir/empty.json |
	awk '{ if ($1 in last && $2 < last[$1]) { print; exit } last[$1] = $2 }')
expect_eq "json timestamps in order per CPU" "$back" ""
check_kernel_log
echo "PASS record_stream"
