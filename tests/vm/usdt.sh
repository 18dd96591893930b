# The usdt provider: <sys/sdt.h> probes of a program the test builds
# (tests/usdt/prog.c, guarded.c) run by -c or attached with -p, named
# usdtPID:MODULE:FUNCTION:NAME or by their sdt provider (rdtestPID): exact
# arguments of every size, sign and operand form (registers at -O2, stack
# slots at -O0, %rip-relative globals, constants), strings by copyinstr,
# a sum, the probe's names, -l, and a semaphore-guarded probe (in the
# executable, and in a shared library) that fires only while traced (the
# semaphore counted up while placed, down after).
. "$(dirname "$0")/lib.sh"
ensure_module

work=$(mktemp -d /tmp/usdt.XXXXXX)
trap 'rm -rf "$work"' EXIT
src=$RDTRACE_ROOT/tests/usdt
cc -O2 -o "$work/prog" "$src/prog.c" "$src/guarded.c" || fail "cc -O2"
# At -O0, with the guarded probe and its semaphore in a shared library.
cc -O0 -fPIC -shared -o "$work/libguarded.so" "$src/guarded.c" || fail "cc -shared"
cc -O0 -o "$work/prog0" "$src/prog.c" -L"$work" -lguarded -Wl,-rpath,"$work" || fail "cc -O0"

for prog in "$work/prog" "$work/prog0"; do
	# Every step with its string argument. Sorted: records come out per
	# CPU, as in DTrace, so a program that moves to the other CPU between
	# two steps has them printed in the other CPU's turn (a CI run once
	# printed step 1 last).
	out=$(rd -qn 'usdt$target:::step { printf("%d %s\n", arg0, copyinstr(arg1)); }' -c "$prog steps 5" 2>/dev/null) ||
		fail "$prog step trace exited $?: $out"
	out=$(printf '%s\n' "$out" | sort -n)
	expect_eq "$prog steps" "$out" "1 one
2 two
3 three
4 one
5 two"
	# A signed byte, an unsigned short, a global int and long, a constant.
	out=$(rd -qn 'usdt$target:::mixed { printf("%d %d %d %d %d\n", arg0, arg1, arg2, arg3, arg4); }' -c "$prog steps 1" 2>/dev/null)
	expect_eq "$prog mixed" "$out" "-5 65535 -7 1099511627776 5"
	# The sum and count, by the sdt provider's name and a module alias.
	out=$(rd -qn 'rdtest$target:a.out::step { @s = sum(arg0); @c = count(); } END { printa("%@d %@d\n", @s, @c); }' -c "$prog steps 10" 2>/dev/null) ||
		fail "$prog sum exited $?: $out"
	expect_eq "$prog sum" "$out" "55 10"
	# The semaphore: 0 untraced, so the guarded probe is skipped; counted
	# up while it is traced, so each of the 6 passes fires it; 0 again
	# when only another probe is traced.
	"$prog" steps 6 2>"$work/err" >/dev/null
	expect_eq "$prog untraced" "$(cat "$work/err")" "guarded 0"
	out=$(rd -qn 'usdt$target::guarded_loop:guarded { @s = sum(arg0); @c = count(); @m[probemod] = count(); }
		END { printa("%@d %@d\n", @s, @c); printa("%s %@d\n", @m); }' -c "$prog steps 6" 2>"$work/err") ||
		fail "$prog guarded trace exited $?: $out"
	expect_eq "$prog guarded probe" "$out" "21 6
$(case $prog in *0) echo libguarded.so ;; *) echo prog ;; esac) 6"
	expect_eq "$prog guarded while traced" "$(cat "$work/err")" "guarded 6"
	rd -qn 'usdt$target:::step { }' -c "$prog steps 6" >/dev/null 2>"$work/err" || fail "$prog step-only trace exited $?"
	expect_eq "$prog guarded, another probe traced" "$(cat "$work/err")" "guarded 0"
done
prog=$work/prog
# The library by DTrace's other names for it.
out=$(rd -qn 'rdtest$target:libguarded:: { @ = count(); } END { printa("%@d\n", @); }' -c "$work/prog0 steps 3" 2>/dev/null)
expect_eq "library by its short name" "$out" 3

# A probe written twice in a function is one probe (one ID) at two sites.
out=$(rd -n 'usdt$target:::edge { @[id, arg0] = count(); }' -c "$prog steps 7" 2>&1) || fail "edge exited $?: $out"
expect_match "edge matched" "$out" "matched 1 probe$"
expect_eq "edge firings" "$(printf '%s\n' "$out" | awk 'NF == 3 { print $2, $3 }')" "0 1
7 1"
expect_eq "edge ids" "$(printf '%s\n' "$out" | awk 'NF == 3 { print $1 }' | sort -u | wc -l)" 1

# The probe's names, and the default output's row.
out=$(rd -n 'usdt$target:::step { printf("%s:%s:%s:%s", probeprov, probemod, probefunc, probename); exit(0); }' -c "$prog steps 1" 2>&1)
echo "$out"
expect_match "matched" "$out" "matched 1 probe"
expect_match "row" "$out" "^ +[0-9]+ +[0-9]+ +steps:step rdtest[0-9]+:prog:steps:step$"

err=$(rd -n 'usdt0:::step { }' 2>&1) && fail "usdt0 ran"
expect_match "usdt0" "$err" "error\[D_PROC_BADPID\]"
err=$(rd -n 'usdt$target:::nosuch { }' -c "$prog steps 1" 2>&1) && fail "a missing probe ran"
expect_match "missing probe" "$err" "error\[D_PDESC_ZERO\]"

# -l with -c: the command held at its entry point, listed, killed.
out=$(rd -l -n 'usdt$target:::' -c "$prog steps 1")
expect_eq "-l -c" "$(printf '%s\n' "$out" | awk 'NR > 1 { sub("[0-9]+$", "", $2); print $2, $3, $4, $5 }')" "rdtest prog mixed mixed
rdtest prog steps edge
rdtest prog steps step
rdtest prog guarded_loop guarded"

# -l with -p, and -p attaching to a running process (its semaphore
# counted up in place): it waits for SIGUSR1, then runs "steps 4".
start_waiting() {
	"$prog" wait >"$work/pid" 2>"$work/err" &
	ppid=$!
	i=0
	while [ ! -s "$work/pid" ]; do sleep 0.1; i=$((i + 1)); [ $i -lt 100 ] || fail "prog wait did not start"; done
}
start_waiting
out=$(rd -l -n 'usdt$target:::' -p $ppid)
expect_eq "-l -p" "$(printf '%s\n' "$out" | awk 'NR > 1 { print $2, $3, $4, $5 }')" "rdtest$ppid prog mixed mixed
rdtest$ppid prog steps edge
rdtest$ppid prog steps step
rdtest$ppid prog guarded_loop guarded"
out=$(rd -l -n "rdtest$ppid:prog:steps:step")
expect_match "-l by the sdt provider" "$out" "rdtest$ppid +prog +steps step$"
rd -qn 'BEGIN { printf("ready\n"); } rdtest$target:::step { @s = count(); } rdtest$target:::guarded { @g = sum(arg0); }
	END { printa("%@d %@d\n", @s, @g); }' -p $ppid >"$work/out" 2>&1 &
rpid=$!
i=0
while ! grep -q ready "$work/out"; do sleep 0.1; i=$((i + 1)); [ $i -lt 300 ] || fail "rdtrace -p did not start: $(cat "$work/out")"; done
kill -USR1 $ppid
wait $ppid || fail "prog exited $?"
wait $rpid || fail "rdtrace -p exited $?: $(cat "$work/out")"
expect_eq "-p" "$(cat "$work/out")" "ready
4 10"
expect_eq "-p guarded" "$(cat "$work/err")" "guarded 4"
# A session that placed the guarded probe and ended leaves the semaphore
# at 0: the process runs its loop unseen.
start_waiting
rd -qn 'rdtest$target:::guarded { } BEGIN { exit(0); }' -p $ppid >/dev/null 2>&1 || fail "short -p session exited $?"
kill -USR1 $ppid
wait $ppid || fail "prog exited $?"
expect_eq "semaphore after tracing" "$(cat "$work/err")" "guarded 0"
check_kernel_log
