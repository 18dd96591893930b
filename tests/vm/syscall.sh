# The syscall provider: every system call's entry and return by name, with
# the call's arguments, its return value in arg0 and arg1 and its error in
# errno; beside fbt probes, even on the same wrapper.
. "$(dirname "$0")/lib.sh"
ensure_module

# The acceptance one-liner: cat opens the file it was given (and its
# libraries, and locale files whose names may not be paged in yet: faults
# on those go to stderr).
out=$(rd -qn 'syscall::openat:entry /pid == $target/ { printf("%s\n", copyinstr(arg1)); }' -c 'cat /etc/hostname' 2>/dev/null) ||
	fail "rdtrace exited $?: $out"
expect_match "cat opens /etc/hostname" "$out" "^/etc/hostname$"

# Return: the bytes read; a failing call's -ENOENT in arg0 and arg1, errno 2.
out=$(rd -qn 'syscall::read:return /pid == $target/ { printf("read %d %d\n", arg1, errno); }' -c 'dd if=/etc/hostname of=/dev/null bs=1k') ||
	fail "read trace exited $?: $out"
echo "$out"
size=$(wc -c </etc/hostname)
expect_match "read returns the file's size" "$out" "^read $size 0$"
expect_match "then end of file" "$out" "^read 0 0$"
out=$(rd -qn 'syscall::openat:return /pid == $target && (int)arg1 < 0/ { printf("%d %d %d %s:%s:%s:%s\n", arg0, arg1, errno, probeprov, probemod, probefunc, probename); }' -c 'cat /nonexistent' 2>&1)
echo "$out"
expect_match "ENOENT" "$out" "^-2 -2 2 syscall::openat:return$"

# All six arguments: an mmap that fails with EINVAL (its offset is not a
# page's), through perl's syscall() for exact values.
out=$(rd -qn '
syscall::mmap:entry /pid == $target && arg0 == 1/ { printf("entry %d %d %d %d %d %d %d\n", arg0, arg1, arg2, arg3, arg4, arg5, errno); }
syscall::mmap:return /pid == $target && arg1 == -22/ { printf("return %d %d\n", arg1, errno); }' \
	-c "perl -e 'syscall(9, 1, 2, 3, 4, 5, 6)'") || fail "mmap trace exited $?: $out"
echo "$out"
expect_eq "mmap" "$out" "entry 1 2 3 4 5 6 0
return -22 22"

# Listing: entry and return per call, no module, only the x86-64 wrappers.
out=$(rd -l -n 'syscall::read*:') || fail "rdtrace -l"
echo "$out"
expect_match "read entry" "$out" "^ +[0-9]+ +syscall +read entry$"
expect_match "read return" "$out" "^ +[0-9]+ +syscall +read return$"
expect_match "readv" "$out" "^ +[0-9]+ +syscall +readv entry$"
printf '%s\n' "$out" | tail -n +2 | grep -Ev ' syscall +read[a-z0-9_]* (entry|return)$' && fail "a line that is not a read* syscall"
all=$(rd -l -n 'syscall:::entry' | tail -n +2 | wc -l)
# A call without arguments has its wrapper as an alias of __do_sys_NAME,
# the only name ftrace gives the address.
wrappers=$(awk '$2 ~ /^__x64_sys_./ { w[substr($2, 11)] = 1 } $2 ~ /^__do_sys_./ && NF == 2 { d[substr($2, 10)] = 1 }
	END { n = 0; for (k in w) n++; for (k in d) if (!(k in w)) n++; print n }' /sys/kernel/tracing/available_filter_functions_addrs)
echo "syscall:::entry lists $all calls of $wrappers wrappers"
expect_match "getppid, a call without arguments" "$(rd -l -n 'syscall::getppid:')" "^ +[0-9]+ +syscall +getppid entry$"
expect_eq "one entry probe per wrapper" "$all" "$wrappers"
rd -l -n 'syscall::ia32_*:' >/dev/null 2>&1 && fail "a compat wrapper became a syscall probe"

# Beside fbt clauses, one on the very wrapper: each sees its own arguments
# (the wrapper's arg0 is its pt_regs, a kernel address; openat's is
# AT_FDCWD, an int: the register's upper half is zero, as in DTrace).
out=$(rd -n '
syscall::openat:entry /pid == $target/ { printf("syscall %d %d\n", (int)arg0, arg0 == 0xffffff9c); }
fbt::__x64_sys_openat:entry /pid == $target/ { printf("fbt %s\n", arg0 < 0 ? "kernel" : "user"); }
fbt::ksys_read:entry /pid == $target/ { printf("%s\n", probefunc); }' -c 'cat /etc/hostname' 2>&1 >/dev/null)
expect_match "matched" "$out" "' matched 3 probes"
out=$(rd -q -n '
syscall::openat:entry /pid == $target/ { printf("syscall %d %d\n", (int)arg0, arg0 == 0xffffff9c); }
fbt::__x64_sys_openat:entry /pid == $target/ { printf("fbt %s\n", arg0 < 0 ? "kernel" : "user"); }
fbt::ksys_read:entry /pid == $target/ { printf("%s\n", probefunc); }' -c 'dd if=/etc/hostname of=/dev/null') ||
	fail "mixed trace exited $?: $out"
echo "$out" | sort | uniq -c
expect_match "syscall clause" "$out" "^syscall -100 1$"
expect_match "fbt clause on the wrapper" "$out" "^fbt kernel$"
expect_match "fbt clause" "$out" "^ksys_read$"
printf '%s\n' "$out" | grep -Eqv '^(syscall -100 1|fbt kernel|ksys_read)$' && fail "an unexpected line"

# Flowindent marks system calls as DTrace does: => on entry, <= on return.
out=$(rd -F -n 'syscall::openat:entry, syscall::openat:return, fbt::do_sys_openat2:entry, fbt::do_sys_openat2:return /pid == $target/ { }' -c 'dd if=/etc/hostname of=/dev/null' 2>/dev/null)
printf '%s\n' "$out" | tail -5
expect_match "flow entry" "$out" "^ +[0-9]+ +=> openat +$"
expect_match "flow fbt" "$out" "^ +[0-9]+ +-> do_sys_openat2 +$"
expect_match "flow return" "$out" "^ +[0-9]+ +<= openat +$"

# Every call's entry and return at once under a workload (exits, execs,
# signal returns): a clean exit and kernel log.
(
	end=$(($(date +%s) + 5))
	while [ "$(date +%s)" -lt $end ]; do cat /proc/version >/dev/null; sh -c 'kill -USR1 $$' 2>/dev/null; done
) &
load=$!
out=$(rd -n 'syscall::: /arg0 == 12345/ { trace(errno); }' -c 'sleep 5' 2>&1 >/dev/null)
status=$?
wait $load
echo "$out" | head -5
expect_eq "every syscall: exit" "$status" 0
expect_match "every syscall: matched" "$out" "' matched $((2 * wrappers)) probes"
grep -q . /sys/kernel/tracing/enabled_functions && fail "functions still patched"
check_kernel_log
