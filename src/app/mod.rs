//! The open workspace: the one layer the TUI, the CLI and the benchmark
//! call. It opens the data folder, edits entries as validated revisions
//! (`edit`), keeps the text being typed (`draft`), seeds the demo campaign
//! (`demo`), searches the campaign (`search`), and hands the lower layers
//! (sync, hq, report) the store they work on.

pub mod attach;
pub mod demo;
pub mod demo_jx;
pub mod draft;
pub mod edit;
mod exif;
pub mod open;
mod seal;
pub mod search;
pub mod workspace;

pub use edit::{EditError, fresh};
pub use workspace::{WorkError, Workspace};
