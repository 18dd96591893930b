//! Keeps `rdtrace.h` in sync with the Rust ABI: compiles a C program that
//! prints the header's sizes, offsets and constants and compares each one.

use rdtrace_uapi::info::{feature, Info, RELEASE_LEN};
use rdtrace_uapi::ioctl::RDTRACE_IOC_INFO;
use std::collections::HashMap;
use std::mem::{offset_of, size_of};
use std::process::Command;

const PROBE: &str = r#"
#include <stdio.h>
#include <stddef.h>
#include "rdtrace.h"
#define P(name, v) printf("%s %llu\n", name, (unsigned long long)(v))
int main(void) {
    P("abi", RDTRACE_ABI_VERSION);
    P("magic", RDTRACE_IOC_MAGIC);
    P("release_len", RDTRACE_RELEASE_LEN);
    P("info.size", sizeof(struct rdtrace_info));
    P("info.abi_version", offsetof(struct rdtrace_info, abi_version));
    P("info.online_cpus", offsetof(struct rdtrace_info, online_cpus));
    P("info.possible_cpus", offsetof(struct rdtrace_info, possible_cpus));
    P("info.features", offsetof(struct rdtrace_info, features));
    P("info.ftrace_functions", offsetof(struct rdtrace_info, ftrace_functions));
    P("info.release", offsetof(struct rdtrace_info, release));
    P("ioc.info", RDTRACE_IOC_INFO);
    P("feat.ftrace", RDTRACE_FEAT_FTRACE);
    P("feat.ftrace_direct", RDTRACE_FEAT_FTRACE_DIRECT);
    P("feat.fprobe", RDTRACE_FEAT_FPROBE);
    P("feat.kprobes", RDTRACE_FEAT_KPROBES);
    P("feat.kretprobes", RDTRACE_FEAT_KRETPROBES);
    P("feat.kprobes_on_ftrace", RDTRACE_FEAT_KPROBES_ON_FTRACE);
    return 0;
}
"#;

fn c_values() -> HashMap<String, u64> {
    let dir = std::env::temp_dir().join(format!("rdtrace-h-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let src = dir.join("probe.c");
    let bin = dir.join("probe");
    std::fs::write(&src, PROBE).unwrap();
    let cc = std::env::var("CC").unwrap_or_else(|_| "cc".into());
    let status = Command::new(cc)
        .arg("-Wall")
        .arg("-Werror")
        .arg("-I")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .arg(&src)
        .arg("-o")
        .arg(&bin)
        .status()
        .expect("a C compiler");
    assert!(status.success(), "rdtrace.h does not compile");
    let out = Command::new(&bin).output().unwrap();
    std::fs::remove_dir_all(&dir).ok();
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(|l| {
            let (k, v) = l.split_once(' ').unwrap();
            (k.to_string(), v.parse().unwrap())
        })
        .collect()
}

#[test]
fn c_header_matches_rust() {
    let c = c_values();
    let rust: [(&str, u64); 17] = [
        ("abi", rdtrace_uapi::ABI_VERSION.into()),
        ("magic", rdtrace_uapi::ioctl::IOC_MAGIC.into()),
        ("release_len", RELEASE_LEN as u64),
        ("info.size", size_of::<Info>() as u64),
        ("info.abi_version", offset_of!(Info, abi_version) as u64),
        ("info.online_cpus", offset_of!(Info, online_cpus) as u64),
        ("info.possible_cpus", offset_of!(Info, possible_cpus) as u64),
        ("info.features", offset_of!(Info, features) as u64),
        (
            "info.ftrace_functions",
            offset_of!(Info, ftrace_functions) as u64,
        ),
        ("info.release", offset_of!(Info, release) as u64),
        ("ioc.info", RDTRACE_IOC_INFO.into()),
        ("feat.ftrace", feature::FTRACE),
        ("feat.ftrace_direct", feature::FTRACE_DIRECT),
        ("feat.fprobe", feature::FPROBE),
        ("feat.kprobes", feature::KPROBES),
        ("feat.kretprobes", feature::KRETPROBES),
        ("feat.kprobes_on_ftrace", feature::KPROBES_ON_FTRACE),
    ];
    for (name, value) in rust {
        assert_eq!(c.get(name), Some(&value), "rdtrace.h disagrees on {name}");
    }
    assert_eq!(
        c.len(),
        rust.len(),
        "a constant is checked on one side only"
    );
}
