//! Maps and sets keyed by ids, for the passes over every revision of an
//! import: hashed with foldhash (seeded anew in every process, as std's
//! SipHash is) instead of SipHash, which cost a tenth of an import's
//! instructions outside SHA-256. foldhash is already in the build (through
//! hashbrown).

use std::collections::{HashMap, HashSet};

/// The hasher: foldhash's quality variant, with a random seed per process.
pub type IdHasher = foldhash::quality::RandomState;

/// A map keyed by ids.
pub type IdMap<K, V> = HashMap<K, V, IdHasher>;

/// A set of ids.
pub type IdSet<K> = HashSet<K, IdHasher>;
