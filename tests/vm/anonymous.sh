# Anonymous (always-on) tracing: `rdtrace -A` writes an enabling that
# rdtrace.ko starts when it loads (anonymous=FILE), with no consumer;
# `rdtrace -a` claims it and prints exactly what was recorded since,
# BEGIN's output first and the aggregations at the end.
. "$(dirname "$0")/lib.sh"
work=$(mktemp -d)
ko=$RDTRACE_KO_DIR/rdtrace.ko
trap 'rm -rf "$work"' EXIT
reload() { ! module_loaded || rmmod rdtrace || fail "rmmod rdtrace"; insmod "$ko" "$@" || fail "insmod $*"; }

# A 1 s deadman: the unclaimed session outlives it (no consumer to call in).
rd -A -q -x deadman=1s -o "$work/anon.enab" -n '
BEGIN { printf("begun\n"); }
fbt::ksys_read:entry /execname == "dd" && arg2 == 4321/ { printf("%s %d\n", execname, arg2); @n[arg2] = count(); }' \
	2>"$work/A.err" || fail "rdtrace -A: $(cat "$work/A.err")"
expect_eq "-A says where" "$(head -1 "$work/A.err")" "rdtrace: saved anonymous enabling in $work/anon.enab"

reload anonymous="$work/anon.enab"
dmesg | grep -q 'rdtrace: anonymous tracing started' || fail "not started at load"
dd if=/dev/zero of=/dev/null bs=4321 count=7 2>/dev/null
sleep 2
rd -a -c true >"$work/a.out" 2>"$work/a.err" || fail "rdtrace -a exited $?: $(cat "$work/a.err")"
printf 'begun\n%s\n\n             4321                7\n' "$(yes 'dd 4321' | head -7)" >"$work/want"
diff -u "$work/want" "$work/a.out" || fail "rdtrace -a printed other lines"
expect_eq "nothing dropped" "$(cat "$work/a.err")" ""

# Claimed once: nothing is left for a second consumer.
rd -a -c true >/dev/null 2>"$work/again.err" && fail "a second -a claimed something"
expect_match "a second -a" "$(cat "$work/again.err")" "no anonymous tracing state"

# Left unclaimed, it goes with the module, cleanly.
reload anonymous="$work/anon.enab"
dd if=/dev/zero of=/dev/null bs=4321 count=3 2>/dev/null
rmmod rdtrace || fail "rmmod with an unclaimed session"
dmesg | grep -q 'anonymous tracing was never claimed' || fail "the unclaimed session was not reported"

# An unreadable enabling is reported; the device still works.
reload anonymous=/nonexistent.enab
dmesg | grep -q 'rdtrace: anonymous enabling refused: /nonexistent.enab: the file cannot be read (errno 2)$' ||
	fail "the refusal was not reported: $(dmesg | grep 'enabling refused')"
rd -a -c true >/dev/null 2>&1 && fail "-a claimed a refused enabling"
rd -q -n 'BEGIN { printf("ok\n"); exit(0); }' >"$work/plain.out" || fail "rdtrace beside a refused enabling"
expect_eq "plain tracing" "$(cat "$work/plain.out")" "ok"

rmmod rdtrace && insmod "$ko" || fail "reload without an enabling"
check_kernel_log
echo ok
