# A short, seeded run of the device fuzzer (tests/fuzz/devfuzz.py; `make
# fuzz-kernel` runs it longer): hostile ioctl sequences leave the kernel
# log clean and the module unloadable.
. "$(dirname "$0")/lib.sh"
ensure_module
out=$(python3 "$RDTRACE_ROOT/tests/fuzz/devfuzz.py" --seconds "${DEVFUZZ_SECONDS:-15}" --seed 1 2>&1) ||
	fail "devfuzz: $(printf '%s\n' "$out" | tail -15)"
expect_match "devfuzz ran several processes, some killed" "$out" 'devfuzz: [0-9]+ processes \([1-9][0-9]* SIGKILLed mid-sequence\), [0-9]+ calls'
check_kernel_log
rmmod rdtrace || fail "rmmod after the fuzzer"
ensure_module
