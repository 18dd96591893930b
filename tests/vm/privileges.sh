# Privilege is checked on every ioctl, not only at open: a descriptor kept
# across a drop to an unprivileged user, or passed to one over a socket
# (SCM_RIGHTS), gets EPERM for every request; and
# destructive actions (-w) need CAP_SYS_ADMIN besides CAP_PERFMON.
. "$(dirname "$0")/lib.sh"
ensure_module
python3 - <<'PY' || fail "ioctls through a descriptor kept or passed to an unprivileged process"
import errno, fcntl, os, socket, sys

def drop():
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)  # leaving uid 0 drops every capability

def refused_all(fd, how):
    """Every request, any direction, size and number, gets EPERM."""
    bad = tried = 0
    for direction in range(4):
        for size in (0, 8, 104, 4096):
            for nr in range(1, 16):
                req = (direction << 30) | (size << 16) | (ord("R") << 8) | nr
                tried += 1
                try:
                    fcntl.ioctl(fd, req, bytearray(max(size, 8)))
                    got = 0
                except OSError as e:
                    got = e.errno
                if got != errno.EPERM:
                    print(f"{how}: request {req:#x}: errno {got}, want EPERM")
                    bad += 1
    print(f"{how}: {tried} requests, {bad} not refused")
    return bad == 0

def child(body):
    pid = os.fork()
    if pid == 0:
        os._exit(0 if body() else 1)
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status) == 0

fd = os.open("/dev/rdtrace", os.O_RDWR)
# Kept across the drop to an unprivileged user.
kept = child(lambda: (drop(), refused_all(fd, "kept"))[1])
# Passed over a socket (SCM_RIGHTS) to a process that was never privileged
# after it started listening.
ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_STREAM)
def receive():
    drop()
    _, fds, _, _ = socket.recv_fds(theirs, 1, 1)
    return len(fds) == 1 and refused_all(fds[0], "passed")
pid = os.fork()
if pid == 0:
    ours.close()
    os._exit(0 if receive() else 1)
socket.send_fds(ours, [b"x"], [fd])
_, status = os.waitpid(pid, 0)
passed = os.waitstatus_to_exitcode(status) == 0
# The same descriptor still works for root: the refusals are the caller's.
buf = bytearray(104)
fcntl.ioctl(fd, (2 << 30) | (104 << 16) | (ord("R") << 8) | 1, buf)
sys.exit(0 if kept and passed else 1)
PY
# Root without CAP_SYS_ADMIN (CAP_PERFMON kept) may trace, not destroy.
out=$(setpriv --bounding-set -sys_admin --inh-caps -sys_admin \
	rdtrace -q -n 'BEGIN { printf("traced\n"); exit(0); }' 2>&1) ||
	fail "tracing without CAP_SYS_ADMIN: $out"
[ "$out" = traced ] || fail "tracing without CAP_SYS_ADMIN printed: $out"
if out=$(setpriv --bounding-set -sys_admin --inh-caps -sys_admin \
	rdtrace -w -q -n 'BEGIN { system("true"); exit(0); }' 2>&1); then
	fail "a destructive enabling without CAP_SYS_ADMIN was accepted: $out"
fi
case $out in
*"destructive actions (-w) need CAP_SYS_ADMIN"*) ;;
*) fail "refusal without its reason: $out" ;;
esac
out=$(rdtrace -w -q -n 'BEGIN { system("echo destroyed"); exit(0); }' 2>&1) ||
	fail "a destructive enabling as root: $out"
check_kernel_log
