# User stacks and symbols: ustack() traced and as an aggregation key,
# jstack(), ustackdepth, ucaller, usym()/ufunc()/umod()/uaddr(), uregs[], on a
# program built with frame pointers at fixed addresses
# (tests/ustack/stackprog.c), run by -c: each frame named as DTrace names
# it (`object`function+0xoff`) although the command has exited by the
# time they are printed; a kernel thread has no user stack.
. "$(dirname "$0")/lib.sh"
ensure_module

work=$(mktemp -d /tmp/ustack.XXXXXX)
trap 'rm -rf "$work"' EXIT
cc -O2 -fno-omit-frame-pointer -no-pie -o "$work/stackprog" "$RDTRACE_ROOT/tests/ustack/stackprog.c" ||
	fail "cc stackprog.c"
prog=$work/stackprog
# The return addresses the walk must find: after inner's call in outer,
# after outer's call in main (objdump: the instruction after the call).
after_call() {
	objdump -d --no-show-raw-insn "$prog" | awk -v f="<$1>:" -v callee="<$2>" '
		$0 ~ f { on = 1; next } on && /^$/ { exit }
		on && found { sub(":", "", $1); print $1; exit }
		on && index($0, "call") && index($0, callee) { found = 1 }'
}
func_start() { nm "$prog" | awk -v f="$1" '$3 == f { print $1 }'; }
outer_ret=$(after_call outer inner)
main_ret=$(after_call main outer)
[ -n "$outer_ret" ] && [ -n "$main_ret" ] || fail "no call sites in stackprog"
outer_off=$(printf '%x' $((0x$outer_ret - 0x$(func_start outer))))
main_off=$(printf '%x' $((0x$main_ret - 0x$(func_start main))))

write_probe='syscall::write:entry /pid == $target && arg2 == 1234/'
# Traced: the write (libc), then outer and main (inner, which called the
# frameless write, is where the walk starts from, not a frame of its own).
out=$(rd -qn "$write_probe { ustack(); exit(0); }" -c "$prog 1" 2>&1) || fail "ustack exited $?: $out"
printf '%s\n' "$out"
frames=$(printf '%s\n' "$out" | sed '/^$/d')
expect_match "first frame: libc's write" "$(printf '%s\n' "$frames" | sed -n 1p)" '^ {14}libc\.so\.6`[_a-z0-9]*write[_a-z0-9]*\+0x[0-9a-f]+$'
expect_eq "second frame" "$(printf '%s\n' "$frames" | sed -n 2p)" "              stackprog\`outer+0x$outer_off"
expect_eq "third frame" "$(printf '%s\n' "$frames" | sed -n 3p)" "              stackprog\`main+0x$main_off"

# ucaller is the second frame; ustackdepth counts what ustack() shows.
out=$(rd -qn "$write_probe { printf(\"%x %d\\n\", ucaller, ustackdepth); exit(0); }" -c "$prog 1" 2>&1) ||
	fail "ucaller exited $?: $out"
set -- $out
expect_eq "ucaller" "$1" "$outer_ret"
[ "$2" -ge 3 ] && [ "$2" -le 100 ] || fail "ustackdepth $2"

# An aggregation key: five writes, one stack, counted 5; ustack(2) keeps
# two frames; jstack() is ustack().
out=$(rd -qn "$write_probe { @[ustack(2)] = count(); @j[jstack()] = count(); }
	END { printa(@); printa(\"%k%@d\\n\", @j); }" -c "$prog 5" 2>&1) || fail "ustack key exited $?: $out"
printf '%s\n' "$out"
lines=$(printf '%s\n' "$out" | sed '/^$/d')
expect_match "key's first frame" "$(printf '%s\n' "$lines" | sed -n 1p)" '^ {14}libc\.so\.6`[_a-z0-9]*write'
expect_eq "key's second frame and count" "$(printf '%s\n' "$lines" | sed -n 2,3p | tr -s ' ')" " stackprog\`outer+0x$outer_off
 5"
expect_match "jstack key" "$out" "stackprog\`main\+0x$main_off"

# A user address by symbol: traced (as DTrace, each `  %-50s`) and as a key.
out=$(rd -qn "$write_probe { trace(ufunc(ucaller)); trace(uaddr(ucaller)); umod(ucaller); printf(\"|\\n\");
	@[usym(ucaller)] = count(); } END { printa(\"%s %@d\\n\", @); }" -c "$prog 3" 2>&1) || fail "usym exited $?: $out"
row=$(printf '  %-50s  %-50s  %-50s|' "stackprog\`outer" "stackprog\`outer+0x$outer_off" stackprog)
expect_eq "usym, uaddr, umod" "$out" "$row
$row
$row
stackprog\`outer 3"

# uregs[]: at the write's system call the count is in rdx and the call's
# number (1) in orig_ax (R_ERR); the pc is libc's write, the stack pointer
# just below inner's frame.
out=$(rd -qn "$write_probe { printf(\"%d %d %d\", uregs[R_RDX], uregs[R_ERR], uregs[R_FP] - uregs[R_SP]);
	ufunc(uregs[R_PC]); exit(0); }" -c "$prog 1" 2>&1) || fail "uregs exited $?: $out"
set -- $out
expect_eq "uregs count and call" "$1 $2" "1234 1"
[ "$3" -gt 0 ] && [ "$3" -le 64 ] || fail "R_FP - R_SP is $3"
expect_match "uregs pc" "$4" '^libc\.so\.6`[_a-z0-9]*write$'
# Past pt_regs, the thread's saved segment state, as Oracle's DTrace.
out=$(rd -qn 'BEGIN { printf("%d %d %d", uregs[R_FS] == curthread->thread.fsbase,
	uregs[R_GS] == curthread->thread.gsbase, uregs[R_TRAPNO] == curthread->thread.trap_nr); exit(0); }' 2>&1) ||
	fail "uregs segments exited $?: $out"
expect_eq "uregs past pt_regs" "$out" "1 1 1"

# -x noresolve shows every frame as its address.
out=$(rd -qn "$write_probe { ustack(3); exit(0); }" -x noresolve -c "$prog 1" 2>&1) || fail "noresolve exited $?: $out"
expect_eq "noresolve" "$(printf '%s\n' "$out" | sed '/^$/d' | sed -n 2p)" "              0x$outer_ret"

# The option bounds the frames of ustack() with no argument.
out=$(rd -qn "$write_probe { ustack(); exit(0); }" -x ustackframes=1 -c "$prog 1" 2>&1) || fail "ustackframes exited $?"
expect_eq "ustackframes=1" "$(printf '%s\n' "$out" | sed '/^$/d' | wc -l)" 1

# A kernel thread (the idle task) has no user stack: depth 0, no frames.
out=$(rd -qn 'profile-97 /pid == 0/ { @d[ustackdepth] = count(); @s[ustack()] = count(); }
	tick-1s { exit(0); } END { printa("%d:", @d); printa("%k|", @s); }' 2>&1) || fail "kthread exited $?: $out"
expect_eq "kernel thread" "$(printf '%s' "$out" | tr -d '\n')" "0:|"
check_kernel_log
