//! `rdtrace info`: the module's facts as a value, printed as text or JSON.

use rdtrace_uapi::info::{feature, Info};
use serde::Serialize;

/// What `rdtrace info` reports.
#[derive(Debug, Serialize)]
pub struct InfoReport {
    /// The module's ABI version.
    pub abi_version: u32,
    /// The kernel release.
    pub kernel_release: String,
    /// Online CPUs.
    pub online_cpus: u32,
    /// Possible CPUs.
    pub possible_cpus: u32,
    /// Functions ftrace can trace.
    pub ftrace_functions: u64,
    /// Names of the available mechanisms.
    pub features: Vec<&'static str>,
}

impl From<&Info> for InfoReport {
    fn from(info: &Info) -> Self {
        InfoReport {
            abi_version: info.abi_version,
            kernel_release: info.release_str().to_string(),
            online_cpus: info.online_cpus,
            possible_cpus: info.possible_cpus,
            ftrace_functions: info.ftrace_functions,
            features: feature::NAMES
                .iter()
                .filter(|(bit, _)| info.features & bit != 0)
                .map(|&(_, name)| name)
                .collect(),
        }
    }
}

impl InfoReport {
    /// Human-readable lines.
    pub fn to_text(&self) -> String {
        format!(
            "rdtrace module ABI {}\nkernel release    {}\ncpus              {} online, {} possible\nftrace functions  {}\nfeatures          {}\n",
            self.abi_version,
            self.kernel_release,
            self.online_cpus,
            self.possible_cpus,
            self.ftrace_functions,
            self.features.join(" ")
        )
    }

    /// One JSON object.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
