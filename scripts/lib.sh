# Shared settings for rdtrace's build and VM scripts. Source it; do not run it.
# shellcheck shell=bash

RDTRACE_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RDTRACE_CACHE=${RDTRACE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/rdtrace}
# The kernel needs Debian's rustc (it ships rust-src); rustup's toolchain does not.
KRUSTC=${KRUSTC:-/usr/bin/rustc}
BINDGEN_VERSION=0.73.2
KBINDGEN=${KBINDGEN:-$(command -v bindgen || echo "$HOME/.cargo/bin/bindgen")}
# Where scripts/build-ctl puts rdtrace (statically linked: see there).
RDTRACE_TRIPLE=x86_64-unknown-linux-gnu
RDTRACE_BIN_DIR=$RDTRACE_ROOT/userspace-ctl/target/$RDTRACE_TRIPLE/release
KSRC_TARBALL=/usr/src/linux-source-6.12.tar.xz
KCONFIG_FRAGMENT=$RDTRACE_ROOT/qemu/kernel.config
# KERNEL_FLAVOR=debug adds lockdep, kmemleak, UBSAN, ... (qemu/kernel-debug.config)
# in a cache directory of its own, beside the normal kernel; KERNEL_FLAVOR=kasan
# adds KASAN (qemu/kernel-kasan.config), built with clang (LLVM=1).
KERNEL_FLAVOR=${KERNEL_FLAVOR:-normal}
case $KERNEL_FLAVOR in
normal) KCONFIG_FLAVOR_FRAGMENT= ;;
debug) KCONFIG_FLAVOR_FRAGMENT=$RDTRACE_ROOT/qemu/kernel-debug.config ;;
lockdown) KCONFIG_FLAVOR_FRAGMENT=$RDTRACE_ROOT/qemu/kernel-lockdown.config ;;
kasan) KCONFIG_FLAVOR_FRAGMENT=$RDTRACE_ROOT/qemu/kernel-kasan.config ;;
*) echo "rdtrace: unknown KERNEL_FLAVOR=$KERNEL_FLAVOR (normal, debug, lockdown or kasan)" >&2; exit 1 ;;
esac

# The Kafka-protocol broker the fleet test starts on loopback (make
# test-fleet): tansu from crates.io, built once into the cache (its
# in-memory storage needs the dynostore feature).
TANSU_VERSION=0.6.0
TANSU=$RDTRACE_CACHE/tansu-$TANSU_VERSION/bin/tansu

die() { echo "rdtrace: $*" >&2; exit 1; }
note() { echo "==> $*" >&2; }

kernel_source_version() {
	dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null || die "linux-source-6.12 is not installed: run 'make deps'"
}

# The cache key: a kernel is rebuilt when the source, the config fragment,
# the kernel's rustc or bindgen changes, and reused otherwise.
kernel_key() {
	{
		kernel_source_version
		cat "$KCONFIG_FRAGMENT"
		[ -z "$KCONFIG_FLAVOR_FRAGMENT" ] || cat "$KCONFIG_FLAVOR_FRAGMENT"
		"$KRUSTC" -vV
		"$KBINDGEN" --version
		if kernel_llvm; then clang --version 2>&1 || :; ld.lld --version 2>&1 || :; fi
	} | sha256sum | cut -c1-16
}

kernel_src_dir() { echo "$RDTRACE_CACHE/src/linux-$(kernel_source_version)"; }
# Normal: kernel-KEY; other flavours: kernel-FLAVOR-KEY.
kernel_flavor_prefix() {
	if [ "$KERNEL_FLAVOR" = normal ]; then echo kernel-; else echo "kernel-$KERNEL_FLAVOR-"; fi
}
kernel_build_dir() { echo "$RDTRACE_CACHE/$(kernel_flavor_prefix)$(kernel_key)"; }
kernel_image() { echo "$(kernel_build_dir)/arch/x86/boot/bzImage"; }

# Where rdtrace.ko (and tests/bench/rdbench.ko) of this flavour are built:
# the tree itself for the normal kernel, a copy of the sources under target/
# for the others, so that switching flavours rebuilds nothing.
module_dir() {
	if [ "$KERNEL_FLAVOR" = normal ]; then echo "$RDTRACE_ROOT"; else echo "$RDTRACE_ROOT/target/module-$KERNEL_FLAVOR"; fi
}

# The kasan flavour's C side is built by clang and linked by ld.lld
# (Debian's clang-14 and lld-14, under their unversioned names): with Rust,
# 6.12 allows KASAN only when CC_IS_CLANG. The other flavours use gcc.
kernel_llvm() { [ "$KERNEL_FLAVOR" = kasan ]; }

# Arguments every kernel and module make needs.
kmake_args() {
	echo "RUSTC=$KRUSTC BINDGEN=$KBINDGEN"
	if kernel_llvm; then echo LLVM=1; fi
}

# start_kafka_broker LOG [TOPIC...]: a tansu broker (make deps-fleet) on a
# free loopback port ($KAFKA_PORT, process $KAFKA_PID) with each TOPIC
# created, one partition each; stop it with `kill $KAFKA_PID`.
start_kafka_broker() {
	local log=$1 url topic
	shift
	[ -x "$TANSU" ] || die "no tansu at $TANSU: run 'make deps-fleet'"
	KAFKA_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
	url=tcp://127.0.0.1:$KAFKA_PORT
	"$TANSU" broker --listener-url "$url" --advertised-listener-url "$url" \
		--storage-engine memory://tansu/ >"$log" 2>&1 &
	KAFKA_PID=$!
	for _ in $(seq 100); do
		python3 -c "import socket; socket.create_connection(('127.0.0.1', $KAFKA_PORT), 1)" 2>/dev/null && break
		sleep 0.2
	done
	for topic in "$@"; do
		"$TANSU" topic create "$topic" --broker "$url" --partitions 1 >>"$log" 2>&1 ||
			{ cat "$log"; die "tansu topic create $topic failed"; }
	done
}
