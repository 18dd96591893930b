# The module loads and unloads cleanly 50 times, the device coming and going.
. "$(dirname "$0")/lib.sh"
module_loaded && { rmmod rdtrace || fail "initial rmmod"; }
i=0
while [ $i -lt 50 ]; do
	insmod "$RDTRACE_KO_DIR/rdtrace.ko" || fail "insmod #$i"
	[ -c /dev/rdtrace ] || fail "no /dev/rdtrace after insmod #$i"
	rmmod rdtrace || fail "rmmod #$i"
	[ -e /dev/rdtrace ] && fail "/dev/rdtrace still there after rmmod #$i"
	i=$((i + 1))
done
ensure_module
# A module with an open file cannot be removed.
exec 3</dev/rdtrace
rmmod rdtrace 2>/dev/null && fail "rmmod succeeded with /dev/rdtrace open"
exec 3<&-
check_kernel_log
