//! A compiled enabling as one self-contained blob: what `rdtrace --emit
//! enabling` writes and what an in-kernel consumer hands to
//! `rdtrace_kapi_open` (see `uapi/rdtrace_kapi.h`).
//!
//! It carries exactly what an ENABLE ioctl carries — the options of
//! [`EnableArgs`], the [`ClauseSpec`]s with their DIF programs and the
//! [`ProbeSpec`]s — with offsets into the blob where the ioctl has user
//! addresses, so the kernel builds the session through the same
//! `enable::plan` either way. A trailing metadata section (the printf
//! formats and probe names a consumer needs to print the records) is the
//! consumer's: the kernel never reads it.
//!
//! Layout, little-endian, packed: the [`HEADER_LEN`]-byte header; `nclauses`
//! clause entries of [`CLAUSE_LEN`] bytes (predicate offset and length, 0 0
//! for none; actions offset and length); `nprobes` probe entries of
//! [`PROBE_LEN`] bytes ([`ProbeSpec`]'s fields in order, no padding); the
//! programs; the metadata, its last `meta_len` bytes.

use crate::trace::{ClauseSpec, EnableArgs, ProbeSpec, FUNCTION_LEN, MODULE_LEN};

/// The first 8 bytes of every enabling.
pub const MAGIC: [u8; 8] = *b"RDTRENAB";
/// The layout's version.
pub const VERSION: u32 = 1;
/// Header bytes.
pub const HEADER_LEN: usize = 80;
/// Bytes of one clause entry.
pub const CLAUSE_LEN: usize = 16;
/// Bytes of one probe entry.
pub const PROBE_LEN: usize = 8 + 4 + 4 + 4 + MODULE_LEN + FUNCTION_LEN;
/// The largest enabling the kernel takes.
pub const MAX_ENABLING: usize = 64 << 20;

/// Why bytes are not an enabling.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EnablingError {
    /// Shorter than its header says, or longer than [`MAX_ENABLING`].
    Truncated,
    /// Not [`MAGIC`].
    BadMagic,
    /// Another layout version, or another ABI.
    BadVersion,
    /// A clause's program lies outside the blob.
    BadProgram(u32),
}

impl core::fmt::Display for EnablingError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        match self {
            EnablingError::Truncated => write!(f, "the enabling is truncated or too large"),
            EnablingError::BadMagic => write!(f, "not an rdtrace enabling (bad magic)"),
            EnablingError::BadVersion => write!(f, "an enabling of another rdtrace version"),
            EnablingError::BadProgram(c) => {
                write!(f, "clause {c}: its program lies outside the enabling")
            }
        }
    }
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    let mut w = [0u8; 4];
    if let Some(s) = b.get(at..at + 4) {
        w.copy_from_slice(s);
    }
    u32::from_le_bytes(w)
}

fn u64_at(b: &[u8], at: usize) -> u64 {
    let mut w = [0u8; 8];
    if let Some(s) = b.get(at..at + 8) {
        w.copy_from_slice(s);
    }
    u64::from_le_bytes(w)
}

/// A parsed enabling, borrowing its bytes.
#[derive(Clone, Copy, Debug)]
pub struct Enabling<'a> {
    bytes: &'a [u8],
    nclauses: u32,
    nprobes: u32,
    meta_len: u32,
}

impl<'a> Enabling<'a> {
    /// Checks the header and that every table lies inside `bytes`.
    pub fn parse(bytes: &'a [u8]) -> Result<Enabling<'a>, EnablingError> {
        if bytes.len() < HEADER_LEN || bytes.len() > MAX_ENABLING {
            return Err(EnablingError::Truncated);
        }
        if bytes.get(..8) != Some(&MAGIC[..]) {
            return Err(EnablingError::BadMagic);
        }
        if u32_at(bytes, 8) != VERSION || u32_at(bytes, 12) != crate::ABI_VERSION {
            return Err(EnablingError::BadVersion);
        }
        let e = Enabling {
            bytes,
            nclauses: u32_at(bytes, 16),
            nprobes: u32_at(bytes, 20),
            meta_len: u32_at(bytes, 24),
        };
        let tables = (e.nclauses as usize)
            .checked_mul(CLAUSE_LEN)
            .and_then(|c| {
                (e.nprobes as usize)
                    .checked_mul(PROBE_LEN)
                    .and_then(|p| p.checked_add(c))
            })
            .and_then(|t| t.checked_add(HEADER_LEN))
            .and_then(|t| t.checked_add(e.meta_len as usize));
        match tables {
            Some(t) if t <= bytes.len() => {}
            _ => return Err(EnablingError::Truncated),
        }
        for i in 0..e.nclauses {
            let c = e.clause(i).ok_or(EnablingError::Truncated)?;
            let ok = e.program(c.actions, c.actions_len).is_some()
                && (c.predicate_len == 0 || e.program(c.predicate, c.predicate_len).is_some());
            if !ok {
                return Err(EnablingError::BadProgram(i));
            }
        }
        Ok(e)
    }

    /// The ENABLE arguments: the options, the counts; `clauses` and
    /// `probes` are 0 (the tables are in the blob).
    pub fn args(&self) -> EnableArgs {
        let b = self.bytes;
        EnableArgs {
            nclauses: self.nclauses,
            nprobes: self.nprobes,
            bufsize: u64_at(b, 32),
            bufpolicy: u32_at(b, 40),
            deadman_ms: u32_at(b, 44),
            dynvarsize: u64_at(b, 48),
            strsize: u32_at(b, 56),
            flags: u32_at(b, 60),
            specsize: u64_at(b, 64),
            nspec: u32_at(b, 72),
            aggsize: u32_at(b, 76),
            ..EnableArgs::default()
        }
    }

    /// Clause `i`: `predicate` and `actions` are offsets into the blob
    /// (read them with [`Enabling::program`]).
    pub fn clause(&self, i: u32) -> Option<ClauseSpec> {
        if i >= self.nclauses {
            return None;
        }
        let at = HEADER_LEN + i as usize * CLAUSE_LEN;
        let b = self.bytes.get(at..at + CLAUSE_LEN)?;
        Some(ClauseSpec {
            predicate: u64::from(u32_at(b, 0)),
            predicate_len: u32_at(b, 4),
            actions: u64::from(u32_at(b, 8)),
            actions_len: u32_at(b, 12),
        })
    }

    /// Probe `i`.
    pub fn probe(&self, i: u32) -> Option<ProbeSpec> {
        if i >= self.nprobes {
            return None;
        }
        let at = HEADER_LEN + self.nclauses as usize * CLAUSE_LEN + i as usize * PROBE_LEN;
        let b = self.bytes.get(at..at + PROBE_LEN)?;
        let mut p = ProbeSpec {
            addr: u64_at(b, 0),
            kind: u32_at(b, 8),
            clause: u32_at(b, 12),
            id: u32_at(b, 16),
            ..ProbeSpec::default()
        };
        p.module.copy_from_slice(b.get(20..20 + MODULE_LEN)?);
        p.function
            .copy_from_slice(b.get(20 + MODULE_LEN..PROBE_LEN)?);
        Some(p)
    }

    /// The `len` bytes at `offset`, if they lie inside the blob.
    pub fn program(&self, offset: u64, len: u32) -> Option<&'a [u8]> {
        let start = usize::try_from(offset).ok()?;
        let end = start.checked_add(len as usize)?;
        // Programs lie before the metadata.
        if end > self.bytes.len() - self.meta_len as usize {
            return None;
        }
        self.bytes.get(start..end)
    }

    /// The consumer's metadata section.
    pub fn meta(&self) -> &'a [u8] {
        let n = self.bytes.len();
        self.bytes.get(n - self.meta_len as usize..).unwrap_or(&[])
    }
}

/// One clause's programs, for [`encode`].
#[cfg(feature = "alloc")]
pub struct ClauseBlobs<'a> {
    /// The predicate, if any.
    pub predicate: Option<&'a [u8]>,
    /// The actions.
    pub actions: &'a [u8],
}

/// Writes an enabling: `args`' options (its `clauses`, `probes` and
/// counts are ignored), the clauses, the probes and the metadata.
#[cfg(feature = "alloc")]
pub fn encode(
    args: &EnableArgs,
    clauses: &[ClauseBlobs<'_>],
    probes: &[ProbeSpec],
    meta: &[u8],
) -> alloc::vec::Vec<u8> {
    let mut out = alloc::vec::Vec::new();
    out.extend_from_slice(&MAGIC);
    for w in [
        VERSION,
        crate::ABI_VERSION,
        clauses.len() as u32,
        probes.len() as u32,
        meta.len() as u32,
        0,
    ] {
        out.extend_from_slice(&w.to_le_bytes());
    }
    out.extend_from_slice(&args.bufsize.to_le_bytes());
    out.extend_from_slice(&args.bufpolicy.to_le_bytes());
    out.extend_from_slice(&args.deadman_ms.to_le_bytes());
    out.extend_from_slice(&args.dynvarsize.to_le_bytes());
    out.extend_from_slice(&args.strsize.to_le_bytes());
    out.extend_from_slice(&args.flags.to_le_bytes());
    out.extend_from_slice(&args.specsize.to_le_bytes());
    out.extend_from_slice(&args.nspec.to_le_bytes());
    out.extend_from_slice(&args.aggsize.to_le_bytes());
    debug_assert_eq!(out.len(), HEADER_LEN);
    let mut at = HEADER_LEN + clauses.len() * CLAUSE_LEN + probes.len() * PROBE_LEN;
    let mut programs = alloc::vec::Vec::new();
    for c in clauses {
        let mut place = |p: &[u8]| {
            let here = at as u32;
            programs.extend_from_slice(p);
            at += p.len();
            [here, p.len() as u32]
        };
        let pred = c.predicate.map_or([0, 0], &mut place);
        let act = place(c.actions);
        for w in [pred[0], pred[1], act[0], act[1]] {
            out.extend_from_slice(&w.to_le_bytes());
        }
    }
    for p in probes {
        out.extend_from_slice(&p.addr.to_le_bytes());
        out.extend_from_slice(&p.kind.to_le_bytes());
        out.extend_from_slice(&p.clause.to_le_bytes());
        out.extend_from_slice(&p.id.to_le_bytes());
        out.extend_from_slice(&p.module);
        out.extend_from_slice(&p.function);
    }
    out.extend_from_slice(&programs);
    out.extend_from_slice(meta);
    out
}

#[cfg(all(test, feature = "alloc"))]
mod tests {
    use super::*;

    fn sample() -> alloc::vec::Vec<u8> {
        let args = EnableArgs {
            bufsize: 1 << 20,
            bufpolicy: 1,
            deadman_ms: 5,
            dynvarsize: 7,
            strsize: 9,
            flags: 1,
            specsize: 11,
            nspec: 2,
            aggsize: 4096,
            ..EnableArgs::default()
        };
        let mut p = ProbeSpec {
            addr: 0xffff_8000_1234,
            kind: 1,
            clause: 1,
            id: 42,
            ..ProbeSpec::default()
        };
        p.module[..7].copy_from_slice(b"vmlinux");
        p.function[..9].copy_from_slice(b"ksys_read");
        let clauses = [
            ClauseBlobs {
                predicate: None,
                actions: b"AAAA",
            },
            ClauseBlobs {
                predicate: Some(b"PP"),
                actions: b"BBBBBB",
            },
        ];
        encode(&args, &clauses, &[p], b"{\"meta\":1}")
    }

    #[test]
    fn an_encoded_enabling_parses_back_to_what_was_encoded() {
        let blob = sample();
        let e = Enabling::parse(&blob).unwrap();
        let a = e.args();
        assert_eq!(
            (a.nclauses, a.nprobes, a.bufsize, a.bufpolicy, a.deadman_ms),
            (2, 1, 1 << 20, 1, 5)
        );
        assert_eq!(
            (a.dynvarsize, a.strsize, a.flags, a.specsize, a.nspec),
            (7, 9, 1, 11, 2)
        );
        assert_eq!(a.aggsize, 4096);
        let c0 = e.clause(0).unwrap();
        assert_eq!(
            (c0.predicate_len, e.program(c0.actions, c0.actions_len)),
            (0, Some(&b"AAAA"[..]))
        );
        let c1 = e.clause(1).unwrap();
        assert_eq!(e.program(c1.predicate, c1.predicate_len), Some(&b"PP"[..]));
        assert_eq!(e.program(c1.actions, c1.actions_len), Some(&b"BBBBBB"[..]));
        let p = e.probe(0).unwrap();
        assert_eq!(
            (p.addr, p.kind, p.clause, p.id),
            (0xffff_8000_1234, 1, 1, 42)
        );
        assert_eq!(crate::until_nul(&p.function), b"ksys_read");
        assert_eq!(e.meta(), b"{\"meta\":1}");
        assert!(e.clause(2).is_none() && e.probe(1).is_none());
    }

    #[test]
    fn damaged_enablings_are_refused_with_their_reason() {
        let blob = sample();
        assert_eq!(
            Enabling::parse(&blob[..HEADER_LEN - 1]).unwrap_err(),
            EnablingError::Truncated
        );
        assert_eq!(
            Enabling::parse(&blob[..blob.len() - 8]).unwrap_err(),
            EnablingError::BadProgram(1)
        );
        let mut bad = blob.clone();
        bad[0] = b'X';
        assert_eq!(Enabling::parse(&bad).unwrap_err(), EnablingError::BadMagic);
        let mut bad = blob.clone();
        bad[8] = 9;
        assert_eq!(
            Enabling::parse(&bad).unwrap_err(),
            EnablingError::BadVersion
        );
        let mut bad = blob.clone();
        bad[HEADER_LEN + 8] = 0xff; // clause 0's actions offset
        bad[HEADER_LEN + 9] = 0xff;
        assert_eq!(
            Enabling::parse(&bad).unwrap_err(),
            EnablingError::BadProgram(0)
        );
        // Every prefix is refused or parses; none panics.
        for n in 0..blob.len() {
            let _ = Enabling::parse(&blob[..n]);
        }
    }
}
