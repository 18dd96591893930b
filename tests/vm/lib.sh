# Helpers for in-VM tests. Each test is a shell script run as root in the
# guest by tests/vm/run-all; it exits 0 on success and prints why otherwise.
# shellcheck shell=sh

fail() { echo "  FAIL: $*"; exit 1; }

# expect_eq WHAT GOT WANT
expect_eq() { [ "$2" = "$3" ] || fail "$1: got '$2', want '$3'"; }

# expect_match WHAT TEXT REGEX
expect_match() { printf '%s\n' "$2" | grep -Eq -- "$3" || fail "$1: '$2' does not match /$3/"; }

# prompt_bound SECONDS: a bound on "prompt" for a wall-clock check, tripled
# on the debug kernel (lockdep's /proc/lockdep), whose checkers slow
# everything down; the bug such a check catches waits far longer.
prompt_bound() { if [ -e /proc/lockdep ]; then echo $(($1 * 3)); else echo "$1"; fi; }

# Fails if the kernel log gained a warning, oops or lockdep report.
check_kernel_log() {
	if dmesg | grep -Eq 'Oops|BUG:|WARNING:|Kernel panic|general protection|possible (recursive|circular) locking|inconsistent lock state|INFO: trying to register non-static key|detected stalls|UBSAN|KASAN|ODEBUG|Call Trace'; then
		dmesg | grep -E -A40 'Oops|BUG:|WARNING:|general protection|locking|non-static key|detected stalls|UBSAN|KASAN|ODEBUG|Call Trace' | head -120
		fail "kernel log shows a problem"
	fi
}

# rdtrace.ko's directory: the tree, or target/module-debug on the debug kernel.
: "${RDTRACE_KO_DIR:=$RDTRACE_ROOT}"

# The in-kernel consumer's tests (dlog*.sh): its module and collector.
dlog_ko=$RDTRACE_KO_DIR/consumers/dlog/rdtrace_dlog.ko
dlog_collector=$RDTRACE_ROOT/consumers/dlog/collector.py
cpid=
# start_collector PORT FILE [ARGS...]: a collector on 127.0.0.1:PORT in the
# background ($cpid), writing the frames to FILE; returns once it listens.
start_collector() {
	_port=$1 _out=$2
	shift 2
	rm -f "$_out" "$_out.ready"
	python3 "$dlog_collector" --listen 127.0.0.1:$_port --out "$_out" --ready "$_out.ready" "$@" &
	cpid=$!
	i=0
	while [ ! -e "$_out.ready" ]; do
		sleep 0.1; i=$((i + 1)); [ $i -lt 100 ] || fail "the collector did not start"
	done
}
stop_collector() { [ -z "$cpid" ] || { kill "$cpid" 2>/dev/null; wait "$cpid" 2>/dev/null; cpid=; }; }

module_loaded() { [ -d /sys/module/rdtrace ]; }

ensure_module() {
	module_loaded || insmod "$RDTRACE_KO_DIR/rdtrace.ko" || fail "insmod"
}

# rdtrace, bounded: a hang fails the test instead of stalling the VM.
rd() { timeout -k 5 "${RD_TIMEOUT:-60}" rdtrace "$@"; }

# soak_count SHORT LONG: how many rounds of a repeated check to run, SHORT
# in make test, LONG under make soak (RDTRACE_SOAK=1); RDTRACE_SOAK_CYCLES
# overrides both.
soak_count() {
	if [ -n "${RDTRACE_SOAK_CYCLES:-}" ]; then echo "$RDTRACE_SOAK_CYCLES"
	elif [ "${RDTRACE_SOAK:-0}" = 1 ]; then echo "$2"
	else echo "$1"; fi
}

# soak_seconds: how long a soak runs, in seconds: SOAK_SECONDS, else 60 in
# make test and 3600 under make soak (RDTRACE_SOAK=1).
soak_seconds() {
	if [ -n "${SOAK_SECONDS:-}" ]; then echo "$SOAK_SECONDS"
	elif [ "${RDTRACE_SOAK:-0}" = 1 ]; then echo 3600
	else echo 60; fi
}
