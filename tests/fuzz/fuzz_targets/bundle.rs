//! Fuzzes bundle parsing and import validation: any bytes given to
//! `sync::import::import` end in a clean refusal or an import, never a
//! panic. The workspace (the demo campaign, trusting nobody) is made once.
#![no_main]

use std::sync::OnceLock;

use kaocha::sync::import::{Options, import};
use kaocha::app::workspace::Workspace;
use libfuzzer_sys::fuzz_target;

struct Lab {
    _dir: tempfile::TempDir,
    ws: Workspace,
}

fn lab() -> &'static std::sync::Mutex<Lab> {
    static LAB: OnceLock<std::sync::Mutex<Lab>> = OnceLock::new();
    LAB.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let ws = Workspace::open(dir.path(), Some("fuzz".into())).unwrap_or_else(|e| panic!("workspace: {e}"));
        kaocha::app::demo::seed(&ws.store).unwrap_or_else(|e| panic!("demo: {e}"));
        std::sync::Mutex::new(Lab { _dir: dir, ws })
    })
}

fuzz_target!(|data: &[u8]| {
    // Parsing and verification alone, then a dry-run import.
    let _ = kaocha::sync::bundle::open(data).map(|env| kaocha::sync::bundle::payload(&env));
    if let Ok(lab) = lab().lock() {
        let _ = import(&lab.ws.store, data, &Options { dry_run: true, ..Options::default() });
    }
});
