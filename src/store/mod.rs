//! The store: the only code that touches sled or the journal. Every write
//! follows the durability protocol (journal line + `sync_data` → one sled
//! transaction → `flush` → `sync_all` of the database file) and is
//! acknowledged only after all of it returned. One `Store` per data dir:
//! a lock file keeps a second process out with a clear message.
//!
//! The journal is the revision store: a revision lives only there, and sled
//! keeps each entry's head with where its revisions' lines are (`located`);
//! an entry a large import created keeps only the places, as an item of
//! one of a few thousand buckets instead of a key of its own (`entries`),
//! and its head is folded from its lines when read.
//! It is also the arrival log: a position in it (`log_seq`) is the cursor
//! of incremental exports, and `revisions_since` reads it onwards.

mod apply;
pub mod attach;
mod attach_check;
mod change;
mod device;
mod doctor;
mod entries;
mod error;
mod fresh;
pub mod fsutil;
mod journal;
mod located;
mod lock;
mod migrate;
mod prepared;
mod read;
mod recovery;
mod replay;
mod stored;
mod unit_index;

use std::collections::HashMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use serde::de::DeserializeOwned;
use serde_json::Value;

use crate::domain::idmap::IdSet;
use crate::domain::{Campaign, Entry, Revision};
use crate::form::{FormDef, FormSet};
pub use change::{CURRENT_CAMPAIGN, Change};
pub use device::Device;
pub use doctor::DoctorReport;
pub use error::{Result, StoreError};
pub use fsutil::{SyncFn, SyncPoint};
use journal::Journal;
pub use prepared::{Prepared, Source, Unstored};
pub use recovery::rebuild;
pub use stored::StoredRevision;
pub use unit_index::{Counts, FormCount};

/// Each unit's number of entries (not deleted) per form id.
pub type UnitCounts = HashMap<String, Counts>;

/// Version of the database layout this build writes (2: revisions live in
/// the journal alone; 3: each unit's counts are kept in a tree of their
/// own; 4: the counts hold final entries too; 5: an entry a large import
/// created may keep no head, only its places, which an earlier build could
/// not read: it refuses the folder as made by a newer build; 6: those
/// entries are items of buckets in the `imported` tree, which an earlier
/// build would not look into).
pub const SCHEMA_VERSION: u32 = 6;
/// sled page cache size.
const CACHE_BYTES: u64 = 64 << 20;

/// sled trees: settings (`meta`), stored forms, campaigns, entries (head
/// and the places of its revisions, `located`; an imported entry's places
/// in a bucket, `entries`), the unit index (each
/// unit's entries with their form, status and revision places), and each
/// unit's counts per form (`unit_counts`, what the home screen reads: a
/// few dozen bytes a unit instead of its whole index value).
#[derive(Clone)]
pub(crate) struct Trees {
    pub meta: sled::Tree,
    pub forms: sled::Tree,
    pub campaigns: sled::Tree,
    pub entries: entries::Entries,
    pub unit_index: sled::Tree,
    pub unit_counts: sled::Tree,
}

/// The open data dir.
pub struct Store {
    dir: PathBuf,
    db: sled::Db,
    trees: Trees,
    journal: Mutex<Journal>,
    db_file: File,
    /// How the database file is made durable (`StoreOptions::sync`).
    sync: SyncFn,
    /// `StoreOptions::bulk`.
    bulk: usize,
    device: Device,
    forms: FormSet,
    poisoned: AtomicBool,
    /// Commits that wrote to sled since the store was opened (`commits`).
    commits: AtomicU64,
    /// The journal ends before the database's position in it (files lost
    /// or cut): nothing may be written.
    behind: AtomicBool,
    /// Campaigns decoded once (a province's is megabytes of JSON), shared;
    /// emptied by every commit that stores a campaign.
    campaigns: Mutex<HashMap<String, Arc<Campaign>>>,
    /// Per campaign, once asked for: each unit's counts per form, kept up
    /// to date by every write to the unit index (the home screen of a
    /// province reads no index value).
    counts: Mutex<HashMap<String, UnitCounts>>,
    /// While a rebuild replays the journal: the entries whose head the
    /// database it replaces did not keep (a large import's), whose values
    /// keep none either.
    headless: IdSet<String>,
    _lock: File,
}

/// What tests change when opening a store: the journal's segment size (to
/// roll segments over with little data) and the fsync of the durability
/// protocol (to count the syncs or make one fail). The app uses `default`.
#[doc(hidden)]
#[derive(Debug, Clone, Copy)]
pub struct StoreOptions {
    /// A journal segment is closed past this many bytes (below 2^40:
    /// `Pos::to_seq` keeps offsets in 40 bits).
    pub segment_bytes: u64,
    /// Every fsync of the protocol: the journal after an append, the
    /// database file after sled's flush, the journal folder after a new
    /// segment. `fsutil::real_sync` by default.
    pub sync: SyncFn,
    /// Bytes per write to the journal (1 MiB; tests make it small so that
    /// a kill can fall between the writes of one batch).
    pub write_chunk: usize,
    /// Above this many records plus heads a commit is written tree by tree
    /// in batches (an import's way), not as one transaction; tests make it
    /// small to take that way with little data.
    pub bulk: usize,
}

impl Default for StoreOptions {
    fn default() -> StoreOptions {
        StoreOptions {
            segment_bytes: journal::SEGMENT_BYTES,
            sync: fsutil::real_sync,
            write_chunk: journal::WRITE_CHUNK,
            bulk: apply::BULK,
        }
    }
}

/// The default data dir of this user (overridden by `--data-dir` and
/// `KAOCHA_DATA_DIR`).
pub fn default_data_dir() -> Option<PathBuf> {
    directories::ProjectDirs::from("cn", "kaocha", "kaocha").map(|d| d.data_dir().to_path_buf())
}

/// Whether a name in the data dir is one kaocha makes.
fn is_ours(name: &str) -> bool {
    matches!(
        name,
        "db" | "journal" | "keys" | "device.json" | "kaocha.lock" | "kaocha.log"
    ) || name.starts_with("db.broken-")
        || name == recovery::BUILDING
        || name == recovery::READING
}

impl Store {
    /// Opens (creating) the data dir: lock, device identity, journal, sled,
    /// then replays journal records the database does not have yet (a crash
    /// between the journal and sled, or a deleted database).
    pub fn open(dir: &Path) -> Result<Store> {
        Store::open_with(dir, StoreOptions::default())
    }

    /// `open` with options other than the app's (tests).
    #[doc(hidden)]
    pub fn open_with(dir: &Path, options: StoreOptions) -> Result<Store> {
        fsutil::create_private_dir(dir)
            .map_err(|e| StoreError::io(dir.display().to_string(), e))?;
        let lock = lock::lock(dir)?;
        recovery::remove_unfinished(dir)?;
        Store::open_locked_with(dir, "db", lock, options, IdSet::default())
    }

    /// Opens the data dir with its database in `dir/db_name` (a rebuild
    /// builds a new one beside the old, replaying into it the entries
    /// whose head the old one did not keep as `headless`).
    fn open_locked_with(
        dir: &Path,
        db_name: &str,
        lock: File,
        options: StoreOptions,
        headless: IdSet<String>,
    ) -> Result<Store> {
        // Everything made from here on (sled's files included) is
        // owner-only; what an earlier build made is tightened.
        fsutil::owner_only_from_now();
        fsutil::tighten(dir, is_ours).map_err(|e| StoreError::io(dir.display().to_string(), e))?;
        let device = device::load_or_create(dir)?;
        let mut journal = Journal::open(&dir.join("journal"), options.segment_bytes, options.sync)
            .map_err(|e| StoreError::io("journal", e))?;
        journal.set_write_chunk(options.write_chunk);
        let db_dir = dir.join(db_name);
        fsutil::create_private_dir(&db_dir).map_err(|e| StoreError::io("db", e))?;
        let db = lock::open_sled(&db_dir)?;
        let open = |name: &str| {
            db.open_tree(name).map_err(|e| StoreError::CannotOpen {
                detail: e.to_string(),
            })
        };
        let trees = Trees {
            meta: open("meta")?,
            forms: open("forms")?,
            campaigns: open("campaigns")?,
            entries: entries::Entries::open(&db).map_err(|e| StoreError::CannotOpen {
                detail: e.to_string(),
            })?,
            unit_index: open("unit_index")?,
            unit_counts: open("unit_counts")?,
        };
        // Earlier layouts: arrival order had a tree of its own (the journal
        // is it now), and the unit index had one key per entry.
        let old = |name: &str| {
            db.tree_names()
                .iter()
                .any(|n| n.as_ref() == name.as_bytes())
        };
        if old("by_unit") {
            unit_index::rebuild(&trees.unit_index, &trees.entries.kept)?;
            unit_index::rebuild_counts(&trees.unit_counts, &trees.unit_index)?;
        }
        for name in ["log", "by_unit"] {
            db.drop_tree(name).map_err(|e| StoreError::CannotOpen {
                detail: e.to_string(),
            })?;
        }
        let db_file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(db_dir.join("db"))
            .map_err(|e| StoreError::io("db", e))?;
        let mut store = Store {
            dir: dir.to_path_buf(),
            db,
            trees,
            journal: Mutex::new(journal),
            db_file,
            sync: options.sync,
            bulk: options.bulk,
            device,
            forms: FormSet::default(),
            poisoned: AtomicBool::new(false),
            commits: AtomicU64::new(0),
            behind: AtomicBool::new(false),
            campaigns: Mutex::new(HashMap::new()),
            counts: Mutex::new(HashMap::new()),
            headless,
            _lock: lock,
        };
        store.check_schema()?;
        store.migrate()?;
        store.catch_up()?;
        store.headless = IdSet::default();
        store.reload_forms()?;
        Ok(store)
    }

    /// Closes the store but keeps the folder's lock (a rebuild swaps the
    /// database it built in while no other process can open the folder).
    fn into_lock(self) -> File {
        let Store { _lock, .. } = self;
        _lock
    }

    /// Refuses a database a newer build wrote.
    fn check_schema(&self) -> Result<()> {
        if let Some(found) = self.schema_version()?
            && found > SCHEMA_VERSION
        {
            return Err(StoreError::TooNew { found });
        }
        Ok(())
    }

    fn schema_version(&self) -> Result<Option<u32>> {
        self.trees
            .meta
            .get("schema_version")?
            .map(|v| {
                v.as_ref()
                    .try_into()
                    .map(u32::from_be_bytes)
                    .map_err(|_| StoreError::Corrupt {
                        detail: "schema_version".into(),
                    })
            })
            .transpose()
    }

    /// Brings an older database to this layout and says so in it.
    fn migrate(&self) -> Result<()> {
        migrate::revisions_into_journal(self)?;
        // 3: counts per form were one number; 4 counts the final ones too.
        if self.schema_version()?.is_some_and(|v| v < 4) {
            unit_index::rebuild_counts(&self.trees.unit_counts, &self.trees.unit_index)?;
        }
        if self.schema_version()? != Some(SCHEMA_VERSION) {
            self.trees
                .meta
                .insert("schema_version", &SCHEMA_VERSION.to_be_bytes())?;
        }
        Ok(())
    }

    fn tree_exists(&self, name: &str) -> bool {
        self.db
            .tree_names()
            .iter()
            .any(|n| n.as_ref() == name.as_bytes())
    }

    fn journal_guard(&self) -> Result<std::sync::MutexGuard<'_, Journal>> {
        self.journal.lock().map_err(|_| StoreError::Poisoned)
    }

    /// Whether this data folder is HQ of a campaign (`campaign new`, or the
    /// demo it seeded): HQ issues plans and never imports one.
    pub fn is_hq_of(&self, campaign: &str) -> Result<bool> {
        Ok(self
            .setting(&format!("{}{campaign}", change::ROLE))?
            .as_ref()
            == Some(&Value::from("hq")))
    }

    /// The current campaign, when one is set and stored.
    pub fn current_campaign(&self) -> Result<Option<Arc<Campaign>>> {
        match self
            .setting(CURRENT_CAMPAIGN)?
            .as_ref()
            .and_then(Value::as_str)
        {
            Some(id) => self.campaign(id),
            None => Ok(None),
        }
    }

    /// Every form this folder knows: the built-ins and those from plans.
    pub fn forms(&self) -> &FormSet {
        &self.forms
    }

    /// Reads the stored forms again (after a plan brought new ones).
    pub fn reload_forms(&mut self) -> Result<()> {
        self.forms = FormSet::load(self.stored_forms()?).map_err(|errors| {
            StoreError::BuiltinForms(
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("\n"),
            )
        })?;
        Ok(())
    }

    /// The data dir.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Stores a copy of a file as an attachment (`attach::put`): durable
    /// when this returns, so the revision naming it may be saved next.
    pub fn put_attachment(
        &self,
        src: &Path,
        name: &str,
    ) -> std::result::Result<attach::Stored, attach::AttachError> {
        attach::put(&self.dir, src, name, attach::MAX_FILE_BYTES, self.sync)
    }

    /// This installation.
    pub fn device(&self) -> &Device {
        &self.device
    }

    /// The durability protocol for a batch of records: check, journal,
    /// transaction, flush, fsync. Returns only when all of it is done.
    pub fn commit(&self, records: &[Change]) -> Result<Prepared> {
        self.commit_owned(records.to_vec(), Source::Save, None)
    }

    /// How many commits have written to sled since the store was opened,
    /// counted once each has finished writing: what was looked up after
    /// this said `n` still holds while it says `n`.
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::SeqCst)
    }

    /// `commit` of records it may keep (a large import is not copied);
    /// `Source::Import` when the caller checked every revision id, and
    /// `unstored` when it looked up its roots before.
    pub fn commit_owned(
        &self,
        records: Vec<Change>,
        source: Source,
        unstored: Option<&Unstored>,
    ) -> Result<Prepared> {
        if self.poisoned.load(Ordering::SeqCst) {
            return Err(StoreError::Poisoned);
        }
        if self.behind.load(Ordering::SeqCst) {
            return Err(StoreError::JournalBehind);
        }
        let mut journal = self.journal_guard()?;
        let mut prepared = apply::prepare_with(self, records, source, self.still(unstored))?;
        if prepared.records.is_empty() {
            return Ok(prepared);
        }
        let campaign_changes = prepared
            .records
            .iter()
            .any(|r| matches!(r, Change::Campaign { .. }));
        let (locs, placement) = self.journal_batch(&mut journal, &mut prepared)?;
        // From here on the journal has the records: if sled fails, the next
        // start replays them; until then this store refuses writes.
        let done = placement
            .transpose()
            .and_then(|placement| self.apply(&mut prepared, &locs, journal.end(), placement))
            .and_then(|()| self.sync());
        // Counted once sled is written (or failed to be): a lookup begun
        // before may have missed it.
        self.commits.fetch_add(1, Ordering::SeqCst);
        if done.is_err() {
            self.poisoned.store(true, Ordering::SeqCst);
        }
        // After the write: a read in between cannot put the old one back.
        if campaign_changes {
            self.campaigns
                .lock()
                .map_err(|_| StoreError::Poisoned)?
                .clear();
        }
        done.map(|()| prepared)
    }

    /// Appends a prepared batch's records to the journal and makes them
    /// durable: where they went, and for a large batch, the placement of
    /// its new entries (made while the lines are made durable on another
    /// core, as are its answers let go of: the journal holds them, and sled
    /// grows while it is written). Nothing is written to sled before the
    /// lines are durable.
    fn journal_batch(
        &self,
        journal: &mut Journal,
        prepared: &mut Prepared,
    ) -> Result<(Vec<journal::Loc>, Option<Result<fresh::Placement>>)> {
        let written = journal
            .write(&prepared.records)
            .map_err(|e| StoreError::io("journal", e))?;
        let (synced, placement) = match self.is_bulk(prepared) {
            true => {
                let journal = &*journal;
                std::thread::scope(|s| {
                    let syncing = s.spawn(|| journal.sync_written());
                    prepared.shed_changes();
                    let placement = self.place(prepared, &written.locs);
                    let synced = syncing
                        .join()
                        .unwrap_or_else(|_| Err(std::io::Error::other("journal sync")));
                    (synced, Some(placement))
                })
            }
            false => (journal.sync_written(), None),
        };
        let locs = journal
            .settle(written, synced)
            .map_err(|e| StoreError::io("journal", e))?;
        Ok((locs, placement))
    }

    /// What committing `records` would write (nothing is written).
    pub fn dry_run(
        &self,
        records: Vec<Change>,
        source: Source,
        unstored: Option<&Unstored>,
    ) -> Result<Prepared> {
        let _guard = self.journal_guard()?;
        apply::prepare_with(self, records, source, self.still(unstored))
    }

    /// The roots found unstored, if no commit came since they were looked
    /// up (called with the journal held, so none can come until it is let
    /// go of).
    fn still<'u>(&self, unstored: Option<&'u Unstored>) -> &'u [bool] {
        match unstored {
            Some(u) if u.commits == self.commits() => &u.roots,
            _ => &[],
        }
    }

    fn sync(&self) -> Result<()> {
        self.db.flush()?;
        (self.sync)(SyncPoint::Database, &self.db_file).map_err(|e| StoreError::io("db", e))
    }

    /// Saves one revision durably and returns the entry's new head.
    pub fn save(&self, revision: &Revision) -> Result<Entry> {
        self.commit(&[Change::Revision {
            revision: revision.clone(),
        }])?;
        self.entry(&revision.body.entry)?
            .ok_or_else(|| StoreError::UnknownEntry {
                entry: revision.body.entry.clone(),
            })
    }

    /// Stores a campaign (replacing one with the same id).
    pub fn put_campaign(&self, campaign: &Campaign) -> Result<()> {
        self.commit(&[Change::Campaign {
            campaign: campaign.clone(),
        }])
        .map(drop)
    }

    /// Stores a form definition (from a plan bundle).
    pub fn put_form(&self, form: &FormDef) -> Result<()> {
        self.commit(&[Change::Form { form: form.clone() }])
            .map(drop)
    }

    /// Stores a setting (e.g. the current campaign).
    pub fn set_setting(&self, key: &str, value: Value) -> Result<()> {
        self.commit(&[Change::Setting {
            key: key.to_string(),
            value,
        }])
        .map(drop)
    }

    /// Verifies that sled and the journal agree (`kaocha doctor`).
    pub fn doctor(&self) -> Result<DoctorReport> {
        let _guard = self.journal_guard()?;
        let mut report = doctor::verify(self)?;
        let checked = attach_check::verify(self)?;
        report.attachments = checked.problems;
        report.orphans = checked.orphans;
        Ok(report)
    }
}

fn decode<T: DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| StoreError::Corrupt {
        detail: e.to_string(),
    })
}

fn get_json<T: DeserializeOwned>(tree: &sled::Tree, key: &[u8]) -> Result<Option<T>> {
    tree.get(key)?.map(|v| decode(&v)).transpose()
}

fn all_json<T: DeserializeOwned>(tree: &sled::Tree) -> Result<Vec<T>> {
    tree.iter().map(|kv| decode(&kv?.1)).collect()
}
