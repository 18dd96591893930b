# Load and unload the module MODULE_CYCLES times (6 here; 50 or more by
# hand: scripts/vm-run env MODULE_CYCLES=50 sh tests/vm/module_cycles.sh)
# with tracing live in between: two consumers on overlapping probes (fbt,
# a tracepoint, syscall, profile; aggregations and self-> variables),
# rmmod refused while they hold the device, then, once they are stopped
# (SIGINT) or killed (SIGKILL), rmmod succeeding with every function
# unpatched.
. "$(dirname "$0")/lib.sh"
enabled=/sys/kernel/tracing/enabled_functions
module_loaded && { rmmod rdtrace || fail "initial rmmod"; }
tmp=$(mktemp -d)

# start_consumer N CLAUSES: rdtrace in the background, output in $tmp/N;
# returns once BEGIN has printed "ready".
start_consumer() {
	rdtrace -q -n "BEGIN { printf(\"ready\\n\"); } $2" >"$tmp/$1" 2>&1 &
	eval "pid$1=\$!"
	i=0
	while ! grep -q ready "$tmp/$1" && [ $i -lt 300 ]; do sleep 0.1; i=$((i + 1)); done
	grep -q ready "$tmp/$1" || fail "cycle $cycle: consumer $1 never started: $(cat "$tmp/$1")"
}

cycle=0
while [ $cycle -lt "${MODULE_CYCLES:-6}" ]; do
	insmod "$RDTRACE_KO_DIR/rdtrace.ko" || fail "insmod #$cycle"
	start_consumer a 'fbt::vfs_read:entry { @[execname] = count(); self->n++; } tracepoint:sched::sched_switch { @s = count(); }'
	start_consumer b 'fbt::vfs_read:entry, syscall::read:entry { @r[probefunc] = sum(arg2); } profile-997 { @p = count(); }'
	grep -q '^vfs_read' $enabled || fail "cycle $cycle: vfs_read not patched"
	for i in 1 2 3 4 5; do cat /proc/version >/dev/null; done
	rmmod rdtrace 2>/dev/null && fail "cycle $cycle: rmmod succeeded under two consumers"
	[ -c /dev/rdtrace ] || fail "cycle $cycle: /dev/rdtrace gone after a refused rmmod"
	# Alternate the endings: both stopped cleanly, or one killed.
	if [ $((cycle % 2)) = 0 ]; then
		kill -INT "$pida" "$pidb"
		wait "$pida" || fail "cycle $cycle: consumer a exited $?: $(cat "$tmp/a")"
		wait "$pidb" || fail "cycle $cycle: consumer b exited $?: $(cat "$tmp/b")"
		grep -q ' cat  *[0-9]' "$tmp/a" || fail "cycle $cycle: a counted no cat reads: $(cat "$tmp/a")"
	else
		kill -9 "$pida"
		kill -INT "$pidb"
		wait "$pida" 2>/dev/null
		wait "$pidb" || fail "cycle $cycle: consumer b exited $?: $(cat "$tmp/b")"
	fi
	grep -q '^vfs_read' $enabled && fail "cycle $cycle: vfs_read still patched with no consumer"
	rmmod rdtrace || fail "rmmod #$cycle once the consumers were gone"
	[ -e /dev/rdtrace ] && fail "/dev/rdtrace still there after rmmod #$cycle"
	cycle=$((cycle + 1))
done
echo "$cycle load/trace/unload cycles"
rm -rf "$tmp"
ensure_module
check_kernel_log
