//! The whole HQ loop through the real binary, with separate data dirs for
//! HQ and two field laptops and a shared "USB stick" folder: a new
//! campaign, its units from a spreadsheet, two teams, assignments, plan
//! bundles carrying only each team's units, entries in the field, results
//! back at HQ, review, and the returned entry's comment visible on the
//! field laptop after the next plan.

mod common;

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use common::{Kaocha, Out};
use serde_json::Value;

const INTERVIEW: &str = "jgbz.interview";

/// One installation and the person working on it.
struct Site {
    k: Kaocha,
    user: &'static str,
}

impl Site {
    fn new(user: &'static str) -> Site {
        Site {
            k: Kaocha::new("zh"),
            user,
        }
    }

    fn run<I, S>(&self, args: I) -> Out
    where
        I: IntoIterator<Item = S>,
        S: Into<OsString>,
    {
        let mut all: Vec<OsString> = vec!["--user".into(), self.user.into()];
        all.extend(args.into_iter().map(Into::into));
        self.k.run(all)
    }

    #[track_caller]
    fn fingerprint(&self) -> String {
        let out = self.run(["keys", "show"]).ok();
        let first = out.stdout.lines().next().unwrap_or_default();
        first
            .rsplit('：')
            .next()
            .unwrap_or_default()
            .trim()
            .to_string()
    }

    #[track_caller]
    fn json(&self, args: &[&str]) -> Value {
        self.run(args).ok().json()
    }

    /// A finalised interview at `unit`: its id.
    #[track_caller]
    fn interview(&self, unit: &str, who: &str) -> String {
        let id = self
            .run([
                "entry",
                "new",
                "--unit",
                unit,
                "--form",
                INTERVIEW,
                "--set",
                &format!("interviewee={who}"),
            ])
            .ok()
            .stdout
            .trim()
            .to_string();
        self.run(["entry", "finalize", &id]).ok();
        id
    }
}

fn path_arg(p: &Path) -> String {
    p.to_str().expect("utf-8 path").to_string()
}

/// The unit list HQ received: two units already marked 第一组, two without
/// a team.
fn write_units_xlsx(path: &Path) {
    let rows: &[&[&str]] = &[
        &[
            "单位名称",
            "机构规格",
            "经费形式",
            "行政编制",
            "事业编制",
            "工勤编制",
            "部门领导职数",
            "内设机构数",
            "考核组",
        ],
        &[
            "县审计局",
            "正科级",
            "全额拨款",
            "15",
            "10",
            "3",
            "5",
            "8",
            "第一组",
        ],
        &[
            "县安监局",
            "正科级",
            "全额拨款",
            "12",
            "8",
            "2",
            "4",
            "5",
            "第一组",
        ],
        &[
            "县科技局",
            "正科级",
            "全额拨款",
            "8",
            "6",
            "1",
            "3",
            "4",
            "",
        ],
        &["县文化馆", "股级", "差额补贴", "0", "12", "1", "2", "3", ""],
    ];
    let mut book = rust_xlsxwriter::Workbook::new();
    let ws = book.add_worksheet();
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let (r, c) = (r as u32, c as u16);
            match cell.parse::<f64>() {
                Ok(n) => ws.write_number(r, c, n).map(drop),
                Err(_) => ws.write_string(r, c, *cell).map(drop),
            }
            .expect("write cell");
        }
    }
    book.save(path).expect("save xlsx");
}

fn unit_names(units: &Value) -> Vec<String> {
    let mut names: Vec<String> = units
        .as_array()
        .expect("units")
        .iter()
        .map(|u| u["name"].as_str().expect("name").to_string())
        .collect();
    names.sort();
    names
}

fn plan_payload(file: &Path) -> Value {
    let text = std::fs::read_to_string(file).expect("read plan");
    let bundle: Value = serde_json::from_str(&text).expect("plan is JSON");
    bundle["payload"].clone()
}

fn entry_in<'a>(list: &'a Value, id: &str) -> &'a Value {
    list.as_array()
        .expect("entry list")
        .iter()
        .find(|e| e["id"] == id)
        .unwrap_or_else(|| panic!("no entry {id} in {list}"))
}

#[test]
fn hq_sets_up_a_campaign_and_its_review_reaches_the_field() {
    let usb = tempfile::tempdir().expect("usb");
    let stick = |name: &str| -> PathBuf { usb.path().join(name) };

    // ---- HQ: campaign, teams, units from a spreadsheet, assignments ----
    let hq = Site::new("考核委");
    hq.run([
        "campaign",
        "new",
        "--name",
        "2024年东阿县机构编制评估",
        "--kind",
        "jgbz",
        "--year",
        "2024",
    ])
    .ok()
    .stdout_has(&["已新建评估任务", "个别访谈 ≥3", "调查问卷 ≥10"]);
    hq.run(["campaign", "set", "stage.jgbz.interview=2"]).ok();
    hq.run(["teams", "add", "第一组", "--members", "王建国(组长),李红"])
        .ok();
    hq.run(["teams", "add", "第二组", "--members", "刘洋（组长）、陈静"])
        .ok();
    let xlsx = stick("单位名单.xlsx");
    write_units_xlsx(&xlsx);
    hq.run(["units", "import", &path_arg(&xlsx)])
        .ok()
        .stdout_has(&["新增 4 个单位"]);
    hq.run(["assign", "县科技局", "县文化馆", "--team", "第二组"])
        .ok()
        .stdout_has(&["已把 2 个单位分给第二组（t2）"]);
    let teams = hq.json(&["teams", "list", "--json"]);
    assert_eq!(teams[0]["name"], "第一组");
    assert_eq!(teams[0]["members"][0]["role"], "组长");
    assert_eq!(teams[1]["members"][0]["name"], "刘洋");
    let c = hq.json(&["campaign", "show", "--json"]);
    assert_eq!(c["stages"][1]["min"], 2);
    hq.run(["campaign", "show"])
        .ok()
        .stdout_has(&["第一组（t1）：王建国（组长）、李红 — 单位：县审计局、县安监局"]);

    // ---- plans carry only each team's units ----
    let plan1 = stick("plan-t1.json");
    let plan2 = stick("plan-t2.json");
    hq.run([
        "plan",
        "export",
        "--team",
        "第一组",
        "-o",
        &path_arg(&plan1),
    ])
    .ok();
    hq.run(["plan", "export", "--team", "t2", "-o", &path_arg(&plan2)])
        .ok();
    assert_eq!(
        unit_names(&plan_payload(&plan1)["campaign"]["units"]),
        vec!["县安监局", "县审计局"]
    );
    assert_eq!(
        unit_names(&plan_payload(&plan2)["campaign"]["units"]),
        vec!["县文化馆", "县科技局"]
    );

    let a = Site::new("李红");
    let b = Site::new("陈静");
    // Each laptop confirms HQ's fingerprint (read over the phone) once.
    let hq_fp = hq.fingerprint();
    a.run(["import", &path_arg(&plan1), "--trust", &hq_fp]).ok();
    b.run(["import", &path_arg(&plan2), "--trust", &hq_fp]).ok();
    assert_eq!(
        unit_names(&a.json(&["units", "--json"])),
        vec!["县安监局", "县审计局"]
    );
    assert_eq!(
        unit_names(&b.json(&["units", "--json"])),
        vec!["县文化馆", "县科技局"]
    );

    // ---- field entries, results back to HQ ----
    let ea = a.interview("县审计局", "审计局王局长");
    let eb = b.interview("县科技局", "科技局李科长");
    let draft = b
        .run([
            "entry",
            "new",
            "--unit",
            "县文化馆",
            "--form",
            INTERVIEW,
            "--set",
            "interviewee=馆长",
        ])
        .ok()
        .stdout
        .trim()
        .to_string();
    let res_a = stick("results-a.json");
    let res_b = stick("results-b.json");
    a.run(["export", "-o", &path_arg(&res_a)]).ok();
    b.run(["export", "-o", &path_arg(&res_b)]).ok();
    // HQ accepts results only from enrolled devices: A is enrolled ahead,
    // B on import.
    hq.run(["import", &path_arg(&res_a)])
        .failed()
        .stderr_has(&["未登记的设备", &a.fingerprint()]);
    hq.run(["keys", "trust", &a.fingerprint(), "--team", "第一组"])
        .ok()
        .stdout_has(&["已登记设备", "第一组"]);
    hq.run(["import", &path_arg(&res_a)]).ok();
    hq.run([
        "import",
        &path_arg(&res_b),
        "--trust",
        &b.fingerprint(),
        "--team",
        "t2",
    ])
    .ok();
    let at_hq = hq.json(&["entry", "list", "--json"]);
    assert_eq!(at_hq.as_array().map(Vec::len), Some(3), "{at_hq}");
    assert!(entry_in(&at_hq, &ea)["review"].is_null());

    // ---- review at HQ ----
    let before = hq.json(&["entry", "list", "--json"]);
    let refused = hq.run(["review", &eb, "--return"]).failed();
    refused.stderr_has(&["退回需要写明意见"]);
    let refused = hq.run(["review", &draft, "--approve"]).failed();
    refused.stderr_has(&["尚未定稿"]);
    assert_eq!(hq.json(&["entry", "list", "--json"]), before);
    hq.run(["review", &ea, "--approve", "--comment", "记录完整"])
        .ok()
        .stdout_has(&["已审核", &ea]);
    let comment = "请补充访谈对象的职务和访谈地点";
    hq.run(["review", &eb, "--return", "--comment", comment])
        .ok()
        .stdout_has(&["退回", &eb]);
    hq.run(["entry", "list"])
        .ok()
        .stdout_has(&["〔已审核：记录完整〕", &format!("〔退回：{comment}〕")]);

    // ---- the next plans carry the reviews of their own team only ----
    let plan1b = stick("plan-t1-2.json");
    let plan2b = stick("plan-t2-2.json");
    hq.run(["plan", "export", "--team", "t1", "-o", &path_arg(&plan1b)])
        .ok();
    hq.run(["plan", "export", "--team", "t2", "-o", &path_arg(&plan2b)])
        .ok();
    let reviews2 = plan_payload(&plan2b)["reviews"].clone();
    assert_eq!(reviews2.as_array().map(Vec::len), Some(1), "{reviews2}");
    assert_eq!(reviews2[0]["entry"], eb.as_str());
    assert_eq!(reviews2[0]["state"], "returned");
    assert_eq!(plan_payload(&plan1b)["reviews"][0]["entry"], ea.as_str());

    // ---- the field laptop shows the returned review next to the entry ----
    b.run(["import", &path_arg(&plan2b)]).ok();
    let listed = b.run(["entry", "list"]).ok();
    listed.stdout_has(&[&eb, &format!("〔退回：{comment}〕")]);
    let list = b.json(&["entry", "list", "--json"]);
    let review = &entry_in(&list, &eb)["review"];
    assert_eq!(review["state"], "returned");
    assert_eq!(review["comment"], comment);
    assert_eq!(review["by"], "考核委");
    let shown = b.json(&["entry", "show", &eb, "--json"]);
    assert_eq!(shown["review"]["state"], "returned");
    assert_eq!(shown["review"]["comment"], comment);
    b.run(["entry", "show", &eb])
        .ok()
        .stdout_has(&["审核：退回", comment]);

    a.run(["import", &path_arg(&plan1b)]).ok();
    a.run(["entry", "list"])
        .ok()
        .stdout_has(&["〔已审核：记录完整〕"]);
    assert!(
        a.json(&["entry", "list", "--json"])
            .as_array()
            .expect("list")
            .iter()
            .all(|e| e["id"] != eb.as_str()),
        "team 1 never sees team 2's entries"
    );

    // ---- the review is journaled: it survives a rebuild ----
    b.run(["doctor", "--rebuild"]).ok();
    let shown = b.json(&["entry", "show", &eb, "--json"]);
    assert_eq!(shown["review"]["comment"], comment);
}
