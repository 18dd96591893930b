# dtrace:::ERROR and fault reports: ERROR fires after a faulting clause
# with DTrace's arguments, a fault in ERROR itself fires nothing more, and
# every fault is reported in DTrace's words.
. "$(dirname "$0")/lib.sh"
ensure_module
# DTrace's DTRACEFLT_* numbers.
BADADDR=1 DIVZERO=4

err=/tmp/error_probe.err

# A bad user read in BEGIN's first (only) action: arg1 its probe ID, arg2
# the statement (the clause's index, 0), arg3 the DIF offset, arg4 the
# fault, arg5 the address (Oracle DTrace's arguments). The fault is
# reported too (DTrace reports it even with an ERROR clause).
out=$(rd -q -n '
BEGIN { trace(copyinstr(16)); }
ERROR { printf("%s:%s:%s ", probeprov, probefunc, probename); printf("%d %d %d %d %x\n", arg1, arg2, arg3, arg4, arg5); exit(0); }' 2>$err) ||
	fail "exited $?: $out $(cat $err)"
expect_eq "ERROR arguments" "$out" "dtrace::ERROR 1 0 8 $BADADDR 10"
expect_eq "fault report" "$(cat $err)" "rdtrace: error on enabled probe ID 1 (ID 1: dtrace:::BEGIN): invalid address (0x10) in action #1 at DIF offset 8 (<command line>:2:15)"

# The faulting clause is abandoned, later clauses of the probe still run,
# and ERROR's output comes between them (it fires in the probe's context).
out=$(rd -q -n '
BEGIN { printf("one\n"); }
BEGIN { printf("two\n"); trace(copyinstr(16)); printf("not reached\n"); }
BEGIN { printf("three\n"); exit(0); }
ERROR { printf("error %d\n", arg2); }' 2>/dev/null)
expect_eq "clause order" "$(echo $out)" "one error 1 three"

# A fault in a predicate is "in predicate"; arg2 is still the statement.
out=$(rd -q -n '
BEGIN /copyinstr(24) == "x"/ { printf("not reached\n"); }
ERROR { printf("%d %d %x\n", arg2, arg4, arg5); exit(0); }' 2>$err)
expect_eq "predicate ERROR arguments" "$out" "0 $BADADDR 18"
expect_match "predicate fault report" "$(cat $err)" '^rdtrace: error on enabled probe ID 1 \(ID 1: dtrace:::BEGIN\): invalid address \(0x18\) in predicate at DIF offset [0-9]+ \(<command line>:2:8\)$'

# Division by zero: no address in the report, arg5 0.
out=$(rd -q -n '
BEGIN { trace(100 / arg0); }
ERROR { printf("%d %d\n", arg4, arg5); exit(0); }' 2>$err)
expect_eq "divide-by-zero ERROR arguments" "$out" "$DIVZERO 0"
expect_match "divide-by-zero report" "$(cat $err)" '^rdtrace: error on enabled probe ID 1 \(ID 1: dtrace:::BEGIN\): divide-by-zero in action #1 at DIF offset [0-9]+ \(<command line>:2:15\)$'

# A fault inside ERROR does not fire ERROR again (the first clause would
# print twice): DTrace counts it as an error in the ERROR probe's enabling.
out=$(rd -q -n '
BEGIN { trace(copyinstr(16)); }
ERROR { printf("error once\n"); }
ERROR { trace(copyinstr(32)); }
BEGIN { exit(0); }' 2>$err) || fail "double fault run exited $?"
expect_eq "ERROR fired once" "$out" "error once"
expect_eq "double fault report" "$(cat $err)" "rdtrace: error on enabled probe ID 1 (ID 1: dtrace:::BEGIN): invalid address (0x10) in action #1 at DIF offset 8 (<command line>:2:15)
rdtrace: 1 error in ERROR probe enabling"

# Faults in a tick probe and an fbt probe name them in full.
out=$(rd -q -n '
tick-10ms { trace(copyinstr(16)); }
ERROR { printf("%d\n", arg1); exit(0); }' 2>$err)
tick_id=$(sed -n 's/.*(ID \([0-9]*\): profile:::tick-10ms).*/\1/p' $err)
expect_eq "tick ERROR probe ID" "$out" "$tick_id"
expect_match "tick fault report" "$(cat $err)" '^rdtrace: error on enabled probe ID 1 \(ID [0-9]+: profile:::tick-10ms\): invalid address \(0x10\) in action #1 at DIF offset 8 \(<command line>:2:19\)$'
rd -q -n 'fbt::ksys_read:entry /pid == $target/ { trace(copyinstr(8)); }' -c 'cat /proc/version' >/dev/null 2>$err
expect_match "fbt fault report" "$(head -1 $err)" '^rdtrace: error on enabled probe ID 1 \(ID [0-9]+: fbt:vmlinux:ksys_read:entry\): invalid address \(0x8\) in action #1 at DIF offset 8 \(<command line>:1:47\)$'
check_kernel_log
