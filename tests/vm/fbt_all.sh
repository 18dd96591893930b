# Every allowed function's entry, for 10 s under a workload: no recursion,
# no deadlock, drops and nesting counted, a clean kernel log.
. "$(dirname "$0")/lib.sh"
ensure_module
(
	end=$(($(date +%s) + 10))
	while [ "$(date +%s)" -lt $end ]; do cat /proc/version /proc/stat > /dev/null; ls / > /dev/null; done
) &
load=$!
# On the debug kernel every traced function also runs lockdep's hooks (traced
# too): the consumer can be starved past the deadman's default, so it waits
# as long as the run.
slow=
[ -e /proc/lockdep ] && slow="-x deadman=120s"
# shellcheck disable=SC2086
out=$(timeout -k 10 120 rdtrace -x bufsize=256k $slow -n 'fbt:::entry { }' -c 'sleep 10' 2>&1 >/dev/null)
status=$?
wait $load
echo "$out" | head -5
expect_eq "exit" "$status" 0
expect_match "matched" "$out" "' matched [0-9]{4,} probes"
grep -q . /sys/kernel/tracing/enabled_functions && fail "functions still patched"
check_kernel_log
