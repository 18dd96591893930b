# The toolkit (userspace-ctl/tools/*.d): every script runs as its usage
# line says, against a workload whose effects are known exactly.
. "$(dirname "$0")/lib.sh"
ensure_module

tools=$RDTRACE_ROOT/userspace-ctl/tools
work=/tmp/toolkit
mkdir -p $work
# A program making exactly N getppid calls (tests/bench/getppid.c).
cc -O2 -o $work/getppid "$RDTRACE_ROOT/tests/bench/getppid.c" || fail "cc getppid.c"
# The pid provider's test program: `alloc N` mallocs 70001..70000+N bytes.
cc -O2 -o $work/pidprog "$RDTRACE_ROOT/tests/pid/prog.c" || fail "cc prog.c"

# Every tool starts with its usage line.
for t in "$tools"/*.d; do
	head -1 "$t" | grep -Eq "^/\* USAGE: rdtrace -s $(basename "$t") .*\*/$|^/\* USAGE: rdtrace -s $(basename "$t") \*/$" ||
		fail "$(basename "$t"): no usage line first"
done

# opensnoop: cat's opens, the one that works and the one that fails.
out=$(rd -s "$tools/opensnoop.d" -c 'cat /etc/hostname /nonexistent' 2>/dev/null)
printf '%s\n' "$out" | grep -v /usr/
expect_match "opensnoop header" "$(printf '%s\n' "$out" | head -1)" '^PID    COMM               FD ERR PATH$'
expect_match "opensnoop: the open" "$out" '^[0-9]+ +cat +3 +0 /etc/hostname$'
expect_match "opensnoop: the failure" "$out" '^[0-9]+ +cat +-1 +2 /nonexistent$'

# execsnoop: a shell running a program with arguments; its PPID is the
# shell's PID.
out=$(rd -s "$tools/execsnoop.d" -c "sh -c '/bin/echo toolkit exec test; true'" 2>&1)
printf '%s\n' "$out"
expect_match "execsnoop header" "$(printf '%s\n' "$out" | head -1)" '^  UID    PID   PPID COMM             ARGS$'
sh_pid=$(printf '%s\n' "$out" | awk '$4 == "sh" && $5 == "sh" { print $2 }')
[ -n "$sh_pid" ] || fail "execsnoop: no line for sh"
expect_match "execsnoop: echo, child of sh" "$out" "^ +0 +[0-9]+ +$sh_pid echo +/bin/echo toolkit exec test$"
# More than 8 arguments: the first 8 and "...".
out=$(rd -s "$tools/execsnoop.d" -c '/bin/true 1 2 3 4 5 6 7 8 9' 2>&1)
expect_match "execsnoop: 8 arguments at most" "$out" '^ +0 +[0-9]+ +[0-9]+ true +/bin/true 1 2 3 4 5 6 7 \.\.\.$'

# syscount: every getppid call of the workload, exactly, by call.
out=$(rd -s "$tools/syscount.d" -c "$work/getppid 4321" 2>&1)
printf '%s\n' "$out" | grep -E 'getppid|SYSCALL'
expect_match "syscount header" "$out" '^SYSCALL +COUNT$'
expect_match "syscount: getppid" "$out" '^getppid +4321$'

# syscount_pid: by process; two runs differ by exactly the extra calls.
count_of() { printf '%s\n' "$1" | awk '$2 == "getppid" && $1 ~ /^[0-9]+$/ { print $3 }'; }
out=$(rd -s "$tools/syscount_pid.d" -c "$work/getppid 1000" 2>&1)
printf '%s\n' "$out" | grep -E 'getppid|PID'
expect_match "syscount_pid header" "$out" '^PID +COMM +COUNT$'
n1=$(count_of "$out")
n2=$(count_of "$(rd -s "$tools/syscount_pid.d" -c "$work/getppid 3000" 2>&1)")
[ -n "$n1" ] && [ -n "$n2" ] || fail "syscount_pid: no line for getppid: $out"
expect_eq "syscount_pid: 2000 more calls" $((n2 - n1)) 2000

# dtruss: cat's system calls, decoded, with the failing open's errno; only
# the target's (no line of rdtrace's own).
size=$(wc -c </etc/hostname)
out=$(rd -s "$tools/dtruss.d" -c 'cat /etc/hostname /nonexistent' 2>/dev/null)
printf '%s\n' "$out" | grep -E 'hostname|nonexistent|^read|^SYSCALL'
expect_eq "dtruss header" "$(printf '%s\n' "$out" | head -1)" "$(printf 'SYSCALL(args) \t\t = return')"
expect_match "dtruss: the open" "$out" "$(printf '^openat\\(-100, "/etc/hostname", 0x0\\)\t\t = 3 0$')"
expect_match "dtruss: the read" "$out" "$(printf '^read\\(0x3, 0x[0-9A-F]+, 0x20000\\)\t\t = %s 0$' "$size")"
expect_match "dtruss: the failure" "$out" "$(printf '^openat\\(-100, "/nonexistent", 0x0\\)\t\t = -1 Err#2$')"
expect_match "dtruss: cat's exit" "$out" "$(printf '^close\\(0x2, .*\\)\t\t = 0 0$')"
bad=$(printf '%s\n' "$out" | tail -n +2 | grep -v "^$(cat /etc/hostname)\$" | grep -Ev "$(printf '^[a-z0-9_]+\\(.*\\)\t\t = -?[0-9]+ (Err#)?[0-9]+$')")
[ -z "$bad" ] || fail "dtruss: lines not in dtruss's form: $bad"
printf '%s\n' "$out" | grep -Eq '^(ioctl|ppoll|poll)\(' && fail "dtruss: rdtrace's own calls traced"
rd -s "$tools/dtruss.d" >/dev/null 2>&1 && fail "dtruss without a target ran"

# funccount: the getppid wrapper, once per call.
out=$(rd -s "$tools/funccount.d" __do_sys_getppid -c "$work/getppid 777" 2>&1)
printf '%s\n' "$out" | grep -v '^getppid '
expect_match "funccount header" "$out" '^FUNC +COUNT$'
expect_match "funccount" "$out" '^__do_sys_getppid +777$'

# funclatency: the same calls in a histogram whose counts sum to them.
out=$(rd -s "$tools/funclatency.d" __do_sys_getppid -c "$work/getppid 555" 2>&1)
printf '%s\n' "$out"
expect_match "funclatency title" "$out" '^__do_sys_getppid latency \(ns\):$'
expect_match "funclatency histogram" "$out" '^ +value +-+ Distribution -+ count'
total=$(printf '%s\n' "$out" | awk '$2 == "|" || $2 ~ /^\|/ { n += $NF } END { print n + 0 }')
expect_eq "funclatency: calls in the histogram" "$total" 555

# mallocsnoop: the program's three mallocs, the only ones after its entry
# point, then their sizes in a histogram.
out=$(rd -s "$tools/mallocsnoop.d" -c "$work/pidprog alloc 3" 2>&1)
printf '%s\n' "$out"
expect_match "mallocsnoop header" "$(printf '%s\n' "$out" | head -1)" '^TID +SIZE ADDR$'
expect_eq "mallocsnoop rows" "$(printf '%s\n' "$out" | awk '$1 ~ /^[0-9]+$/ && $3 ~ /^0x[0-9a-f]+$/ && $3 != "0x0" { print $2 }' | tr '\n' ' ')" "70001 70002 70003 "
expect_match "mallocsnoop title" "$out" '^malloc sizes \(bytes\):$'
expect_match "mallocsnoop histogram" "$out" '^ +65536 \|@+ 3 *$'

# killsnoop: a shell probing itself with kill -0, then signalling a pid
# that does not exist (-ESRCH).
out=$(rd -s "$tools/killsnoop.d" -c "sh -c 'echo pid=\$\$; kill -0 \$\$; kill -USR1 999999 2>/dev/null; true'" 2>&1)
printf '%s\n' "$out"
expect_match "killsnoop header" "$(printf '%s\n' "$out" | head -1)" '^PID    COMM              SIG TPID   RESULT$'
sh_pid=$(printf '%s\n' "$out" | sed -n 's/^pid=//p')
[ -n "$sh_pid" ] || fail "killsnoop: the shell printed no pid"
expect_match "killsnoop: kill -0" "$out" "^$sh_pid +sh +0 $sh_pid +0$"
expect_match "killsnoop: ESRCH" "$out" "^$sh_pid +sh +10 999999 +-3$"
check_kernel_log

# make install in the guest, whose kernel is the module's: the module too.
stage=/tmp/toolkit-install
rm -rf $stage
DESTDIR=$stage "$RDTRACE_ROOT/scripts/install" 2>&1 || fail "scripts/install"
[ -s "$stage/lib/modules/$(uname -r)/extra/rdtrace.ko" ] || fail "install: no module"
grep -q 'extra/rdtrace.ko' "$stage/lib/modules/$(uname -r)/modules.dep" || fail "install: depmod did not list it"
[ -s $stage/usr/local/share/rdtrace/tools/opensnoop.d ] || fail "install: no tools"
