# `rdtrace info` reports what the kernel itself says.
. "$(dirname "$0")/lib.sh"
ensure_module
out=$(rdtrace info) || fail "rdtrace info exited $?"
echo "$out"
expect_match "ABI line" "$out" "^rdtrace module ABI 2$"
expect_match "release" "$out" "^kernel release +$(uname -r)$"
expect_match "cpus" "$out" "^cpus +$(nproc) online"
funcs=$(wc -l < /sys/kernel/tracing/available_filter_functions)
expect_match "ftrace functions" "$out" "^ftrace functions +$funcs$"
expect_match "features" "$out" "ftrace ftrace-direct fprobe kprobes kretprobes kprobes-on-ftrace"
json=$(rdtrace info --json) || fail "rdtrace info --json"
got=$(printf '%s' "$json" | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["abi_version"], d["ftrace_functions"], d["online_cpus"])')
expect_eq "json" "$got" "2 $funcs $(nproc)"
check_kernel_log
# The VM is SMP (per-CPU code must be tested on more than one CPU).
[ "$(nproc)" -ge 2 ] || fail "the guest has $(nproc) CPU; vm-run boots 2"
