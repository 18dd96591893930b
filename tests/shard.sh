# Sharing the in-VM tests between several VMs (scripts/test boots one per
# host CPU): they take the tests from one queue, a directory on the host
# every guest mounts writable as $RDTRACE_SHARE. Whoever creates a test's
# claim directory first (mkdir is atomic on the host) runs it. Without a
# share every test is run here. Sourced by tests/vm/run-all and tests/d/run.
# shellcheck shell=sh

# claim NAME: succeeds when this VM is the one to run NAME (no slashes:
# vm.TEST, d.SCRIPT).
claim() {
	[ -n "${RDTRACE_SHARE:-}" ] || return 0
	mkdir "$RDTRACE_SHARE/$1" 2>/dev/null
}
