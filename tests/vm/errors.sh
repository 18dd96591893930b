# Each way of not reaching the module gives its own message and exit status.
. "$(dirname "$0")/lib.sh"
ensure_module

# Not privileged: EPERM from the module's capability check, exit 5.
out=$(setpriv --reuid=65534 --regid=65534 --clear-groups --inh-caps=-all rdtrace info 2>&1)
expect_eq "unprivileged exit" "$?" 5
expect_match "unprivileged message" "$out" "CAP_PERFMON or CAP_SYS_ADMIN"
# The node itself is open to all: the refusal is the module's, not the mode's.
expect_eq "device mode" "$(stat -c %a /dev/rdtrace)" 666

# Device node missing while the module is loaded: exit 4 with the mknod line.
out=$(rdtrace --device /tmp/no-such-rdtrace info 2>&1)
expect_eq "missing device exit" "$?" 4
expect_match "missing device hint" "$out" "mknod /tmp/no-such-rdtrace c 10 [0-9]+"

# Module not loaded: exit 3 with the insmod hint.
rmmod rdtrace || fail "rmmod"
out=$(rdtrace info 2>&1)
status=$?
insmod "$RDTRACE_KO_DIR/rdtrace.ko" || fail "insmod"
expect_eq "no module exit" "$status" 3
expect_match "no module message" "$out" "module is not loaded"
expect_match "no module hint" "$out" "insmod rdtrace.ko"
check_kernel_log
