//! Kernel symbols from `/proc/kallsyms` (vmlinux and every loaded module),
//! to name the addresses a stack records as DTrace does:
//! `module`function+0xoffset`, `module`function` at a function's first
//! byte, and the bare address when nothing contains it.

use std::sync::OnceLock;

/// Farther past a symbol than this, an address is not taken to be in it
/// (kallsyms gives no sizes; the gap after the last function of a text
/// region is no function).
const MAX_FUNCTION_BYTES: u64 = 1 << 20;

/// One text symbol.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Sym {
    addr: u64,
    name: String,
    module: String,
}

/// The kernel's text symbols, by address, and its data symbols (what
/// `%a` may name too).
#[derive(Clone, Debug, Default)]
pub struct Ksyms {
    syms: Vec<Sym>,
    data: Vec<Sym>,
}

/// Where an address is: its module, its function and the offset in it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place<'a> {
    /// `vmlinux` or the module's name.
    pub module: &'a str,
    /// The function.
    pub function: &'a str,
    /// Bytes past the function's start.
    pub offset: u64,
}

/// One line of kallsyms: `address type name [module]`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Entry<'t> {
    /// The address (0 when read without privilege).
    pub addr: u64,
    /// The symbol type letter (`t`/`T` text, `d`/`D` data, ...).
    pub kind: &'t str,
    /// The symbol.
    pub name: &'t str,
    /// `vmlinux` or the module's name.
    pub module: &'t str,
}

/// The entries of kallsyms text, skipping malformed lines.
pub fn entries(text: &str) -> impl Iterator<Item = Entry<'_>> {
    text.lines().filter_map(|line| {
        let mut f = line.split_whitespace();
        let addr = u64::from_str_radix(f.next()?, 16).ok()?;
        let kind = f.next()?;
        let name = f.next()?;
        let module = f
            .next()
            .map(|m| m.trim_start_matches('[').trim_end_matches(']'))
            .unwrap_or("vmlinux");
        Some(Entry {
            addr,
            kind,
            name,
            module,
        })
    })
}

impl Ksyms {
    /// Parses kallsyms' lines, keeping text symbols. Zeroed addresses
    /// (kallsyms read without privilege) name nothing.
    pub fn parse(text: &str) -> Ksyms {
        let of = |keep: fn(&Entry<'_>) -> bool| {
            let mut syms: Vec<Sym> = entries(text)
                .filter(|e| e.addr != 0 && keep(e))
                .map(|e| Sym {
                    addr: e.addr,
                    name: e.name.to_string(),
                    module: e.module.to_string(),
                })
                .collect();
            syms.sort_by_key(|s| s.addr);
            syms
        };
        Ksyms {
            syms: of(|e| matches!(e.kind, "t" | "T" | "w" | "W")),
            // Per-CPU symbols are offsets, not addresses: kernel-half only.
            data: of(|e| {
                matches!(e.kind, "d" | "D" | "b" | "B" | "r" | "R") && e.addr >= KERNEL_HALF
            }),
        }
    }

    /// The running kernel's symbols, read once (none if unreadable).
    pub fn global() -> &'static Ksyms {
        static KSYMS: OnceLock<Ksyms> = OnceLock::new();
        KSYMS.get_or_init(|| {
            std::fs::read_to_string("/proc/kallsyms")
                .map(|t| Ksyms::parse(&t))
                .unwrap_or_default()
        })
    }

    /// The function containing `pc`, if any.
    pub fn lookup(&self, pc: u64) -> Option<Place<'_>> {
        place(&self.syms, pc)
    }

    /// `addr` as DTrace's `%a` prints it (`dtrace_addr2str`): like
    /// [`Ksyms::frame`], by the nearest function or data symbol.
    pub fn address(&self, addr: u64) -> String {
        let best = match (place(&self.syms, addr), place(&self.data, addr)) {
            (Some(f), Some(d)) => Some(if d.offset < f.offset { d } else { f }),
            (f, d) => f.or(d),
        };
        frame_text(best, addr)
    }

    /// `pc` as DTrace prints a stack frame: `module`func+0xoff`,
    /// `module`func` at the function's start, else `0xaddr`.
    pub fn frame(&self, pc: u64) -> String {
        frame_text(self.lookup(pc), pc)
    }

    /// `pc` as DTrace's `func()`/`sym()` print it: `module`func`, no offset.
    pub fn function(&self, pc: u64) -> String {
        match self.lookup(pc) {
            Some(p) => format!("{}`{}", p.module, p.function),
            None => format!("{pc:#x}"),
        }
    }

    /// `pc` as DTrace's `mod()` prints it: the module's name.
    pub fn module(&self, pc: u64) -> String {
        match self.lookup(pc) {
            Some(p) => p.module.to_string(),
            None => format!("{pc:#x}"),
        }
    }
}

/// The lowest kernel address on x86-64.
const KERNEL_HALF: u64 = 0xffff_8000_0000_0000;

/// The symbol of `syms` (sorted) containing `pc`, if any.
fn place(syms: &[Sym], pc: u64) -> Option<Place<'_>> {
    let i = syms.partition_point(|s| s.addr <= pc).checked_sub(1)?;
    let s = syms.get(i)?;
    let offset = pc - s.addr;
    (offset < MAX_FUNCTION_BYTES).then_some(Place {
        module: &s.module,
        function: &s.name,
        offset,
    })
}

/// `module`sym+0xoff`, `module`sym` at its start, else `0xaddr`.
fn frame_text(place: Option<Place<'_>>, pc: u64) -> String {
    match place {
        Some(p) if p.offset == 0 => format!("{}`{}", p.module, p.function),
        Some(p) => format!("{}`{}+{:#x}", p.module, p.function, p.offset),
        None => format!("{pc:#x}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const KALLSYMS: &str = "\
ffffffff81000000 T _stext
ffffffff81200000 T ksys_read
ffffffff81200100 t vfs_read
ffffffff81200200 D some_data
ffffffffa0000000 t rd_fire\t[rdtrace]
";

    #[test]
    fn frames_are_named_as_dtrace_names_them() {
        let k = Ksyms::parse(KALLSYMS);
        assert_eq!(k.frame(0xffff_ffff_8120_0009), "vmlinux`ksys_read+0x9");
        assert_eq!(k.frame(0xffff_ffff_8120_0100), "vmlinux`vfs_read");
        // Data symbols are not functions: the address is vfs_read's.
        assert_eq!(k.frame(0xffff_ffff_8120_0210), "vmlinux`vfs_read+0x110");
        assert_eq!(k.frame(0xffff_ffff_a000_0010), "rdtrace`rd_fire+0x10");
        assert_eq!(k.frame(0x1000), "0x1000");
        assert_eq!(k.function(0xffff_ffff_8120_0009), "vmlinux`ksys_read");
        assert_eq!(k.module(0xffff_ffff_a000_0010), "rdtrace");
    }

    #[test]
    fn unprivileged_kallsyms_names_nothing() {
        let k = Ksyms::parse("0000000000000000 T ksys_read\n");
        assert_eq!(k.frame(0xffff_ffff_8120_0009), "0xffffffff81200009");
    }
}
