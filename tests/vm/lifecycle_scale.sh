# Lifecycle at scale: start/stop cycles on varied probes (100 in make test,
# 1,000 in make soak), a random share of
# them SIGKILLed at a random point of their start or run (seeded: the seed
# is printed, LIFECYCLE_SEED replays it), rmmod attempts while a session is
# open (refused, and the session keeps counting exactly), and rounds of
# concurrent sessions on overlapping probes, one of them killed mid-run,
# the others each counting rdbench_target's calls exactly. Afterwards
# nothing is left patched and rmmod succeeds.
. "$(dirname "$0")/lib.sh"
ensure_module
enabled=/sys/kernel/tracing/enabled_functions
cycles=$(soak_count 100 1000)
seed=${LIFECYCLE_SEED:-$(date +%s)}
echo "note: lifecycle: $cycles cycles, seed $seed (LIFECYCLE_SEED=$seed replays the kills)"
dir=/tmp/lifecycle
rm -rf $dir && mkdir -p $dir
insmod "$RDTRACE_KO_DIR/tests/bench/rdbench.ko" || fail "insmod rdbench"
trap 'rmmod rdbench 2>/dev/null' EXIT

# The probe sets a cycle picks from: entry (direct and shared), return,
# syscall, tick and profile probes, aggregations and thread-locals, so that
# a kill lands in each kind of setup and teardown.
probes() {
	case $1 in
	0) printf '%s\n' 'fbt::ksys_read:entry, fbt::vfs_read:return { }' ;;
	1) printf '%s\n' 'fbt::ksys_read:entry { @[execname] = count(); } fbt::ksys_write:entry { self->t = timestamp; }' ;;
	2) printf '%s\n' 'syscall::read:entry, syscall::write:return { @c = count(); }' ;;
	3) printf '%s\n' 'fbt::vfs_read:entry, fbt::vfs_write:entry { printf("%d\n", pid); }' ;;
	4) printf '%s\n' 'profile-97 { @[cpu] = count(); } fbt::ksys_read:entry { }' ;;
	5) printf '%s\n' 'tick-10ms { @t = count(); } fbt::do_sys_openat2:entry, fbt::do_sys_openat2:return { }' ;;
	6) printf '%s\n' 'fbt::rdbench_*:entry { @[probefunc] = count(); }' ;;
	esac
}
nprobes=7
opts() { if [ $(($1 % 2)) = 1 ]; then echo "-x nodirect"; fi; }

# wait_ready FILE: up to 20 s for a session's BEGIN line ("ready").
wait_ready() {
	i=0
	while ! grep -q '^ready$' "$1" 2>/dev/null && [ $i -lt 200 ]; do sleep 0.1; i=$((i + 1)); done
	grep -q '^ready$' "$1" || fail "a session never started: $(cat "$1" "$1.err" 2>/dev/null | head -5)"
}

# counted FILE FUNC: FUNC's count in FILE's printed `@[probefunc]`.
counted() { awk -v f="$2" '$1 == f { print $2 }' "$1"; }

# One session, open while rmmod is tried: refused, and the session still
# counts dd's 100 one-byte reads exactly.
rmmod_refused() {
	# shellcheck disable=SC2046
	rdtrace -q $(opts "$1") -n "$(probes "$1")"' BEGIN { printf("ready\n"); }
		fbt::ksys_read:entry /execname == "dd" && arg2 == 1/ { @dd["dd-reads"] = count(); }' \
		>$dir/rmmod.out 2>$dir/rmmod.out.err &
	pid=$!
	wait_ready $dir/rmmod.out
	rmmod rdtrace 2>/dev/null && fail "cycle $i: rmmod succeeded under a session"
	module_loaded || fail "cycle $i: the module went away"
	dd if=/dev/zero of=/dev/null bs=1 count=100 2>/dev/null
	kill -INT $pid
	wait $pid || fail "cycle $i: the session exited $? after SIGINT: $(cat $dir/rmmod.out.err)"
	expect_eq "cycle $i: dd reads counted after a refused rmmod" "$(counted $dir/rmmod.out dd-reads)" 100
}

# The cycles: per cycle a kind (0-4 run to exit(0), 5-8 SIGKILL after
# DELAY ms, 0-3 s: while it compiles, enables, starts or runs; 9 an rmmod
# attempt), a delay and a probe set, from the seed.
kills=0 refused=0 t0=$(date +%s)
awk -v n="$cycles" -v seed="$seed" 'BEGIN { srand(seed)
	for (i = 0; i < n; i++) print i, int(rand() * 10), int(rand() * 3000), int(rand() * 7) }' >$dir/plan
while read -r i kind delay p; do
	case $kind in
	[0-4])
		# shellcheck disable=SC2046
		rd -q $(opts "$p") -n "$(probes "$p") BEGIN { exit(0); }" </dev/null >/dev/null 2>$dir/err ||
			fail "cycle $i (probes $p): exit $?: $(cat $dir/err)"
		;;
	[5-8])
		# shellcheck disable=SC2046
		rdtrace -q $(opts "$p") -n "$(probes "$p")" >/dev/null 2>&1 &
		pid=$!
		sleep "$(awk -v d="$delay" 'BEGIN { printf "%.3f", d / 1000 }')"
		kill -9 $pid 2>/dev/null
		wait $pid 2>/dev/null
		kills=$((kills + 1))
		;;
	9)
		rmmod_refused "$p"
		refused=$((refused + 1))
		;;
	esac
done <$dir/plan
t1=$(date +%s)
echo "note: lifecycle: $cycles cycles ($kills SIGKILLed, $refused rmmod refusals) in $((t1 - t0)) s"

# Concurrent sessions on overlapping probes (direct and shared entry,
# return), each counting every call of rdbench_target while rdbench runs;
# one more session on the same function is SIGKILLed mid-run.
concurrent() {
	pids=
	for s in 1 2 3 4 5; do
		case $s in
		1) o= d='fbt::rdbench_target:entry { @[probefunc] = count(); }' ;;
		2) o='-x nodirect' d='fbt::rdbench_target:entry, fbt::ksys_read:entry { @[probefunc] = count(); }' ;;
		3) o= d='fbt::rdbench_*:entry { @[probefunc] = count(); } fbt::rdbench_target:entry { self->n++; }' ;;
		4) o= d='fbt::rdbench_target:entry /cpu >= 0/ { @[probefunc] = sum(1); } syscall::write:entry { }' ;;
		5) o= d='fbt::rdbench_target:return { @[probefunc] = count(); } fbt::rdbench_target:entry { }' ;;
		esac
		# shellcheck disable=SC2086
		rdtrace -q $o -n "$d BEGIN { printf(\"ready\\n\"); }" >$dir/c$s.out 2>$dir/c$s.out.err &
		pids="$pids $!"
	done
	rdtrace -q -n 'fbt::rdbench_target:entry { @ = count(); } BEGIN { printf("ready\n"); }' >$dir/victim.out 2>&1 &
	victim=$!
	for s in 1 2 3 4 5; do wait_ready $dir/c$s.out; done
	wait_ready $dir/victim.out
	echo "run 500" >/proc/rdbench &
	run=$!
	sleep "$(awk -v r="$1" 'BEGIN { srand(r); printf "%.3f", rand() / 2 }')"
	kill -9 $victim
	wait $run || fail "round $1: rdbench run failed"
	wait $victim 2>/dev/null
	calls=$(awk '{ s += $2 } END { print s + 0 }' /proc/rdbench)
	# shellcheck disable=SC2086
	kill -INT $pids
	s=0
	for pid in $pids; do
		s=$((s + 1))
		wait "$pid" || fail "round $1: session $s exited $?: $(cat $dir/c$s.out.err)"
		got=$(counted $dir/c$s.out rdbench_target)
		missed=0
		[ $s = 5 ] && missed=$(sed -n 's/^rdtrace: \([0-9]*\) return probe firings missed.*/\1/p' $dir/c$s.out.err)
		expect_eq "round $1: session $s's count of $calls calls (missed returns ${missed:-0})" \
			"$((${got:-0} + ${missed:-0}))" "$calls"
	done
	echo "$calls" >>$dir/rounds
}
# A round per 25 cycles, at least 2: 4 in make test, 40 in make soak.
rounds=$((cycles / 25))
[ $rounds -ge 2 ] || rounds=2
r=1
while [ $r -le "$rounds" ]; do concurrent $((seed + r)); r=$((r + 1)); done
t2=$(date +%s)
echo "note: lifecycle: $rounds rounds of 5 concurrent sessions (+1 SIGKILLed) counted exactly: $(tr '\n' ' ' <$dir/rounds)calls, in $((t2 - t1)) s"

i=0
while grep -q . $enabled && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
grep -q . $enabled && fail "functions still patched: $(head -3 $enabled)"
rmmod rdbench || fail "rmmod rdbench"
trap - EXIT
rmmod rdtrace || fail "rmmod after the cycles"
insmod "$RDTRACE_KO_DIR/rdtrace.ko" || fail "insmod after the cycles"
check_kernel_log
