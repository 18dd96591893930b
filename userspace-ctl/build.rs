//! Links the `rdtrace` command at a fixed address (`-no-pie`).
//!
//! rdtrace is mostly run inside QEMU test VMs, and under QEMU's software
//! emulation (TCG) a position-independent executable, loaded at a new
//! random address by each run, has its code translated afresh every time:
//! measured in the test VM, parsing the command line took 45-70 ms and
//! compiling a two-line script 60 ms, against 5 ms and 12 ms with the
//! executable at a fixed address, whose translations QEMU keeps from one
//! run to the next. The heap and stack are still placed at random.
//! scripts/build-ctl (`make ctl`) also links it statically, so that libc's
//! code sits at a fixed address too; a plain `cargo build` keeps the shared
//! libraries, placed at random.
fn main() {
    println!("cargo:rustc-link-arg-bin=rdtrace=-no-pie");
}
