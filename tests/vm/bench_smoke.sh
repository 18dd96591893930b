# The benchmark's instrument works: every mechanism fires once per call of
# the target (hits == calls on every CPU), rdtrace's rows run, and the
# result lines are complete. Short loops; `make bench` runs the real thing.
. "$(dirname "$0")/lib.sh"
out=/tmp/bench-smoke.txt
rm -f "$out"
RDTRACE_OUT=$out BENCH_SAMPLES=1 BENCH_MS=50 BENCH_SCALE="1 100" \
	sh "$RDTRACE_ROOT/tests/bench/guest.sh" peers rdtrace scale 2>/tmp/bench-smoke.err ||
	fail "guest.sh failed: $(tail -5 /tmp/bench-smoke.err)"
module_loaded || fail "the bench left rdtrace unloaded"
[ -d /sys/module/rdbench ] && fail "the bench left rdbench loaded"
ncpus=$(nproc)
rows=$(awk '$2 == "row" && ($4 == "overhead" || $4 == "scale") { print $3 }' "$out")
expect_eq "overhead rows" "$(echo $rows | wc -w)" 23
for r in $rows; do
	n=$(awk -v r="$r" '$2 == "loop" && $3 == r && $6 > 0 && $7 > 0' "$out" | wc -l)
	expect_eq "$r: CPUs with a loop result" "$n" "$ncpus"
done
# The in-kernel peers count their own hits: exactly one per call.
for r in kprobe-ftrace kprobe-int3 kprobe-opt kretprobe fprobe-entry fprobe-exit ftrace-ops; do
	bad=$(awk -v r="$r" '$2 == "loop" && $3 == r && $6 != $8' "$out")
	[ -z "$bad" ] || fail "$r: hits != calls: $bad"
done
notes=$(grep '^RDBENCH note' "$out" | grep -v 'records dropped')
[ -z "$notes" ] || fail "the bench reported problems: $notes"
check_kernel_log
