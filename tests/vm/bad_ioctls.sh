# Malformed ioctls get ENOTTY/EFAULT and leave the kernel log clean.
. "$(dirname "$0")/lib.sh"
ensure_module
python3 - <<'PY' || fail "bad ioctl results"
import errno, fcntl, os, struct, sys

def ioc(d, nr, size):
    return (d << 30) | (size << 16) | (ord("R") << 8) | nr

INFO = ioc(2, 1, 104)
fd = os.open("/dev/rdtrace", os.O_RDWR)
bad = 0

def expect(name, err, req, arg):
    global bad
    try:
        fcntl.ioctl(fd, req, arg)
        got = 0
    except OSError as e:
        got = e.errno
    if got != err:
        print(f"{name}: errno {got}, want {err}")
        bad += 1

# A good INFO call first.
buf = bytearray(104)
fcntl.ioctl(fd, INFO, buf)
assert struct.unpack_from("I", buf)[0] == 2, "abi version"

expect("unknown number", errno.ENOTTY, ioc(2, 0x7f, 104), bytearray(104))
expect("other type byte", errno.ENOTTY, (2 << 30) | (104 << 16) | (ord("X") << 8) | 1, bytearray(104))
expect("INFO with wrong size", errno.ENOTTY, ioc(2, 1, 8), bytearray(8))
expect("INFO as write", errno.ENOTTY, ioc(1, 1, 104), bytearray(104))
expect("INFO to NULL", errno.EFAULT, INFO, 0)
expect("INFO to kernel address", errno.EFAULT, INFO, 0xffffffff81000000 - (1 << 64))
expect("INFO to unmapped", errno.EFAULT, INFO, 0x10)
for nr in range(256):
    if nr != 1:
        expect(f"nr {nr}", errno.ENOTTY, ioc(2, nr, 104), bytearray(104))
os.close(fd)
sys.exit(1 if bad else 0)
PY
check_kernel_log
