# Aggregations through the in-kernel consumer API: rdtrace_dlog ships
# every CPU's aggregation snapshot (rdtrace_kapi_aggsnap, the AGGSNAP
# path) after the session stops, and `rdtrace decode` prints them exactly
# as rdtrace prints its aggregations at exit -- END's printa included.
. "$(dirname "$0")/lib.sh"
ensure_module
[ -f "$dlog_ko" ] || fail "no $dlog_ko: make module"
work=$(mktemp -d)
trap '[ -z "$cpid" ] || kill "$cpid" 2>/dev/null; rmmod rdtrace_dlog 2>/dev/null; rm -rf "$work"' EXIT

# Reads of two sizes only, by dd: 20 of 1234 bytes and 10 of 777.
cat >"$work/aggs.d" <<'D'
fbt::ksys_read:entry
/execname == "dd" && (arg2 == 1234 || arg2 == 777)/
{
	@n[execname] = count();
	@by[arg2] = sum(arg2);
	@lo = min(arg2);
	@hi = max(arg2);
	@mean = avg(arg2);
	@sd = stddev(arg2);
	@q = quantize(arg2);
	@l = lquantize(arg2, 0, 2000, 500);
	@ll = llquantize(arg2, 10, 0, 4, 10);
}
END
{
	printa("dd read %@d times\n", @n);
}
D
workload='dd if=/dev/zero of=/dev/null bs=1234 count=20 2>/dev/null; dd if=/dev/zero of=/dev/null bs=777 count=10 2>/dev/null'

rd -q -s "$work/aggs.d" -c "sh -c '$workload'" >"$work/want" || fail "rdtrace exited $?"
rd --emit enabling -q -s "$work/aggs.d" -o "$work/aggs.enab" || fail "emit"

start_collector 9955 "$work/frames"
insmod "$dlog_ko" enabling="$work/aggs.enab" collector=127.0.0.1:9955 host=vm-a || fail "insmod dlog"
sh -c "$workload"
rmmod rdtrace_dlog || fail "rmmod rdtrace_dlog"
sleep 0.5
stop_collector
rdtrace decode "$work/frames" >"$work/got" 2>"$work/err" || fail "decode: $(cat "$work/err")"

# The counts are exact: known without rdtrace, and the same both ways.
line() { grep -E "$2" "$work/$1" | tr -s ' ' | sed 's/^ //'; }
for f in want got; do
	expect_eq "$f: printa in END" "$(line $f '^dd read')" "dd read 30 times"
	expect_eq "$f: sum by size" "$(line $f '^ +(777|1234) +[0-9]+$' | tr '\n' ' ')" "777 7770 1234 24680 "
	# min, max, avg, stddev: keyless, in id order.
	expect_eq "$f: min max avg stddev" "$(line $f '^ +[0-9]+$' | tr '\n' ' ')" "777 1234 1081 218 "
	expect_match "$f: quantize" "$(line $f '^ *(512|1024) \|')" "^512 \|@+ 10
1024 \|@+ 20$"
done
diff -u "$work/want" "$work/got" || fail "decode's aggregations differ from rdtrace's"
expect_eq "nothing dropped" "$(cat "$work/err")" ""

# A fleet of two: the same script traced as vm-a and vm-b into one
# collector; decode --merge adds their aggregations up exactly.
start_collector 9956 "$work/fleet"
for h in vm-a vm-b; do
	insmod "$dlog_ko" enabling="$work/aggs.enab" collector=127.0.0.1:9956 host=$h || fail "insmod dlog $h"
	sh -c "$workload"
	rmmod rdtrace_dlog || fail "rmmod rdtrace_dlog $h"
done
sleep 0.5
stop_collector
rdtrace decode --merge "$work/fleet" >"$work/merged" 2>"$work/err" || fail "decode --merge: $(cat "$work/err")"
expect_eq "each host's printa" "$(line merged '^dd read' | tr '\n' ' ')" "dd read 30 times dd read 30 times "
expect_eq "merged sums" "$(line merged '^ +(777|1234) +[0-9]+$' | tr '\n' ' ')" "777 15540 1234 49360 "
expect_eq "merged min max avg stddev" "$(line merged '^ +[0-9]+$' | tr '\n' ' ')" "777 1234 1081 218 "
expect_match "merged quantize" "$(line merged '^ *(512|1024) \|')" "^512 \|@+ 20
1024 \|@+ 40$"
check_kernel_log
echo ok
