//! What dtrace says about speculations that lost data (libdtrace's
//! `dt_handle_status` drop table): totals over every CPU, each on its own
//! line.

use crate::output::event::DropKind;
use rdtrace_uapi::trace::StatusArgs;

fn plural(n: u64, what: &str, rest: &str) -> String {
    format!("{n} {what}{}{rest}", if n == 1 { "" } else { "s" })
}

/// dtrace's lines for the speculation drops in `st`: records that did not
/// fit their speculative buffer, and `speculation()` calls that got no
/// speculation, because all were being committed or all were in use.
pub fn messages(st: &StatusArgs) -> Vec<(DropKind, u64, String)> {
    let cpus = st.cpus.iter().take(st.ncpus as usize);
    let (busy, full) = cpus.fold((0, 0), |(b, f), c| {
        (b + c.spec_drops_busy, f + c.spec_drops_full)
    });
    let mut out = Vec::new();
    if full > 0 {
        out.push((
            DropKind::Speculative,
            full,
            plural(full, "speculative drop", ""),
        ));
    }
    if busy > 0 {
        out.push((
            DropKind::SpeculationBusy,
            busy,
            plural(
                busy,
                "failed speculation",
                " (available buffer(s) still busy)",
            ),
        ));
    }
    if st.spec_unavail > 0 {
        out.push((
            DropKind::SpeculationUnavailable,
            st.spec_unavail,
            plural(
                st.spec_unavail,
                "failed speculation",
                " (no speculative buffer available)",
            ),
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(st: &StatusArgs) -> Vec<String> {
        messages(st).into_iter().map(|(_, _, m)| m).collect()
    }

    #[test]
    fn drops_are_said_in_dtraces_words_summed_over_cpus() {
        let mut st = StatusArgs {
            ncpus: 2,
            ..StatusArgs::default()
        };
        assert!(words(&st).is_empty());
        st.cpus[0].spec_drops_full = 1;
        st.cpus[1].spec_drops_full = 1;
        st.cpus[1].spec_drops_busy = 1;
        st.spec_unavail = 1;
        assert_eq!(
            words(&st),
            [
                "2 speculative drops",
                "1 failed speculation (available buffer(s) still busy)",
                "1 failed speculation (no speculative buffer available)",
            ]
        );
        st.cpus[2].spec_drops_full = 5; // beyond ncpus: not counted
        st.cpus[0].spec_drops_full = 0;
        st.spec_unavail = 3;
        assert_eq!(words(&st)[0], "1 speculative drop");
        assert_eq!(
            words(&st)[2],
            "3 failed speculations (no speculative buffer available)"
        );
    }
}
