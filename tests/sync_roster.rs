//! Rosters travel only to the team that visits the unit (issue 15), through
//! the real binary: a team's plan carries its units' rosters and no other
//! team's, results never carry one, an encrypted plan holds no name in the
//! clear and opens only with its passphrase, and a later plan without a
//! unit's roster removes it from the laptop.

mod common;

use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{Kaocha, Out};
use serde_json::Value;

const PASSPHRASE: &str = "考核组口令2024春";

/// `kaocha ARGS` in `k`'s data dir, with extra environment.
fn run_env<I, S>(k: &Kaocha, env: &[(&str, &str)], args: I) -> Out
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_kaocha"));
    cmd.args(args)
        .env("KAOCHA_DATA_DIR", k.dir())
        .env("KAOCHA_LANG", "zh")
        .env("KAOCHA_USER", "测试员")
        .env_remove("KAOCHA_BUNDLE_PASSPHRASE");
    for (key, value) in env {
        cmd.env(key, value);
    }
    common::output(&mut cmd)
}

fn arg(p: &Path) -> &str {
    p.to_str().unwrap()
}

/// HQ with two teams, three units and a roster of each unit.
fn hq(stick: &Path) -> Kaocha {
    let k = Kaocha::new("zh");
    k.run([
        "campaign",
        "new",
        "--name",
        "2024年东阿县机构编制评估",
        "--kind",
        "jgbz",
    ])
    .ok();
    k.run(["teams", "add", "第一组"]).ok();
    k.run(["teams", "add", "第二组"]).ok();
    let list = stick.join("单位.csv");
    std::fs::write(
        &list,
        "单位名称,行政编制,考核组\r\n县审计局,10,第一组\r\n县统计局,8,第一组\r\n县档案馆,5,第二组\r\n",
    )
    .unwrap();
    k.run(["units", "import", arg(&list)]).ok();
    let roster = stick.join("花名册.csv");
    std::fs::write(
        &roster,
        "姓名,单位,编制类型\r\n张审计,县审计局,行政\r\n李统计,县统计局,行政\r\n王档案,县档案馆,事业\r\n",
    )
    .unwrap();
    k.run(["roster", "import", arg(&roster)]).ok();
    k
}

fn fingerprint(k: &Kaocha) -> String {
    let out = k.run(["keys", "show"]).ok();
    let first = out.stdout.lines().next().unwrap_or_default().to_string();
    first
        .rsplit('：')
        .next()
        .unwrap_or_default()
        .trim()
        .to_string()
}

fn plan(hq: &Kaocha, stick: &Path, name: &str, team: &str, encrypt: bool) -> PathBuf {
    let path = stick.join(name);
    let mut args = vec!["plan", "export", "--team", team, "-o", arg(&path)];
    if encrypt {
        args.push("--encrypt");
    }
    run_env(hq, &[("KAOCHA_BUNDLE_PASSPHRASE", PASSPHRASE)], &args).ok();
    path
}

fn roster_names(k: &Kaocha, unit: &str) -> Option<Vec<String>> {
    let out = k.run(["roster", "show", unit, "--json"]);
    out.success().then(|| {
        let v: Value = out.json();
        v["people"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["name"].as_str().unwrap().to_string())
            .collect()
    })
}

#[test]
fn a_plan_carries_only_its_teams_rosters_and_results_carry_none() {
    let stick = tempfile::tempdir().unwrap();
    let hq = hq(stick.path());
    let p1 = plan(&hq, stick.path(), "plan-1.json", "t1", false);
    let text = std::fs::read_to_string(&p1).unwrap();
    assert!(text.contains("张审计") && text.contains("李统计"));
    assert!(!text.contains("王档案"), "another team's roster");
    let field = Kaocha::new("zh");
    field
        .run(["import", arg(&p1), "--trust", &fingerprint(&hq)])
        .ok();
    assert_eq!(
        roster_names(&field, "县审计局"),
        Some(vec!["张审计".into()])
    );
    assert_eq!(
        roster_names(&field, "县统计局"),
        Some(vec!["李统计".into()])
    );
    // The field's registration form is prefilled from it.
    let id = field.new_entry("县审计局", "jgbz.registration", "");
    assert_eq!(field.show(&id)["answers"]["admin_actual"], 1);
    // Results go back without any roster.
    let res = stick.path().join("results.json");
    field.run(["export", "-o", arg(&res)]).ok();
    let text = std::fs::read_to_string(&res).unwrap();
    assert!(!text.contains("张审计") && !text.contains("rosters"));
    // A later plan without 县统计局 (moved to the other team) takes its
    // roster off the laptop.
    hq.run(["assign", "县统计局", "--team", "第二组"]).ok();
    let p2 = plan(&hq, stick.path(), "plan-2.json", "t1", false);
    field.run(["import", arg(&p2)]).ok();
    assert_eq!(
        roster_names(&field, "县审计局"),
        Some(vec!["张审计".into()])
    );
    assert_eq!(roster_names(&field, "县统计局"), None);
    let store = kaocha::store::Store::open(field.dir()).unwrap();
    let campaign = store.current_campaign().unwrap().unwrap();
    let kept: Vec<String> = store
        .rosters(&campaign.id)
        .unwrap()
        .into_iter()
        .map(|r| r.unit)
        .collect();
    assert_eq!(kept, ["u1"], "only the visited unit's roster stays");
}

#[test]
fn an_encrypted_plan_opens_only_with_its_passphrase() {
    let stick = tempfile::tempdir().unwrap();
    let hq = hq(stick.path());
    let p = plan(&hq, stick.path(), "plan.age", "t1", true);
    let bytes = std::fs::read(&p).unwrap();
    assert!(bytes.starts_with(b"age-encryption.org/"));
    let name = "张审计".as_bytes();
    assert!(!bytes.windows(name.len()).any(|w| w == name));
    let field = Kaocha::new("zh");
    let fp = fingerprint(&hq);
    run_env(&field, &[], ["import", arg(&p), "--trust", &fp])
        .failed()
        .stderr_has(&["用口令加密", "KAOCHA_BUNDLE_PASSPHRASE", "未导入任何内容"]);
    run_env(
        &field,
        &[("KAOCHA_BUNDLE_PASSPHRASE", "不是这个口令啊啊啊")],
        ["import", arg(&p), "--trust", &fp],
    )
    .failed()
    .stderr_has(&["口令不对"]);
    assert_eq!(roster_names(&field, "县审计局"), None);
    // Nothing of the plan arrived: no campaign here yet.
    field
        .run(["units", "--json"])
        .failed()
        .stderr_has(&["还没有评估任务"]);
    run_env(
        &field,
        &[("KAOCHA_BUNDLE_PASSPHRASE", PASSPHRASE)],
        ["import", arg(&p), "--trust", &fp],
    )
    .ok();
    assert_eq!(
        roster_names(&field, "县审计局"),
        Some(vec!["张审计".into()])
    );
}

#[test]
fn a_short_passphrase_is_refused_before_anything_is_written() {
    let stick = tempfile::tempdir().unwrap();
    let hq = hq(stick.path());
    let path = stick.path().join("plan.age");
    run_env(
        &hq,
        &[("KAOCHA_BUNDLE_PASSPHRASE", "123")],
        [
            "plan",
            "export",
            "--team",
            "t1",
            "-o",
            arg(&path),
            "--encrypt",
        ],
    )
    .failed();
    assert!(!path.exists());
}

#[test]
fn a_field_laptop_cannot_import_a_roster() {
    let stick = tempfile::tempdir().unwrap();
    let hq = hq(stick.path());
    let p = plan(&hq, stick.path(), "plan.json", "t1", false);
    let field = Kaocha::new("zh");
    field
        .run(["import", arg(&p), "--trust", &fingerprint(&hq)])
        .ok();
    let roster = stick.path().join("花名册.csv");
    field
        .run(["roster", "import", arg(&roster)])
        .failed()
        .stderr_has(&["花名册只在考核委导入", "未作任何修改"]);
}
