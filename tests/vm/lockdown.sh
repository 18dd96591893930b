# Kernel lockdown: under lockdown=confidentiality a program that reads
# kernel memory (a kernel pointer's dereference, a string in kernel memory,
# stack()) is refused before it runs, with the reason naming lockdown, as
# BPF refuses its kernel-reading helpers; programs that read only user
# memory, arguments and builtins still run. A kernel without the lockdown
# LSM is checked through rdtrace's own deny_kernel_reads=1, the same policy.
# `make test-lockdown` checks the kernel's own: on the lockdown flavour
# (qemu/kernel-lockdown.config) RDTRACE_LOCKDOWN=confidentiality raises it
# once the module is loaded (lockdown refuses unsigned modules), for the
# rest of that boot.
. "$(dirname "$0")/lib.sh"
ko=$RDTRACE_KO_DIR/rdtrace.ko
reload() { ! module_loaded || rmmod rdtrace || fail "rmmod rdtrace"; insmod "$ko" "$@" || fail "insmod $*"; }

lockdown=/sys/kernel/security/lockdown
if [ -n "${RDTRACE_LOCKDOWN:-}" ]; then
	[ -e $lockdown ] || mount -t securityfs securityfs /sys/kernel/security 2>/dev/null
	[ -w $lockdown ] || fail "RDTRACE_LOCKDOWN: this kernel has no lockdown LSM (KERNEL_FLAVOR=lockdown has)"
	ensure_module
	echo "$RDTRACE_LOCKDOWN" >$lockdown || fail "cannot raise lockdown to $RDTRACE_LOCKDOWN"
fi

real=
if grep -q '\[confidentiality\]' $lockdown 2>/dev/null; then
	real=1
	ensure_module
	why="refused by the kernel's lockdown (confidentiality)"
else
	if grep -qw 'lockdown=confidentiality' /proc/cmdline; then
		echo "  note: lockdown=confidentiality on the command line, but this kernel has no lockdown LSM: checking deny_kernel_reads=1"
	fi
	trap 'reload' EXIT
	reload deny_kernel_reads=1
	why="refused as under lockdown (deny_kernel_reads=1)"
fi

# refused CLAUSE WHAT SCRIPT: the enabling is refused, naming what reads.
refused() {
	if out=$(rd -q -n "$3" 2>&1); then fail "ran under lockdown: $3: $out"; fi
	expect_eq "$3" "$out" "rdtrace: kernel refused the enabling: clause $1: $2 reads kernel memory: $why"
}
refused 1 "a kernel pointer's dereference" 'BEGIN { trace(curthread->pid); exit(0); }'
refused 1 "a kernel pointer's dereference" 'BEGIN /curthread->pid == pid/ { exit(0); }'
refused 1 "a string in kernel memory" 'BEGIN { trace(stringof(arg0)); exit(0); }'
refused 1 "a string in kernel memory" 'BEGIN { trace(curthread->comm); exit(0); }'
refused 1 "stack()" 'BEGIN { stack(); exit(0); }'
refused 1 "stack()" 'BEGIN { @[stack()] = count(); exit(0); }'
refused 2 "a kernel pointer's dereference" 'BEGIN { trace(1); } BEGIN { trace(curthread->pid); exit(0); }'

# What reads no kernel memory still runs: builtins, arguments, user memory.
out=$(rd -q -n 'BEGIN { printf("%d %s\n", pid == $pid, execname); exit(0); }' 2>&1) ||
	fail "builtins under lockdown: $out"
expect_eq "builtins under lockdown" "$out" "1 rdtrace"
if [ -n "$real" ]; then
	# The kernel's lockdown also closes tracefs: fbt and syscall sites
	# cannot be known, and enabling one says so instead of never firing.
	if out=$(rd -q -n 'fbt::ksys_read:entry { trace(1); }' 2>&1); then fail "fbt enabled without ftrace's list: $out"; fi
	expect_match "fbt under lockdown" "$out" \
		"^rdtrace: cannot enable fbt:vmlinux:ksys_read:entry: fbt and syscall probes need ftrace's function list, and .*available_filter_functions_addrs.*Operation not permitted.* \\(the kernel is locked down: none integrity \\[confidentiality\\]\\)$"
else
	out=$(rd -q -c 'cat /etc/hostname' -n 'syscall::openat:entry /pid == $target/ { n = copyinstr(arg1); } END { printf("%d\n", n != ""); }' 2>&1) ||
		fail "user reads under lockdown: $out"
	expect_match "user reads under lockdown" "$out" '^1$'
fi

# A LOAD test run is a kernel read too; verifying alone reads nothing.
banner=$(awk '$3 == "linux_banner" { print "0x" $1 }' /proc/kallsyms)
prog=$RDTRACE_ROOT/tests/data/dif/accept/read_kernel.s
out=$(rdtrace load "$prog" 2>&1) || fail "LOAD without a run: $out"
if out=$(rdtrace load --run "$prog" --arg "$banner" --arg 5 2>&1); then fail "test run under lockdown: $out"; fi
expect_eq "test run under lockdown" "$out" "rdtrace: LOAD ioctl: a kernel pointer's dereference reads kernel memory: $why"

# The refusals are the policy's: without it the same programs run.
if [ -z "$real" ]; then
	reload
	out=$(rd -q -n 'BEGIN { printf("%d\n", curthread->pid == pid); stack(); exit(0); }' 2>&1) ||
		fail "kernel reads without lockdown: $out"
	expect_match "kernel reads without lockdown" "$out" '^1$'
fi
check_kernel_log
