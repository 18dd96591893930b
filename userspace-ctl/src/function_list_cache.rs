//! ftrace's function list, kept in `/run/rdtrace` between runs. The
//! kernel formats the list afresh on every read, a kallsyms lookup per
//! function (half a second of every fbt run under TCG), yet it changes only
//! when the kernel boots or a module comes or goes: the copy is keyed by
//! the boot and the loaded modules, and read again when either differs.
//! It is kept split ([`FunctionTable`]), as a run uses it.

use crate::function_table::FunctionTable;
use std::collections::hash_map::DefaultHasher;
use std::fs::{self, File};
use std::hash::{Hash, Hasher};
use std::io::{self, BufRead, BufReader, Read, Write};
use std::os::unix::fs::{DirBuilderExt, MetadataExt, OpenOptionsExt};
use std::path::{Path, PathBuf};

/// Where the copy is kept: root's, on a tmpfs that a boot empties.
const CACHE_DIR: &str = "/run/rdtrace";
/// The copy's first line: this tag, then the key.
const TAG: &str = "rdtrace function table 1";

/// The list at `list` (ftrace's `available_filter_functions_addrs`). The
/// kernel's file is opened first in every case, so that what refuses it
/// (no tracefs, no privilege, lockdown) refuses the copy too.
pub fn read(list: &Path) -> io::Result<FunctionTable> {
    read_in(list, Path::new(CACHE_DIR))
}

fn read_in(list: &Path, dir: &Path) -> io::Result<FunctionTable> {
    let mut file = File::open(list)?;
    let key = current_key();
    if let Some(table) = key.as_deref().and_then(|k| cached(dir, k)) {
        return Ok(table);
    }
    let mut text = String::new();
    file.read_to_string(&mut text)?;
    let table = FunctionTable::parse(text);
    if let Some(key) = key {
        // A copy that cannot be written only costs the next run the read.
        let _ = store(dir, &key, &table);
    }
    Ok(table)
}

/// The boot and the loaded modules, or `None` when they cannot be told
/// apart reliably (then nothing is cached).
fn current_key() -> Option<String> {
    let boot = fs::read_to_string("/proc/sys/kernel/random/boot_id").ok()?;
    let modules = fs::read_to_string("/proc/modules").ok()?;
    key(boot.trim(), &modules)
}

/// The key for boot `boot` with `/proc/modules` reading `modules`: each
/// module's name, size, state and address, not its use count or users
/// (they change as it is used). None while a module is loading or
/// unloading (its init functions come and go), or when the addresses are
/// hidden (`kptr_restrict`): a module loaded again elsewhere would look
/// the same.
fn key(boot: &str, modules: &str) -> Option<String> {
    let mut hash = DefaultHasher::new();
    for line in modules.lines() {
        let f: Vec<&str> = line.split_whitespace().collect();
        let (name, size, state, addr) = (f.first()?, f.get(1)?, f.get(4)?, f.get(5)?);
        let hidden = addr.trim_start_matches("0x").bytes().all(|b| b == b'0');
        if *state != "Live" || hidden {
            return None;
        }
        (name, size, addr).hash(&mut hash);
    }
    Some(format!("{boot} {:016x}", hash.finish()))
}

fn cache_file(dir: &Path) -> PathBuf {
    dir.join("functions")
}

/// The copy in `dir` if it was made under `key` and only its owner, root
/// or this user, can have written it.
fn cached(dir: &Path, key: &str) -> Option<FunctionTable> {
    let path = cache_file(dir);
    let meta = fs::symlink_metadata(&path).ok()?;
    // SAFETY: geteuid has no preconditions and cannot fail.
    let me = unsafe { libc::geteuid() };
    if !meta.is_file() || meta.uid() != me || meta.mode() & 0o022 != 0 {
        return None;
    }
    let mut file = BufReader::new(File::open(&path).ok()?);
    let mut header = String::new();
    file.read_line(&mut header).ok()?;
    if header.strip_prefix(TAG)?.trim() != key {
        return None;
    }
    FunctionTable::read_from(&mut file)
}

/// Writes the copy whole (a reader sees the old one or the new one).
fn store(dir: &Path, key: &str, table: &FunctionTable) -> io::Result<()> {
    fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(dir)?;
    let tmp = dir.join(format!("functions.{}", std::process::id()));
    let mut f = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(&tmp)?;
    let written = writeln!(f, "{TAG} {key}")
        .and_then(|()| f.write_all(&table.to_bytes()))
        .and_then(|()| fs::rename(&tmp, cache_file(dir)));
    if written.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    written
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fresh directory of this test's own.
    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("rdtrace-flc-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        dir
    }

    const MODULES: &str = "rdbench 16384 0 - Live 0xffffffffc0200000 (O)\n\
                           rdtrace 364544 2 - Live 0xffffffffc0210000 (O)\n";

    #[test]
    fn key_follows_the_boot_and_the_modules_but_not_their_use() {
        let k = key("b1", MODULES).unwrap();
        assert_eq!(
            key("b1", &MODULES.replace(" 2 - ", " 5 rdbench, ")),
            Some(k.clone())
        );
        assert_ne!(key("b2", MODULES), Some(k.clone()));
        assert_ne!(
            key("b1", &MODULES.replace("c0200000", "c0300000")),
            Some(k.clone())
        );
        assert_ne!(key("b1", MODULES.lines().nth(1).unwrap()), Some(k.clone()));
        assert_eq!(
            key("b1", ""),
            Some(format!("b1 {:016x}", DefaultHasher::new().finish()))
        );
    }

    #[test]
    fn nothing_is_cached_while_a_module_loads_or_addresses_are_hidden() {
        assert_eq!(key("b", &MODULES.replace("Live", "Loading")), None);
        assert_eq!(
            key(
                "b",
                &MODULES.replace("0xffffffffc0200000", "0x0000000000000000")
            ),
            None
        );
        assert_eq!(key("b", "rdbench 16384\n"), None);
    }

    #[test]
    fn a_copy_is_used_under_its_key_only() {
        let dir = scratch("key");
        let cache = dir.join("cache");
        let list = dir.join("list");
        fs::write(&list, "ffffffff81000000 ksys_read\n").unwrap();
        let table = FunctionTable::parse("ffffffff81000010 vfs_read\n".into());
        store(&cache, "k1", &table).unwrap();
        assert_eq!(cached(&cache, "k1").as_ref(), Some(&table));
        assert_eq!(cached(&cache, "k2"), None);
        let mode = fs::metadata(cache_file(&cache)).unwrap().mode() & 0o777;
        assert_eq!(mode, 0o600);
        assert_eq!(fs::metadata(&cache).unwrap().mode() & 0o777, 0o700);
        // No leftover temporary file.
        assert_eq!(fs::read_dir(&cache).unwrap().count(), 1);
        // The kernel's file is opened first: without it, no copy is read.
        assert!(read_in(&dir.join("absent"), &cache).is_err());
        fs::remove_dir_all(dir).unwrap();
    }

    #[test]
    fn a_copy_others_can_write_is_not_trusted() {
        use std::os::unix::fs::PermissionsExt;
        let dir = scratch("mode");
        let table = FunctionTable::parse("ffffffff81000010 vfs_read\n".into());
        store(&dir, "k", &table).unwrap();
        assert!(cached(&dir, "k").is_some());
        fs::set_permissions(cache_file(&dir), fs::Permissions::from_mode(0o666)).unwrap();
        assert_eq!(cached(&dir, "k"), None);
        fs::remove_dir_all(dir).unwrap();
    }
}
