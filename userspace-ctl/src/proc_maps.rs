//! A process's mapped objects, from `/proc/PID/maps`: each file mapped
//! executable, with its mappings, so that a symbol's file offset (from its
//! ELF) becomes an address in that process. The pid provider names them as
//! DTrace does ([`Object::name`]): the basename, `a.out` also for the
//! executable.

use std::path::Path;

/// One line of `/proc/PID/maps` that maps a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    /// First address.
    pub start: u64,
    /// One past the last address.
    pub end: u64,
    /// The file offset mapped at `start`.
    pub offset: u64,
    /// Whether the mapping is executable.
    pub exec: bool,
    /// The file's path.
    pub path: String,
}

/// A file the process maps code from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Object {
    /// The file's path.
    pub path: String,
    /// Whether it is the process's executable (`a.out`).
    pub executable: bool,
    /// Its mappings, in address order.
    pub mappings: Vec<Mapping>,
}

impl Object {
    /// Its module name: the basename (`libc.so.6`).
    pub fn name(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or(&self.path)
    }

    /// The names a description's module field may give it, as DTrace takes
    /// them: the path, the basename, each prefix of the basename up to a
    /// `.` (`libc`, `libc.so`), and `a.out` for the executable.
    pub fn aliases(&self) -> Vec<&str> {
        let name = self.name();
        let mut out = vec![self.path.as_str(), name];
        out.extend(
            name.match_indices('.')
                .map(|(i, _)| &name[..i])
                .filter(|p| !p.is_empty()),
        );
        if self.executable {
            out.push("a.out");
        }
        out
    }

    /// The address in the process of file offset `offset`, if mapped.
    pub fn address_of(&self, offset: u64) -> Option<u64> {
        self.mappings
            .iter()
            .find(|m| m.offset <= offset && offset - m.offset < m.end - m.start)
            .map(|m| m.start + (offset - m.offset))
    }
}

/// Parses one maps line; `None` for one that maps no file.
fn parse_line(line: &str) -> Option<Mapping> {
    let mut it = line.splitn(6, ' ');
    let (range, perms, offset) = (it.next()?, it.next()?, it.next()?);
    let (_dev, _inode) = (it.next()?, it.next()?);
    let path = it.next()?.trim_start();
    if !path.starts_with('/') || path.ends_with(" (deleted)") {
        return None;
    }
    let (start, end) = range.split_once('-')?;
    Some(Mapping {
        start: u64::from_str_radix(start, 16).ok()?,
        end: u64::from_str_radix(end, 16).ok()?,
        offset: u64::from_str_radix(offset, 16).ok()?,
        exec: perms.as_bytes().get(2) == Some(&b'x'),
        path: path.to_string(),
    })
}

/// The objects of maps text `maps` that map code, in the order first
/// mapped; `exe` is the executable's path.
pub fn parse(maps: &str, exe: &str) -> Vec<Object> {
    let mut objects: Vec<Object> = Vec::new();
    for m in maps.lines().filter_map(parse_line) {
        match objects.iter_mut().find(|o| o.path == m.path) {
            Some(o) => o.mappings.push(m),
            None => objects.push(Object {
                executable: m.path == exe,
                path: m.path.clone(),
                mappings: vec![m],
            }),
        }
    }
    objects.retain(|o| o.mappings.iter().any(|m| m.exec));
    objects
}

/// The objects process `pid` maps code from; an error if it cannot be
/// read (no such process, or not ours to read).
pub fn load(pid: u32) -> std::io::Result<Vec<Object>> {
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps"))?;
    let exe = std::fs::read_link(format!("/proc/{pid}/exe"))?;
    Ok(parse(&maps, &exe.to_string_lossy()))
}

/// Where to read an object's file from: through the process's root, so
/// that a process in another mount namespace or chroot is read right.
pub fn file_path(pid: u32, object: &Object) -> std::path::PathBuf {
    let root = format!("/proc/{pid}/root");
    if Path::new(&root).exists() {
        Path::new(&root).join(object.path.trim_start_matches('/'))
    } else {
        object.path.clone().into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAPS: &str = "\
55d0c0a00000-55d0c0a01000 r--p 00000000 08:01 1234    /tmp/d/prog
55d0c0a01000-55d0c0a02000 r-xp 00001000 08:01 1234    /tmp/d/prog
55d0c0a02000-55d0c0a03000 r--p 00002000 08:01 1234    /tmp/d/prog
55d0c1000000-55d0c1021000 rw-p 00000000 00:00 0       [heap]
7f1c2a000000-7f1c2a028000 r--p 00000000 08:01 77      /usr/lib/x86_64-linux-gnu/libc.so.6
7f1c2a028000-7f1c2a1bd000 r-xp 00028000 08:01 77      /usr/lib/x86_64-linux-gnu/libc.so.6
7f1c2a300000-7f1c2a301000 r--p 00000000 08:01 99      /usr/share/locale/x.mo
7f1c2a400000-7f1c2a401000 r-xp 00000000 08:01 98      /tmp/gone.so (deleted)
7ffd3a000000-7ffd3a021000 rw-p 00000000 00:00 0       [stack]
";

    #[test]
    fn code_objects_with_their_mappings_and_dtrace_names() {
        let objects = parse(MAPS, "/tmp/d/prog");
        let names: Vec<&str> = objects.iter().map(Object::name).collect();
        assert_eq!(names, ["prog", "libc.so.6"]);
        assert!(objects[0].executable && !objects[1].executable);
        assert_eq!(objects[0].mappings.len(), 3);
        assert_eq!(
            objects[1].aliases(),
            [
                "/usr/lib/x86_64-linux-gnu/libc.so.6",
                "libc.so.6",
                "libc",
                "libc.so"
            ]
        );
        assert_eq!(objects[0].aliases(), ["/tmp/d/prog", "prog", "a.out"]);
    }

    #[test]
    fn a_file_offset_is_found_in_the_mapping_that_holds_it() {
        let objects = parse(MAPS, "/tmp/d/prog");
        assert_eq!(objects[0].address_of(0x1139), Some(0x55d0c0a01139));
        assert_eq!(objects[1].address_of(0x28000), Some(0x7f1c2a028000));
        assert_eq!(objects[1].address_of(0x1bd000), None);
        assert_eq!(objects[0].address_of(0x3000), None);
    }
}
