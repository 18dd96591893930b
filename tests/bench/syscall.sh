# System-call tracing overhead (sourced by tests/bench/guest.sh): a program
# making BENCH_SYSCALLS (1,000,000) getppid calls (tests/bench/getppid.c)
# run bare, then under each tracer set to follow one *other* process, so
# that the program pays only the tracer's filter: rdtrace's dtruss.d
# (every system call's entry and return probed, `pid == $target`),
# bpftrace on raw_syscalls:sys_enter and on syscalls:sys_enter_getppid
# with the same filter, and strace -f, which stops the program at every
# call. Each sample is the program's own loop time, scaled to 1,000,000
# calls: the table's ms are ns per call.
# shellcheck shell=sh

SYSCALLS=${BENCH_SYSCALLS:-1000000}
# strace costs tens of microseconds a call under TCG: fewer calls.
STRACE_SYSCALLS=${BENCH_STRACE_SYSCALLS:-$((SYSCALLS / 20))}

# syscall_sample ID SAMPLE FILE: the program's "getppid N NS" line in FILE
# as a time sample scaled to 1,000,000 calls.
syscall_sample() {
	line=$(grep -m1 '^getppid [0-9]* [0-9]*$' "$3")
	if [ -z "$line" ]; then
		note "$1: the program printed no result: $(head -c 300 "$3")"
		return
	fi
	set -- "$1" "$2" $line
	emit time "$1" "$2" $(($5 * 1000000 / $4))
}

# A process for the tracers to follow: it sleeps, making no calls.
syscall_bystander() {
	sleep 100000 &
	BYSTANDER=$!
}

syscall_rows() {
	prog=$SCRATCH/getppid
	cc -O2 -o "$prog" "$BENCH_DIR/getppid.c" || {
		note "syscall: cc getppid.c failed"
		return
	}
	row syscall-bare syscall "no tracer"
	row syscall-rdtrace syscall "rdtrace dtruss.d -p OTHER (every syscall probed, pid filter)"
	row syscall-bpftrace-raw syscall "bpftrace tracepoint:raw_syscalls:sys_enter /pid == OTHER/"
	row syscall-bpftrace-getppid syscall "bpftrace tracepoint:syscalls:sys_enter_getppid /pid == OTHER/"
	row syscall-strace syscall "strace -f (the program itself, $STRACE_SYSCALLS calls)"
	syscall_bystander
	tools=$RDTRACE_ROOT/userspace-ctl/tools
	s=1
	while [ "$s" -le "$SAMPLES" ]; do
		say "syscall: sample $s of $SAMPLES"
		"$prog" "$SYSCALLS" >"$SCRATCH/sc.out" 2>&1
		syscall_sample syscall-bare "$s" "$SCRATCH/sc.out"
		# The tracers follow the bystander; the program runs once each is
		# attached (the first line of output, or a second's wait).
		rd -s "$tools/dtruss.d" -p $BYSTANDER >"$SCRATCH/sc.trace" 2>&1 &
		tracer=$!
		wait_for grep -q 'SYSCALL' "$SCRATCH/sc.trace" || note "syscall-rdtrace: dtruss.d did not start"
		"$prog" "$SYSCALLS" >"$SCRATCH/sc.out" 2>&1
		kill -TERM $tracer
		wait $tracer
		syscall_sample syscall-rdtrace "$s" "$SCRATCH/sc.out"
		for tp in raw_syscalls:sys_enter syscalls:sys_enter_getppid; do
			case $tp in raw*) id=syscall-bpftrace-raw ;; *) id=syscall-bpftrace-getppid ;; esac
			bt -e "BEGIN { printf(\"attached\\n\"); } tracepoint:$tp /pid == $BYSTANDER/ { @ = count(); }" \
				>"$SCRATCH/sc.trace" 2>&1 &
			tracer=$!
			wait_for grep -q attached "$SCRATCH/sc.trace" || note "$id: bpftrace did not start"
			"$prog" "$SYSCALLS" >"$SCRATCH/sc.out" 2>&1
			kill -TERM $tracer
			wait $tracer
			syscall_sample $id "$s" "$SCRATCH/sc.out"
		done
		strace -f -o /dev/null "$prog" "$STRACE_SYSCALLS" >"$SCRATCH/sc.out" 2>&1 ||
			note "syscall-strace: strace failed: $(head -c 300 "$SCRATCH/sc.out")"
		syscall_sample syscall-strace "$s" "$SCRATCH/sc.out"
		s=$((s + 1))
	done
	kill $BYSTANDER
	wait $BYSTANDER 2>/dev/null
}
