# A consumer killed mid-run, teardown on close, and drops counted exactly
# when the buffer is deliberately too small.
. "$(dirname "$0")/lib.sh"
ensure_module
enabled=/sys/kernel/tracing/enabled_functions

# wait_patched [not]: waits up to 10 s for ksys_read to be patched (or
# unpatched) in ftrace, the sign that a consumer has reached GO (or torn
# down); the caller checks the outcome.
wait_patched() {
	i=0
	while [ $i -lt 100 ]; do
		if grep -q ksys_read $enabled; then [ "${1:-}" != not ] && return; else [ "${1:-}" = not ] && return; fi
		sleep 0.1; i=$((i + 1))
	done
}

# (Start/stop cycles at scale, random kills, rmmod attempts and concurrent
# sessions: tests/vm/lifecycle_scale.sh.)

# SIGKILL the consumer while probes fire: closing the device tears down.
rdtrace -q -n 'fbt::ksys_read:entry, fbt::ksys_read:return { }' &
pid=$!
wait_patched
grep -q ksys_read $enabled || fail "ksys_read never patched"
for i in 1 2 3 4 5; do cat /proc/version > /dev/null; done
kill -9 $pid
wait $pid 2>/dev/null
# The last reference goes in the exit path, before wait returns: at most
# half a second for teardown, as before, but no fixed wait.
i=0
while grep -q ksys_read $enabled && [ $i -lt 5 ]; do sleep 0.1; i=$((i + 1)); done
grep -q ksys_read $enabled && fail "ksys_read still patched after SIGKILL"
rmmod rdtrace || fail "rmmod after SIGKILL"
insmod "$RDTRACE_KO_DIR/rdtrace.ko" || fail "insmod"

# rmmod refuses while a consumer holds the device, and nothing breaks.
rdtrace -q -n 'fbt::ksys_read:entry { }' &
pid=$!
wait_patched
grep -q ksys_read $enabled || fail "ksys_read never patched under the consumer"
rmmod rdtrace 2>/dev/null && fail "rmmod succeeded under a consumer"
kill -INT $pid
wait $pid || fail "consumer stopped by SIGINT exited $?"

# Traces dd's 2000 one-byte reads (2000 records of 24 bytes) into a 4 KiB
# buffer with the given -x options; sets $out, $printed and $drops.
trace_dd_reads() {
	# The records are read from stdout alone: dd's summary goes to stderr
	# in several writes, and a record printed between two of them would
	# share a line with it.
	rd -q -x bufsize=4k "$@" \
		-n 'fbt::ksys_read:entry /pid == $target && arg2 == 1/ { printf("r\n"); }' \
		-c 'dd if=/dev/zero of=/dev/null bs=1 count=2000' >/tmp/dd_reads.out 2>/tmp/dd_reads.err
	out=$(cat /tmp/dd_reads.out /tmp/dd_reads.err)
	printed=$(grep -c '^r$' /tmp/dd_reads.out)
	drops=$(sed -n 's/^rdtrace: \([0-9]*\) drops\{0,1\} on CPU.*/\1/p' /tmp/dd_reads.err | awk '{s+=$1} END {print s+0}')
	# The rest (drop counts, nested skips, dd's summary) goes to the log,
	# so that a count that does not add up shows what else was said.
	other=$(grep -v '^r$' /tmp/dd_reads.out /tmp/dd_reads.err | tr '\n' '|')
	echo "$* printed $printed, dropped $drops; also: $other"
}

# Drained once a second, the buffer holds 170: printed plus dropped is 2000.
trace_dd_reads -x switchrate=1hz
[ "$drops" -gt 0 ] || fail "no drops with a 4k buffer: $out"
expect_eq "printed + dropped" "$((printed + drops))" 2000
check_kernel_log

# The deadman: a consumer stopped (SIGSTOP) for longer than deadman=1s
# finds its probes stopped when it resumes, and says so.
rdtrace -q -x deadman=1s -x switchrate=10hz -n 'fbt::ksys_read:entry { }' 2>/tmp/deadman.err &
pid=$!
wait_patched
grep -q ksys_read $enabled || fail "deadman: ksys_read never patched"
sleep 1.5 # running for longer than deadman=1s does not trip it
kill -STOP $pid
for i in 1 2 3 4 5 6 7 8 9 10; do cat /proc/version > /dev/null; sleep 0.2; done
kill -CONT $pid
wait $pid
expect_eq "deadman exit" "$?" 1
expect_match "deadman message" "$(cat /tmp/deadman.err)" "processing aborted: .*deadman"
check_kernel_log

# Buffer policies on the same 2000 records: fill stops at the first full
# buffer (the rest counted as drops); ring keeps the newest, dropping none.
for policy in fill ring; do
	trace_dd_reads -x bufpolicy=$policy -x switchrate=10hz
	[ "$printed" -gt 0 ] || fail "$policy: nothing printed"
	case $policy in
	fill)
		[ "$drops" -gt 0 ] || fail "fill: no drops"
		expect_eq "fill: printed + dropped" "$((printed + drops))" 2000
		;;
	ring)
		# Read only after STOP: at most one 4k buffer of 24-byte records.
		[ "$printed" -le 170 ] || fail "ring: printed $printed records from a 4k buffer"
		expect_eq "ring: drops" "$drops" 0
		;;
	esac
done
check_kernel_log

# The consumer sleeps in poll: with a 30 s switch rate, a record committed
# while it sleeps reaches the output at once (the probe wakes it through
# irq_work), and Ctrl-C still stops it promptly.
rdtrace -q -x switchrate=30s -n 'fbt::ksys_read:entry /execname == "cat"/ { printf("woken\n"); }' > /tmp/poll.out &
pid=$!
wait_patched
grep -q ksys_read $enabled || fail "poll: ksys_read never patched"
sleep 1 # past GO's first drain, asleep in poll
cat /proc/version > /dev/null
i=0
while ! grep -q woken /tmp/poll.out && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
grep -q woken /tmp/poll.out || fail "the record did not wake the consumer within 5 s"
kill -INT $pid
wait $pid || fail "consumer exited $? after SIGINT"
check_kernel_log
