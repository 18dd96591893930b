# @[execname] = count() beside bpftrace's @[comm] = count() on the same
# function in the same guest: both count the same driven reads exactly.
. "$(dirname "$0")/lib.sh"
command -v bpftrace >/dev/null || fail "bpftrace not installed on the host (make deps)"
ensure_module
dir=$(mktemp -d)
ln -sf "$(command -v dd)" "$dir/rdagg_dd"
timeout 300 bpftrace -e 'kfunc:vmlinux:ksys_read /comm == "rdagg_dd"/ { @[comm] = count(); }' \
	>"$dir/bpftrace.out" 2>&1 &
btpid=$!
for _ in $(seq 1200); do
	grep -q Attaching "$dir/bpftrace.out" 2>/dev/null && break
	sleep 0.1
done
grep -q Attaching "$dir/bpftrace.out" || fail "bpftrace did not attach: $(cat "$dir/bpftrace.out")"
# rdtrace starts dd once its probes are live and prints when dd is done:
# 300 one-byte reads, and the loader's.
rd -q -n 'fbt::ksys_read:entry /execname == "rdagg_dd"/ { @[execname] = count(); }' \
	-c "$dir/rdagg_dd if=/dev/zero of=/dev/null bs=1 count=300" >"$dir/rdtrace.out" 2>/dev/null ||
	fail "rdtrace failed"
kill -INT $btpid
wait $btpid
rd_count=$(awk '$1 == "rdagg_dd" { print $2 }' "$dir/rdtrace.out")
bt_count=$(sed -n 's/^@\[rdagg_dd\]: \([0-9]*\)$/\1/p' "$dir/bpftrace.out")
echo "rdtrace $rd_count, bpftrace $bt_count"
[ -n "$rd_count" ] || fail "rdtrace printed no count: $(cat "$dir/rdtrace.out")"
[ -n "$bt_count" ] || fail "bpftrace printed no count: $(cat "$dir/bpftrace.out")"
expect_eq "rdtrace's count equals bpftrace's" "$rd_count" "$bt_count"
[ "$rd_count" -ge 300 ] || fail "fewer reads than dd made: $rd_count"
rm -rf "$dir"
check_kernel_log
