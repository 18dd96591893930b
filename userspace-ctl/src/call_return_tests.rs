use super::*;
use crate::compiler::btf::tests::Blob;
use crate::consumer::{kernel_specs, show_as_enabled, shown_specs, ClausePlan, Options};
use crate::probes::Probe;
use rdtrace_uapi::trace::{PROBE_ENTRY, PROBE_KRETPROBE, PROBE_SYSCALL_RETURN};
use std::borrow::Cow;

/// A BTF directory whose vmlinux has `int ok(int)` and `int many(void *
/// x7)`.
fn btf_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("rdtrace-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let mut b = Blob::default();
    b.int("int", 4, true); // 1
    b.ptr(0); // 2
    b.func("ok", 1, &[("x", 1)], 3); // 3, 4
    b.func("many", 1, &[("p", 2); 7], 5); // 5, 6
    let base = b.bytes();
    // A module's `int many(int)`: not vmlinux's of the same name.
    let mut m = Blob::split_on(&base);
    m.func("many", 1, &[("x", 1)], 7); // 7, 8
    m.func("modf", 1, &[("p", 2); 2], 9); // 9, 10
    std::fs::write(dir.join("vmlinux"), base).unwrap();
    std::fs::write(dir.join("mod"), m.bytes()).unwrap();
    dir
}

fn probe(kind: u32, provider: &'static str, function: &str) -> Probe {
    let (module, function) = function.split_once(':').unwrap_or(("vmlinux", function));
    Probe {
        id: 1,
        kind,
        addr: 0,
        provider,
        module: Cow::Owned(module.into()),
        function: function.to_string().into(),
        name: Cow::Borrowed("return"),
        under: None,
    }
}

fn plans() -> Vec<ClausePlan> {
    let probes = vec![
        probe(PROBE_RETURN, "fbt", "ok"),
        probe(PROBE_RETURN, "fbt", "many"),
        probe(PROBE_ENTRY, "fbt", "ok"),
        probe(PROBE_SYSCALL_RETURN, "syscall", "ok"),
        probe(PROBE_KRETPROBE, "kprobe", "ok"),
        probe(PROBE_RETURN, "fbt", "nosuch"),
        probe(PROBE_RETURN, "fbt", "mod:many"),
        probe(PROBE_RETURN, "fbt", "nomod:ok"),
    ];
    vec![ClausePlan {
        probes,
        ..ClausePlan::default()
    }]
}

fn kinds(specs: &[ProbeSpec]) -> Vec<u32> {
    specs.iter().map(|s| s.kind).collect()
}

#[test]
fn only_eligible_fbt_returns_carry_the_flag() {
    let dir = btf_dir("callret-mark");
    let specs = kernel_specs(&plans(), &Options::default(), &mut BtfFiles::in_dir(&dir));
    let plain = [
        PROBE_RETURN,
        PROBE_ENTRY,
        PROBE_SYSCALL_RETURN,
        PROBE_KRETPROBE,
        PROBE_RETURN,
    ];
    let mut want = vec![PROBE_RETURN | PROBE_REGISTER_ARGS];
    want.extend(plain);
    want.extend([PROBE_RETURN | PROBE_REGISTER_ARGS, PROBE_RETURN]);
    assert_eq!(kinds(&specs), want);
    // What is shown keeps the plain kind.
    assert_eq!(kinds(&shown_specs(&plans(), 0))[0], PROBE_RETURN);
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn nocallreturn_or_no_btf_marks_nothing() {
    let dir = btf_dir("callret-off");
    let mut settings = crate::settings::Settings::default();
    settings.set_x("nocallreturn").unwrap();
    let opts = settings.consumer();
    let off = kernel_specs(&plans(), &opts, &mut BtfFiles::in_dir(&dir));
    assert!(off.iter().all(|s| s.kind & PROBE_REGISTER_ARGS == 0));
    let gone = dir.join("nosuch");
    let none = kernel_specs(&plans(), &Options::default(), &mut BtfFiles::in_dir(&gone));
    assert_eq!(kinds(&none), kinds(&shown_specs(&plans(), 0)));
    std::fs::remove_dir_all(dir).unwrap();
}

#[test]
fn a_module_function_is_read_from_its_split_btf() {
    let dir = btf_dir("callret-split");
    let mut files = BtfFiles::in_dir(&dir);
    let module = files.get("mod").unwrap();
    assert!(register_args::eligible(module, "many"));
    assert!(register_args::eligible(module, "modf"));
    assert!(!register_args::eligible(module, "ok"));
    assert!(!register_args::eligible(
        files.get("vmlinux").unwrap(),
        "many"
    ));
    assert!(files.get("nomodule").is_none());
    assert!(files.get("../vmlinux").is_none());
    std::fs::remove_dir_all(dir).unwrap();
}

/// The VM kernel's BTF and rdbench's (RDTRACE_BTF and an `rdbench` file
/// beside it, `.BTF` of vmlinux and of rdbench.ko): the bench target is
/// eligible.
#[test]
fn the_bench_target_is_eligible() {
    let Some(vmlinux) = std::env::var_os("RDTRACE_BTF").map(PathBuf::from) else {
        return;
    };
    if !vmlinux.with_file_name("rdbench").exists() {
        return;
    }
    for few in [false, true] {
        let mut files = BtfFiles::system();
        files.few = few;
        let k = files.get("rdbench").expect("rdbench's split BTF");
        assert!(register_args::eligible(k, "rdbench_target"));
        // vmlinux's functions are not the module's.
        assert!(!register_args::eligible(k, "ksys_read"));
        assert!(register_args::eligible(
            files.get("vmlinux").unwrap(),
            "ksys_read"
        ));
    }
}

#[test]
fn enabled_specs_turn_into_the_shown_ones() {
    let dir = btf_dir("callret-shown");
    let mut plans = plans();
    // A stable provider's probe on an eligible return: shown under its
    // own names, enabled as the return.
    let mut exit = probe(PROBE_RETURN, "proc", "ok");
    exit.module = Cow::Borrowed("");
    exit.name = Cow::Borrowed("exit");
    exit.under = Some(Box::new(("vmlinux".into(), "ok".into())));
    plans[0].probes.push(exit);
    let mut specs = kernel_specs(&plans, &Options::default(), &mut BtfFiles::in_dir(&dir));
    assert_eq!(
        specs.last().unwrap().kind,
        PROBE_RETURN | PROBE_REGISTER_ARGS
    );
    show_as_enabled(&mut specs, &plans, 0);
    assert_eq!(specs, shown_specs(&plans, 0));
    std::fs::remove_dir_all(dir).unwrap();
}
