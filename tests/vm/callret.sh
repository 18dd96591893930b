# Return probes on functions whose arguments are all in registers: rdtrace's
# return trampoline calls the function itself and sees it return (no
# fprobe). The return value and order, stacks through the trampoline's
# frame, -x nocallreturn, a task asleep inside a called function when its
# session ends (rmmod refused until it has left; a later session in the
# same slot does not see that return), and tasks that exit inside one.
. "$(dirname "$0")/lib.sh"
ensure_module
work=$(mktemp -d)
# ksys_read has BTF on gcc's and clang's kernels alike (the syscall
# wrappers have none on clang's, so their returns go by fprobe there).
f=ksys_read
enabled=/sys/kernel/tracing/enabled_functions

# 1. The return value of every call, through the return trampoline: dd's
# 1,000 reads of 1,234 bytes each.
cat >$work/calls.sh <<EOS
grep -A1 "^$f " $enabled >$work/ef
exec dd if=/dev/zero of=/dev/null bs=1234 count=1000 2>/dev/null
EOS
ret="fbt::$f:return /pid == \$target/ { @[arg1] = count(); }"
out=$(rd -q -n "$ret" -c "sh $work/calls.sh" 2>&1)
expect_match "every return, its value" "$(echo $out)" "(^| )1234 1000( |$)"
expect_match "direct call to the return trampoline" "$(cat $work/ef)" "rdtrace_direct_ret_tramp_[0-3]"

# 2. The same through fprobe with -x nocallreturn.
out=$(rd -q -x nocallreturn -n "$ret" -c "sh $work/calls.sh" 2>&1)
expect_match "nocallreturn: every return" "$(echo $out)" "(^| )1234 1000( |$)"
case $(cat $work/ef) in *rdtrace_direct_ret_tramp*) fail "nocallreturn used the return trampoline: $(cat $work/ef)" ;; esac

# 3. Entry and return of one called function, in order, with their values.
out=$(rd -q -n '
fbt::ksys_read:entry /pid == $target && arg2 == 1234/ { self->in = 1; printf("entry %d\n", arg2); }
fbt::ksys_read:return /self->in/ { printf("return %d\n", arg1); self->in = 0; }' \
	-c 'dd if=/dev/zero of=/dev/null bs=1234 count=2' 2>/dev/null)
expect_eq "entry, then return" "$(echo $out)" "entry 1234 return 1234 entry 1234 return 1234"

# 4. A stack taken inside a called function: its caller once, no trampoline.
stk='fbt::ksys_read:return {} fbt::vfs_read:entry /pid == $target/ { stack(); exit(0); }'
out=$(rd -q -n "$stk" -c 'cat /proc/version' 2>&1 | grep '`')
echo "$out"
expect_match "starts in vfs_read" "$(echo "$out" | sed -n 1p)" 'vmlinux`vfs_read\+0x'
expect_match "then its caller" "$(echo "$out" | sed -n 2p)" 'vmlinux`ksys_read\+0x'
expect_eq "the caller once" "$(echo "$out" | grep -c 'ksys_read+')" 1
case $out in *rdtrace*) fail "a trampoline frame in the stack: $out" ;; esac

# 5. A task asleep in a called pipe_read when its session ends.
mkfifo $work/fifo
exec 3<>$work/fifo
rd -q -n 'fbt::pipe_read:return { @ = count(); }' \
	-c "sh -c 'cat $work/fifo >$work/cat.out 3>&- & echo \$! >$work/cat.pid; sleep 1'" >/dev/null 2>&1
cat_pid=$(cat $work/cat.pid)
[ -d /proc/$cat_pid ] || fail "cat is not reading the fifo"
rmmod rdtrace 2>$work/rmmod.err && fail "rmmod succeeded with a task inside a called function"
expect_match "rmmod refused" "$(cat $work/rmmod.err)" "in use"
# A session in the same slot: the sleeping call is not its own.
rd -q -n "fbt::pipe_read:return /pid == $cat_pid/ { @ = count(); } END { printa(\"late %@d\\n\", @); }" \
	-c "sh -c 'echo hello >&3; sleep 1'" >$work/late.out 2>&1
expect_eq "the woken cat read" "$(cat $work/cat.out)" "hello"
expect_eq "the earlier session's return not seen" "$(cat $work/late.out)" ""
exec 3>&-
i=0
while [ -d /proc/$cat_pid ]; do i=$((i + 1)); [ $i -lt 100 ] || fail "cat did not exit at EOF"; sleep 0.1; done
i=0
until rmmod rdtrace 2>/dev/null; do i=$((i + 1)); [ $i -lt 50 ] || fail "rmmod refused after every task left"; sleep 0.1; done
ensure_module

# 6. Tasks that exit inside called functions (exit_group's do_group_exit, a
# SIGKILLed sleep's get_signal) never come back: their exits let the
# module go.
rd -q -n 'fbt::do_group_exit:return, fbt::get_signal:return { @ = count(); }' \
	-c "sh -c 'sleep 30 & p=\$!; sleep 0.5; kill -9 \$p; wait \$p; exit 3'" >/dev/null 2>&1
i=0
until rmmod rdtrace 2>/dev/null; do
	i=$((i + 1)); [ $i -lt 50 ] || fail "rmmod refused after tasks exited inside called functions"; sleep 0.1
done
ensure_module
check_kernel_log
