//! Printing kernel and user stacks: DTrace's layout (`dt_print_stack`: a newline,
//! then each frame on its own line indented 14 columns, stopping at a zero
//! address) and the folded form flame graphs read (`outer;...;inner N`).

use crate::ksyms::Ksyms;
use std::sync::atomic::{AtomicUsize, Ordering};

/// DTrace's default `stackindent`.
pub const STACK_INDENT: usize = 14;

/// The run's `stackindent`: one option for every stack it prints.
static INDENT: AtomicUsize = AtomicUsize::new(STACK_INDENT);

/// Sets `stackindent`, the columns every frame printed after is indented.
pub fn set_indent(columns: usize) {
    INDENT.store(columns, Ordering::Relaxed);
}

/// The addresses of a stack recorded as 8-byte little-endian words.
pub fn pcs_of(bytes: &[u8]) -> Vec<u64> {
    bytes
        .chunks_exact(8)
        .map(|w| u64::from_le_bytes(w.try_into().unwrap_or_default()))
        .collect()
}

/// A stack as DTrace prints it: `\n`, then a line per frame.
pub fn text(ksyms: &Ksyms, pcs: &[u64]) -> String {
    text_by(pcs, |pc| ksyms.frame(pc))
}

/// A user stack as recorded (`ustack()`: the process ID, then the
/// frames) as DTrace prints it, each frame named in that process.
pub fn user_text(words: &[u64]) -> String {
    let (pid, pcs) = split_user(words);
    text_by(pcs, |pc| crate::user_syms::frame(pid, pc))
}

fn text_by(pcs: &[u64], name: impl Fn(u64) -> String) -> String {
    let mut out = String::from("\n");
    let indent = INDENT.load(Ordering::Relaxed);
    for frame in frames_by(pcs, name) {
        out.push_str(&format!("{:indent$}{frame}\n", ""));
    }
    out
}

/// A stack's frames outermost first, `;`-joined, as folded stacks list
/// them (`vmlinux`entry_SYSCALL_64+0x76;...;vmlinux`ksys_read+0x9`).
pub fn folded(ksyms: &Ksyms, pcs: &[u64]) -> String {
    folded_by(pcs, |pc| ksyms.frame(pc))
}

/// A user stack as recorded, folded as [`folded`].
pub fn user_folded(words: &[u64]) -> String {
    let (pid, pcs) = split_user(words);
    folded_by(pcs, |pc| crate::user_syms::frame(pid, pc))
}

/// Each frame of a kernel stack, named, innermost first.
pub fn kernel_frames(ksyms: &Ksyms, pcs: &[u64]) -> Vec<String> {
    frames_by(pcs, |pc| ksyms.frame(pc))
}

/// Each frame of a user stack as recorded, named, innermost first.
pub fn user_frames(words: &[u64]) -> Vec<String> {
    let (pid, pcs) = split_user(words);
    frames_by(pcs, |pc| crate::user_syms::frame(pid, pc))
}

fn frames_by(pcs: &[u64], name: impl Fn(u64) -> String) -> Vec<String> {
    pcs.iter()
        .take_while(|&&pc| pc != 0)
        .map(|&pc| name(pc))
        .collect()
}

/// A recorded user stack's process ID and frames.
fn split_user(words: &[u64]) -> (u32, &[u64]) {
    match words.split_first() {
        Some((&pid, pcs)) => (pid as u32, pcs),
        None => (0, &[]),
    }
}

fn folded_by(pcs: &[u64], name: impl Fn(u64) -> String) -> String {
    frames_by(pcs, name)
        .iter()
        .rev()
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(";")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ksyms() -> Ksyms {
        Ksyms::parse(
            "ffffffff81200000 T ksys_read\nffffffff81300000 T __x64_sys_read\nffffffff81400000 T do_syscall_64\n",
        )
    }

    #[test]
    fn a_stack_prints_a_frame_a_line_indented_14() {
        let pcs = [
            0xffff_ffff_8120_0009,
            0xffff_ffff_8130_0012,
            0,
            0xffff_ffff_8140_0001,
        ];
        assert_eq!(
            text(&ksyms(), &pcs),
            "\n              vmlinux`ksys_read+0x9\n              vmlinux`__x64_sys_read+0x12\n"
        );
    }

    #[test]
    fn folded_stacks_go_outermost_first() {
        let pcs = [
            0xffff_ffff_8120_0009,
            0xffff_ffff_8130_0012,
            0xffff_ffff_8140_0001,
        ];
        assert_eq!(
            folded(&ksyms(), &pcs),
            "vmlinux`do_syscall_64+0x1;vmlinux`__x64_sys_read+0x12;vmlinux`ksys_read+0x9"
        );
    }

    #[test]
    fn recorded_words_are_little_endian() {
        let mut b = 0xffff_ffff_8120_0009u64.to_le_bytes().to_vec();
        b.extend(7u64.to_le_bytes());
        assert_eq!(pcs_of(&b), vec![0xffff_ffff_8120_0009, 7]);
    }
}
