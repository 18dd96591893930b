//! The USDT probes of an ELF object: its `.note.stapsdt` notes, as
//! `<sys/sdt.h>` writes them (SystemTap's layout, which DTrace on Linux
//! and bpftrace read too). Each note (type 3, owner `stapsdt`) holds the
//! probe's link-time address, the `.stapsdt.base` section's address when
//! it was linked, its semaphore's address (0 for none), then the
//! provider, the name and the argument specs as NUL-terminated strings.
//! A prelinked object's probes moved with `.stapsdt.base`: the address is
//! adjusted by how far that section moved, as bpftrace and libbpf do.
//! Addresses become file offsets through the loaded segments, which is
//! what a uprobe and its reference counter are placed on.

use crate::usdt_args::{self, Arg};
use object::{Object, ObjectSection, ObjectSegment, ObjectSymbol};

/// `NT_STAPSDT`.
const NOTE_TYPE: u32 = 3;

/// One probe site of an object.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Note {
    /// The sdt provider (`DTRACE_PROBE2(rdtest, step, ...)`: `rdtest`).
    pub provider: String,
    /// The probe's name (`step`).
    pub name: String,
    /// The link-time address of the probe's instruction (adjusted).
    pub pc: u64,
    /// Its file offset.
    pub offset: u64,
    /// The file offset of its semaphore; 0 for none.
    pub semaphore: u64,
    /// Its arguments.
    pub args: Vec<Arg>,
    /// The link-time addresses of the symbols its `%rip`-relative
    /// arguments name, by name.
    pub symbols: Vec<(String, u64)>,
}

/// The file offset of link-time address `addr`, through the loaded
/// segment whose file bytes hold it.
fn file_offset(file: &object::File<'_>, addr: u64) -> Option<u64> {
    file.segments().find_map(|s| {
        let (start, size) = s.file_range();
        let within = addr.checked_sub(s.address())?;
        (within < size).then_some(start + within)
    })
}

/// A NUL-terminated string at the start of `bytes`, and what follows it.
fn c_string(bytes: &[u8]) -> Option<(String, &[u8])> {
    let end = bytes.iter().position(|&b| b == 0)?;
    Some((
        String::from_utf8_lossy(&bytes[..end]).into_owned(),
        &bytes[end + 1..],
    ))
}

/// The raw notes of a `.note.stapsdt` section's bytes (64-bit, little
/// endian): (pc, base, semaphore, provider, name, args).
fn raw_notes(mut data: &[u8]) -> Vec<(u64, u64, u64, String, String, String)> {
    let word = |b: &[u8], at: usize| -> Option<u32> {
        Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
    };
    let align = |n: usize| (n + 3) & !3;
    let mut out = Vec::new();
    while let (Some(namesz), Some(descsz), Some(kind)) =
        (word(data, 0), word(data, 4), word(data, 8))
    {
        let (namesz, descsz) = (namesz as usize, descsz as usize);
        let desc_at = 12 + align(namesz);
        let Some(desc) = data.get(desc_at..desc_at + descsz) else {
            break;
        };
        let owner = data.get(12..12 + namesz).unwrap_or_default();
        if kind == NOTE_TYPE && owner == b"stapsdt\0" && desc.len() >= 24 {
            let addr = |at: usize| u64::from_le_bytes(desc[at..at + 8].try_into().unwrap());
            let strings = c_string(&desc[24..]).and_then(|(provider, rest)| {
                let (name, rest) = c_string(rest)?;
                let args = c_string(rest).map(|(a, _)| a).unwrap_or_default();
                Some((provider, name, args))
            });
            if let Some((provider, name, args)) = strings {
                out.push((addr(0), addr(8), addr(16), provider, name, args));
            }
        }
        data = data.get(desc_at + align(descsz)..).unwrap_or_default();
    }
    out
}

/// The USDT probes of the ELF image `data` (none for an object without
/// notes; 32-bit and big-endian objects are not read).
pub fn notes(data: &[u8]) -> Result<Vec<Note>, object::Error> {
    let file = object::File::parse(data)?;
    if !file.is_64() || !file.is_little_endian() {
        return Ok(Vec::new());
    }
    let Some(section) = file.section_by_name(".note.stapsdt") else {
        return Ok(Vec::new());
    };
    let base = file.section_by_name(".stapsdt.base").map(|s| s.address());
    let mut out = Vec::new();
    for (pc, note_base, sema, provider, name, args) in raw_notes(section.data()?) {
        let pc = match base {
            Some(b) if note_base != 0 => pc.wrapping_add(b.wrapping_sub(note_base)),
            _ => pc,
        };
        let Some(offset) = file_offset(&file, pc) else {
            continue;
        };
        let semaphore = if sema == 0 {
            0
        } else {
            file_offset(&file, sema).unwrap_or(0)
        };
        let args = usdt_args::parse(&args);
        let mut symbols = Vec::new();
        for a in &args {
            if let usdt_args::Loc::Symbol(s, _) = &a.loc {
                let found = file
                    .symbols()
                    .chain(file.dynamic_symbols())
                    .find(|sym| sym.name() == Ok(s.as_str()) && sym.is_definition());
                if let Some(sym) = found {
                    symbols.push((s.clone(), sym.address()));
                }
            }
        }
        out.push(Note {
            provider,
            name,
            pc,
            offset,
            semaphore,
            args,
            symbols,
        });
    }
    Ok(out)
}

/// The USDT probes of the ELF file at `path`.
pub fn load(path: &std::path::Path) -> std::io::Result<Vec<Note>> {
    crate::elf_symbols::parse_file(path, notes)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(pc: u64, base: u64, sema: u64, strings: &[u8]) -> Vec<u8> {
        let mut desc = Vec::new();
        for a in [pc, base, sema] {
            desc.extend_from_slice(&a.to_le_bytes());
        }
        desc.extend_from_slice(strings);
        let mut out = Vec::new();
        for w in [8u32, desc.len() as u32, NOTE_TYPE] {
            out.extend_from_slice(&w.to_le_bytes());
        }
        out.extend_from_slice(b"stapsdt\0");
        out.extend_from_slice(&desc);
        while out.len() % 4 != 0 {
            out.push(0);
        }
        out
    }

    #[test]
    fn notes_in_a_row_with_their_strings() {
        let mut data = note(0x1139, 0x2004, 0, b"rdtest\0step\0-4@%edi 8@%rsi\0");
        data.extend(note(0x1150, 0x2004, 0x4010, b"rdtest\0guarded\0\0"));
        // Another owner's note is skipped.
        let mut other = note(1, 2, 3, b"x\0y\0\0");
        other[12..20].copy_from_slice(b"GNU\0\0\0\0\0");
        data.extend(other);
        let found = raw_notes(&data);
        assert_eq!(found.len(), 2);
        assert_eq!(
            found[0],
            (
                0x1139,
                0x2004,
                0,
                "rdtest".into(),
                "step".into(),
                "-4@%edi 8@%rsi".into()
            )
        );
        assert_eq!(
            (found[1].2, found[1].4.as_str(), found[1].5.as_str()),
            (0x4010, "guarded", "")
        );
        // A truncated note ends the walk.
        assert!(raw_notes(&data[..20]).is_empty());
    }

    /// libc (glibc is built with SDT probes on Debian) has notes whose
    /// file offsets are inside it.
    #[test]
    fn libcs_notes_if_it_has_them() {
        let Some(libc) = crate::elf_symbols::tests::system_libc() else {
            return;
        };
        let size = std::fs::metadata(libc).unwrap().len();
        let found = load(std::path::Path::new(libc)).unwrap();
        assert!(found.iter().all(|n| n.offset > 0 && n.offset < size));
        assert!(found
            .iter()
            .all(|n| !n.provider.is_empty() && !n.name.is_empty()));
    }

    #[test]
    fn a_non_elf_is_an_error() {
        assert!(notes(b"#!/bin/sh\n").is_err());
    }
}
