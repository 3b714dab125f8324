//! The 专业评审 seal through the real binary (issue 16): raters score a
//! unit independently, so a rater cannot open another rater's sheet of the
//! unit, nor a report with its scores, until their own sheet is final; the
//! HQ clerk, who rates nothing, sees everything.

mod common;

use common::Kaocha;

/// `entry new` as `person`, with `ITEM=VALUE`s: the new id.
fn sheet(k: &Kaocha, person: &str, sets: &str) -> String {
    let mut args = vec!["--user", person, "entry", "new", "--unit", "县妇幼保健院"];
    args.extend(["--form", "jx.review"]);
    for s in sets.split_whitespace() {
        args.extend(["--set", s]);
    }
    k.run(&args).ok().stdout.trim().to_string()
}

fn report_as(k: &Kaocha, person: &str) -> common::Out {
    let path = k.dir().join(format!("{person}.md"));
    let out = k.run([
        "--user",
        person,
        "report",
        "unit",
        "县妇幼保健院",
        "-o",
        path.to_str().unwrap(),
    ]);
    assert_eq!(path.exists(), out.success(), "a file only when allowed");
    out
}

#[test]
fn a_rater_sees_no_other_sheet_until_their_own_is_final() {
    let k = Kaocha::new("zh");
    k.line("campaign new --name 2014年聊城事业单位绩效考核 --kind jx")
        .ok();
    let list = k.dir().join("单位.csv");
    std::fs::write(&list, "单位名称\r\n县妇幼保健院\r\n").unwrap();
    k.run(["units", "import", list.to_str().unwrap()]).ok();
    k.line("campaign set procedure.raters=甲，乙，丙").ok();

    let b = sheet(
        &k,
        "乙",
        "rater=乙 main_business=44 econ_social=18 mgmt_ops=9",
    );
    k.run(["--user", "乙", "entry", "finalize", &b]).ok();
    let a = sheet(
        &k,
        "甲",
        "rater=甲 main_business=40 econ_social=17 mgmt_ops=8",
    );

    // 甲's own sheet is open to 甲; 乙's is not, nor the report.
    k.run(["--user", "甲", "entry", "show", &a]).ok();
    let refused = k.run(["--user", "甲", "entry", "show", &b]).failed();
    refused.stderr_has(&["其他评委的专业评审表", "定稿后才能查看"]);
    assert!(!refused.stdout.contains("44"), "{}", refused.stdout);
    k.run(["--user", "甲", "entry", "history", &b])
        .failed()
        .stderr_has(&["其他评委"]);
    report_as(&k, "甲")
        .failed()
        .stderr_has(&["县妇幼保健院的专业评审评委", "未生成任何文件"]);
    // Listed without a sheet yet: sealed too.
    report_as(&k, "丙").failed();
    k.run(["--user", "丙", "entry", "show", &b]).failed();
    // The clerk, who rates nothing, sees it all.
    k.run(["--user", "王科员", "entry", "show", &b]).ok();
    report_as(&k, "王科员").ok();
    // 乙's sheet is final: 乙 sees 甲's draft.
    k.run(["--user", "乙", "entry", "show", &a]).ok();

    // Once 甲's is final, 甲 sees everything.
    k.run(["--user", "甲", "entry", "finalize", &a]).ok();
    let shown = k.run(["--user", "甲", "entry", "show", &b, "--json"]).ok();
    assert_eq!(shown.json()["answers"]["main_business"], 44.0);
    report_as(&k, "甲").ok();
}
