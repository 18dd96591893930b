# Speculations in the kernel beyond the D corpus (tests/d/spec_*): every
# CPU speculating into, committing and discarding speculations another CPU
# made, at once, with no fault, oops or lost record; and the kernel's own
# limits on nspec and specsize.
. "$(dirname "$0")/lib.sh"
ensure_module
err=/tmp/speculation.err

# Each CPU speculates one numbered line into its own speculation, and the
# next firing on the other CPU commits it (even sequence numbers) or
# discards it (odd ones). A commit holds its speculation while it moves
# the other CPU's records, so a committed line is never half there.
out=$(rd -q -x nspec=8 -n '
BEGIN
{
	s[0] = 0;
	n[0] = 0;
}

profile-1ms
/s[cpu] == 0/
{
	s[cpu] = speculation();
}

profile-1ms
/s[cpu]/
{
	speculate(s[cpu]);
	printf("cpu %d seq %d\n", cpu, n[cpu]);
}

profile-1ms
/s[!cpu] && (n[!cpu] & 1) == 0/
{
	commit(s[!cpu]);
}

profile-1ms
/s[!cpu] && (n[!cpu] & 1) == 1/
{
	discard(s[!cpu]);
}

profile-1ms
/s[!cpu]/
{
	n[!cpu]++;
	s[!cpu] = 0;
}

tick-3s
{
	exit(0);
}' 2>$err) || fail "cross-CPU speculation: $(cat $err)"
# Speculations left active when a CPU's s[] was reset under it are all
# that may run out (counted, in dtrace's words); nothing else goes wrong.
bad=$(grep -v 'failed speculation' $err | grep -v 'matched')
expect_eq "cross-CPU stderr" "$bad" ""
lines=$(printf '%s\n' "$out" | grep -c '^cpu [01] seq [0-9]*[02468]$')
[ "$lines" -gt 10 ] || fail "cross-CPU: only $lines committed lines: $out"
odd=$(printf '%s\n' "$out" | grep -c 'seq [0-9]*[13579]$')
expect_eq "discarded lines printed" "$odd" 0
malformed=$(printf '%s\n' "$out" | grep -v '^cpu [01] seq [0-9]*$' | grep -c .)
expect_eq "malformed lines" "$malformed" 0

# The kernel's limits, asked directly (rdtrace passes what it is given).
python3 - <<'PY' || fail "kernel speculation limits"
import ctypes, errno, os, struct
libc = ctypes.CDLL(None, use_errno=True)
ENABLE = (3 << 30) | (232 << 16) | (ord("R") << 8) | 3
fd = os.open("/dev/rdtrace", os.O_RDWR)
def enable(nspec, specsize):
    args = ctypes.create_string_buffer(struct.pack("<QQIIQII", 0, 0, 1, 0, 65536, 0, 0)
                                       + bytes(16 + 128) + struct.pack("<QIIQIIQII", 0, 0, 0, specsize, nspec, 0, 0, 0, 0))
    if libc.ioctl(fd, ctypes.c_ulong(ENABLE), args) == 0:
        return 0, ""
    return ctypes.get_errno(), args.raw[56:184].split(b"\0")[0].decode()
too_many = "nspec 1025 of specsize 32768 is more than the largest allowed, 1024 of at most 16777216, 67108864 bytes in all"
too_big = "nspec 1024 of specsize 1048576 is more than the largest allowed, 1024 of at most 16777216, 67108864 bytes in all"
cases = [
    (enable(1025, 0), (errno.EINVAL, too_many)),
    (enable(1024, 1 << 20), (errno.EINVAL, too_big)),
]
bad = [f"got {g}, want {w}" for g, w in cases if g != w]
print("\n".join(bad))
raise SystemExit(1 if bad else 0)
PY
check_kernel_log
