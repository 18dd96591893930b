# Random DIF programs at real probes (rdtrace fuzz-probes, seeded; `make
# fuzz-probes` runs it longer): programs the host verifier accepts run on
# busy fbt, syscall, tracepoint and profile probes beside ones that fault on
# purpose, every fault attributed; programs it rejects are refused by the
# kernel with the same instruction and words; the kernel log stays clean and
# the module unloads after.
. "$(dirname "$0")/lib.sh"
ensure_module
echo "fuzz-probes: seed ${PROBE_FUZZ_SEED:-1}, ${PROBE_FUZZ_SECONDS:-30} s"
out=$(RD_TIMEOUT=$((${PROBE_FUZZ_SECONDS:-30} + 60)) rd fuzz-probes --seed "${PROBE_FUZZ_SEED:-1}" \
	--seconds "${PROBE_FUZZ_SECONDS:-30}" 2>&1) || fail "fuzz-probes: $(printf '%s\n' "$out" | tail -15)"
printf "%s\n" "$out" | grep "^fuzz-probes:"
expect_match "fuzz-probes ran" "$out" 'fuzz-probes: [1-9][0-9]* rounds, [1-9][0-9]* programs run .* [1-9][0-9]* faults \([1-9][0-9]* planted'
expect_match "rejections checked" "$out" ' [1-9][0-9]* rejected as the host verifier did'
check_kernel_log
rmmod rdtrace || fail "rmmod after the fuzzer"
ensure_module
