# Records out of the kernel (sourced by tests/bench/guest.sh): how many
# printf-per-hit records per second reach the consumer, and how long a
# one-liner takes from command start to its first record.
# shellcheck shell=sh

TPUT_SAMPLES=${BENCH_TPUT_SAMPLES:-3}
[ -z "${BENCH_KAFKA_PORT:-}" ] || . "$RDTRACE_ROOT/tests/fleet/kafka_link.sh"

# rate_sample ID SAMPLE DELIVERED DROPPED: one throughput result, the
# elapsed time being the longest CPU's loop in $SCRATCH/rate.
rate_sample() {
	elapsed=$(awk '$3 > m { m = $3 } END { print m + 0 }' "$SCRATCH/rate")
	emit rate "$1" "$2" "$3" "$4" "$elapsed"
}

tput_rdtrace() {
	rd -q -x bufsize=${BUF_KB}k -n 'fbt::rdbench_target:entry { printf("%d\n", arg0); }' \
		-c "/bin/sh $SELF rate" >"$SCRATCH/tput.out" 2>"$SCRATCH/tput.err"
	rate_sample tput-rdtrace "$1" "$(grep -c . "$SCRATCH/tput.out")" "$(rdtrace_drops "$SCRATCH/tput.err")"
}

tput_ftrace() {
	echo $BUF_KB >$T/buffer_size_kb
	echo rdbench_target >$T/set_ftrace_filter
	echo function >$T/current_tracer
	echo >$T/trace
	cat $T/trace_pipe >"$SCRATCH/tput.out" &
	reader=$!
	/bin/sh "$SELF" rate
	# The reader drains what is left; trace_pipe never ends by itself.
	sleep 2
	kill $reader
	wait $reader 2>/dev/null
	lost=$(cat $T/per_cpu/cpu*/stats | awk '/^overrun:/ { n += $2 } END { print n + 0 }')
	echo nop >$T/current_tracer
	echo >$T/set_ftrace_filter
	rate_sample tput-ftrace "$1" "$(wc -l <"$SCRATCH/tput.out")" "$lost"
}

tput_bpftrace() {
	BPFTRACE_PERF_RB_PAGES=$((BUF_KB / 4)) bt -q \
		-e 'kfunc:rdbench:rdbench_target { printf("%d\n", args->x); }' \
		-c "/bin/sh $SELF rate" >"$SCRATCH/tput.out" 2>"$SCRATCH/tput.err"
	lost=$(cat "$SCRATCH/tput.out" "$SCRATCH/tput.err" | awk '/^Lost [0-9]+ events/ { n += $2 } END { print n + 0 }')
	rate_sample tput-bpftrace "$1" "$(grep -c '^[0-9]' "$SCRATCH/tput.out")" "$lost"
}

# tput_dlog SAMPLE: the same enabling drained in the kernel by rdtrace_dlog
# (consumers/dlog), sent over the guest's loopback to a collector that only
# stores the stream; the frames are counted by `rdtrace decode` afterwards.
tput_dlog() {
	dlog_ko=${RDTRACE_KO_DIR:-$RDTRACE_ROOT}/consumers/dlog/rdtrace_dlog.ko
	rd --emit enabling -q -x bufsize=${BUF_KB}k -n 'fbt::rdbench_target:entry { printf("%d\n", arg0); }' \
		-o "$SCRATCH/tput.enab" || { note "tput-dlog: rdtrace --emit failed"; return 1; }
	rm -f "$SCRATCH/frames" "$SCRATCH/frames.ready"
	python3 -c '
import socket, sys
s = socket.socket()
s.bind(("127.0.0.1", 9960)); s.listen(1)
open(sys.argv[1] + ".ready", "w").close()
c, _ = s.accept()
with open(sys.argv[1], "wb") as out:
    while chunk := c.recv(1 << 20):
        out.write(chunk)
' "$SCRATCH/frames" &
	sink=$!
	wait_for test -e "$SCRATCH/frames.ready" || note "tput-dlog: the collector did not start"
	dmesg -C
	insmod "$dlog_ko" enabling="$SCRATCH/tput.enab" collector=127.0.0.1:9960 host=bench sendbuf=$((4 << 20)) sockbuf=0 ||
		{ note "tput-dlog: insmod rdtrace_dlog failed"; kill $sink; return 1; }
	/bin/sh "$SELF" rate
	rmmod rdtrace_dlog
	wait $sink
	stats=$(dmesg | grep 'rdtrace_dlog: .* records sent' | tail -1)
	lost=$(echo "$stats" | sed -n 's/.*sent, \([0-9]*\) consumer drops, \([0-9]*\) drops, [0-9]* errors, \([0-9]*\) link drops.*/\1 \2 \3/p' |
		awk '{ print $1 + $2 + $3 }')
	[ -n "$lost" ] || note "tput-dlog: no counters from rdtrace_dlog: $stats"
	rate_sample tput-dlog "$1" "$(rdtrace decode "$SCRATCH/frames" 2>/dev/null | grep -c '^[0-9]')" "${lost:-0}"
}

# tput_kafka SAMPLE: rdtrace -o kafka:// publishing the same enabling's
# firings as JSON to the host's broker (scripts/bench starts it); a shorter
# loop, since the link (QEMU's user network and two relays) is slower than
# the kernel. Delivered: the firings `rdtrace collect` reads back from the
# topic; the time: from the loop's start to rdtrace's exit, when the broker
# has acknowledged everything.
tput_kafka() {
	topic=kafka://127.0.0.1:$BENCH_KAFKA_PORT/bench
	rm -f "$SCRATCH/mark"
	BENCH_TPUT_MS=${BENCH_KAFKA_MS:-200} rd -q -x bufsize=${BUF_KB}k -o "$topic" \
		-n 'fbt::rdbench_target:entry { printf("%d\n", arg0); }' \
		-c "/bin/sh -c '/bin/sh $SELF mark; /bin/sh $SELF rate'" 2>"$SCRATCH/kafka.err"
	end=$(now_ns)
	[ -s "$SCRATCH/mark" ] || { note "tput-kafka: rdtrace failed: $(head -c 300 "$SCRATCH/kafka.err")"; return 1; }
	rd collect "$topic" --host "$(hostname)" >/dev/null 2>"$SCRATCH/collect.err"
	# "HOST: 1 run, N events (F probe firings), none missing"
	firings=$(sed -n 's/.* events (\([0-9]*\) probe firings).*/\1/p' "$SCRATCH/collect.err" | tail -1)
	[ -n "$firings" ] || note "tput-kafka: collect read nothing: $(head -c 300 "$SCRATCH/collect.err")"
	lost=$(($(rdtrace_drops "$SCRATCH/kafka.err") + $(sed -n 's/.*: \([0-9]*\) events not delivered.*/\1/p' "$SCRATCH/kafka.err" | awk '{ n += $1 } END { print n + 0 }')))
	emit rate tput-kafka "$1" "${firings:-0}" "$lost" $((end - $(cat "$SCRATCH/mark")))
}

throughput_rows() {
	row tput-rdtrace throughput "rdtrace printf per hit, drained by rdtrace"
	row tput-dlog throughput "rdtrace printf per hit, drained in the kernel by rdtrace_dlog"
	[ -z "${BENCH_KAFKA_PORT:-}" ] ||
		row tput-kafka throughput "rdtrace printf per hit, published to Kafka (-o kafka://, through QEMU's user network)"
	row tput-ftrace throughput "ftrace function tracer, drained from trace_pipe"
	row tput-bpftrace throughput "bpftrace kfunc printf per hit"
	if [ -n "${BENCH_KAFKA_PORT:-}" ] && ! kafka_link_up "$BENCH_KAFKA_PORT"; then
		note "tput-kafka: the link to the broker did not come up"
		BENCH_KAFKA_PORT=
	fi
	s=1
	while [ "$s" -le "$TPUT_SAMPLES" ]; do
		say "throughput: sample $s"
		tput_rdtrace "$s"
		tput_dlog "$s"
		[ -z "${BENCH_KAFKA_PORT:-}" ] || tput_kafka "$s"
		tput_ftrace "$s"
		tput_bpftrace "$s"
		s=$((s + 1))
	done
}

# first_record ID SAMPLE CMD...: time from starting CMD to its first line.
first_record() {
	id=$1 sample=$2
	shift 2
	t0=$(now_ns)
	"$@" 2>"$SCRATCH/first.err" | {
		read -r _ && now_ns >"$SCRATCH/first"
		cat >/dev/null
	}
	if [ -s "$SCRATCH/first" ]; then
		emit time "$id" "$sample" $(($(cat "$SCRATCH/first") - t0))
	else
		note "$id: no record: $(head -c 300 "$SCRATCH/first.err")"
	fi
	rm -f "$SCRATCH/first"
}

startup_rows() {
	row startup-rdtrace startup "rdtrace: start to first record, fbt::ksys_read:entry printf"
	row startup-bpftrace startup "bpftrace: start to first record, kprobe:ksys_read printf"
	# Something to trace: a read every 50 ms.
	(while :; do
		cat /proc/version >/dev/null
		sleep 0.05
	done) &
	reads=$!
	s=1
	while [ "$s" -le "${BENCH_SETUP_SAMPLES:-3}" ]; do
		say "startup: sample $s"
		first_record startup-rdtrace "$s" rd -q -n 'fbt::ksys_read:entry { printf("%d\n", pid); exit(0); }'
		first_record startup-bpftrace "$s" bt -q -e 'kprobe:ksys_read { printf("%d\n", pid); exit(); }'
		s=$((s + 1))
	done
	kill $reads
}
