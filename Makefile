# rdtrace: `make demo` runs the main job, `make test` runs every test.
# Both install what is missing (`make deps`) and build what is stale.

SHELL := /bin/bash
CARGO ?= cargo
CTL := userspace-ctl

.PHONY: all deps deps-fleet kernel module ctl vm demo test test-fleet test-debug test-debug-short test-lockdown deps-kasan test-kasan test-dlog-cycles host-test soak bench fuzz fuzz-compiler fuzz-kernel fuzz-probes fmt clean install

all: module ctl

deps:
	@scripts/deps

kernel: deps
	@scripts/build-kernel >/dev/null

module: kernel
	@scripts/build-module

ctl: deps
	@scripts/build-ctl

# rdtrace in $(PREFIX)/sbin (/usr/local), rdtrace(8), bash/zsh/fish
# completions, the tools in $(PREFIX)/share/rdtrace/tools, and rdtrace.ko
# for the running kernel if it is the one the module was built for (else
# skipped, with a note). DESTDIR stages it.
install: ctl
	@scripts/install

# Run a command in the test VM: make vm CMD='rdtrace info'.
# For commands with quotes or `$`, call scripts/vm-run directly.
vm: module ctl
	@scripts/vm-run sh -c '$(CMD)'

demo: module ctl
	@scripts/demo

test: deps
	@scripts/test

# Three guests publish to a Kafka broker (tansu) on the host; rdtrace
# collect merges them exactly; a broker outage loses nothing (tests/fleet/run).
# The fleet's own dependency (the tansu broker), kept out of `make deps`.
deps-fleet: deps
	@scripts/deps-fleet

test-fleet: deps-fleet module ctl
	@tests/fleet/run

# The in-VM tests on the debug kernel (KERNEL_FLAVOR=debug: lockdep, PROVE_RCU,
# atomic-sleep and preempt checks, debugobjects, kmemleak, UBSAN; see
# qemu/kernel-debug.config), built and cached beside the normal one. Any
# report fails the run. `make kernel module vm KERNEL_FLAVOR=debug` work too.
# Its lifecycle_scale runs 20 cycles, not 100: the checks make every
# rdtrace start several times slower.
test-debug: deps
	@KERNEL_FLAVOR=debug RDTRACE_SOAK_CYCLES=$${RDTRACE_SOAK_CYCLES:-20} VM_TIMEOUT=$${VM_TIMEOUT:-3600} scripts/test --vm

# The part of test-debug that .ci/run runs (the whole takes about two hours
# under TCG): the tests that drive probe context hardest (every function
# at once, random programs at real probes, the device fuzzer, speculation,
# faults and ERROR, dynamic variables, user stacks and registers read in
# probe context).
DEBUG_SHORT = soak probe_fuzz device_fuzz speculation error_probe vars callret ustack
test-debug-short: deps
	@KERNEL_FLAVOR=debug VM_TIMEOUT=$${VM_TIMEOUT:-2400} scripts/test --vm $(DEBUG_SHORT)

# tests/vm/lockdown.sh under the kernel's own lockdown=confidentiality, on a
# kernel with the lockdown LSM (KERNEL_FLAVOR=lockdown, built and cached
# beside the others); make test checks the same policy via deny_kernel_reads=1.
test-lockdown: deps
	@KERNEL_FLAVOR=lockdown $(MAKE) --no-print-directory module ctl
	@KERNEL_FLAVOR=lockdown scripts/vm-run env RDTRACE_LOCKDOWN=confidentiality sh tests/vm/lockdown.sh
	@echo "PASS vm/lockdown under the kernel's lockdown (confidentiality)"

# In-VM tests on the KASAN kernel (KERNEL_FLAVOR=kasan, qemu/kernel-kasan.config:
# generic KASAN, the C side built by clang with LLVM=1, built and cached beside
# the others): the tests that drive the module's memory hardest (the device
# fuzzer, bad ioctls, size limits, random programs at real probes,
# speculation, faults, dynamic variables, kernel reads, stacks, syscall
# arguments). A KASAN report fails the run. Not soak: tracing every function
# of a KASAN kernel under TCG outlasts its timeout.
# `make kernel module vm KERNEL_FLAVOR=kasan` need `make deps-kasan` first.
deps-kasan: deps
	@scripts/deps-kasan

KASAN_SHORT = device_fuzz bad_ioctls size_limits probe_fuzz speculation error_probe vars fbt_read stacks syscall callret
test-kasan: deps-kasan
	@KERNEL_FLAVOR=kasan VM_TIMEOUT=$${VM_TIMEOUT:-2400} scripts/test --vm $(KASAN_SHORT)

# rdtrace and rdtrace_dlog loaded and unloaded 50 times with live sessions
# (make test runs 5: tests/vm/dlog_cycles.sh).
test-dlog-cycles: module ctl
	@VM_TIMEOUT=$${VM_TIMEOUT:-1800} scripts/vm-run sh tests/vm/dlog_cycles.sh $${DLOG_CYCLES:-50}

host-test: deps
	@scripts/test --host-only

# The long versions of the in-VM tests that repeat a check (make test runs
# short ones): every tests/vm test using soak_count or soak_seconds, with
# RDTRACE_SOAK=1. RDTRACE_SOAK_CYCLES=N sets the count, SOAK_SECONDS=N the
# soak's length (tests/vm/soak.sh, an hour), LIFECYCLE_SEED=N the seed of
# tests/vm/lifecycle_scale.sh's random kills.
soak: deps
	@RDTRACE_SOAK=1 VM_TIMEOUT=$${VM_TIMEOUT:-$$((3 * $${SOAK_SECONDS:-3600} + 3600))} scripts/test --vm \
		$$(grep -lE '\$$\(soak_(count |seconds\))' tests/vm/*.sh | xargs -n1 basename | sed 's/\.sh$$//')

# FBT's overhead beside kprobes, fprobe, ftrace and bpftrace, in one boot:
# a table, tests/out/bench/MODE/{report.json,overhead.png}; BENCH_ICOUNT=1 counts
# guest instructions instead; BENCH_JSON=FILE copies the JSON.
bench: module ctl
	@scripts/bench

# Fuzz the verifier and interpreter, FUZZ_SECONDS (600) per target.
fuzz:
	@scripts/fuzz

# Fuzz the D compiler for FUZZ_SECONDS (600) per target: arbitrary bytes
# seeded with the D corpus (compile_d), grammar-shaped D (compile_d_grammar);
# a panic, a stack overflow or an input taking over 10 s fails
# (make test replays the saved inputs, depth bombs and corpus mutations on
# stable: userspace-ctl/tests/compiler_hostile.rs).
fuzz-compiler:
	@scripts/fuzz compile_d compile_d_grammar

# Fuzz /dev/rdtrace in the VM until FUZZ_CALLS (1,000,000) ioctls or
# FUZZ_SECONDS (3600) have passed; FUZZ_SEED repeats a run's choices;
# KERNEL_FLAVOR=debug runs it under lockdep, kmemleak and UBSAN. make test
# runs 15 seeded seconds of it (tests/vm/device_fuzz.sh).
fuzz-kernel: module ctl
	@VM_TIMEOUT=$$(( $${FUZZ_SECONDS:-3600} + 300 )) scripts/vm-run python3 tests/fuzz/devfuzz.py \
		--seconds $${FUZZ_SECONDS:-3600} --calls $${FUZZ_CALLS:-1000000} $${FUZZ_SEED:+--seed $$FUZZ_SEED}

# Random DIF programs at busy probes in the VM for FUZZ_SECONDS (600):
# generated, mutated and raw programs, planted faults, rejections checked
# against the host verifier (rdtrace fuzz-probes, tests/vm/probe_fuzz.sh);
# FUZZ_SEED repeats a run, KERNEL_FLAVOR=debug runs it under lockdep,
# kmemleak and UBSAN. make test runs 30 seeded seconds of it.
fuzz-probes: module ctl
	@VM_TIMEOUT=$$(( $${FUZZ_SECONDS:-600} + 300 )) scripts/vm-run env \
		PROBE_FUZZ_SECONDS=$${FUZZ_SECONDS:-600} PROBE_FUZZ_SEED=$${FUZZ_SEED:-$$(date +%s)} \
		sh tests/vm/probe_fuzz.sh

fmt:
	$(CARGO) fmt --manifest-path $(CTL)/Cargo.toml --all
	$(CARGO) fmt --manifest-path uapi/Cargo.toml --all

clean:
	$(CARGO) clean --manifest-path $(CTL)/Cargo.toml
	$(CARGO) clean --manifest-path uapi/Cargo.toml
	rm -f rdtrace.ko module/*.o module/bindings_generated.rs module/build.log
	rm -f *.mod *.mod.c *.o modules.order Module.symvers module/.*.cmd .*.cmd
