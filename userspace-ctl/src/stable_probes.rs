//! The stable providers' probes in the catalog (`proc:vmlinux::exec`,
//! `sched:vmlinux::on-cpu`): each is listed under its own name and ID and
//! enabled as the probe it fires on ([`crate::compiler::stable`]), whose
//! kind, address, module and function it carries. A stable probe whose
//! site this kernel lacks is left out.

use crate::compiler::stable::{Site, MODULE, PROBES, PROVIDERS};
use crate::probes::Probe;
use rdtrace_uapi::trace::{
    PROBE_ENTRY, PROBE_RETURN, PROBE_SYSCALL_ENTRY, PROBE_SYSCALL_RETURN, PROBE_TRACEPOINT,
};

/// Whether a probe is a stable provider's.
pub fn is_stable(p: &Probe) -> bool {
    PROVIDERS.contains(&p.provider)
}

/// The probe among `probes` that `site` names.
fn site_probe<'p>(probes: &'p [Probe], site: &Site) -> Option<&'p Probe> {
    let function = |kind, f: &str| {
        probes.iter().find(|p| {
            p.kind == kind
                && p.provider != "kprobe"
                && (p.function == f
                    || p.function
                        .strip_prefix(f)
                        .is_some_and(|rest| rest.starts_with('.')))
        })
    };
    match *site {
        Site::Tracepoint(sys, name) => probes
            .iter()
            .find(|p| p.kind == PROBE_TRACEPOINT && p.module == sys && p.name == name),
        Site::Entry(f) => function(PROBE_ENTRY, f),
        Site::Return(f) => function(PROBE_RETURN, f),
        Site::SyscallEntry(f) => function(PROBE_SYSCALL_ENTRY, f),
        Site::SyscallReturn(f) => function(PROBE_SYSCALL_RETURN, f),
    }
}

/// The stable probes whose sites are among `probes`, IDs from `first` on.
pub fn probes(probes: &[Probe], first: u32) -> Vec<Probe> {
    PROBES
        .iter()
        .filter_map(|s| {
            let under = site_probe(probes, &s.site)?;
            let (module, function) = match under.kind {
                PROBE_TRACEPOINT => (under.module.to_string(), under.name.to_string()),
                _ => (under.module.to_string(), under.function.to_string()),
            };
            Some(Probe {
                id: 0,
                kind: under.kind,
                addr: under.addr,
                provider: s.provider,
                module: MODULE.into(),
                function: "".into(),
                name: s.name.into(),
                under: Some(Box::new((module, function))),
            })
        })
        .zip(first..)
        .map(|(p, id)| Probe { id, ..p })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::probes::Catalog;

    #[test]
    fn stable_probes_carry_their_sites() {
        let mut c = Catalog::parse(
            "ffffffff81000000 schedule_tail\nffffffff81000100 finish_task_switch.isra.0\n",
        );
        c.add_tracepoints(&[("sched".into(), "sched_process_exec".into())]);
        let found = probes(&c.probes, 100);
        let names: Vec<_> = found.iter().map(|p| (p.id, &*p.name)).collect();
        assert_eq!(
            names,
            [
                (100, "exec-success"),
                (101, "lwp-start"),
                (102, "start"),
                (103, "on-cpu")
            ]
        );
        assert_eq!(found[0].kind, PROBE_TRACEPOINT);
        assert_eq!(
            found[0].under,
            Some(Box::new(("sched".into(), "sched_process_exec".into())))
        );
        assert_eq!(found[1].kind, PROBE_RETURN);
        assert_eq!(found[1].addr, 0xffffffff81000000);
        assert_eq!(
            found[3].under,
            Some(Box::new((
                "vmlinux".into(),
                "finish_task_switch.isra.0".into()
            )))
        );
        assert!(found.iter().all(is_stable));
    }
}
