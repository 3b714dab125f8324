//! What the person running an import allowed and asked for: fingerprints
//! confirmed, teams to enrol, a team switch, a dry run, a size limit.

use super::read::DEFAULT_MAX_BYTES;

/// How to import.
#[derive(Debug, Clone)]
pub struct Options {
    /// Fingerprints the operator confirmed for this import (HQ's key for a
    /// first plan; devices to enrol for results).
    pub trust: Vec<String>,
    /// The teams (names or ids) a newly trusted device is enrolled for.
    pub teams: Vec<String>,
    /// A plan for another team than this laptop's may switch it.
    pub switch_team: bool,
    /// Check and report; write nothing.
    pub dry_run: bool,
    /// Largest bundle read, in bytes (decrypted content included).
    pub max_bytes: u64,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            trust: Vec::new(),
            teams: Vec::new(),
            switch_team: false,
            dry_run: false,
            max_bytes: DEFAULT_MAX_BYTES,
        }
    }
}
