# Helpers for the in-guest benchmark driver (tests/bench/guest.sh).
# Results go to $OUT as `RDBENCH ...` lines (tests/bench/report reads them).
# shellcheck shell=sh

CTL=/proc/rdbench
T=/sys/kernel/tracing
OUT=${RDTRACE_OUT:-/dev/stdout}
SAMPLES=${BENCH_SAMPLES:-5}
MS=${BENCH_MS:-300}
SCRATCH=${TMPDIR:-/tmp}/rdbench
# A value the loop's argument never reaches: predicates on it are false.
NEVER=12345678901234
# Every tool's trace buffer per CPU, in KiB.
BUF_KB=16384

emit() { echo "RDBENCH $*" >>"$OUT"; }
note() {
	emit note "$*"
	echo "bench: $*" >&2
}
say() { echo "bench: $*" >&2; }
now_ns() { date +%s%N; }

# row ID GROUP LABEL...: declares a result row (display order).
row() {
	id=$1 group=$2
	shift 2
	emit row "$id" "$group" "$*"
}

# loop_sample ID SAMPLE: one timed loop on every CPU; the total number of
# calls goes to $SCRATCH/calls for checks against a tool's own count.
loop_sample() {
	echo "run $MS" >$CTL || {
		note "$1: the loop did not run"
		return 1
	}
	while read -r cpu calls ns hits; do
		emit loop "$1" "$2" "$cpu" "$calls" "$ns" "$hits"
		echo "$calls" >>"$SCRATCH/calls"
	done <$CTL
}

# loop_samples ID: SAMPLES loops in a row (under a tool's -c).
loop_samples() {
	: >"$SCRATCH/calls"
	s=1
	while [ "$s" -le "$SAMPLES" ]; do
		loop_sample "$1" "$s"
		s=$((s + 1))
	done
}

total_calls() { awk '{ n += $1 } END { print n + 0 }' "$SCRATCH/calls"; }

# attached ID MECH SAMPLE: one loop with rdbench's MECH attached.
attached() {
	echo "attach $2" >$CTL || {
		note "$1: attaching $2 failed"
		return 1
	}
	loop_sample "$1" "$3"
	echo detach >$CTL
}

# kprobe_optimized: whether rdbench's kprobe is an optprobe now.
kprobe_optimized() { grep -q 'rdbench_target+.*\[OPTIMIZED\]' /sys/kernel/debug/kprobes/list; }

# wait_for CMD...: up to 10 s for CMD to succeed.
wait_for() {
	i=0
	until "$@"; do
		i=$((i + 1))
		[ $i -gt 100 ] && return 1
		sleep 0.1
	done
}

# rdtrace_drops FILE: the records rdtrace's stderr in FILE reports dropped.
rdtrace_drops() { awk '/drops? on CPU/ { n += $2 } END { print n + 0 }' "$1"; }

# The tools, bounded so that a hang ends the run instead of the VM's time.
# Under icount the guest clock runs ahead while it waits on the host
# (bpftrace's start reads BTF over 9p): scripts/bench gives a longer bound.
rd() { timeout -k 5 "${BENCH_TOOL_TIMEOUT:-300}" rdtrace "$@"; }
bt() { timeout -k 5 "${BENCH_TOOL_TIMEOUT:-300}" bpftrace "$@"; }
