# Privilege is checked on every ioctl, not only at open: a descriptor kept
# across a drop to an unprivileged user gets EPERM for every request; and
# destructive actions (-w) need CAP_SYS_ADMIN besides CAP_PERFMON.
. "$(dirname "$0")/lib.sh"
ensure_module
python3 - <<'PY' || fail "ioctls through a descriptor kept by an unprivileged process"
import errno, fcntl, os, sys

fd = os.open("/dev/rdtrace", os.O_RDWR)
pid = os.fork()
if pid == 0:
    os.setgroups([])
    os.setgid(65534)
    os.setuid(65534)  # leaving uid 0 drops every capability
    bad = 0
    tried = 0
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
                    print(f"request {req:#x}: errno {got}, want EPERM")
                    bad += 1
    print(f"{tried} requests, {bad} not refused")
    os._exit(1 if bad else 0)
_, status = os.waitpid(pid, 0)
sys.exit(os.waitstatus_to_exitcode(status))
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
