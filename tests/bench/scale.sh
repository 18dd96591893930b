# Probe-count scaling (sourced by tests/bench/guest.sh): the per-hit cost of
# the one function the loop calls with 1, 100, 1,000 and all allowed FBT
# entry probes enabled, and the time to enable and tear down those sets
# through rdtrace, tracefs and bpftrace.
# shellcheck shell=sh

SCALE=${BENCH_SCALE:-1 100 1000 all}

# The candidates: functions rdtrace allows and kprobes allow (so that
# bpftrace can take the same set), with plain C names that only one function
# has (a kprobe by name takes kallsyms' first, maybe not the traceable one);
# one per line.
candidates() {
	[ -s "$SCRATCH/candidates" ] && return
	rd -l -n 'fbt:::entry' | awk 'NR > 1 && $4 ~ /^[A-Za-z_][A-Za-z0-9_]*$/ { print $4 }' |
		grep -vx rdbench_target | sort -u >"$SCRATCH/allowed"
	awk '{ print $3 }' /proc/kallsyms | sort | uniq -d >"$SCRATCH/shared-names"
	awk '{ print $NF }' /sys/kernel/debug/kprobes/blacklist | sort -u |
		sort -m - "$SCRATCH/shared-names" >"$SCRATCH/excluded"
	comm -23 "$SCRATCH/allowed" "$SCRATCH/excluded" >"$SCRATCH/candidates"
}

# function_set N: rdbench_target plus N-1 candidates spread evenly over the
# list, into $SCRATCH/set-N.
function_set() {
	candidates
	echo rdbench_target >"$SCRATCH/set-$1"
	[ "$1" -gt 1 ] || return 0
	total=$(wc -l <"$SCRATCH/candidates")
	awk -v want=$(($1 - 1)) -v total="$total" \
		'NR * want >= (n + 1) * total && n < want { print; n++ }' \
		"$SCRATCH/candidates" >>"$SCRATCH/set-$1"
}

# prepare_set N: set N (unless "all") and the D program enabling it, every
# clause false, into $SCRATCH/set-N.d; once per run, for scale and setup.
prepare_set() {
	[ -s "$SCRATCH/set-$1.d" ] && return
	if [ "$1" = all ]; then
		echo "fbt:::entry" >"$SCRATCH/set-$1.d"
	else
		function_set "$1"
		sed 's/.*/fbt::&:entry/' "$SCRATCH/set-$1" | paste -sd, >"$SCRATCH/set-$1.d"
	fi
	echo "/arg0 == $NEVER/ {}" >>"$SCRATCH/set-$1.d"
}

scale_rows() {
	for n in $SCALE; do
		row "scale-$n" scale "rdtrace FBT entry, always-false predicate, $n probes enabled"
	done
	for n in $SCALE; do
		prepare_set "$n"
		say "scale: $n probes"
		rd -q -s "$SCRATCH/set-$n.d" -c "/bin/sh $SELF loops scale-$n" >/dev/null 2>"$SCRATCH/rd.err" ||
			note "scale-$n: rdtrace failed: $(head -c 300 "$SCRATCH/rd.err")"
	done
}

# tracefs_cycle N: the function tracer on set N, then off.
tracefs_cycle() {
	if [ "$1" = all ]; then
		echo >$T/set_ftrace_filter
	else
		cat "$SCRATCH/set-$1" >$T/set_ftrace_filter
	fi
	echo function >$T/current_tracer
	$MARK
	echo nop >$T/current_tracer
	echo >$T/set_ftrace_filter
}

# The mark every tool runs once its probes are live: one process that
# prints the time on the tool's stdout, the same for all three (its -c
# command, or tracefs_cycle's next command), so that each tool's window holds
# the same work under its probes. Under -icount (BENCH_ICOUNT=1) the time is
# the CPUs' busy time (rdbench.c): the guest's clock jumps over every idle
# wait there, so a window is measured as the instructions run in it.
if [ "${BENCH_ICOUNT:-0}" = 1 ]; then
	MARK="$(command -v cat) /proc/rdbench_busy"
	stamp() { read -r busy </proc/rdbench_busy && echo "$busy"; }
else
	MARK="$(command -v date) +%s%N"
	stamp() { now_ns; }
fi

# phases TOOL N SAMPLE CMD...: CMD enables set N, runs $MARK once its probes
# are live, tears down and exits: the time to the mark is the enable (the
# tool's startup included), the rest the teardown.
# CMD runs with nothing wrapped around it: `timeout` (rd, bt) is a process
# of its own, whose exec put 0.1-0.2 s of the harness's under TCG into
# rdtrace's and bpftrace's windows and none into tracefs's. A watchdog
# started before the window kills the process TOOL names instead, should
# it hang.
phases() {
	tool=$1 n=$2 sample=$3
	shift 3
	(sleep "${BENCH_TOOL_TIMEOUT:-300}" && pkill -KILL -x "$tool") >/dev/null 2>&1 &
	watchdog=$!
	# Its fork and exec done before the window opens.
	sleep 0.2
	t0=$(stamp)
	"$@" >"$SCRATCH/phases.out" 2>"$SCRATCH/phases.err" || note "$tool-$n: '$*' failed: $(head -c 300 "$SCRATCH/phases.err")"
	t1=$(stamp)
	kill "$watchdog" 2>/dev/null
	mark=$(grep -Exm1 '[0-9]{6,}' "$SCRATCH/phases.out")
	if [ -n "$mark" ]; then
		emit time "enable-$tool-$n" "$sample" $((mark - t0))
		emit time "teardown-$tool-$n" "$sample" $((t1 - mark))
	else
		note "$tool-$n: the probes never went live"
	fi
}

# bpftrace_cycle N: bpftrace attaches a kprobe to each of set N, then exits.
bpftrace_cycle() {
	if [ "$1" = all ]; then
		probes='kprobe:*'
	else
		probes=$(sed 's/^/kprobe:/' "$SCRATCH/set-$1" | paste -sd,)
	fi
	# One perf event (a file descriptor) per kprobe.
	(
		ulimit -n 65536
		BPFTRACE_MAX_PROBES=100000 BPFTRACE_MAX_BPF_PROGS=100000 \
			exec bpftrace -q -e "$probes { }" -c "$MARK"
	)
}

# The sets the setup rows enable: every scale set, or BENCH_SETUP_SCALE.
SETUP_SCALE=${BENCH_SETUP_SCALE:-$SCALE}

setup_rows() {
	for n in $SETUP_SCALE; do
		row "enable-rdtrace-$n" setup "rdtrace: start and enable $n FBT entry probes"
		row "enable-tracefs-$n" setup "tracefs: set_ftrace_filter + function tracer on, $n functions"
		row "enable-bpftrace-$n" setup "bpftrace: start and attach $n kprobes"
		row "teardown-rdtrace-$n" setup "rdtrace: tear down $n probes and exit"
		row "teardown-tracefs-$n" setup "tracefs: function tracer off + filter cleared, $n functions"
		row "teardown-bpftrace-$n" setup "bpftrace: detach $n kprobes and exit"
	done
	# Seven samples of every function: its enable moves by ±20 % from run
	# to run under TCG on a shared host (three of the named sets, whose
	# tracefs and bpftrace rows take minutes each). rdtrace and
	# tracefs take turns going first, so that neither always follows
	# bpftrace's teardown of every kprobe.
	for n in $SETUP_SCALE; do
		prepare_set "$n"
		s=1
		samples=3
		[ "$n" = all ] && samples=7
		while [ "$s" -le "${BENCH_SETUP_SAMPLES:-$samples}" ]; do
			say "setup: $n probes, sample $s"
			if [ $((s % 2)) -eq 1 ]; then
				phases rdtrace "$n" "$s" rdtrace -q -s "$SCRATCH/set-$n.d" -c "$MARK"
				phases tracefs "$n" "$s" tracefs_cycle "$n"
			else
				phases tracefs "$n" "$s" tracefs_cycle "$n"
				phases rdtrace "$n" "$s" rdtrace -q -s "$SCRATCH/set-$n.d" -c "$MARK"
			fi
			phases bpftrace "$n" "$s" bpftrace_cycle "$n"
			s=$((s + 1))
		done
	done
}
