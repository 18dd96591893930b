# The D script corpus (tests/d): each script traced by a fresh rdtrace,
# its output, status and stderr compared; run-all reports each script.
# With several VMs, each runs the scripts it claims (tests/shard.sh).
# shard: split
. "$(dirname "$0")/lib.sh"
ensure_module
sh "$RDTRACE_ROOT/tests/d/run" || fail "some D scripts failed"
check_kernel_log
