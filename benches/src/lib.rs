//! What the benchmark harnesses share: the workloads (the admin bootstrap, the roles, the
//! large Identity Center spec) and the one-row-per-comparison output that
//! `benches/compare/run` gathers into a single table.
//!
//! Criterion benches live in `benches/`; the side-by-side harnesses in `src/bin/`.

pub mod chain_rate;
pub mod http_count;
pub mod parliament;
pub mod read_bound;
pub mod row;
pub mod timing;
pub mod workload;

pub use row::Row;
