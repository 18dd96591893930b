# Variables in the kernel, through hand-written DIF (tests/data/dif/vars):
# globals and this-> across clauses and firings, self-> per thread with
# exited threads' entries reclaimed, associative arrays with (string, int)
# keys, assigning 0 frees, exact dynamic-variable drop counts, the variable
# table contract at ENABLE, and variables in a LOAD test run.
. "$(dirname "$0")/lib.sh"
ensure_module
d=$RDTRACE_ROOT/tests/data/dif/vars
err=/tmp/vars.err

# Globals and this->: two BEGIN clauses share one firing; END is another.
out=$(rd trace-dif -q "BEGIN;$d/set_globals.s" "BEGIN;$d/get_globals.s" "END;$d/end_globals.s" "BEGIN;$d/exit.s" 2>$err) ||
	fail "globals: $out $(cat $err)"
expect_eq "globals" "$out" "begin 42 hello 7
end 42 hello 0"
expect_eq "globals stderr" "$(cat $err)" ""

# Associative arrays in a table of two entries (strsize=16: 64-byte entries).
out=$(rd trace-dif -q -x strsize=16 -x dynvarsize=128 "BEGIN;$d/assoc.s" 2>$err) || fail "assoc: $out $(cat $err)"
expect_eq "assoc" "$out" "assoc 10 0 12 0"
expect_eq "assoc drops" "$(cat $err)" "rdtrace: 11 dynamic variable drops"

# self-> per thread: five cats one after another, each counting its own
# reads from 1. With room for two entries, they fit only because each
# exited cat's entry is reclaimed: otherwise the third would drop.
out=$(rd trace-dif -q -x strsize=16 -x dynvarsize=128 -c 'sh -c "for i in 1 2 3 4 5; do cat /proc/version >/dev/null; done"' \
	"fbt::ksys_read:entry;$d/is_cat.s;$d/count_reads.s" 2>$err) || fail "self: $out $(cat $err)"
expect_eq "self drops" "$(cat $err)" ""
tids=$(printf '%s\n' "$out" | awk '{print $1}' | sort -u | wc -l)
expect_eq "self threads" "$tids" 5
# Per tid, the counts run 1, 2, 3, ... in order.
bad=$(printf '%s\n' "$out" | awk '{ if ($2 != ++n[$1]) print "tid " $1 ": " $2 " after " n[$1] - 1 }')
expect_eq "self counts" "$bad" ""
expect_match "self reads" "$out" "^[0-9]+ 2$"

# Two dd threads reading at once on every CPU: self-> and an assoc keyed
# by (execname, tid) agree at every 5000th read, and nothing is dropped.
out=$(rd trace-dif -q -c 'sh -c "dd if=/dev/zero of=/dev/null bs=1 count=20000 2>/dev/null & dd if=/dev/zero of=/dev/null bs=1 count=20000 2>/dev/null; wait"' \
	"fbt::ksys_read:entry;$d/stress.s" 2>$err) || fail "stress: $out $(cat $err)"
expect_eq "stress stderr" "$(cat $err)" ""
bad=$(printf '%s\n' "$out" | awk '$2 != $3')
expect_eq "stress self vs assoc" "$bad" ""
expect_eq "stress prints" "$(printf '%s\n' "$out" | awk '$2 == 20000' | wc -l)" 2

# Every program's variable table must be a prefix of the session's.
out=$(rd trace-dif -q "BEGIN;$d/set_globals.s" "BEGIN;$d/other_table.s" 2>&1) && fail "mismatched tables accepted: $out"
expect_eq "table refusal" "$out" "rdtrace: kernel refused the enabling: clause 2: its actions program's variable 0 differs from the session's variable table"

# strsize beyond the largest is refused before the kernel is asked.
out=$(rd trace-dif -q -x strsize=8192 "BEGIN;$d/exit.s" 2>&1) && fail "strsize=8192 accepted"
expect_match "strsize limit" "$out" "failed to set -x strsize=8192: invalid value .8192. for option .strsize.: expected a size from 1 to 4k"

# The kernel's own limits on strsize and dynvarsize, asked directly (the
# rdtrace command refuses them before asking).
python3 - <<'PY' || fail "kernel size limits"
import ctypes, errno, os, struct
libc = ctypes.CDLL(None, use_errno=True)
ENABLE = (3 << 30) | (232 << 16) | (ord("R") << 8) | 3
fd = os.open("/dev/rdtrace", os.O_RDWR)
def enable(dynvarsize, strsize):
    # libc's ioctl: Python's does not copy the buffer back on failure.
    args = ctypes.create_string_buffer(struct.pack("<QQIIQII", 0, 0, 1, 0, 65536, 0, 0)
                                       + bytes(16 + 128) + struct.pack("<QIIQIIQII", dynvarsize, strsize, 0, 0, 0, 0, 0, 0, 0))
    if libc.ioctl(fd, ctypes.c_ulong(ENABLE), args) == 0:
        return 0, ""
    return ctypes.get_errno(), args.raw[56:184].split(b"\0")[0].decode()
cases = [
    (enable(0, 8192), (errno.EINVAL, "strsize 8192 is larger than the largest allowed, 4096")),
    (enable(1 << 30, 0), (errno.EINVAL, "dynvarsize 1073741824 is larger than the largest allowed, 268435456")),
]
bad = [f"got {g}, want {w}" for g, w in cases if g != w]
print("\n".join(bad))
raise SystemExit(1 if bad else 0)
PY

# A LOAD test run has variables of its own: 40 + 2 + 1000.
out=$(rdtrace load --run "$d/run_vars.s") || fail "run: $out"
expect_match "test run" "$out" "^run: returned 1042 "
check_kernel_log
