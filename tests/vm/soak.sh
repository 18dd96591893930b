# The soak: nothing is lost. For soak_seconds (60 s in make test, an hour
# in make soak, SOAK_SECONDS sets it) under stress-ng, two sessions run side
# by side with deliberately small buffers:
#  - every allowed function's entry, recording, aggregating and storing a
#    self-> variable: per CPU, records printed + drops == its own hit count,
#    and in total aggregated + aggregation drops, and stores that held +
#    dynamic-variable drops, == hits;
#  - rdbench_target (tests/bench/rdbench.c), whose kthreads count their own
#    calls per CPU: per CPU, records printed + drops + nested hits skipped ==
#    calls, aggregated + aggregation drops + nested == calls, and in total
#    stores that held + dynamic-variable drops + nested == calls. Exactly.
# The equations are printed ("note:" lines, shown by run-all on success).
. "$(dirname "$0")/lib.sh"
ensure_module
secs=$(soak_seconds)
command -v stress-ng >/dev/null || fail "stress-ng missing: make deps installs it"
enabled=/sys/kernel/tracing/enabled_functions
dir=/tmp/soak
rm -rf $dir && mkdir -p $dir
insmod "$RDTRACE_KO_DIR/tests/bench/rdbench.ko" || fail "insmod rdbench"
trap 'rmmod rdbench 2>/dev/null' EXIT
RD_TIMEOUT=$((secs * 3 + 900)) # bounded: a hang fails, a crawl does not

# The workload, from the whole-kernel session's start until the counted
# loop is done: stressors that walk much of the kernel (process churn,
# pipes, files, page faults, timers).
cat >$dir/stress.sh <<EOF
cd $dir || exit 1
stress-ng --fork 1 --pipe 1 --open 1 --vm 1 --vm-bytes 16m --mmap 1 --mmap-bytes 8m \
	--timer 1 --temp-path $dir --timeout $((secs + 900))s >$dir/stress.log 2>&1 &
while [ ! -e $dir/done ]; do sleep 1; done
kill -INT \$! && wait \$!
EOF
# The counted calls, once the whole-kernel session is under way (its first
# record read): rdbench's loop on every CPU (its kthreads yield to the rest
# every 256 calls) for secs, at most a minute a run, each run's per-CPU
# calls ("CPU CALLS NS -") appended to calls; then the workload stops.
# Shell builtins only: with every function traced, a fork and exec is slow.
cat >$dir/loop.sh <<EOF
i=0
while [ ! -e $dir/all.sum.ready ]; do
	sleep 0.5; i=\$((i + 1)); [ \$i -lt 2500 ] || exit 1
done
left=$secs
while [ \$left -gt 0 ]; do
	run=\$((left > 60 ? 60 : left))
	echo "run \${run}000" >/proc/rdbench || exit 1
	while read -r line; do echo "\$line"; done </proc/rdbench >>$dir/calls
	left=\$((left - run))
done
: >$dir/done
EOF

# count_output FILE: the consumer's stdout, summed as it streams (an hour's
# records would not fit in the guest's memory): "rec CPU N" for records
# (lines "r CPU" or "CPU"; FILE.ready made at the first), and each
# aggregation's entries summed per first key ("KEY CPU N").
# shellcheck disable=SC2016
count_output() {
	awk '
	$1 == "r" && NF == 2 { rec[$2]++; if (!ready++) system("touch " out ".ready"); next }
	NF == 3 && $1 ~ /^[a-z]+$/ { agg[$1 " " ($1 == "f" ? "all" : $2)] += $3; next }
	NF == 1 && $1 ~ /^[0-9]+$/ { rec[$1]++; next }
	NF == 3 { agg["a " $1] += $3; next }
	NF == 2 { agg["s " $1] += $2; next }
	NF > 0 { print "other " $0 }
	END { for (c in rec) print "rec", c, rec[c]; for (k in agg) print k, agg[k] }' out="$1" >"$1"
}

# The counted function, started first (a start is slow once every function
# is traced); its loop waits for the other session. Deadmen are long: with
# every function traced the emulated guest crawls.
t0=$(date +%s)
{
	rd -q -b 8k -x aggsize=16k -x dynvarsize=16k -x deadman=120s -n '
	fbt::rdbench_target:entry { printf("%d\n", cpu); }
	fbt::rdbench_target:entry { @a[cpu, arg0] = count(); }
	fbt::rdbench_target:entry { d[cpu, arg0] = 1; }
	fbt::rdbench_target:entry { @s[cpu] = sum(d[cpu, arg0]); }' -c "sh $dir/loop.sh" 2>$dir/bench.err
	echo $? >$dir/bench.status
} | count_output $dir/bench.sum &
bench=$!
sleep 2

# The whole kernel: every allowed function's entry. Clause order matters:
# @hits and @ok take their (one per CPU) keys at each CPU's first hit,
# before @f's many keys fill the small aggregation table. On the debug
# kernel every traced function also runs lockdep's (traced) hooks, and the
# guest cannot keep the consumer running past the deadman: the busy
# families of functions the workload drives stand in for the whole kernel.
# Their fewer functions need a smaller aggregation table to overflow it.
whole='fbt:::entry' aggsize=16k
if [ -e /proc/lockdep ]; then
	whole='fbt::vfs_*:entry, fbt::ksys_*:entry, fbt::do_sys_*:entry, fbt::__x64_sys_*:entry' aggsize=1k
fi
{
	rd -q -b 16k -x aggsize=$aggsize -x dynvarsize=1k -x switchrate=4hz -x deadman=120s -n "
	$whole { @hits[\"hits\", cpu] = count(); }
	$whole { self->v = 1; }
	$whole { @ok[\"ok\", cpu] = sum(self->v); }
	$whole { @f[\"f\", probefunc] = count(); }
	$whole { printf(\"r %d\\n\", cpu); }" -c "sh $dir/stress.sh" 2>$dir/all.err
	echo $? >$dir/all.status
} | count_output $dir/all.sum &
all=$!
i=0
while [ ! -e $dir/all.sum.ready ] && [ $i -lt 2400 ]; do sleep 0.5; i=$((i + 1)); done
[ -e $dir/all.sum.ready ] || fail "fbt:::entry: no record in 20 minutes: $(cat $dir/all.err)"
t1=$(date +%s)
wait $bench
t2=$(date +%s)
wait $all
t3=$(date +%s)
echo "note: soak of $secs s under stress-ng, $(grep -c . $dir/calls) CPU-runs of rdbench: whole kernel traced after $((t1 - t0)) s, the counted loop done $((t2 - t1)) s later, both sessions stopped $((t3 - t2)) s after that"
[ "$(cat $dir/bench.status)" = 0 ] || fail "rdbench session exited $(cat $dir/bench.status): $(grep -v drop $dir/bench.err | head -5)"
[ "$(cat $dir/all.status)" = 0 ] || fail "whole-kernel session exited $(cat $dir/all.status): $(grep -v drop $dir/all.err | head -5)"
grep -q 'successful run completed' $dir/stress.log || fail "stress-ng: $(tail -5 $dir/stress.log)"
for f in all bench; do
	grep -q '^other' $dir/$f.sum && fail "$f: unexpected output: $(grep '^other' $dir/$f.sum | head -5)"
done

# Everything rdtrace says on stderr is a drop count in dtrace's words, the
# plural agreeing with the number, or the nested hits it skipped.
one='1 (drop|aggregation drop|nested probe hit skipped) on CPU [0-9]+|1 dynamic variable drop'
many='([02-9]|[1-9][0-9]+) (drops|aggregation drops|nested probe hits skipped) on CPU [0-9]+|([02-9]|[1-9][0-9]+) dynamic variable drops'
nested='\(a probe fired inside another\)'
for f in all bench; do
	bad=$(grep -Ev "^rdtrace: ($one|$many)( $nested)?\$" $dir/$f.err)
	[ -z "$bad" ] || fail "$f: unexpected stderr: $bad"
done

# reported FILE WORDS [CPU]: the count rdtrace reported ("N WORDS on CPU
# C", or "N WORDS" in total without CPU), 0 when it said nothing.
reported() {
	if [ $# -eq 3 ]; then
		sed -n "s/^rdtrace: \([0-9]*\) $2 on CPU $3\( (.*)\)\{0,1\}\$/\1/p" "$1"
	else
		sed -n "s/^rdtrace: \([0-9]*\) $2\$/\1/p" "$1"
	fi | awk '{ s += $1 } END { print s + 0 }'
}
# summed FILE KEY [CPU]: count_output's sum for KEY (on CPU, or all CPUs).
summed() { awk -v k="$2" -v c="${3:-}" '$1 == k && (c == "" || $2 == c) { s += $3 } END { print s + 0 }' "$1"; }
# equation WHAT TERMS LHS RHS_NAME RHS: prints it, fails unless LHS == RHS.
equation() {
	echo "note: $1: $2 = $3 == $4 $5"
	[ "$3" = "$5" ] || fail "$1: $2 = $3, but $4 = $5"
}

# rdbench_target, against its own per-CPU call counters.
cpus=$(awk '{ print $1 }' $dir/calls | sort -u)
[ -n "$cpus" ] || fail "rdbench never ran"
calls_total=0 nested_total=0
for c in $cpus; do
	calls=$(awk -v c="$c" '$1 == c { s += $2 } END { print s + 0 }' $dir/calls)
	rec=$(summed $dir/bench.sum rec "$c")
	drops=$(reported $dir/bench.err 'drops\{0,1\}' "$c")
	nested=$(reported $dir/bench.err 'nested probe hits\{0,1\} skipped' "$c")
	agg=$(summed $dir/bench.sum a "$c")
	aggdrops=$(reported $dir/bench.err 'aggregation drops\{0,1\}' "$c")
	[ "$drops" -gt 0 ] || fail "rdbench CPU $c: no drops from an 8k buffer"
	[ "$aggdrops" -gt 0 ] || fail "rdbench CPU $c: no aggregation drops from a 16k table"
	equation "rdbench_target CPU $c records" "records $rec + drops $drops + nested $nested" \
		$((rec + drops + nested)) calls "$calls"
	equation "rdbench_target CPU $c aggregation" "@a sum $agg + aggregation drops $aggdrops + nested $nested" \
		$((agg + aggdrops + nested)) calls "$calls"
	calls_total=$((calls_total + calls)) nested_total=$((nested_total + nested))
done
stored=$(summed $dir/bench.sum s)
dyndrops=$(reported $dir/bench.err 'dynamic variable drops\{0,1\}')
[ "$dyndrops" -gt 0 ] || fail "rdbench: no dynamic variable drops from a 16k table"
equation "rdbench_target dynamic variables" \
	"stores held $stored + dynamic variable drops $dyndrops + nested $nested_total" \
	$((stored + dyndrops + nested_total)) calls "$calls_total"

# The whole kernel, against its own per-CPU hit count (@hits: a nested hit
# is skipped whole, so it counts in neither side; it is reported apart).
hits_total=0 aggdrops_total=0
for c in $(awk '$1 == "hits" { print $2 }' $dir/all.sum); do
	hits=$(summed $dir/all.sum hits "$c")
	rec=$(summed $dir/all.sum rec "$c")
	drops=$(reported $dir/all.err 'drops\{0,1\}' "$c")
	nested=$(reported $dir/all.err 'nested probe hits\{0,1\} skipped' "$c")
	[ "$drops" -gt 0 ] || fail "fbt:::entry CPU $c: no drops from a 16k buffer"
	equation "fbt:::entry CPU $c records (nested hits skipped apart: $nested)" \
		"records $rec + drops $drops" $((rec + drops)) hits "$hits"
	hits_total=$((hits_total + hits))
	aggdrops_total=$((aggdrops_total + $(reported $dir/all.err 'aggregation drops\{0,1\}' "$c")))
done
[ "$hits_total" -gt 0 ] || fail "fbt:::entry: no hits counted"
[ "$aggdrops_total" -gt 0 ] || fail "fbt:::entry: no aggregation drops from a $aggsize table"
equation "fbt:::entry aggregation" "@f sum $(summed $dir/all.sum f) + aggregation drops $aggdrops_total" \
	$(($(summed $dir/all.sum f) + aggdrops_total)) hits "$hits_total"
ok=$(summed $dir/all.sum ok)
dyndrops=$(reported $dir/all.err 'dynamic variable drops\{0,1\}')
equation "fbt:::entry self-> variables" "stores held $ok + dynamic variable drops $dyndrops" \
	$((ok + dyndrops)) hits "$hits_total"

# (enabled_functions can read as empty while everything is traced, never
# the other way: this only catches functions left patched.)
grep -q . $enabled && fail "functions still patched: $(head -3 $enabled)"
rmmod rdbench || fail "rmmod rdbench"
trap - EXIT
check_kernel_log
