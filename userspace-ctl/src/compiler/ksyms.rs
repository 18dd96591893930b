//! Kernel symbol addresses for `` &`name `` and `` &module`name ``, from
//! /proc/kallsyms of the running kernel (the compiler runs where the
//! program will: addresses are this boot's).

use std::collections::HashMap;
use std::sync::OnceLock;

/// The table, read once: `(module, name)` to address; the kernel's own
/// symbols have module "vmlinux".
type Table = HashMap<(String, String), u64>;

const KALLSYMS: &str = "/proc/kallsyms";

fn table() -> &'static Result<Table, String> {
    static TABLE: OnceLock<Result<Table, String>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let text =
            std::fs::read_to_string(KALLSYMS).map_err(|e| format!("reading {KALLSYMS}: {e}"))?;
        let table = parse(&text);
        if table.is_empty() {
            return Err(format!("{KALLSYMS} lists no symbols"));
        }
        if table.values().all(|&a| a == 0) {
            return Err(format!(
                "{KALLSYMS} hides addresses (kptr_restrict): run as root"
            ));
        }
        Ok(table)
    })
}

/// Every symbol, text and data; the first of duplicate names wins.
fn parse(text: &str) -> Table {
    let mut table = Table::new();
    for e in crate::ksyms::entries(text) {
        table
            .entry((e.module.to_string(), e.name.to_string()))
            .or_insert(e.addr);
    }
    table
}

/// Why a symbol has no address.
pub enum Unresolved {
    /// The kernel has no such symbol.
    Unknown,
    /// The symbol table cannot be read here: why.
    NoTable(String),
}

impl std::fmt::Display for Unresolved {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Unresolved::Unknown => f.write_str("Unknown symbol name"),
            Unresolved::NoTable(why) => f.write_str(why),
        }
    }
}

/// The address of `sym` as written (`` `name `` searches the kernel, then
/// every module).
pub fn address(sym: &str) -> Result<u64, Unresolved> {
    let (module, name) = sym.split_once('`').unwrap_or(("", sym));
    let table = table()
        .as_ref()
        .map_err(|why| Unresolved::NoTable(why.clone()))?;
    lookup(table, module, name).ok_or(Unresolved::Unknown)
}

fn lookup(table: &Table, module: &str, name: &str) -> Option<u64> {
    if name.is_empty() {
        return None;
    }
    if !module.is_empty() {
        return table.get(&(module.to_string(), name.to_string())).copied();
    }
    table
        .get(&("vmlinux".to_string(), name.to_string()))
        .copied()
        .or_else(|| {
            table
                .iter()
                .filter(|((_, n), _)| n == name)
                .map(|(_, &a)| a)
                .min()
        })
}

#[cfg(test)]
mod tests {
    use super::{lookup, parse};

    const SAMPLE: &str = "\
ffffffff81000000 T _stext
ffffffff82a0b2c0 D linux_banner
ffffffffc0001000 t ext4_init [ext4]
ffffffffc0002000 d shared_name [ext4]
ffffffff82a0c000 d shared_name
";

    #[test]
    fn names_resolve_in_the_kernel_then_in_modules() {
        let t = parse(SAMPLE);
        assert_eq!(lookup(&t, "", "linux_banner"), Some(0xffffffff82a0b2c0));
        assert_eq!(
            lookup(&t, "vmlinux", "linux_banner"),
            Some(0xffffffff82a0b2c0)
        );
        assert_eq!(lookup(&t, "", "ext4_init"), Some(0xffffffffc0001000));
        assert_eq!(lookup(&t, "ext4", "shared_name"), Some(0xffffffffc0002000));
        assert_eq!(lookup(&t, "", "shared_name"), Some(0xffffffff82a0c000));
        assert_eq!(lookup(&t, "ext4", "linux_banner"), None);
        assert_eq!(lookup(&t, "", ""), None);
    }
}
