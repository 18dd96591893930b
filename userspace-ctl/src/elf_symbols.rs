//! The functions of an ELF object, read with the `object` crate, for the
//! pid provider: each defined function symbol (the symbol table's, else
//! the dynamic one's) with the file offset of its first instruction,
//! which is what a uprobe is placed on.

use object::{Object, ObjectSegment, ObjectSymbol, SymbolKind};

/// A function of an object file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Function {
    /// Its symbol.
    pub name: String,
    /// The file offset of its first instruction.
    pub offset: u64,
    /// Its size in bytes (0 if the symbol gives none).
    pub size: u64,
    /// Whether the symbol is global (it wins over a local alias).
    pub global: bool,
}

/// The file offset of virtual address `addr`, through the loaded segment
/// that holds it.
fn file_offset(file: &object::File<'_>, addr: u64) -> Option<u64> {
    file.segments().find_map(|s| {
        let (start, size) = s.file_range();
        let within = addr.checked_sub(s.address())?;
        (within < size).then_some(start + within)
    })
}

/// The functions of the ELF image `data`, sorted by offset then name,
/// each (name, offset) once.
pub fn functions(data: &[u8]) -> Result<Vec<Function>, object::Error> {
    let file = object::File::parse(data)?;
    let mut out = Vec::new();
    for symbols in [file.symbols(), file.dynamic_symbols()] {
        for s in symbols {
            if s.kind() != SymbolKind::Text || !s.is_definition() || s.address() == 0 {
                continue;
            }
            let (Ok(name), Some(offset)) = (s.name(), file_offset(&file, s.address())) else {
                continue;
            };
            if name.is_empty() {
                continue;
            }
            out.push(Function {
                name: name.to_string(),
                offset,
                size: s.size(),
                global: s.is_global(),
            });
        }
    }
    out.sort_by(|a, b| (a.offset, &a.name).cmp(&(b.offset, &b.name)));
    out.dedup_by(|a, b| a.offset == b.offset && a.name == b.name);
    Ok(out)
}

/// The functions of the ELF file at `path`.
pub fn load(path: &std::path::Path) -> std::io::Result<Vec<Function>> {
    parse_file(path, functions)
}

/// `parse` applied to the bytes of the file at `path`; a parse error is
/// `InvalidData`.
pub fn parse_file<T, E: std::fmt::Display>(
    path: &std::path::Path,
    parse: impl FnOnce(&[u8]) -> Result<T, E>,
) -> std::io::Result<T> {
    let data = std::fs::read(path)?;
    parse(&data).map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e.to_string()))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// This test binary's own functions: it is an ELF with a symbol table.
    #[test]
    fn a_real_elfs_functions_have_file_offsets_inside_the_file() {
        let exe = std::env::current_exe().unwrap();
        let data = std::fs::read(&exe).unwrap();
        let found = functions(&data).unwrap();
        let main = found.iter().find(|f| f.name == "main").expect("main");
        assert!(main.offset > 0 && main.offset < data.len() as u64);
        assert!(main.global);
        assert!(found.windows(2).all(|w| w[0].offset <= w[1].offset));
    }

    /// The system's libc, where Debian keeps it (tests skip without one).
    pub(crate) fn system_libc() -> Option<&'static str> {
        [
            "/lib/x86_64-linux-gnu/libc.so.6",
            "/usr/lib/x86_64-linux-gnu/libc.so.6",
        ]
        .into_iter()
        .find(|p| std::path::Path::new(p).exists())
    }

    #[test]
    fn libc_has_malloc_in_its_dynamic_symbols() {
        let Some(libc) = system_libc() else {
            return;
        };
        let found = load(std::path::Path::new(libc)).unwrap();
        let malloc = found.iter().find(|f| f.name == "malloc").expect("malloc");
        assert!(malloc.size > 0);
    }

    #[test]
    fn a_non_elf_is_an_error() {
        assert!(functions(b"#!/bin/sh\necho hi\n").is_err());
    }
}
