//! Keeps `rdtrace.h` in sync with the Rust ABI: compiles a C program that
//! prints the header's sizes, offsets and constants and compares each one.

use rdtrace_uapi::info::{feature, Info, RELEASE_LEN};
use rdtrace_uapi::ioctl::*;
use rdtrace_uapi::load::{LoadArgs, LoadResult, LOAD_TEST_RUN, MAX_BLOB, MESSAGE_LEN};
use rdtrace_uapi::trace::*;
use std::collections::HashMap;
use std::mem::{offset_of, size_of};
use std::process::Command;

const PROBE: &str = r#"
#include <stdio.h>
#include <stddef.h>
#include "rdtrace.h"
#include "rdtrace_kapi.h"
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
    P("kapi.idle", RDTRACE_KAPI_STATE_IDLE);
    P("kapi.enabled", RDTRACE_KAPI_STATE_ENABLED);
    P("kapi.active", RDTRACE_KAPI_STATE_ACTIVE);
    P("kapi.stopped", RDTRACE_KAPI_STATE_STOPPED);
    P("kapi.exited", RDTRACE_KAPI_STATE_EXITED);
    P("kapi.deadman", RDTRACE_KAPI_STATE_DEADMAN);
    P("ioc.info", RDTRACE_IOC_INFO);
    P("ioc.load", RDTRACE_IOC_LOAD);
    P("load.max_blob", RDTRACE_LOAD_MAX_BLOB);
    P("load.test_run", RDTRACE_LOAD_TEST_RUN);
    P("load.message_len", RDTRACE_LOAD_MESSAGE_LEN);
    P("args.size", sizeof(struct rdtrace_load_args));
    P("args.prog_len", offsetof(struct rdtrace_load_args, prog_len));
    P("args.flags", offsetof(struct rdtrace_load_args, flags));
    P("args.args", offsetof(struct rdtrace_load_args, args));
    P("args.result", offsetof(struct rdtrace_load_args, result));
    P("result.size", sizeof(struct rdtrace_load_result));
    P("result.bound", offsetof(struct rdtrace_load_result, bound));
    P("result.retval", offsetof(struct rdtrace_load_result, retval));
    P("result.executed", offsetof(struct rdtrace_load_result, executed));
    P("result.fault", offsetof(struct rdtrace_load_result, fault));
    P("result.fault_insn", offsetof(struct rdtrace_load_result, fault_insn));
    P("result.fault_addr", offsetof(struct rdtrace_load_result, fault_addr));
    P("result.message", offsetof(struct rdtrace_load_result, message));
    P("ioc.enable", RDTRACE_IOC_ENABLE);
    P("ioc.go", RDTRACE_IOC_GO);
    P("ioc.stop", RDTRACE_IOC_STOP);
    P("ioc.read", RDTRACE_IOC_READ);
    P("ioc.status", RDTRACE_IOC_STATUS);
    P("ioc.aggsnap", RDTRACE_IOC_AGGSNAP);
    P("ioc.claim", RDTRACE_IOC_CLAIM);
    P("ioc.functions", RDTRACE_IOC_FUNCTIONS);
    P("kapi.aggsnap_bytes", RDTRACE_KAPI_AGGSNAP_BYTES);
    P("probe.entry", RDTRACE_PROBE_ENTRY);
    P("probe.return", RDTRACE_PROBE_RETURN);
    P("probe.begin", RDTRACE_PROBE_BEGIN);
    P("probe.end", RDTRACE_PROBE_END);
    P("probe.tick", RDTRACE_PROBE_TICK);
    P("probe.profile", RDTRACE_PROBE_PROFILE);
    P("probe.error", RDTRACE_PROBE_ERROR);
    P("probe.syscall_entry", RDTRACE_PROBE_SYSCALL_ENTRY);
    P("probe.syscall_return", RDTRACE_PROBE_SYSCALL_RETURN);
    P("probe.tracepoint", RDTRACE_PROBE_TRACEPOINT);
    P("probe.kprobe", RDTRACE_PROBE_KPROBE);
    P("probe.kretprobe", RDTRACE_PROBE_KRETPROBE);
    P("probe.uprobe", RDTRACE_PROBE_UPROBE);
    P("probe.uretprobe", RDTRACE_PROBE_URETPROBE);
    P("probe.max_kretprobe_active", RDTRACE_MAX_KRETPROBE_ACTIVE);
    P("probe.min_timer_period", RDTRACE_MIN_TIMER_PERIOD_NS);
    P("enable.destructive", RDTRACE_ENABLE_DESTRUCTIVE);
    P("enable.shared_entry", RDTRACE_ENABLE_SHARED_ENTRY);
    P("enable.no_record_time", RDTRACE_ENABLE_NO_RECORD_TIME);
    P("policy.fill", RDTRACE_BUFPOLICY_FILL);
    P("policy.ring", RDTRACE_BUFPOLICY_RING);
    P("clause.size", sizeof(struct rdtrace_clause_spec));
    P("clause.actions", offsetof(struct rdtrace_clause_spec, actions));
    P("pspec.size", sizeof(struct rdtrace_probe_spec));
    P("pspec.id", offsetof(struct rdtrace_probe_spec, id));
    P("pspec.pid", offsetof(struct rdtrace_probe_spec, pid));
    P("pspec.module", offsetof(struct rdtrace_probe_spec, module));
    P("pspec.function", offsetof(struct rdtrace_probe_spec, function));
    P("enable.size", sizeof(struct rdtrace_enable_args));
    P("enable.bufsize", offsetof(struct rdtrace_enable_args, bufsize));
    P("enable.error_probe", offsetof(struct rdtrace_enable_args, error_probe));
    P("enable.message", offsetof(struct rdtrace_enable_args, message));
    P("enable.dynvarsize", offsetof(struct rdtrace_enable_args, dynvarsize));
    P("enable.flags", offsetof(struct rdtrace_enable_args, flags));
    P("enable.specsize", offsetof(struct rdtrace_enable_args, specsize));
    P("enable.nspec", offsetof(struct rdtrace_enable_args, nspec));
    P("enable.usdt", offsetof(struct rdtrace_enable_args, usdt));
    P("enable.nusdt", offsetof(struct rdtrace_enable_args, nusdt));
    P("usdt.max_args", RDTRACE_USDT_MAX_ARGS);
    P("usdt.const", RDTRACE_USDT_ARG_CONST);
    P("usdt.reg", RDTRACE_USDT_ARG_REG);
    P("usdt.mem", RDTRACE_USDT_ARG_MEM);
    P("usdt.abs", RDTRACE_USDT_ARG_ABS);
    P("usdtarg.size", sizeof(struct rdtrace_usdt_arg));
    P("usdtarg.kind", offsetof(struct rdtrace_usdt_arg, kind));
    P("usdtarg.reg", offsetof(struct rdtrace_usdt_arg, reg));
    P("usdtspec.size", sizeof(struct rdtrace_usdt_spec));
    P("usdtspec.addr", offsetof(struct rdtrace_usdt_spec, addr));
    P("usdtspec.semaphore", offsetof(struct rdtrace_usdt_spec, semaphore));
    P("usdtspec.args", offsetof(struct rdtrace_usdt_spec, args));
    P("read.size", sizeof(struct rdtrace_read_args));
    P("read.copied", offsetof(struct rdtrace_read_args, copied));
    P("status.size", sizeof(struct rdtrace_status_args));
    P("status.exit_status", offsetof(struct rdtrace_status_args, exit_status));
    P("status.cpus", offsetof(struct rdtrace_status_args, cpus));
    P("status.spec_unavail", offsetof(struct rdtrace_status_args, spec_unavail));
    P("status.missed_kprobes", offsetof(struct rdtrace_status_args, missed_kprobes));
    P("cpustatus.size", sizeof(struct rdtrace_cpu_status));
    P("cpustatus.spec_drops_full", offsetof(struct rdtrace_cpu_status, spec_drops_full));
    P("record.header", RDTRACE_RECORD_HEADER);
    P("record.epid_error", RDTRACE_EPID_ERROR);
    P("record.item_fault", RDTRACE_ITEM_FAULT);
    P("record.item_stack", RDTRACE_ITEM_STACK);
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
    let rust = [
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
        ("kapi.idle", STATE_IDLE.into()),
        ("kapi.enabled", STATE_ENABLED.into()),
        ("kapi.active", STATE_ACTIVE.into()),
        ("kapi.stopped", STATE_STOPPED.into()),
        ("kapi.exited", STATE_EXITED.into()),
        ("kapi.deadman", STATE_DEADMAN.into()),
        ("ioc.info", RDTRACE_IOC_INFO.into()),
        ("ioc.load", RDTRACE_IOC_LOAD.into()),
        ("load.max_blob", MAX_BLOB.into()),
        ("load.test_run", LOAD_TEST_RUN.into()),
        ("load.message_len", MESSAGE_LEN as u64),
        ("args.size", size_of::<LoadArgs>() as u64),
        ("args.prog_len", offset_of!(LoadArgs, prog_len) as u64),
        ("args.flags", offset_of!(LoadArgs, flags) as u64),
        ("args.args", offset_of!(LoadArgs, args) as u64),
        ("args.result", offset_of!(LoadArgs, result) as u64),
        ("result.size", size_of::<LoadResult>() as u64),
        ("result.bound", offset_of!(LoadResult, bound) as u64),
        ("result.retval", offset_of!(LoadResult, retval) as u64),
        ("result.executed", offset_of!(LoadResult, executed) as u64),
        ("result.fault", offset_of!(LoadResult, fault) as u64),
        (
            "result.fault_insn",
            offset_of!(LoadResult, fault_insn) as u64,
        ),
        (
            "result.fault_addr",
            offset_of!(LoadResult, fault_addr) as u64,
        ),
        ("result.message", offset_of!(LoadResult, message) as u64),
        ("ioc.enable", RDTRACE_IOC_ENABLE.into()),
        ("ioc.go", RDTRACE_IOC_GO.into()),
        ("ioc.stop", RDTRACE_IOC_STOP.into()),
        ("ioc.read", RDTRACE_IOC_READ.into()),
        ("ioc.status", RDTRACE_IOC_STATUS.into()),
        ("ioc.aggsnap", RDTRACE_IOC_AGGSNAP.into()),
        ("ioc.claim", RDTRACE_IOC_CLAIM.into()),
        ("ioc.functions", RDTRACE_IOC_FUNCTIONS.into()),
        (
            "kapi.aggsnap_bytes",
            rdtrace_uapi::aggs::AGG_BYTES_PER_CPU as u64,
        ),
        ("probe.entry", PROBE_ENTRY.into()),
        ("probe.return", PROBE_RETURN.into()),
        ("probe.begin", PROBE_BEGIN.into()),
        ("probe.end", PROBE_END.into()),
        ("probe.tick", PROBE_TICK.into()),
        ("probe.profile", PROBE_PROFILE.into()),
        ("probe.error", PROBE_ERROR.into()),
        ("probe.syscall_entry", PROBE_SYSCALL_ENTRY.into()),
        ("probe.syscall_return", PROBE_SYSCALL_RETURN.into()),
        ("probe.tracepoint", PROBE_TRACEPOINT.into()),
        ("probe.kprobe", PROBE_KPROBE.into()),
        ("probe.kretprobe", PROBE_KRETPROBE.into()),
        ("probe.uprobe", PROBE_UPROBE.into()),
        ("probe.uretprobe", PROBE_URETPROBE.into()),
        ("probe.max_kretprobe_active", MAX_KRETPROBE_ACTIVE),
        ("probe.min_timer_period", MIN_TIMER_PERIOD_NS),
        ("enable.destructive", ENABLE_DESTRUCTIVE.into()),
        ("enable.shared_entry", ENABLE_SHARED_ENTRY.into()),
        ("enable.no_record_time", ENABLE_NO_RECORD_TIME.into()),
        ("policy.fill", BUFPOLICY_FILL.into()),
        ("policy.ring", BUFPOLICY_RING.into()),
        ("clause.size", size_of::<ClauseSpec>() as u64),
        ("clause.actions", offset_of!(ClauseSpec, actions) as u64),
        ("pspec.size", size_of::<ProbeSpec>() as u64),
        ("pspec.id", offset_of!(ProbeSpec, id) as u64),
        ("pspec.pid", offset_of!(ProbeSpec, pid) as u64),
        ("pspec.module", offset_of!(ProbeSpec, module) as u64),
        ("pspec.function", offset_of!(ProbeSpec, function) as u64),
        ("enable.size", size_of::<EnableArgs>() as u64),
        ("enable.bufsize", offset_of!(EnableArgs, bufsize) as u64),
        (
            "enable.error_probe",
            offset_of!(EnableArgs, error_probe) as u64,
        ),
        ("enable.message", offset_of!(EnableArgs, message) as u64),
        (
            "enable.dynvarsize",
            offset_of!(EnableArgs, dynvarsize) as u64,
        ),
        ("enable.flags", offset_of!(EnableArgs, flags) as u64),
        ("enable.specsize", offset_of!(EnableArgs, specsize) as u64),
        ("enable.nspec", offset_of!(EnableArgs, nspec) as u64),
        ("enable.usdt", offset_of!(EnableArgs, usdt) as u64),
        ("enable.nusdt", offset_of!(EnableArgs, nusdt) as u64),
        ("usdt.max_args", USDT_MAX_ARGS as u64),
        ("usdt.const", USDT_ARG_CONST.into()),
        ("usdt.reg", USDT_ARG_REG.into()),
        ("usdt.mem", USDT_ARG_MEM.into()),
        ("usdt.abs", USDT_ARG_ABS.into()),
        ("usdtarg.size", size_of::<UsdtArg>() as u64),
        ("usdtarg.kind", offset_of!(UsdtArg, kind) as u64),
        ("usdtarg.reg", offset_of!(UsdtArg, reg) as u64),
        ("usdtspec.size", size_of::<UsdtSpec>() as u64),
        ("usdtspec.addr", offset_of!(UsdtSpec, addr) as u64),
        ("usdtspec.semaphore", offset_of!(UsdtSpec, semaphore) as u64),
        ("usdtspec.args", offset_of!(UsdtSpec, args) as u64),
        ("read.size", size_of::<ReadArgs>() as u64),
        ("read.copied", offset_of!(ReadArgs, copied) as u64),
        ("status.size", size_of::<StatusArgs>() as u64),
        (
            "status.exit_status",
            offset_of!(StatusArgs, exit_status) as u64,
        ),
        ("status.cpus", offset_of!(StatusArgs, cpus) as u64),
        (
            "status.spec_unavail",
            offset_of!(StatusArgs, spec_unavail) as u64,
        ),
        (
            "status.missed_kprobes",
            offset_of!(StatusArgs, missed_kprobes) as u64,
        ),
        ("cpustatus.size", size_of::<CpuStatus>() as u64),
        (
            "cpustatus.spec_drops_full",
            offset_of!(CpuStatus, spec_drops_full) as u64,
        ),
        ("record.header", record::HEADER as u64),
        ("record.epid_error", record::EPID_ERROR.into()),
        ("record.item_fault", record::ITEM_FAULT.into()),
        ("record.item_stack", record::ITEM_STACK.into()),
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
