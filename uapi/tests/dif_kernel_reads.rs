//! The kernel-memory reads a locked-down kernel refuses, found in programs.

mod common;

use common::asm;
use rdtrace_uapi::dif::kernel_reads::{first, KernelRead};
use rdtrace_uapi::dif::program::Program;

fn scan(text: &str) -> Option<(usize, KernelRead)> {
    let blob = asm(text);
    common::check(&blob).expect("verifies");
    first(&Program::parse(&blob).unwrap())
}

#[test]
fn each_kernel_read_is_found_at_its_instruction() {
    let load = "ldarg r1, 0\nmovi r0, 0\nldk4 r2, [r1+8]\nret r0";
    assert_eq!(scan(load), Some((2, KernelRead::Load)));
    let stringof = "ldarg r1, 0\ncall r2, stringof, r1\nmovi r0, 0\nret r0";
    assert_eq!(scan(stringof), Some((1, KernelRead::Stringof)));
    assert_eq!(
        scan("stack 8\nmovi r0, 0\nret r0"),
        Some((0, KernelRead::Stack))
    );
    let kstack = "movi r1, 8\ncall r2, kstack, r1\nmovi r0, 0\nret r0";
    assert_eq!(scan(kstack), Some((1, KernelRead::Stack)));
}

#[test]
fn user_reads_and_other_calls_are_not_kernel_reads() {
    let user = "ldarg r1, 0\nldu8 r2, [r1]\ncall r3, copyinstr, r1\nustack 8\ncall r4, rand\nmovi r0, 0\nret r0";
    assert_eq!(scan(user), None);
    let builtins = "ldb r1, execname\nldb r2, curthread\nldarg r3, 5\nmovi r0, 0\nret r0";
    assert_eq!(scan(builtins), None);
}
