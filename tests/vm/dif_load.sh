# The kernel's LOAD path: every rejection class gives the same verdict in
# the kernel as on the host; 10,000 random blobs get the host's verdicts;
# accepted programs run in the kernel with the expected results and faults.
. "$(dirname "$0")/lib.sh"
ensure_module
data=$RDTRACE_ROOT/tests/data/dif

for f in "$data"/reject/*.s; do
	name=$(basename "$f" .s)
	want=$(sed -n '1s/^; [a-z_]*: expect //p' "$f")
	host=$(rdtrace verify "$f" 2>&1)
	[ $? = 7 ] || fail "$name: host verify did not reject: $host"
	kern=$(rdtrace load "$f" 2>&1)
	[ $? = 7 ] || fail "$name: kernel load did not reject: $kern"
	expect_eq "$name: kernel vs host" "${kern#rdtrace: kernel: }" "${host#rdtrace: }"
	insn=${want%% \[*}
	code=${want##* }
	expect_match "$name: instruction" "$kern" "rejected at $insn "
	expect_match "$name: error code" "$kern" "\[error ${code%]}\]\$"
done

out=$(rdtrace check-verifier --seed 7 --count 10000) || fail "random blobs: $out"
echo "$out"
expect_match "random blobs" "$out" "^10000 blobs: .* 0 verdicts differ$"

# A known kernel address: the first 8 bytes of linux_banner are "Linux ve".
banner=$(awk '$3 == "linux_banner" { print "0x" $1 }' /proc/kallsyms)
[ -n "$banner" ] || fail "linux_banner not in /proc/kallsyms"
want=$(python3 -c 'import struct; print(struct.unpack("<Q", b"Linux ve")[0] + 5)')
out=$(rdtrace load --run "$data/accept/read_kernel.s" --arg "$banner" --arg 5) || fail "read_kernel: $out"
expect_match "kernel read" "$out" "^run: returned $want "
# A bad address is a BADADDR fault at the load, not an oops.
out=$(rdtrace load --run "$data/accept/read_kernel.s" --arg 0x10 --arg 5) || fail "bad read: $out"
expect_match "bad address" "$out" "^run: fault BADADDR at instruction 2 \(address 0x10\)"
out=$(rdtrace load --run "$data/accept/read_kernel.s" --arg 0xdead000000000000 --arg 0) || fail "non-canonical: $out"
expect_match "non-canonical address" "$out" "^run: fault BADADDR at instruction 2"
# Division.
out=$(rdtrace load --run "$data/accept/divide.s" --arg 100 --arg 7)
expect_match "divide" "$out" "^run: returned 14 "
out=$(rdtrace load --run "$data/accept/divide.s" --arg 100 --arg 0)
expect_match "divide by zero" "$out" "^run: fault DIVZERO at instruction 3"
# A bounded loop and a builtin: the pid is the rdtrace process's own.
host=$(rdtrace verify "$data/accept/loop_sum.s")
expect_match "loop bound" "$host" "at most 25 executed"
out=$(sh -c 'echo "pid $$"; exec rdtrace load --run "$1"' sh "$data/accept/loop_sum.s")
pid=$(printf '%s\n' "$out" | sed -n 's/^pid //p')
got=$(printf '%s\n' "$out" | sed -n 's/^run: returned \([0-9]*\) .*/\1/p')
[ -n "$got" ] || fail "loop_sum: $out"
expect_eq "loop_sum minus pid" "$((got - pid))" 45
expect_match "loop_sum executed" "$out" "after 25 instructions"

# Malformed LOAD arguments: unknown flags, oversized or unreadable blobs.
python3 - <<'PY' || fail "malformed LOAD arguments"
import ctypes, errno, fcntl, os, struct
LOAD = (3 << 30) | (272 << 16) | (ord("R") << 8) | 2
fd = os.open("/dev/rdtrace", os.O_RDWR)
blob = ctypes.create_string_buffer(64)
def call(prog, length, flags):
    args = bytearray(struct.pack("<QII", prog, length, flags) + bytes(272 - 16))
    try:
        fcntl.ioctl(fd, LOAD, args)
        return 0
    except OSError as e:
        return e.errno
cases = [
    ("unknown flag", call(ctypes.addressof(blob), 64, 0x80), errno.EINVAL),
    ("oversized blob", call(ctypes.addressof(blob), 256 * 1024 + 1, 0), errno.EINVAL),
    ("unreadable blob", call(0x10, 64, 0), errno.EFAULT),
    ("empty blob", call(ctypes.addressof(blob), 0, 0), errno.EINVAL),
]
try:
    fcntl.ioctl(fd, LOAD, 0)
    cases.append(("NULL args", 0, errno.EFAULT))
except OSError as e:
    cases.append(("NULL args", e.errno, errno.EFAULT))
bad = [f"{n}: errno {g}, want {w}" for n, g, w in cases if g != w]
print("\n".join(bad))
raise SystemExit(1 if bad else 0)
PY
check_kernel_log
