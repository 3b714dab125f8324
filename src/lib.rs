//! kaocha (考察): the field kit of an assessment team (考核组). The library
//! holds every layer; the `kaocha` binary is a thin shell over `cli` (and
//! holds `kaocha bench`, which drives the TUI, outside these layers).
//!
//! Layers, each using only the layers below it (`tests/layers.rs` checks
//! every `crate::` and `super::` path against this map, and that no modules
//! use each other in a cycle):
//!
//! ```text
//! cli ─┐
//! tui ─┴─> app ─> report ─> analysis ─┐
//!           ├──> sync ────────────────┤
//!           └──> hq ──────────────────┴─> store ─> form ─> domain
//!                          (i18n: every user-visible string; uses nothing)
//! ```
//!
//! * `domain`: plain data (campaigns, units, entries, revisions and their
//!   DAG, the merge every machine derives the same way), ids; no I/O.
//! * `form`: form files, the expression language, answers, planning an
//!   edit (pure: the time and new row ids are passed in), display of values.
//! * `store`: the only code that touches sled or the journal; its write API
//!   is `store::Change`; recovery and `doctor`.
//! * `sync`: bundles, keys and trust, export, import.
//! * `hq`: campaign setup, unit lists from spreadsheets, teams, review.
//! * `analysis`: findings, tallies, scores, summaries (pure).
//! * `report`: Markdown, HTML, XLSX and CSV from analyses.
//! * `app`: the open workspace the TUI and the CLI call: editing entries as
//!   validated revisions, the demo.
//! * `tui`: model, pure update, effects, views. `cli`: clap commands.
#![cfg_attr(not(test), deny(clippy::unwrap_used, clippy::expect_used))]
#![recursion_limit = "256"]

pub mod analysis;
pub mod app;
pub mod cli;
pub mod domain;
pub mod form;
pub mod hq;
pub mod i18n;
pub mod report;
pub mod store;
pub mod sync;
pub mod tui;
