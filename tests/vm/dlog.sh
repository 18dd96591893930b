# rdtrace_dlog, the sample in-kernel consumer (consumers/dlog): records go
# from the kernel to a TCP collector with no user-space consumer, and print
# through `rdtrace decode` as rdtrace prints them.
#
# The acceptance case goes to a collector on the host: scripts/vm-run gives
# the guest a NIC on QEMU's user network whose 10.0.2.100:9999 runs
# consumers/dlog/collector.py on the host, writing the frames into the run
# directory the guest sees (the test kernel has no NIC driver built in: we
# load e1000, built out of tree by scripts/build-module). The rest (a
# killed or stalled collector, load and unload) runs the collector on the
# guest's loopback, where the test can kill and stall it.
. "$(dirname "$0")/lib.sh"
ensure_module
[ -f "$dlog_ko" ] || fail "no $dlog_ko: make module"
work=$(mktemp -d)
port=9900

# next_collector [ARGS...]: a collector on a fresh port, frames to $work/frames.
next_collector() {
	port=$((port + 1))
	start_collector $port "$work/frames" "$@"
}
load=
# Background jobs hold run-all's pipe: a failing test must end them too.
trap '[ -z "$load" ] || kill $load 2>/dev/null; stop_collector; rmmod rdtrace_dlog 2>/dev/null; rm -rf "$work"' EXIT

# emit NAME CLAUSE: the compiled enabling, quiet.
emit() { rd --emit enabling -q -n "$2" -o "$work/$1.enab" || fail "emit $1"; }
dlog_in() { insmod "$dlog_ko" enabling="$work/$1.enab" collector=127.0.0.1:$port host=vm-a "$@" || fail "insmod dlog $1"; }
dlog_stats() { dmesg | grep 'rdtrace_dlog: .* records sent' | tail -1; }

workload='dd if=/dev/zero of=/dev/null bs=1234 count=20 2>/dev/null; cat /proc/version >/dev/null; head -c 100 /proc/self/status >/dev/null'
acceptance='fbt::ksys_read:entry { printf("%s %d\n", execname, arg2); }'

pick() { grep -E '^(dd|cat|head) [0-9]+$' "$1" | sort; }
rd -q -n "$acceptance" -c "sh -c '$workload'" >"$work/rdtrace.out" || fail "rdtrace exited $?"
pick "$work/rdtrace.out" >"$work/want"
expect_eq "rdtrace saw dd's reads" "$(grep -c '^dd 1234$' "$work/want")" 20

# check_same NAME FRAMES: the frames decode to rdtrace's lines, nothing lost.
check_same() {
	rdtrace decode "$2" >"$work/$1.out" 2>"$work/$1.err" || fail "$1: decode: $(cat "$work/$1.err")"
	pick "$work/$1.out" >"$work/$1.got"
	diff -u "$work/want" "$work/$1.got" || fail "$1: dlog's lines differ from rdtrace's"
	expect_eq "$1: nothing dropped" "$(cat "$work/$1.err")" ""
	expect_match "$1: stats at unload" "$(dlog_stats)" " 0 consumer drops, 0 drops, 0 errors, 0 link drops$"
	expect_eq "$1: the last frame is the counters" "$(tail -c 56 "$2" | od -An -tu8 -w56 | awk '{ print $2 + $3 + $4 + $5 + $7 }')" 0
}

# 1. The acceptance case: on the host, the collector's records print as
# rdtrace's do.
emit accept "$acceptance"
e1000=$RDTRACE_KO_DIR/target/e1000/e1000.ko
host_frames=/run/rdtrace-host/host-frames
[ -f "$e1000" ] || fail "no $e1000: make module"
lsmod | grep -q '^e1000 ' || insmod "$e1000" || fail "insmod e1000"
nic=$(ls /sys/class/net | grep -v '^lo$' | head -1)
[ -n "$nic" ] || fail "no NIC: is scripts/vm-run's -netdev there?"
ip link set "$nic" up && ip addr add 10.0.2.15/24 dev "$nic" 2>/dev/null
insmod "$dlog_ko" enabling="$work/accept.enab" collector=10.0.2.100:9999 host=vm-a || fail "insmod dlog to the host"
sh -c "$workload"
rmmod rdtrace_dlog || fail "rmmod rdtrace_dlog"
sleep 1 # the host's collector writes what it got; the link is closed
check_same host "$host_frames"

# 1b. The same through the guest's loopback, while rdtrace traces the
# same probe: kernel and device sessions side by side, both complete.
next_collector
dlog_in accept
rd -q -n "$acceptance" -c "sh -c '$workload'" >"$work/both.out" || fail "rdtrace beside dlog exited $?"
rmmod rdtrace_dlog || fail "rmmod rdtrace_dlog"
stop_collector
check_same loopback "$work/frames"
pick "$work/both.out" | diff -u "$work/want" - || fail "rdtrace beside dlog printed other lines"

# 2. Complete and in order per CPU: every one of N reads arrives, each
# CPU's timestamps never go back.
n=400
emit order 'fbt::ksys_read:entry /execname == "dd" && arg2 == 777/ { printf("%d %d\n", cpu, timestamp); }'
next_collector
dlog_in order drain_ms=10
dd if=/dev/zero of=/dev/null bs=777 count=$n 2>/dev/null
rmmod rdtrace_dlog || fail "rmmod"
stop_collector
rdtrace decode "$work/frames" >"$work/order.out" 2>"$work/order.err" || fail "decode"
expect_eq "records arrived" "$(grep -c '^[0-9]* [0-9]*$' "$work/order.out")" $n
awk 'NF == 2 { if ($1 in last && $2 < last[$1]) { print "CPU " $1 ": " $2 " after " last[$1]; bad = 1 } last[$1] = $2 } END { exit bad }' \
	"$work/order.out" || fail "a CPU's records out of order"
expect_eq "nothing dropped" "$(cat "$work/order.err")" ""

# 3. A collector killed mid-run: the rest is counted as dropped, no
# warning, and unloading is prompt.
emit busy 'fbt::ksys_read:entry { printf("%s %d\n", execname, arg2); }'
next_collector
dlog_in busy
dd if=/dev/zero of=/dev/null bs=1 count=200 2>/dev/null
kill -9 "$cpid"; wait "$cpid" 2>/dev/null; cpid=
dd if=/dev/zero of=/dev/null bs=1 count=2000 2>/dev/null
sleep 0.5
dd if=/dev/zero of=/dev/null bs=1 count=200 2>/dev/null
t0=$(date +%s)
rmmod rdtrace_dlog || fail "rmmod after the collector died"
[ $(($(date +%s) - t0)) -le "$(prompt_bound 3)" ] || fail "rmmod took $(($(date +%s) - t0))s"
dmesg | grep -q 'rdtrace_dlog: the link to 127.0.0.1:[0-9]* failed' || fail "the failed link was not reported"
stats=$(dlog_stats)
echo "killed collector: $stats"
drops=$(printf '%s\n' "$stats" | sed -n 's/.* \([0-9]*\) consumer drops.*/\1/p')
[ "${drops:-0}" -gt 0 ] || fail "no consumer drops counted: $stats"
check_kernel_log

# 4. A stalled collector (it never reads): counted drops, probes unhurt,
# unloading prompt.
next_collector --stall
dlog_in busy sendbuf=4096
t0=$(date +%s)
dd if=/dev/zero of=/dev/null bs=1 count=20000 2>/dev/null
echo "20000 reads: $(($(date +%s) - t0))s"
t0=$(date +%s)
rmmod rdtrace_dlog || fail "rmmod with a stalled collector"
[ $(($(date +%s) - t0)) -le "$(prompt_bound 3)" ] || fail "rmmod took $(($(date +%s) - t0))s"
stop_collector
stats=$(dlog_stats)
echo "stalled collector: $stats"
drops=$(printf '%s\n' "$stats" | sed -n 's/.* \([0-9]*\) consumer drops.*/\1/p')
[ "${drops:-0}" -gt 0 ] || fail "no consumer drops counted: $stats"
expect_match "probes dropped nothing" "$stats" " 0 drops, 0 errors, [1-9][0-9]* link drops"

# 5. Both modules in and out 20 times under load; rdtrace cannot go while
# its consumer is loaded.
next_collector
(while :; do cat /proc/version >/dev/null; done) &
load=$!
i=0
while [ $i -lt 20 ]; do
	module_loaded || insmod "$RDTRACE_KO_DIR/rdtrace.ko" || fail "insmod rdtrace ($i)"
	dlog_in busy
	if [ $i = 0 ] && rmmod rdtrace 2>/dev/null; then fail "rdtrace unloaded under its consumer"; fi
	sleep 0.2
	rmmod rdtrace_dlog || fail "rmmod dlog ($i)"
	rmmod rdtrace || fail "rmmod rdtrace ($i)"
	i=$((i + 1))
done
kill $load; wait $load 2>/dev/null; load=
stop_collector
ensure_module
rdtrace decode "$work/frames" >/dev/null || fail "decode after the cycles"
check_kernel_log
echo "ok"
