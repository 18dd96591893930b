# Load and unload rdtrace and rdtrace_dlog N times (argument; 5 in
# make test, 50 in `make test-dlog-cycles`) under load, each time with a
# live /dev/rdtrace session beside the kernel one: every session ends
# cleanly, nothing is dropped, the kernel log stays clean.
. "$(dirname "$0")/lib.sh"
n=${1:-5}
[ -f "$dlog_ko" ] || fail "no $dlog_ko: make module"
work=$(mktemp -d)
load=
trap '[ -z "$load" ] || kill $load 2>/dev/null; [ -z "$cpid" ] || kill $cpid 2>/dev/null; rmmod rdtrace_dlog 2>/dev/null; rm -rf "$work"' EXIT
start_collector 9957 "$work/frames"
ensure_module
rd --emit enabling -q -o "$work/c.enab" -n 'fbt::ksys_read:entry { @[execname] = count(); } fbt::ksys_read:entry /execname == "dd"/ { printf("%d\n", arg2); }' || fail "emit"
(while :; do cat /proc/version >/dev/null; done) &
load=$!
i=0
while [ $i -lt "$n" ]; do
	module_loaded || insmod "$RDTRACE_KO_DIR/rdtrace.ko" || fail "insmod rdtrace ($i)"
	insmod "$dlog_ko" enabling="$work/c.enab" collector=127.0.0.1:9957 host=cycle$i || fail "insmod dlog ($i)"
	rmmod rdtrace 2>/dev/null && fail "rdtrace unloaded under its consumer ($i)"
	# A /dev/rdtrace session beside the kernel one, on the same probe.
	rd -q -n 'fbt::ksys_read:entry /execname == "dd" && arg2 == 99/ { @ = count(); }' \
		-c 'dd if=/dev/zero of=/dev/null bs=99 count=5' >"$work/rd.out" 2>"$work/rd.err" ||
		fail "rdtrace exited $? ($i): $(cat "$work/rd.err")"
	rmmod rdtrace_dlog || fail "rmmod dlog ($i)"
	expect_eq "rdtrace's count ($i)" "$(tr -d ' \n' <"$work/rd.out")" 5
	expect_match "dlog's counts ($i)" "$(dmesg | grep 'rdtrace_dlog: .* records sent' | tail -1)" " 0 consumer drops, 0 drops, 0 errors, 0 link drops$"
	rmmod rdtrace || fail "rmmod rdtrace ($i)"
	i=$((i + 1))
done
kill $load; wait $load 2>/dev/null; load=
ensure_module
sleep 0.5
kill $cpid; wait $cpid 2>/dev/null; cpid=
expect_eq "every cycle's dd reads reached the collector" "$(rdtrace decode "$work/frames" 2>/dev/null | grep -c '^99$')" $((5 * n))
check_kernel_log
echo "ok ($n cycles)"
