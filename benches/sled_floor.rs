//! The floor under an import: the entry heads an import of BUNDLE writes
//! to sled, each with the places of its revisions (revisions themselves
//! live in the journal), serialised the same way and put into a bare sled
//! tree the way the store's batch path does (batches of 4 000), with no
//! journal, no checks, no index. Prints the seconds as a JSON line.
//!
//! `cargo bench --bench sled_floor -- BUNDLE` (benches/vs-sqlite.sh runs it
//! beside the import and SQLite).

use std::collections::BTreeMap;
use std::time::Instant;

use kaocha::domain::{Revision, fold};
use kaocha::sync::bundle;

/// The allocator of the kaocha binary, for a like-for-like floor.
#[cfg(not(windows))]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

type Kv = (Vec<u8>, Vec<u8>);

fn write(tree: &sled::Tree, writes: &[Kv]) {
    for part in writes.chunks(4_000) {
        let mut batch = sled::Batch::default();
        for (k, v) in part {
            batch.insert(k.as_slice(), v.as_slice());
        }
        tree.apply_batch(batch).expect("sled batch");
    }
}

fn main() {
    let path = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .expect("usage: sled_floor BUNDLE");
    let bytes = std::fs::read(&path).expect("read the bundle");
    let env = bundle::open(&bytes).expect("a bundle");
    let revisions = bundle::payload(&env).expect("its payload").revisions;
    let mut by_entry: BTreeMap<&str, Vec<Revision>> = BTreeMap::new();
    for r in &revisions {
        by_entry.entry(&r.body.entry).or_default().push(r.clone());
    }
    // A head, a newline, then each revision's id and place (made-up places
    // of the same size as real ones).
    let heads: Vec<Kv> = by_entry
        .iter()
        .filter_map(|(id, revs)| fold(revs).map(|h| (id, revs, h)))
        .map(|(id, revs, h)| {
            let mut value = serde_json::to_vec(&h).expect("json");
            value.push(b'\n');
            let places: Vec<(&str, u64, u32)> = revs
                .iter()
                .map(|r| (r.id.as_str(), 1 << 40 | 12_345_678, 1_234))
                .collect();
            serde_json::to_writer(&mut value, &places).expect("json");
            (id.as_bytes().to_vec(), value)
        })
        .collect();

    let dir = tempfile::tempdir().expect("temp dir");
    let db = sled::Config::new()
        .path(dir.path())
        .cache_capacity(64 << 20)
        .open()
        .expect("sled");
    let entries = db.open_tree("entries").expect("tree");
    let t = Instant::now();
    write(&entries, &heads);
    db.flush().expect("flush");
    println!(
        "{{\"figure\":\"sled_floor\",\"revisions\":{},\"entries\":{},\"value\":{:.3},\"unit\":\"s\"}}",
        revisions.len(),
        heads.len(),
        t.elapsed().as_secs_f64()
    );
}
