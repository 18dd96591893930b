//! Aggregations: each CPU's table of aggregated values ([`table`]), what
//! each aggregating function keeps and how it folds a value in
//! ([`state`]), and the snapshot format the consumer reads ([`snapshot`]).
//!
//! The kernel keeps one table per CPU, filled only by that CPU's probe
//! hits (which never nest: the hit path claims the CPU), so updates need
//! no atomic read-modify-write; the consumer merges the CPUs' snapshots.
#![deny(clippy::arithmetic_side_effects)]
#![deny(missing_docs)]

pub mod llquantize;
pub mod lquantize;
pub mod quantize;
pub mod snapshot;
pub mod state;
pub mod table;

/// Bytes of aggregation table per CPU (DTrace's `aggsize` is 4 MiB in
/// all; rdtrace preallocates this much on every CPU at ENABLE).
pub const AGG_BYTES_PER_CPU: usize = 256 * 1024;

#[cfg(test)]
mod tests;
