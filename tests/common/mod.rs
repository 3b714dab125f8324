//! Helpers shared by the CLI integration tests: run the real `kaocha`
//! binary on a private data dir with an explicit language and user, and read
//! back its exit code, stdout, stderr and JSON.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;

/// Who the tests say is working (`KAOCHA_USER`).
pub const USER: &str = "测试员";

/// What one run of the binary did.
#[derive(Debug)]
pub struct Out {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Out {
    /// Whether the command exited 0.
    pub fn success(&self) -> bool {
        self.code == 0
    }

    /// Asserts success and returns `self`.
    #[track_caller]
    pub fn ok(self) -> Out {
        assert_eq!(
            self.code, 0,
            "command failed\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// Asserts a non-zero exit and returns `self`.
    #[track_caller]
    pub fn failed(self) -> Out {
        assert_ne!(
            self.code, 0,
            "command should have failed\nstdout:\n{}\nstderr:\n{}",
            self.stdout, self.stderr
        );
        self
    }

    /// stdout as JSON.
    #[track_caller]
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON ({e}):\n{}", self.stdout))
    }

    /// Asserts that stderr contains every fragment.
    #[track_caller]
    pub fn stderr_has(&self, fragments: &[&str]) {
        for f in fragments {
            assert!(
                self.stderr.contains(f),
                "stderr lacks {f:?}:\n{}",
                self.stderr
            );
        }
    }

    /// Asserts that stdout contains every fragment.
    #[track_caller]
    pub fn stdout_has(&self, fragments: &[&str]) {
        for f in fragments {
            assert!(
                self.stdout.contains(f),
                "stdout lacks {f:?}:\n{}",
                self.stdout
            );
        }
    }
}

/// Runs `kaocha ARGS` on data dir `dir` in language `lang`.
pub fn kaocha<I, S>(dir: &Path, lang: &str, args: I) -> Out
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kaocha"));
    cmd.args(args)
        .env("KAOCHA_DATA_DIR", dir)
        .env("KAOCHA_LANG", lang)
        .env("KAOCHA_USER", USER);
    output(&mut cmd)
}

/// Runs a prepared command and collects what it did.
pub fn output(cmd: &mut Command) -> Out {
    let out = cmd.output().expect("run kaocha");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8(out.stdout).expect("stdout is UTF-8"),
        stderr: String::from_utf8(out.stderr).expect("stderr is UTF-8"),
    }
}

/// A private data dir and the language commands run in.
pub struct Kaocha {
    pub tmp: tempfile::TempDir,
    pub lang: &'static str,
}

impl Kaocha {
    /// An empty data dir.
    pub fn new(lang: &'static str) -> Kaocha {
        Kaocha {
            tmp: tempfile::tempdir().expect("tempdir"),
            lang,
        }
    }

    /// A data dir seeded with the demo campaign.
    pub fn demo(lang: &'static str) -> Kaocha {
        let k = Kaocha::new(lang);
        k.run(["demo", "--no-tui"]).ok();
        k
    }

    /// The data dir.
    pub fn dir(&self) -> &Path {
        self.tmp.path()
    }

    /// Runs `kaocha ARGS` here.
    pub fn run<I, S>(&self, args: I) -> Out
    where
        I: IntoIterator<Item = S>,
        S: AsRef<OsStr>,
    {
        kaocha(self.dir(), self.lang, args)
    }

    /// This installation's key fingerprint, as `keys show` prints it first.
    #[track_caller]
    pub fn fingerprint(&self) -> String {
        let out = self.run(["keys", "show"]).ok();
        let first = out.stdout.lines().next().unwrap_or_default().to_string();
        first
            .rsplit('：')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string()
    }

    /// Runs a command line split at whitespace (no value may hold a space).
    pub fn line(&self, cmdline: &str) -> Out {
        self.run(cmdline.split_whitespace())
    }

    /// Runs a command line (split at whitespace) that must fail with every
    /// fragment in stderr and nothing on stdout.
    #[track_caller]
    pub fn refused(&self, cmdline: &str, fragments: &[&str]) -> Out {
        let out = self.line(cmdline).failed();
        out.stderr_has(fragments);
        assert!(out.stdout.is_empty(), "{cmdline}: stdout {:?}", out.stdout);
        out
    }

    /// `entry new --unit UNIT --form FORM --set …` with the whitespace-separated
    /// `ITEM=VALUE`s of `sets`: the new id.
    #[track_caller]
    pub fn new_entry(&self, unit: &str, form: &str, sets: &str) -> String {
        let mut args = vec!["entry", "new", "--unit", unit, "--form", form];
        for s in sets.split_whitespace() {
            args.extend(["--set", s]);
        }
        self.run(&args).ok().stdout.trim().to_string()
    }

    /// `entry set ID …` with the whitespace-separated arguments of `sets`,
    /// asserting success.
    #[track_caller]
    pub fn set(&self, id: &str, sets: &str) -> Out {
        let mut args = vec!["entry", "set", id];
        args.extend(sets.split_whitespace());
        self.run(&args).ok()
    }

    /// `entry show ID --json`.
    #[track_caller]
    pub fn show(&self, id: &str) -> Value {
        self.run(["entry", "show", id, "--json"]).ok().json()
    }

    /// `entry show ID --json` as printed, byte for byte.
    #[track_caller]
    pub fn show_raw(&self, id: &str) -> String {
        self.run(["entry", "show", id, "--json"]).ok().stdout
    }

    /// `entry history ID --json`.
    #[track_caller]
    pub fn history(&self, id: &str) -> Vec<Value> {
        match self.run(["entry", "history", id, "--json"]).ok().json() {
            Value::Array(steps) => steps,
            other => panic!("history is not an array: {other}"),
        }
    }

    /// Ids from `entry list --json` with extra arguments.
    #[track_caller]
    pub fn list_ids(&self, extra: &[&str]) -> Vec<String> {
        let mut args = vec!["entry", "list", "--json"];
        args.extend_from_slice(extra);
        let list = self.run(&args).ok().json();
        list.as_array()
            .expect("list is an array")
            .iter()
            .map(|e| e["id"].as_str().expect("id").to_string())
            .collect()
    }
}

/// Asserts that `want` is a part of `got`: every key of a `want` object has
/// the same value in `got`, arrays element by element (same length).
#[track_caller]
pub fn has(got: &Value, want: Value) {
    fn walk(path: &str, got: &Value, want: &Value) {
        match want {
            Value::Object(keys) => {
                for (k, w) in keys {
                    walk(&format!("{path}.{k}"), &got[k], w);
                }
            }
            Value::Array(items) => {
                let len = got.as_array().map(Vec::len);
                assert_eq!(len, Some(items.len()), "at {path}: {got}");
                for (n, w) in items.iter().enumerate() {
                    walk(&format!("{path}[{n}]"), &got[n], w);
                }
            }
            _ => assert_eq!(got, want, "at {path}"),
        }
    }
    walk("$", got, &want);
}

/// Sorted strings, for comparing sets of ids.
pub fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

/// Every file under `dir` (recursively), by relative path, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).expect("read dir") {
            let p = e.expect("dir entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).expect("under dir").to_path_buf();
                out.insert(rel, std::fs::read(&p).expect("read file"));
            }
        }
    }
    out
}

/// The row ids of repeat `rep` in an entry's answers, in display order.
pub fn rows(entry: &Value, rep: &str) -> Vec<String> {
    let prefix = format!("{rep}[");
    let mut rows: Vec<(f64, String)> = entry["answers"]
        .as_object()
        .expect("answers")
        .iter()
        .filter_map(|(k, v)| {
            let row = k.strip_prefix(&prefix)?.strip_suffix(']')?;
            (!row.contains(']')).then(|| (v.as_f64().unwrap_or(0.0), row.to_string()))
        })
        .collect();
    rows.sort_by(|a, b| a.0.total_cmp(&b.0).then_with(|| a.1.cmp(&b.1)));
    rows.into_iter().map(|(_, r)| r).collect()
}

/// The journal's segment files of a data dir, in order.
pub fn journal_segments(dir: &Path) -> Vec<PathBuf> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir.join("journal"))
        .expect("journal folder")
        .map(|e| e.expect("journal entry").path())
        .filter(|p| p.extension().is_some_and(|x| x == "jsonl"))
        .collect();
    out.sort();
    out
}

/// The last journal segment of a data dir and its text.
pub fn last_segment(dir: &Path) -> (PathBuf, String) {
    let segment = journal_segments(dir).pop().expect("a journal segment");
    let text = std::fs::read_to_string(&segment).expect("segment text");
    (segment, text)
}
pub mod harness;

/// SHA-256 of `bytes`, as attachments are named.
pub fn sha(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Where a data folder keeps the attached file of `hash`.
pub fn kept(dir: &Path, hash: &str) -> PathBuf {
    dir.join("attachments").join(&hash[..2]).join(hash)
}

/// Every file in a data folder's attachments folder (temp files too), by
/// name.
pub fn kept_names(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(tops) = std::fs::read_dir(dir.join("attachments")) else {
        return out;
    };
    for top in tops {
        for f in std::fs::read_dir(top.unwrap().path()).unwrap() {
            out.push(f.unwrap().file_name().to_string_lossy().into_owned());
        }
    }
    out.sort();
    out
}
