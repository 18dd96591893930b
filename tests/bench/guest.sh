#!/bin/sh
# The benchmark, run as root inside the test VM by scripts/bench: every
# mechanism on the same probed function, in one boot, side by side.
#
#   guest.sh [SECTION...]   sections: peers rdtrace bpftrace scale setup
#                           throughput startup syscall (default: all of them)
#   guest.sh loops ID       SAMPLES timed loops (a tool's -c command)
#   guest.sh rate           one throughput loop (a tool's -c command)
#   guest.sh mark           notes the time (a tool's -c command: it runs
#                           once the tool has enabled its probes)
#
# Environment: BENCH_SAMPLES (5) loops of BENCH_MS (300) ms per row,
# BENCH_SCALE ("1 100 1000 all") probe counts, BENCH_TPUT_MS (1000),
# BENCH_SYSCALLS (1000000) getppid calls per syscall sample.
SELF=$(readlink -f "$0")
BENCH_DIR=$(dirname "$SELF")
. "$BENCH_DIR/lib.sh"
mkdir -p "$SCRATCH"

case "${1:-}" in
loops)
	loop_samples "$2"
	exit
	;;
rate)
	echo "run ${BENCH_TPUT_MS:-1000}" >$CTL && cat $CTL >"$SCRATCH/rate"
	exit
	;;
mark)
	now_ns >"$SCRATCH/mark"
	exit
	;;
esac

# --- In-kernel peers, round robin so that drift hits every row alike. ---
peers() {
	row none overhead "no probe (the fentry nop), rdtrace not loaded"
	row rdtrace-loaded overhead "no probe, rdtrace loaded with nothing enabled"
	row kprobe-ftrace overhead "kprobe at func+0 (ftrace-based)"
	row kprobe-int3 overhead "kprobe past fentry, unoptimised (int3)"
	row kprobe-opt overhead "kprobe past fentry, optimised (optprobe)"
	row kretprobe overhead "kretprobe"
	row fprobe-entry overhead "fprobe entry"
	row fprobe-exit overhead "fprobe exit"
	row ftrace-ops overhead "bare ftrace_ops handler"
	row ftrace-function overhead "ftrace function tracer (tracefs)"
	s=1
	while [ "$s" -le "$SAMPLES" ]; do
		say "peers: sample $s of $SAMPLES"
		rmmod rdtrace || note "rmmod rdtrace failed: 'none' ran with it loaded"
		loop_sample none "$s"
		insmod "${RDTRACE_KO_DIR:-$RDTRACE_ROOT}/rdtrace.ko" || note "insmod rdtrace failed"
		loop_sample rdtrace-loaded "$s"
		attached kprobe-ftrace kprobe-ftrace "$s"
		echo 0 >/proc/sys/debug/kprobes-optimization
		echo "attach kprobe-insn" >$CTL || note "kprobe-int3: attaching failed"
		kprobe_optimized && note "kprobe-int3: the kprobe is optimised although optimisation is off"
		loop_sample kprobe-int3 "$s"
		echo detach >$CTL
		echo 1 >/proc/sys/debug/kprobes-optimization
		echo "attach kprobe-insn" >$CTL || note "kprobe-opt: attaching failed"
		wait_for kprobe_optimized || note "kprobe-opt: the kprobe was not optimised within 10 s"
		loop_sample kprobe-opt "$s"
		echo detach >$CTL
		for m in kretprobe fprobe-entry fprobe-exit ftrace-ops; do
			attached "$m" "$m" "$s"
		done
		echo rdbench_target >$T/set_ftrace_filter
		echo function >$T/current_tracer
		loop_sample ftrace-function "$s"
		echo nop >$T/current_tracer
		echo >$T/set_ftrace_filter
		s=$((s + 1))
	done
}

# rdtrace_row ID LABEL SCRIPT: SAMPLES loops under one rdtrace enabling;
# its output goes to $RD_OUT (default: nowhere); $RD_OPTS are more options.
rdtrace_row() {
	row "$1" overhead "$2"
	say "rdtrace: $1"
	# shellcheck disable=SC2086
	rd -q -x bufsize=${BUF_KB}k $RD_OPTS -n "$3" -c "/bin/sh $SELF loops $1" >"${RD_OUT:-/dev/null}" 2>"$SCRATCH/rd.err" ||
		note "$1: rdtrace failed: $(head -c 300 "$SCRATCH/rd.err")"
	drops=$(rdtrace_drops "$SCRATCH/rd.err")
	[ "$drops" = 0 ] || note "$1: $drops of $(total_calls) records dropped (${BUF_KB} KiB buffers)"
}

# rdtrace_count_row ID LABEL SCRIPT: as rdtrace_row for a script whose
# aggregations count calls; the counts printed at exit must sum to the
# calls made.
rdtrace_count_row() {
	RD_OUT="$SCRATCH/rd.out"
	rdtrace_row "$@"
	RD_OUT=
	count=$(awk '$NF ~ /^[0-9]+$/ { n += $NF } END { print n + 0 }' "$SCRATCH/rd.out")
	[ "$count" = "$(total_calls)" ] || note "$1: rdtrace counted $count of $(total_calls) calls"
}

rdtrace_rows() {
	f=fbt::rdbench_target
	rdtrace_count_row rdtrace-count "rdtrace FBT entry, @ = count()" "$f:entry { @ = count(); }"
	rdtrace_count_row rdtrace-count-func "rdtrace FBT entry, @[probefunc] = count()" \
		"$f:entry { @[probefunc] = count(); }"
	rdtrace_row rdtrace-self "rdtrace FBT entry and return, self-> store, load and clear" \
		"$f:entry { self->x = arg0; } $f:return /self->x == $NEVER/ {} $f:return { self->x = 0; }"
	rdtrace_row rdtrace-null "rdtrace FBT entry, empty clause (one default record)" "$f:entry {}"
	rdtrace_row rdtrace-false "rdtrace FBT entry, always-false predicate" "$f:entry /arg0 == $NEVER/ {}"
	# The same through ftrace_ops instead of the direct call: what it saves.
	RD_OPTS="-x nodirect"
	rdtrace_row rdtrace-false-ops "rdtrace FBT entry by ftrace_ops (-x nodirect), always-false predicate" \
		"$f:entry /arg0 == $NEVER/ {}"
	rdtrace_count_row rdtrace-count-ops "rdtrace FBT entry by ftrace_ops (-x nodirect), @ = count()" \
		"$f:entry { @ = count(); }"
	RD_OPTS=
	rdtrace_row rdtrace-printf "rdtrace FBT entry, printf record" "$f:entry { printf(\"%d\\n\", arg0); }"
	rdtrace_row rdtrace-return "rdtrace FBT return, empty clause (one default record)" "$f:return {}"
	rdtrace_row rdtrace-return-false "rdtrace FBT return, always-false predicate" "$f:return /arg1 == $NEVER/ {}"
	# Returns through fprobe instead of the return trampoline's call.
	RD_OPTS="-x nocallreturn"
	rdtrace_row rdtrace-return-false-fprobe "rdtrace FBT return by fprobe (-x nocallreturn), always-false predicate" \
		"$f:return /arg1 == $NEVER/ {}"
	RD_OPTS=
}

# bpftrace_row ID LABEL PROGRAM: SAMPLES loops under one bpftrace run.
bpftrace_row() {
	row "$1" overhead "$2"
	say "bpftrace: $1"
	bt -e "$3" -c "/bin/sh $SELF loops $1" >"$SCRATCH/bt.out" 2>&1 ||
		note "$1: bpftrace failed: $(head -c 300 "$SCRATCH/bt.out")"
	count=$(awk '/^@/ { n += $NF } END { print n + 0 }' "$SCRATCH/bt.out")
	[ "$count" = "$(total_calls)" ] || note "$1: bpftrace counted ${count:-nothing} of $(total_calls) calls"
}

bpftrace_rows() {
	bpftrace_row bpftrace-kfunc "bpftrace kfunc (fentry), @ = count()" \
		'kfunc:rdbench:rdbench_target { @ = count(); }'
	bpftrace_row bpftrace-kfunc-func "bpftrace kfunc (fentry), @[probe] = count()" \
		'kfunc:rdbench:rdbench_target { @[probe] = count(); }'
	row bpftrace-printf overhead "bpftrace kfunc (fentry), printf"
	say "bpftrace: bpftrace-printf"
	bt -e 'kfunc:rdbench:rdbench_target { printf("%d\n", args->x); }' \
		-c "/bin/sh $SELF loops bpftrace-printf" >/dev/null 2>"$SCRATCH/bt.err" ||
		note "bpftrace-printf: bpftrace failed: $(head -c 300 "$SCRATCH/bt.err")"
	bpftrace_row bpftrace-kprobe "bpftrace kprobe, @ = count()" \
		'kprobe:rdbench_target { @ = count(); }'
}

. "$BENCH_DIR/scale.sh"
. "$BENCH_DIR/flow.sh"
. "$BENCH_DIR/syscall.sh"

emit meta cpus "$(nproc)"
emit meta kernel "$(uname -r)"
emit meta samples "$SAMPLES"
emit meta sample_ms "$MS"
insmod "${RDTRACE_KO_DIR:-$RDTRACE_ROOT}/tests/bench/rdbench.ko" || exit 1
for section in ${*:-peers rdtrace bpftrace scale setup throughput startup syscall}; do
	case $section in
	peers) peers ;;
	rdtrace) rdtrace_rows ;;
	bpftrace) bpftrace_rows ;;
	scale) scale_rows ;;
	setup) setup_rows ;;
	throughput) throughput_rows ;;
	startup) startup_rows ;;
	syscall) syscall_rows ;;
	*) note "unknown section $section" ;;
	esac
done
rmmod rdbench
