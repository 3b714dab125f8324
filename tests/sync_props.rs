//! Property test of sync between field laptops (ARCHITECTURE.md, "Sync:
//! bundles"): three replicas that imported the same plan and trust each
//! other edit shared entries and exchange full results bundles in a random
//! order. After everyone has imported everyone's latest export (two rounds),
//! every replica holds the same data (equal digests), and no acknowledged
//! edit is lost: each edit that no later edit superseded still shows, as the
//! field's value or as one side of its conflict.
//!
//! Causality is tracked simply: each replica keeps the set of edits it has
//! seen (its own, plus everything the bundles it imported held). An edit is
//! superseded when a later edit of the same field is made on a replica that
//! had seen it. Edits on a conflicted entry are refused by the app
//! (`EditError::Conflicted`); the replica then resolves (side 1 of every
//! conflicting field), which is itself an edit of those fields: it
//! supersedes the other values that replica had seen, and re-asserts the
//! picked edit's value. Because a three-way merge sees a resolution as
//! "kept" relative to the picked side, a resolution also gives way to an
//! edit that replaced the picked edit where the resolver had not seen it
//! (`World::resolved`). Counting a resolution as a plain new value instead
//! would demand a conflict where the merge rightly has none.

use std::collections::BTreeSet;
use std::sync::OnceLock;

use kaocha::app::demo;
use kaocha::app::edit::EditError;
use kaocha::app::workspace::{WorkError, Workspace};
use kaocha::domain::Entry;
use kaocha::sync::export;
use kaocha::sync::import::{Options, import};
use kaocha::sync::keys::DeviceKey;
use proptest::prelude::*;
use serde_json::{Value, json};
use tempfile::TempDir;

const REPLICAS: usize = 3;

/// Edited fields: (entry: 0 = registration, 1 = interview; item; integer?).
const TARGETS: [(usize, &str, bool); 4] = [
    (0, "admin_actual", true),
    (0, "inst_actual", true),
    (0, "worker_actual", true),
    (1, "summary", false),
];

fn target_of(entry: usize, field: &str) -> Option<usize> {
    TARGETS
        .iter()
        .position(|(e, f, _)| *e == entry && *f == field)
}

/// HQ's plan bundle for 第一组 and HQ's fingerprint (one HQ for the whole
/// run).
fn plan() -> &'static (Vec<u8>, String) {
    static PLAN: OnceLock<(Vec<u8>, String)> = OnceLock::new();
    PLAN.get_or_init(|| {
        let tmp = tempfile::tempdir().expect("tempdir");
        let dir = tmp.path().join("hq");
        let hq = Workspace::open(&dir, Some("考核委".into())).expect("hq");
        demo::seed(&hq.store).expect("demo");
        let file = tmp.path().join("plan.json");
        export::plan(&hq.store, &hq.author.person, "t1", &file).expect("plan export");
        let fp = DeviceKey::load_or_create(&dir)
            .expect("hq key")
            .fingerprint();
        (std::fs::read(&file).expect("read plan"), fp)
    })
}

#[derive(Debug, Clone)]
enum Step {
    /// Replica `replica` sets target `target` to a new value.
    Edit { replica: usize, target: usize },
    /// Replica `from` exports a full bundle, replica `from + offset` imports it.
    Exchange { from: usize, offset: usize },
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => (0..REPLICAS, 0..TARGETS.len())
            .prop_map(|(replica, target)| Step::Edit { replica, target }),
        2 => (0..REPLICAS, 1..REPLICAS).prop_map(|(from, offset)| Step::Exchange { from, offset }),
    ]
}

/// An acknowledged edit, or a resolution (which re-asserts the value of
/// the edit it picked).
#[derive(Debug, Clone)]
struct Edit {
    replica: usize,
    target: usize,
    value: Value,
    /// For a resolution: the edit whose value it kept, and what its replica
    /// had seen when it resolved.
    picked: Option<(usize, BTreeSet<usize>)>,
    /// Later edits of the same field made on a replica that had seen it.
    superseded_by: BTreeSet<usize>,
}

struct World {
    tmp: TempDir,
    replicas: Vec<Workspace>,
    trust: Vec<String>,
    /// Registration (县药监局) and interview (县安监局), made on replica 0.
    entries: [String; 2],
    edits: Vec<Edit>,
    /// Per replica, the edits it has seen.
    seen: Vec<BTreeSet<usize>>,
    resolutions: usize,
    files: usize,
    log: Vec<String>,
}

impl World {
    fn new() -> World {
        let tmp = tempfile::tempdir().expect("tempdir");
        let mut replicas = Vec::new();
        let mut trust = Vec::new();
        for r in 0..REPLICAS {
            let dir = tmp.path().join(format!("field{r}"));
            let ws = Workspace::open(&dir, Some(format!("组员{r}"))).expect("open");
            let (bundle, hq) = plan();
            let confirmed = Options {
                trust: vec![hq.clone()],
                ..Options::default()
            };
            let report = import(&ws.store, bundle, &confirmed).expect("plan import");
            assert!(report.newly_trusted);
            trust.push(DeviceKey::load_or_create(&dir).expect("key").fingerprint());
            replicas.push(ws);
        }
        let ws = &replicas[0];
        let campaign = ws.campaign().expect("campaign");
        let unit = |id: &str| ws.unit(&campaign, id).expect("unit");
        let sets = |pairs: &[(&str, &str)]| -> Vec<(String, String)> {
            pairs
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        let registration = ws
            .new_entry(
                &campaign,
                &unit("u-yjj"),
                ws.latest_form("jgbz.registration").expect("form"),
                &sets(&[
                    ("unit_name", "东阿县药品监督管理局"),
                    ("admin_actual", "1"),
                    ("inst_actual", "2"),
                    ("worker_actual", "3"),
                ]),
            )
            .expect("registration");
        let interview = ws
            .new_entry(
                &campaign,
                &unit("u-ajj"),
                ws.latest_form("jgbz.interview").expect("form"),
                &sets(&[("interviewee", "张三"), ("summary", "初始")]),
            )
            .expect("interview");
        let mut world = World {
            tmp,
            replicas,
            trust,
            entries: [registration.id, interview.id],
            edits: Vec::new(),
            seen: vec![BTreeSet::new(); REPLICAS],
            resolutions: 0,
            files: 0,
            log: Vec::new(),
        };
        for (target, value) in [json!(1), json!(2), json!(3), json!("初始")]
            .into_iter()
            .enumerate()
        {
            world.record(0, target, value);
        }
        world.exchange(0, 1);
        world.exchange(0, 2);
        world
    }

    fn options(&self) -> Options {
        Options {
            trust: self.trust.clone(),
            ..Options::default()
        }
    }

    /// Records an acknowledged edit on replica `r`: it supersedes every edit
    /// of the same field that `r` had seen.
    fn record(&mut self, r: usize, target: usize, value: Value) {
        self.supersede(r, target, None);
        self.push(r, target, value, None);
    }

    /// Records a resolution on replica `r` that kept `value` for `target`.
    /// It is an edit that supersedes every *other* value of the field that
    /// `r` had seen. It re-asserts the picked edit's value, so an edit that
    /// replaced the picked one where `r` did not see it (a concurrent later
    /// change of the picked side) replaces the resolution too: a three-way
    /// merge against their common ancestor sees the resolution as "kept".
    fn resolved(&mut self, r: usize, target: usize, value: Value) {
        let picked = self
            .edits
            .iter()
            .position(|x| x.target == target && x.picked.is_none() && x.value == value)
            .unwrap_or_else(|| panic!("no edit set {value}\n{}", self.log.join("\n")));
        self.supersede(r, target, Some(&value));
        self.resolutions += 1;
        let seen = self.seen[r].clone();
        self.push(r, target, value, Some((picked, seen)));
    }

    /// Marks the edits of `target` that `r` has seen (but those of value
    /// `keep`) as superseded by the edit about to be pushed.
    fn supersede(&mut self, r: usize, target: usize, keep: Option<&Value>) {
        let by = self.edits.len();
        for &e in &self.seen[r] {
            let x = &mut self.edits[e];
            if x.target == target && Some(&x.value) != keep {
                x.superseded_by.insert(by);
            }
        }
    }

    fn push(
        &mut self,
        r: usize,
        target: usize,
        value: Value,
        picked: Option<(usize, BTreeSet<usize>)>,
    ) {
        self.log.push(format!(
            "#{} r{r} {} = {value}{}",
            self.edits.len(),
            TARGETS[target].1,
            picked.as_ref().map_or(String::new(), |(p, _)| format!(
                " (resolution keeping #{p})"
            ))
        ));
        self.seen[r].insert(self.edits.len());
        self.edits.push(Edit {
            replica: r,
            target,
            value,
            picked,
            superseded_by: BTreeSet::new(),
        });
    }

    /// Not superseded; for a resolution, the edit it kept was replaced
    /// nowhere the resolution's replica did not know of.
    fn live(&self, e: &Edit) -> bool {
        e.superseded_by.is_empty()
            && e.picked.as_ref().is_none_or(|(p, seen)| {
                self.edits[*p]
                    .superseded_by
                    .iter()
                    .all(|x| seen.contains(x))
            })
    }

    fn entry(&self, r: usize, e: usize) -> Entry {
        self.replicas[r]
            .store
            .entry(&self.entries[e])
            .expect("read entry")
            .expect("entry exists")
    }

    /// A full export of replica `r`, and what it had seen.
    fn export(&mut self, r: usize) -> (Vec<u8>, BTreeSet<usize>) {
        self.files += 1;
        let file = self.tmp.path().join(format!("r{r}-{}.json", self.files));
        export::results(
            &self.replicas[r].store,
            &self.replicas[r].author.person,
            &file,
            false,
            false,
        )
        .expect("export");
        let bytes = std::fs::read(&file).expect("read bundle");
        (bytes, self.seen[r].clone())
    }

    fn import(&mut self, to: usize, bundle: &(Vec<u8>, BTreeSet<usize>)) {
        let report = import(&self.replicas[to].store, &bundle.0, &self.options())
            .unwrap_or_else(|e| panic!("import at r{to} refused: {e}\n{}", self.log.join("\n")));
        self.log.push(format!(
            "  r{to} imports: {} new, {} merged, {} conflicted",
            report.revisions_new, report.merged, report.conflicted
        ));
        self.seen[to].extend(bundle.1.iter().copied());
    }

    fn exchange(&mut self, from: usize, to: usize) {
        self.log.push(format!("r{from} -> r{to}"));
        let bundle = self.export(from);
        self.import(to, &bundle);
    }

    /// Replica `r` sets `target` to a new value (resolving first when the
    /// entry is conflicted).
    fn edit(&mut self, r: usize, target: usize) {
        let (e, field, integer) = TARGETS[target];
        let n = self.edits.len();
        let (text, value) = if integer {
            (format!("{}", 100 + n), json!(100 + n))
        } else {
            (format!("第{n}次修改"), json!(format!("第{n}次修改")))
        };
        let sets = vec![(field.to_string(), text)];
        let mut entry = self.entry(r, e);
        if !entry.conflicts.is_empty() {
            let refused = self.replicas[r].set_answers(&entry, &sets, None);
            assert!(
                matches!(refused, Err(WorkError::Edit(EditError::Conflicted))),
                "an edit of a conflicted entry must be refused: {refused:?}"
            );
            assert_eq!(self.entry(r, e), entry, "the refused edit wrote");
            let picks: Vec<(String, String)> = entry
                .conflicts
                .keys()
                .map(|k| (k.clone(), "1".to_string()))
                .collect();
            let picked: Vec<(usize, Value)> = entry
                .conflicts
                .iter()
                .map(|(k, sides)| {
                    let t = target_of(e, k)
                        .unwrap_or_else(|| panic!("conflict on a field nobody edited: {k}"));
                    (t, sides[0].value.clone())
                })
                .collect();
            entry = self.replicas[r]
                .resolve(&entry, &picks, None)
                .expect("resolve");
            assert!(entry.conflicts.is_empty() && entry.heads.len() == 1);
            for (t, v) in picked {
                assert_eq!(entry.answers.get(TARGETS[t].1), Some(&v));
                self.resolved(r, t, v);
            }
        }
        let saved = self.replicas[r]
            .set_answers(&entry, &sets, None)
            .expect("edit is acknowledged");
        assert_eq!(saved.answers.get(field), Some(&value));
        assert_eq!(self.entry(r, e), saved, "the head read back differs");
        self.record(r, target, value);
    }

    /// Replica `r` resolves the conflict on `target` keeping `value`.
    fn resolve_to(&mut self, r: usize, target: usize, value: Value) {
        let (e, field, _) = TARGETS[target];
        let entry = self.entry(r, e);
        let sides = entry
            .conflicts
            .get(field)
            .unwrap_or_else(|| panic!("r{r}: no conflict on {field}: {:?}", entry.conflicts));
        assert_eq!(entry.conflicts.len(), 1, "{:?}", entry.conflicts);
        let n = sides
            .iter()
            .position(|s| s.value == value)
            .unwrap_or_else(|| panic!("r{r}: {value} is not a side of {sides:?}"));
        let picks = vec![(field.to_string(), (n + 1).to_string())];
        let resolved = self.replicas[r]
            .resolve(&entry, &picks, None)
            .expect("resolve");
        assert_eq!(resolved.answers.get(field), Some(&value));
        self.resolved(r, target, value);
    }

    fn run(&mut self, step: &Step) {
        match *step {
            Step::Edit { replica, target } => self.edit(replica, target),
            Step::Exchange { from, offset } => self.exchange(from, (from + offset) % REPLICAS),
        }
    }

    /// Everyone imports everyone's latest full export, twice round.
    fn settle(&mut self) {
        for _ in 0..2 {
            let bundles: Vec<_> = (0..REPLICAS).map(|r| self.export(r)).collect();
            for to in 0..REPLICAS {
                for (from, bundle) in bundles.iter().enumerate() {
                    if from != to {
                        self.log.push(format!("settle r{from} -> r{to}"));
                        self.import(to, bundle);
                    }
                }
            }
        }
    }

    /// The property. With `contradictions`, also that contradicting
    /// decisions end in a conflict (see the ignored test below: the merge
    /// does not do that yet, so the random test leaves it out).
    fn check(&self, contradictions: bool) -> Result<(), TestCaseError> {
        let history = self.log.join("\n");
        let digests: Vec<String> = self
            .replicas
            .iter()
            .map(|ws| ws.store.digest().expect("digest"))
            .collect();
        prop_assert!(
            digests.iter().all(|d| *d == digests[0]),
            "replicas differ after settling: {:?}\n{}",
            digests,
            history
        );
        for (t, (e, field, _)) in TARGETS.iter().enumerate() {
            let entry = self.entry(0, *e);
            let mut shown: Vec<&Value> = entry.answers.get(*field).into_iter().collect();
            if let Some(sides) = entry.conflicts.get(*field) {
                shown.extend(sides.iter().map(|s| &s.value));
            }
            let live: Vec<&Edit> = self
                .edits
                .iter()
                .filter(|x| x.target == t && self.live(x))
                .collect();
            // No live edit: the decisions made apart contradict each other
            // (A kept over B where B's side had already replaced A, and the
            // other way round); only a person can settle that.
            prop_assert!(
                !contradictions || !live.is_empty() || entry.conflicts.contains_key(*field),
                "{}: contradicting resolutions settled silently to {:?}\n{}",
                field,
                shown,
                history
            );
            for x in &live {
                prop_assert!(
                    shown.contains(&&x.value),
                    "{} lost: {} set on r{} not among {:?} (conflicts {:?})\n{}",
                    field,
                    x.value,
                    x.replica,
                    shown,
                    entry.conflicts.keys().collect::<Vec<_>>(),
                    history
                );
            }
            // One live edit and no conflict: the field shows exactly it.
            if let [only] = live.as_slice()
                && !entry.conflicts.contains_key(*field)
            {
                prop_assert_eq!(entry.answers.get(*field), Some(&only.value));
            }
        }
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 32,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn replicas_converge_and_no_acknowledged_edit_is_lost(
        steps in prop::collection::vec(step(), 5..25)
    ) {
        let mut world = World::new();
        for s in &steps {
            world.run(s);
        }
        world.settle();
        world.check(false)?;
    }
}

/// A fixed scenario of the property, so a failure of the machinery shows
/// without shrinking: three-way concurrent edits of one field, resolved on
/// one replica while another keeps editing.
#[test]
fn three_concurrent_edits_of_one_field_all_survive_until_resolved() {
    let mut w = World::new();
    for r in 0..REPLICAS {
        w.edit(r, 0);
    }
    w.exchange(0, 1);
    w.exchange(2, 1);
    let e = w.entry(1, 0);
    let sides: BTreeSet<String> = e.conflicts["admin_actual"]
        .iter()
        .map(|s| s.value.to_string())
        .collect();
    assert_eq!(sides.len(), 3, "{:?}", e.conflicts);
    w.edit(1, 1); // resolves admin_actual (side 1), then sets inst_actual
    w.edit(2, 2);
    w.settle();
    w.check(true).expect("property holds");
    let e = w.entry(0, 0);
    assert!(e.conflicts.is_empty(), "{:?}", e.conflicts);
    assert_eq!(w.resolutions, 1);
}

/// The smallest case of two people settling one conflict differently, each
/// without knowing of the other's decision: r2 had replaced r1's value
/// (104 → 105) and then kept r0's 106 over its own 105; r0 kept r1's 104
/// over its own 106. The two decisions contradict each other, so after
/// everyone synced the field must be in conflict (104 vs 106) — settling
/// silently on one of them drops the other person's acknowledged decision.
#[test]
fn contradicting_resolutions_made_apart_end_in_a_conflict() {
    let mut w = World::new();
    w.edit(1, 1); // #4 r1: inst_actual = 104
    w.exchange(1, 2);
    w.edit(2, 1); // #5 r2 replaces it: 105
    w.edit(0, 1); // #6 r0, apart: 106
    w.exchange(1, 0); // r0: 104 vs 106
    w.exchange(0, 2); // r2: 105 vs 106
    w.resolve_to(2, 1, json!(106));
    w.resolve_to(0, 1, json!(104));
    w.settle();
    let e = w.entry(0, 0);
    let sides: BTreeSet<String> = e
        .conflicts
        .get("inst_actual")
        .map(|s| s.iter().map(|s| s.value.to_string()).collect())
        .unwrap_or_default();
    assert_eq!(
        sides,
        BTreeSet::from(["104".to_string(), "106".to_string()]),
        "inst_actual = {:?}, conflicts {:?}\n{}",
        e.answers.get("inst_actual"),
        e.conflicts,
        w.log.join("\n")
    );
    w.check(true).expect("property holds");
}
