# The pid provider: pidPID:MODULE:FUNCTION:entry|return|OFFSET through
# uprobes, on a program the test builds (tests/pid/prog.c) run by -c or
# attached with -p: exact sums and counts, a return value, an instruction
# offset, a user string, DTrace's module names, only the target firing
# (not its fork's child), and the process exiting while traced ending the
# run cleanly with the breakpoints gone.
. "$(dirname "$0")/lib.sh"
ensure_module

work=$(mktemp -d /tmp/pid_provider.XXXXXX)
trap 'rm -rf "$work"' EXIT
cc -O2 -o "$work/prog" "$RDTRACE_ROOT/tests/pid/prog.c" || fail "cc prog.c"
prog=$work/prog

# malloc's sizes: prog allocates 70001..70010 bytes, 700055 in all.
out=$(rd -qn 'pid$target::malloc:entry /arg0 > 70000 && arg0 <= 70010/ { @s = sum(arg0); @c = count(); }
	END { printa("%@d %@d\n", @s, @c); }' -c "$prog alloc 10" 2>&1) || fail "malloc sum exited $?: $out"
expect_eq "malloc sum and count" "$out" "700055 10"
# The acceptance's form, unfiltered: prog's are the only mallocs after its
# entry point.
out=$(rd -qn 'pid$target::malloc:entry { @ = sum(arg0); }' -c "$prog alloc 10" 2>&1) || fail "malloc sum exited $?: $out"
expect_eq "unfiltered malloc sum" "$(echo $out)" 700055
# Every libc spelling names the same probe.
for m in libc.so.6 libc libc.so 'libc*'; do
	out=$(rd -qn "pid\$target:$m:malloc:entry /arg0 > 70000/ { @ = count(); } END { printa(\"%@d\n\", @); }" -c "$prog alloc 7" 2>&1) ||
		fail "module $m exited $?: $out"
	expect_eq "malloc count as module $m" "$out" 7
done

# The probe's names, and the default output's row.
out=$(rd -n 'pid$target:a.out:answer:entry { printf("%s:%s:%s:%s", probeprov, probemod, probefunc, probename); exit(0); }' -c "$prog calls 1" 2>&1)
echo "$out"
expect_match "matched" "$out" "matched 1 probe"
expect_match "row" "$out" "^ +[0-9]+ +[0-9]+ +answer:entry pid[0-9]+:prog:answer:entry$"

# Entry arguments, a return value (arg1) and the count of calls.
out=$(rd -qn 'pid$target:a.out:answer:entry { @a[arg0] = count(); }
	pid$target:a.out:answer:return { @r[arg1] = count(); }
	END { printa("arg0 %d x%@d\n", @a); printa("ret %d x%@d\n", @r); }' -c "$prog calls 4" 2>/dev/null) ||
	fail "answer trace exited $?: $out"
expect_eq "answer's argument and return value" "$out" "arg0 0 x1
arg0 6 x4
ret 6 x1
ret 42 x4"

# A user string, by copyinstr.
out=$(rd -qn 'pid$target:a.out:greet:entry { printf("[%s] %d\n", copyinstr(arg0), arg1); }' -c "$prog calls 0" 2>/dev/null)
expect_eq "copyinstr" "$out" "[hello pid] 9"

# An instruction offset: answer's second instruction, in hex as DTrace
# names it.
set -- $(objdump -d --no-show-raw-insn "$prog" | awk '/<answer>:/ { on = 1; next } on && /^ +[0-9a-f]+:/ { sub(":", "", $1); print $1; if (++n == 2) exit }')
[ $# = 2 ] || fail "no second instruction in answer"
off=$(printf '%x' $((0x$2 - 0x$1)))
out=$(rd -qn "pid\$target:a.out:answer:$off { @[probename] = count(); } END { printa(\"%s %@d\n\", @); }" -c "$prog calls 3" 2>/dev/null) ||
	fail "offset trace exited $?: $out"
expect_eq "offset probe" "$out" "$off 4"
err=$(rd -n 'pid$target:a.out:answer:fff { }' -c "$prog calls 1" 2>&1) && fail "an offset past the end ran"
expect_match "offset past the end" "$err" "error\[D_PROC_OFF\]: probe description pid[0-9]+:a.out:answer:fff: offset 0xfff is past the end of answer"
err=$(rd -n 'pid$target:a.out:answer:beginning { }' -c "$prog calls 1" 2>&1) && fail "a bad name ran"
expect_match "bad name" "$err" "error\[D_PROC_NAME\]: .*not a pid provider probe name"
err=$(rd -n 'pid$target:a.out:nosuch:entry { }' -c "$prog calls 1" 2>&1) && fail "a missing function ran"
expect_match "missing function" "$err" "error\[D_PROC_FUNC\]: .*no function \`nosuch\` in prog"
err=$(rd -n 'pid0:::entry { }' 2>&1) && fail "pid0 ran"
expect_match "pid0" "$err" "error\[D_PROC_BADPID\]"

# Only the target fires: its child (a fork: same code, breakpoints
# copied) calls answer 4 times unseen, and runs to its normal end.
out=$(rd -qn 'pid$target:a.out:answer:entry { @ = count(); } END { printa("%@d\n", @); }' -c "$prog fork" 2>&1) ||
	fail "fork trace exited $?: $out"
expect_eq "the target's calls only" "$out" 1

# -l with -p, and -p attaching to a running process: it waits for
# SIGUSR1, calls answer 5 times and finish(), where the script exits.
"$prog" wait >"$work/pid" &
ppid=$!
i=0
while [ ! -s "$work/pid" ]; do sleep 0.1; i=$((i + 1)); [ $i -lt 100 ] || fail "prog wait did not start"; done
out=$(rd -l -n 'pid$target:a.out:answer:' -p $ppid)
expect_eq "-l -p" "$(printf '%s\n' "$out" | awk 'NR > 1 { print $2, $3, $4, $5 }')" "pid$ppid prog answer entry
pid$ppid prog answer return"
out=$(rd -l -n 'pid$target:libc.so.6:malloc:entry' -p $ppid)
expect_match "-l libc malloc" "$out" "pid$ppid +libc.so.6 +malloc entry$"
rd -qn 'BEGIN { printf("ready\n"); } pid$target:a.out:answer:return { @[arg1] = count(); }
	pid$target:a.out:finish:entry { exit(0); } END { printa("%d x%@d\n", @); }' -p $ppid >"$work/out" 2>&1 &
rpid=$!
i=0
while ! grep -q ready "$work/out"; do sleep 0.1; i=$((i + 1)); [ $i -lt 300 ] || fail "rdtrace -p did not start: $(cat "$work/out")"; done
kill -USR1 $ppid
wait $rpid || fail "rdtrace -p exited $?: $(cat "$work/out")"
expect_eq "-p" "$(cat "$work/out")" "ready
42 x5"
# The breakpoints are gone: the process calls answer again and exits 0.
kill -USR1 $ppid
wait $ppid || fail "prog after tracing exited $?"

# The process exiting while traced ends the run, and every uprobe goes.
for i in 1 2 3; do
	out=$(rd -qn 'pid$target::malloc:entry, pid$target::malloc:return, pid$target:a.out::entry { @ = count(); }' -c "$prog alloc 100" 2>&1) ||
		fail "exit while traced: rdtrace exited $?: $out"
done
check_kernel_log
