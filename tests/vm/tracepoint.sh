# The tracepoint provider: tracepoint:SUBSYS::NAME (and bpftrace's
# tracepoint:SUBSYS:NAME) on the kernel's static tracepoints, TP_PROTO's
# arguments as arg0.. and, named and typed from BTF, as args->NAME; for a
# few well-known tracepoints bpftrace's format fields (args->filename).
. "$(dirname "$0")/lib.sh"
ensure_module

# The acceptance one-liner's form: the program -c runs is named; the
# arguments by name and type, through a pointer (bprm->argc).
out=$(rd -qn 'tracepoint:sched:sched_process_exec /pid == $target/ { printf("%s %d %d %s\n", stringof(args->filename), args->old_pid == pid, args->bprm->argc, execname); }' -c '/bin/true a b') ||
	fail "rdtrace exited $?: $out"
expect_eq "exec names the program" "$out" "/bin/true 1 3 true"

# stack() starts at the tracepoint's site: execve's path, no rdtrace frame;
# the default output names the probe as DTrace does one with no function.
out=$(rd -qn 'tracepoint:sched:sched_process_exec /pid == $target/ { stack(); }' -c /bin/true) || fail "stack exited $?: $out"
echo "$out"
first=$(printf '%s\n' "$out" | grep -m1 .)
expect_match "stack: first frame in exec" "$first" '^ +vmlinux`(bprm_execve|exec_binprm)\+0x[0-9a-f]+$'
expect_match "stack: execve" "$out" '__x64_sys_execve\+'
printf '%s\n' "$out" | grep -Eq 'rdtrace|tracepoint' && fail "stack: rdtrace's own frames"
out=$(rd -n 'tracepoint:sched:sched_process_exec /pid == $target/ { }' -c /bin/true 2>/dev/null)
expect_match "default output" "$out" "^ +[0-9]+ +[0-9]+ +:sched_process_exec $"

# Counts equal a driven workload: 7 execs of /bin/true, 100 getppid calls
# (x86-64 number 110; perl makes none of its own), the latter through the
# raw tracepoint's typed `long id` and the same count through arg1.
out=$(rd -qn '
tracepoint:sched:sched_process_exec /stringof(args->filename) == "/bin/true"/ { n++; }
END { printf("%d\n", n); }' -c 'sh -c "for i in 1 2 3 4 5 6 7; do /bin/true; done"') || fail "exec count exited $?: $out"
expect_eq "7 execs" "$out" "7"
out=$(rd -qn '
tracepoint:raw_syscalls::sys_enter /pid == $target && args->id == 110/ { n++; }
tracepoint:raw_syscalls:sys_enter /pid == $target && arg1 == 110/ { m++; }
END { printf("%d %d\n", n, m); }' -c "perl -e 'syscall(110) for 1..100'") || fail "syscall count exited $?: $out"
expect_eq "100 getppid" "$out" "100 100"

# A format field derived from an argument (sched_process_exit's comm is
# p->comm), and the probe's names.
out=$(rd -qn 'tracepoint:sched:sched_process_exit /args->pid == $target/ { printf("%s %s:%s:%s:%s\n", args->comm, probeprov, probemod, probefunc, probename); }' -c /bin/true) ||
	fail "exit trace exited $?: $out"
expect_eq "exit comm" "$out" "true tracepoint:sched::sched_process_exit"

# A field the tracepoint has not: the error names the ones it has.
out=$(rd -qn 'tracepoint:sched:sched_process_exec { trace(args->nosuch); }' 2>&1) && fail "args->nosuch compiled"
expect_match "unknown field" "$out" "D_TYPE_MEMBER.*nosuch.*\(p, old_pid, bprm\)"

# Listing: the sched tracepoints, in every spelling.
out=$(rd -l -n 'tracepoint:sched:') || fail "rdtrace -l"
echo "$out" | head -3
expect_match "sched_process_exec listed" "$out" "^ +[0-9]+ +tracepoint +sched +sched_process_exec$"
expect_match "sched_switch listed" "$out" "^ +[0-9]+ +tracepoint +sched +sched_switch$"
printf '%s\n' "$out" | tail -n +2 | grep -Ev '^ +[0-9]+ +tracepoint +sched +sched_[a-z_]+$' && fail "a line that is not a sched tracepoint"
a=$(rd -l -n 'tracepoint:sched:sched_switch')
for d in 'tracepoint:sched::sched_switch' 'tracepoint:sched:sched_switch:' ':::sched_switch' 'rawtp:sched::sched_switch'; do
	expect_eq "$d" "$(rd -l -n "$d")" "$a"
done
rd -l -n 'tracepoint:syscalls:' | grep -q sys_enter && fail "syscalls' events are not tracepoints"

# Every vmlinux tracepoint at once under a workload (execs, forks,
# signals, I/O): a clean exit and kernel log.
(
	end=$(($(date +%s) + 5))
	while [ "$(date +%s)" -lt $end ]; do cat /proc/version >/dev/null; sh -c 'kill -USR1 $$' 2>/dev/null; done
) &
load=$!
out=$(rd -Z -n 'tracepoint::: /arg0 == 12345 && arg1 == 54321/ { trace(arg2); }' -c 'sleep 5' 2>&1 >/dev/null)
status=$?
wait $load
echo "$out" | head -5
expect_eq "every tracepoint: exit" "$status" 0
expect_match "every tracepoint: matched" "$out" "' matched [0-9]{3,} probes"
check_kernel_log
