//! Every user-visible string, zh-CN by default and English with `--lang en`
//! or `KAOCHA_LANG=en`. Code elsewhere calls these functions; it never spells
//! a message itself.

use std::sync::atomic::{AtomicU8, Ordering};

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

static LANG: AtomicU8 = AtomicU8::new(0);

/// Sets the language for the rest of the process.
pub fn set_lang(lang: Lang) {
    LANG.store(lang as u8, Ordering::Relaxed);
}

/// The current language.
pub fn lang() -> Lang {
    if LANG.load(Ordering::Relaxed) == Lang::En as u8 {
        Lang::En
    } else {
        Lang::Zh
    }
}

/// Reads a language name (`zh`, `zh-CN`, `en`, `en_US.UTF-8` …).
pub fn parse_lang(s: &str) -> Option<Lang> {
    let s = s.to_ascii_lowercase();
    if s.starts_with("zh") {
        Some(Lang::Zh)
    } else if s.starts_with("en") {
        Some(Lang::En)
    } else {
        None
    }
}

macro_rules! texts {
    ($( $(#[$m:meta])* $name:ident ( $($arg:ident : $ty:ty),* ) => $zh:literal, $en:literal; )*) => {
        $(
            $(#[$m])*
            pub fn $name($($arg: $ty),*) -> String {
                match lang() {
                    Lang::Zh => format!($zh),
                    Lang::En => format!($en),
                }
            }
        )*
    };
}

mod hq;
mod ui;
pub use hq::*;
pub use ui::*;
mod analysis;
pub use analysis::*;
mod sync;
pub use sync::*;
mod review;
pub use review::*;
mod search;
pub use search::*;
mod files;
pub use files::*;
mod docx;
pub use docx::*;

/// Joins message lines.
pub fn lines(items: &[String]) -> String {
    items.join("\n")
}

// ---- store -------------------------------------------------------------
texts! {
    store_locked(dir: &str) => "数据已被另一个 kaocha 窗口打开（{dir}）。请先关闭那个窗口，再重试。",
        "The data is already open in another kaocha window ({dir}). Close that window first, then try again.";
    store_cannot_open(detail: &str) => "数据库无法打开（{detail}）。日志中的数据是完整的：运行 `kaocha doctor --rebuild` 可从日志重建数据库（旧数据库会被移到一旁，不会删除）。",
        "The database cannot be opened ({detail}). The journal is intact: run `kaocha doctor --rebuild` to rebuild the database from it (the old database is moved aside, not deleted).";
    store_db(detail: &str) => "数据库操作失败：{detail}。本次修改未保存；请重试，若仍失败请运行 `kaocha doctor`。",
        "A database operation failed: {detail}. This change was not saved; try again, and run `kaocha doctor` if it keeps failing.";
    store_journal_missing() => "日志是空的或已不在，而数据库中有记录：不重建（重建会得到一个空数据库）。数据库保持原样。请从备份恢复数据文件夹中的 journal 文件夹，再运行 `kaocha doctor`。",
        "The journal is empty or gone while the database holds entries: no rebuild (it would give an empty database). The database is left as it was. Restore the data folder's journal folder from a backup, then run `kaocha doctor`.";
    store_journal_behind() => "日志比数据库短（journal 文件夹里的文件缺失或被截断）：为不覆盖任何数据，现在不能保存。记录仍可查看、导出报告。请从备份恢复 journal 文件夹；没有备份时运行 `kaocha doctor --rebuild`，它会列出将丢失的记录。",
        "The journal is shorter than the database (files of the journal folder are missing or cut): to overwrite nothing, saving is refused. Entries can still be viewed and reported. Restore the journal folder from a backup; without one, run `kaocha doctor --rebuild`, which lists what would be lost.";
    store_journal_line(entry: &str, revision: &str, detail: &str) => "记录 {entry} 的修订 {revision} 在日志中读不出来（{detail}）。请从备份恢复 journal 文件夹，或运行 `kaocha doctor` 查看、`kaocha doctor --rebuild` 从日志重建。",
        "Revision {revision} of entry {entry} cannot be read from the journal ({detail}). Restore the journal folder from a backup, or run `kaocha doctor` to see and `kaocha doctor --rebuild` to rebuild from the journal.";
    journal_checksum() => "校验和不符：这一行写入后被改动过", "checksum mismatch: the line changed after it was written";
    journal_ends_before() => "日志在它之前就结束了：文件缺失或被截断", "the journal ends before it: a file is missing or cut";
    journal_not_there() => "该位置上不是这个修订", "another line is at its place";
    store_rebuild_loses(n: usize, some: &str) => "从日志重建会丢失数据库中的 {n} 条记录，已取消，数据库保持原样：\n{some}\n确认要丢弃它们时，运行 `kaocha doctor --rebuild --force`。",
        "Rebuilding from the journal would lose {n} entries of the database, so it was cancelled and the database left as it was:\n{some}\nTo drop them anyway, run `kaocha doctor --rebuild --force`.";
    store_corrupt(detail: &str) => "数据无法读取（{detail}）。请运行 `kaocha doctor` 检查，必要时 `kaocha doctor --rebuild`。",
        "Stored data cannot be read ({detail}). Run `kaocha doctor`, and `kaocha doctor --rebuild` if needed.";
    store_too_new(found: u32) => "这些数据由更新版本的 kaocha 写入（格式 {found}）。请升级 kaocha 后再打开。",
        "This data was written by a newer kaocha (format {found}). Upgrade kaocha to open it.";
    store_poisoned() => "上一次保存中途失败，为防止数据不一致已停止写入。请退出并重新启动 kaocha，已记入日志的内容会自动恢复。",
        "An earlier save failed half-way; writing is stopped to keep the data consistent. Quit and restart kaocha: what reached the journal is recovered automatically.";
    store_missing_parents(entry: &str) => "记录 {entry} 的部分修订缺少前序修订（可能有数据包未导入）。请先导入更早的数据包。",
        "Some revisions of entry {entry} lack their parents (a bundle may be missing). Import the earlier bundles first.";
    store_unknown_entry(entry: &str) => "找不到记录 {entry}。", "No entry {entry}.";
    store_bad_revision(id: &str) => "修订 {id} 的内容与其编号不符，已拒绝。", "Revision {id} does not match its id; refused.";
}

/// Reading or writing `what` failed; `full` when the disk is full.
pub fn store_io(what: &str, error: &str, full: bool) -> String {
    let advice = match (full, lang()) {
        (true, Lang::Zh) => "磁盘已满：请清理空间后重试，本次修改未保存。",
        (true, Lang::En) => {
            "The disk is full: free some space and try again; this change was not saved."
        }
        (false, Lang::Zh) => "本次修改未保存；请检查磁盘和权限后重试。",
        (false, Lang::En) => {
            "This change was not saved; check the disk and permissions, then try again."
        }
    };
    match lang() {
        Lang::Zh => format!("无法读写 {what}：{error}。{advice}"),
        Lang::En => format!("Cannot read or write {what}: {error}. {advice}"),
    }
}

// ---- doctor ------------------------------------------------------------
texts! {
    doctor_journal_revision(id: &str, error: &str) => "日志中的修订 {id} 无法应用：{error}", "Journal revision {id} does not apply: {error}";
    doctor_bad_line(segment: u32, line: usize, error: &str) => "日志文件 {segment:06}.jsonl 第 {line} 行无法读取：{error}", "Journal file {segment:06}.jsonl line {line} cannot be read: {error}";
    doctor_differs(what: &str) => "数据库与日志不一致：{what}", "Database and journal disagree: {what}";
    doctor_missing_entry(id: &str) => "数据库缺少记录 {id}", "Database lacks entry {id}";
    doctor_entry_differs(id: &str) => "记录 {id} 的内容与日志不一致", "Entry {id} differs from the journal";
    doctor_extra_entry(id: &str) => "数据库中的记录 {id} 不在日志中", "Entry {id} is in the database but not in the journal";
    doctor_misplaced(entry: &str, id: &str) => "数据库记下的记录 {entry} 修订 {id} 的日志位置不对", "The database has the wrong journal place for revision {id} of entry {entry}";
    doctor_revisions_differ(db: usize, journal: usize) => "修订数不一致：数据库 {db}，日志 {journal}", "Revision counts differ: database {db}, journal {journal}";
    doctor_ok(campaigns: usize, entries: usize, revisions: usize) => "数据库与日志一致：{campaigns} 个任务，{entries} 条记录，{revisions} 个修订。",
        "Database and journal agree: {campaigns} campaigns, {entries} entries, {revisions} revisions.";
    doctor_dropped(what: &str) => "已知，重建时已舍弃：{what}", "Known, dropped by a rebuild: {what}";
    doctor_dropped_hint(n: usize) => "以上 {n} 行日志已损坏或无法应用，重建时已舍弃，数据库中没有它们的内容；重新导入当初的数据包可找回其中的修订。",
        "A rebuild dropped the {n} journal lines above (damaged, or cut off by a damaged line); the database does not hold what they held. Importing the bundles they came from again brings those revisions back.";
    doctor_problems(n: usize) => "发现 {n} 处问题。运行 `kaocha doctor --rebuild` 可从日志重建数据库。", "{n} problems found. Run `kaocha doctor --rebuild` to rebuild the database from the journal.";
    doctor_rebuilt(aside: &str) => "已从日志重建数据库；旧数据库已移至 {aside}。", "Rebuilt the database from the journal; the old one was moved to {aside}.";
    ask_rebuild() => "现在从日志重建数据库吗？[y/N] ", "Rebuild the database from the journal now? [y/N] ";
    doctor_rebuilt_fresh() => "已从日志重建数据库。", "Rebuilt the database from the journal.";
}

// ---- workspace ---------------------------------------------------------
texts! {
    no_campaign() => "还没有评估任务。运行 `kaocha demo` 载入演示数据；考核组导入任务包（kaocha import 文件）；考核委用 `kaocha campaign new` 新建任务。", "There is no campaign yet. Run `kaocha demo` for the demo; a team imports its plan bundle (kaocha import FILE); HQ creates one with `kaocha campaign new`.";
    unknown_unit(key: &str) => "没有名为“{key}”的被评估单位。用 `kaocha units` 查看单位列表。", "No unit “{key}”. `kaocha units` lists the units.";
    unknown_form(key: &str) => "没有表单 {key}。用 `kaocha forms list` 查看表单。", "No form {key}. `kaocha forms list` lists the forms.";
    unknown_entry(key: &str) => "没有编号为 {key} 的记录。用 `kaocha entry list` 查看记录。", "No entry {key}. `kaocha entry list` lists the entries.";
    ambiguous_entry(key: &str) => "编号前缀 {key} 对应多条记录，请多输入几位。", "Several entries start with {key}; type more of the id.";
    builtin_forms_broken(detail: &str) => "内置表单有误（程序缺陷）：\n{detail}", "A built-in form is broken (a bug):\n{detail}";
}

// ---- edits -------------------------------------------------------------
texts! {
    edit_unknown_item(path: &str) => "表单中没有可填写的项目 {path}。用 `kaocha forms show 表单` 查看项目编号。", "The form has no fillable item {path}. `kaocha forms show FORM` lists the item ids.";
    edit_bad_row(path: &str) => "没有这一行：{path}。", "No such row: {path}.";
    edit_value_text(item: &str, label: &str, problem: &str) => "“{label}”（{item}）：{problem}。未作任何修改。", "“{label}” ({item}): {problem}. Nothing was changed.";
    edit_not_relevant(item: &str, label: &str) => "“{label}”（{item}）当前不适用（它的前提条件不成立），不能填写。未作任何修改。", "“{label}” ({item}) does not apply now (its condition does not hold), so it cannot be filled. Nothing was changed.";
    edit_value_label(label: &str, problem: &str) => "“{label}”：{problem}。未作任何修改。", "“{label}”: {problem}. Nothing was changed.";
    edit_not_relevant_plain(label: &str) => "“{label}”当前不适用（它的前提条件不成立），不能填写。未作任何修改。", "“{label}” does not apply now (its condition does not hold), so it cannot be filled. Nothing was changed.";
    edit_too_many_rows(label: &str, max: u32) => "“{label}”最多 {max} 行。", "“{label}” has at most {max} rows.";
    edit_need_reason() => "该记录已定稿，修改需要填写原因（--reason）。", "This entry is final; a change needs a reason (--reason).";
    edit_deleted() => "该记录已删除，先恢复才能修改。", "This entry is deleted; restore it before changing it.";
    edit_conflicted() => "该记录有冲突（两处对同一项作了不同修改），请先解决冲突：kaocha conflicts 或同步界面。", "This entry is in conflict (the same item was changed differently in two places); resolve it first: kaocha conflicts or the sync screen.";
    edit_unresolved(paths: &str) => "还有冲突未解决：{paths}。每个冲突项都要选定一个值。", "Conflicts left unresolved: {paths}. Pick a value for every one.";
    edit_bad_pick(what: &str) => "无法按“{what}”解决冲突：请写 ours、theirs、序号（1、2…）或一个值。", "Cannot resolve with “{what}”: write ours, theirs, a side number (1, 2 …) or a value.";
    edit_not_a_stage(title: &str) => "《{title}》不是本任务的考察环节，考核委不会接收它的记录。请选择任务环节中的表单。", "“{title}” is none of the campaign's stages; HQ would not accept its entries. Pick a form of the campaign's stages.";
    edit_only_one(title: &str) => "该单位已有一份《{title}》，每个单位只填一份。", "This unit already has a “{title}”; there is one per unit.";
}

/// A value was refused: the item and the rule, without doubled stops.
pub fn edit_value(item: &str, label: &str, problem: &str) -> String {
    edit_value_text(
        item,
        label,
        problem.trim_end_matches(['。', '.', '！', '!']),
    )
}

/// A stage's progress: final entries of those needed, and the drafts
/// beside them (`1/3 +1草稿`; `2` when none is required).
pub fn stage_count(finals: usize, need: u32, drafts: usize) -> String {
    let mut out = if need > 0 {
        format!("{finals}/{need}")
    } else {
        finals.to_string()
    };
    if drafts > 0 {
        out.push_str(&match lang() {
            Lang::Zh => format!(" +{drafts}草稿"),
            Lang::En => format!(" +{drafts} draft"),
        });
    }
    out
}

/// An enrolled laptop as a conflict's side names it: its label, and its
/// teams when it has any (`李红的电脑（第二组）`).
pub fn ui_laptop(label: &str, teams: &[String]) -> String {
    if teams.is_empty() {
        return label.to_string();
    }
    match lang() {
        Lang::Zh => format!("{label}（{}）", teams.join("、")),
        Lang::En => format!("{label} ({})", teams.join(", ")),
    }
}

/// A draft that has no field to go back to: its text on one line, cut to
/// what a message line can show.
pub fn ui_draft_lost(text: &str) -> String {
    let one_line: String = text
        .chars()
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .take(200)
        .collect();
    ui_draft_lost_text(&one_line)
}

/// A value was refused, on a screen that shows the item: its label only.
pub fn edit_value_plain(label: &str, problem: &str) -> String {
    edit_value_label(label, problem.trim_end_matches(['。', '.', '！', '!']))
}

/// Finalising was refused: the items still missing or wrong.
pub fn edit_not_ready(items: &[(String, String)]) -> String {
    let head = match lang() {
        Lang::Zh => format!("还不能定稿，有 {} 处需要补充或更正：", items.len()),
        Lang::En => format!("Cannot finalise yet; {} items need attention:", items.len()),
    };
    let mut out = vec![head];
    out.extend(
        items
            .iter()
            .map(|(label, problem)| format!("  · {label}：{problem}")),
    );
    out.join("\n")
}

// ---- values ------------------------------------------------------------
texts! {
    v_not_integer() => "请输入整数", "enter a whole number";
    v_not_number() => "请输入数字", "enter a number";
    v_below_min(min: &str) => "不能小于 {min}", "must be at least {min}";
    v_above_max(max: &str) => "不能大于 {max}", "must be at most {max}";
    v_unknown_option(value: &str, valid: &str) => "“{value}”不是可选项（可选：{valid}）", "“{value}” is not an option (options: {valid})";
    v_not_date() => "请输入日期，如 2013-11-26 或 2013年11月26日", "enter a date, e.g. 2013-11-26";
    v_not_time() => "请输入时间，如 09:30 或 9点30分", "enter a time, e.g. 09:30";
    v_not_yesno() => "请输入 是 或 否", "enter yes or no";
    v_not_text() => "应为文字", "must be text";
    v_too_long(max: usize) => "文字过长（最多 {max} 字）", "text too long (at most {max} characters)";
    v_read_only() => "此项由系统计算或仅供阅读，不能填写", "this item is computed or read-only";
    v_constraint(message: &str) => "不符合填写要求：{message}", "does not meet the rule: {message}";
    v_constraint_plain() => "不符合填写要求", "does not meet the item's rule";
    v_required() => "必填项尚未填写", "required, still empty";
}

// ---- expressions -------------------------------------------------------
texts! {
    x_unexpected_char(c: char) => "不能识别的字符“{c}”", "unexpected character '{c}'";
    x_unexpected_end() => "表达式不完整", "unexpected end of expression";
    x_unexpected_token(t: &str) => "此处不应出现“{t}”", "unexpected '{t}'";
    x_unclosed_string() => "字符串缺少结束引号", "string is not closed";
    x_unknown_function(name: &str) => "没有函数 {name}()", "unknown function '{name}'";
    x_wrong_arity(function: &str, expected: &str, got: usize) => "{function}() 需要 {expected} 个参数，实际 {got} 个", "{function}() takes {expected} argument(s), got {got}";
    x_bad_argument(function: &str, expected: &str) => "{function}() 的参数形式不对（应为 {expected}）", "{function}() expects {expected}";
    x_too_deep(max: usize) => "嵌套超过 {max} 层", "expression nested more than {max} levels";
    x_too_long(max: usize) => "表达式超过 {max} 个字符", "expression longer than {max} characters";
    x_at_column(column: usize, message: &str) => "第 {column} 列：{message}", "column {column}: {message}";
}

// ---- form files --------------------------------------------------------
texts! {
    form_item(id: &str) => "项目 {id}：", "item {id}:";
    not_utf8() => "文件不是 UTF-8 编码", "the file is not UTF-8";
    f_too_large() => "文件过大（超过 1 MiB）", "file too large (over 1 MiB)";
    f_json(detail: &str) => "不是有效的 JSON：{detail}", "not valid JSON: {detail}";
    f_schema(detail: &str) => "结构不符合表单格式：{detail}", "does not fit the form schema: {detail}";
    f_bad_form_id(id: &str) => "表单编号“{id}”不合格（小写字母开头，只含小写字母、数字、_ 和 .，最多 64 个字符）", "form id “{id}” is malformed (lowercase letter first, then lowercase letters, digits, _ and .; 64 characters at most)";
    f_bad_version() => "version 必须 ≥ 1", "version must be ≥ 1";
    f_no_sections() => "表单没有任何分节", "the form has no sections";
    f_empty_section(id: &str) => "分节 {id} 没有项目", "section {id} has no items";
    f_bad_item_id() => "项目编号不合格（小写字母开头，只含小写字母、数字和 _，最多 64 个字符）", "malformed item id (lowercase letter first, then lowercase letters, digits and _; 64 characters at most)";
    f_duplicate_id() => "项目编号重复", "duplicate item id";
    f_key_not_for_type(key: &str, kind: &str) => "{kind} 类型的项目不能有 {key}", "a {kind} item cannot have {key}";
    f_missing_key(key: &str) => "缺少 {key}", "missing {key}";
    f_no_options() => "选择题没有选项（options）", "a choice item without options";
    f_duplicate_option(value: &str) => "选项值 {value} 重复", "duplicate option value {value}";
    f_bad_range() => "min/max 范围不合理", "min/max do not make a range";
    f_bad_labels() => "labels 的个数应与刻度数相同", "labels must have one label per scale step";
    f_nested_repeat() => "重复表内不能再嵌套重复表", "a repeat cannot contain a repeat";
    f_bad_prefill(p: &str) => "prefill “{p}” 不是可用的三定字段（baseline.KEY）或花名册人数（roster.admin、inst、worker、other、leaders、body_leaders）", "prefill “{p}” is neither a baseline key (baseline.KEY) nor a roster count (roster.admin, inst, worker, other, leaders, body_leaders)";
    f_bad_default() => "default 与项目类型不符", "default does not fit the item type";
    f_unknown_tag(tag: &str) => "未知的问题类型标签“{tag}”", "unknown finding tag “{tag}”";
    f_expr(key: &str, column: usize, detail: &str) => "{key} 表达式第 {column} 列：{detail}", "{key} expression, column {column}: {detail}";
    f_unknown_name(key: &str, column: usize, name: &str) => "{key} 表达式第 {column} 列：引用了不存在的项目 {name}", "{key} expression, column {column}: refers to missing item {name}";
    f_row_item_outside(key: &str, column: usize, name: &str) => "{key} 表达式第 {column} 列：{name} 是重复表中的项目，只能在同一行内或用 sum() 引用", "{key} expression, column {column}: {name} is a repeat item; use it inside its row or through sum()";
    f_not_a_repeat(key: &str, column: usize, name: &str) => "{key} 表达式第 {column} 列：{name} 不是重复表", "{key} expression, column {column}: {name} is not a repeat";
    f_unknown_baseline(key: &str, column: usize, name: &str) => "{key} 表达式第 {column} 列：没有三定字段 baseline.{name}", "{key} expression, column {column}: no baseline key baseline.{name}";
    f_self_outside(key: &str, column: usize) => "{key} 表达式第 {column} 列：“.” 只能用在 constraint 中", "{key} expression, column {column}: “.” is only allowed in constraint";
    f_calc_cycle() => "计算项互相引用，形成循环", "calc items refer to each other in a cycle";
    f_unknown_title_item(id: &str) => "title_item 指向不存在的项目 {id}", "title_item names missing item {id}";
    f_text_empty(key: &str) => "{key} 是空的（不需要英文时整项省略）", "{key} is empty (leave the key out when there is no English)";
    f_text_control(key: &str) => "{key} 含控制字符", "{key} holds a control character";
    f_text_too_long(key: &str, max: usize) => "{key} 超过 {max} 个字符", "{key} is longer than {max} characters";
    f_bad_labels_en() => "labels_en 的个数应与 labels 相同", "labels_en must have one label per label of labels";
    f_stamped_single_line() => "stamped 只用于多行文本项目（multiline: true）", "stamped is only for multi-line text items (multiline: true)";
}

// ---- command line ------------------------------------------------------
texts! {
    data_dir_line(dir: &str) => "数据目录：{dir}", "Data folder: {dir}";
    error_prefix(message: &str) => "错误：{message}", "Error: {message}";
    no_data_dir() => "找不到本用户的数据目录，请用 --data-dir 指定。", "No data folder for this user; give one with --data-dir.";
    demo_seeded_text(name: &str, units: usize, teams: usize, verb: &str) => "{verb}演示任务：{name}\n（演示数据，单位与数字均为虚构）{units} 个被评估单位，{teams} 个考核组。",
        "{verb} the demo campaign: {name}\n(demonstration data; units and figures are invented) {units} units, {teams} teams.";
    demo_jx_hint(id: &str) => "另有绩效考核演示任务：kaocha campaign use {id}（界面首页按 C 切换）。", "There is a 绩效考核 demo too: kaocha campaign use {id} (C on the home screen switches).";
    campaign_heading_text(name: &str, mark: &str) => "评估任务：{name}{mark}", "Campaign: {name}{mark}";
    home_hint() => "下一步：kaocha entry new --unit 单位 --form jgbz.registration；kaocha forms list 查看表单；kaocha --help 查看全部命令。",
        "Next: kaocha entry new --unit UNIT --form jgbz.registration; kaocha forms list shows the forms; kaocha --help lists every command.";
    first_run() => "还没有评估任务。\n  kaocha demo       载入演示任务\n  kaocha --help     查看全部命令",
        "No campaign yet.\n  kaocha demo       load the demo campaign\n  kaocha --help     list every command";
    form_line(id: &str, version: u32, title: &str, items: usize) => "{id:<20} v{version}  {title}（{items} 项）", "{id:<20} v{version}  {title} ({items} items)";
    cannot_read_dir(dir: &str, error: &str) => "无法读取文件夹 {dir}：{error}", "Cannot read folder {dir}: {error}";
    no_form_files() => "文件夹中没有表单文件（*.json）。", "The folder holds no form files (*.json).";
    forms_checked(files: usize, bad: usize) => "检查了 {files} 个表单文件，{bad} 个有问题。", "Checked {files} form files, {bad} with problems.";
    required_mark() => "必填", "required";
    row_label(table: &str, n: usize) => "{table}第{n}行", "{table} row {n}";
    row_of(table: &str) => "{table}的一行", "a row of {table}";
    row_of_item(table: &str, item: &str) => "{table}·{item}", "{table} · {item}";
    row_item_label(table: &str, n: usize, item: &str) => "{table}第{n}行·{item}", "{table} row {n} · {item}";
    saved_changes(revisions: usize, at: &str) => "已保存 {at}（{revisions} 个修订）", "Saved {at} ({revisions} revisions)";
    no_change() => "没有变化，未作修改。", "Nothing changed.";
    finalized(id: &str) => "已定稿：{id}", "Finalised: {id}";
    finalize_all_not_questionnaire(title: &str) => "“{title}”不是问卷：--all 只定稿问卷，其他记录请逐条定稿。", "“{title}” is no questionnaire: --all finalises questionnaires only; finalise other entries one by one.";
    bad_assignment(text: &str) => "“{text}”应写成 项目=值", "“{text}” should be ITEM=VALUE";
    entry_meta(id: &str, created: &str, creator: &str, updated: &str, updater: &str) => "记录 {id} · 创建 {created} {creator} · 更新 {updated} {updater}",
        "entry {id} · created {created} {creator} · updated {updated} {updater}";
    row_count(n: usize) => "{n} 行", "{n} rows";
    conflict_line(path: &str, values: &str) => "！冲突 {path}：{values}", "! conflict {path}: {values}";
    deleted_entry(id: &str) => "已删除：{id}（可用 kaocha entry restore 恢复）", "Deleted: {id} (kaocha entry restore brings it back)";
    restored_entry(id: &str) => "已恢复：{id}", "Restored: {id}";
    no_entries() => "没有记录。", "No entries.";
    created() => "新建", "created";
    reason(text: &str) => "原因：{text}", "reason: {text}";
    row_added() => "新增一行", "row added";
    row_removed() => "删除该行", "row removed";
}

/// 是 / 否.
pub fn yes_no(b: bool) -> String {
    match (lang(), b) {
        (Lang::Zh, true) => "是".into(),
        (Lang::Zh, false) => "否".into(),
        (Lang::En, true) => "yes".into(),
        (Lang::En, false) => "no".into(),
    }
}

/// 草稿 / 定稿 / 已删除 (0, 1, 2).
pub fn status(n: u8) -> String {
    let (zh, en) = match n {
        0 => ("草稿", "draft"),
        1 => ("定稿", "final"),
        _ => ("已删除", "deleted"),
    };
    match lang() {
        Lang::Zh => zh.into(),
        Lang::En => en.into(),
    }
}

/// The demo was seeded (`wrote`) or was already there.
pub fn demo_seeded(name: &str, units: usize, teams: usize, wrote: bool) -> String {
    let verb = match (lang(), wrote) {
        (Lang::Zh, true) => "已载入",
        (Lang::Zh, false) => "已存在（未作改动）的",
        (Lang::En, true) => "Loaded",
        (Lang::En, false) => "Already loaded, nothing changed:",
    };
    demo_seeded_text(name, units, teams, verb)
}

/// The campaign heading, marked when it is demonstration data.
pub fn campaign_heading(name: &str, demo: bool) -> String {
    let mark = match (lang(), demo) {
        (_, false) => "",
        (Lang::Zh, true) => "  〔演示数据〕",
        (Lang::En, true) => "  [demo data]",
    };
    campaign_heading_text(name, mark)
}

/// One unit with its approved figures: 行政, 事业, 工勤, 领导职数, 内设机构.
pub fn unit_line(id: &str, name: &str, team: &str, quota: &[String; 5]) -> String {
    let [a, i, w, l, b] = quota;
    match lang() {
        Lang::Zh => format!(
            "  {name}（{id}） {team}  核定：行政 {a} 事业 {i} 工勤 {w} · 领导职数 {l} · 内设机构 {b}"
        ),
        Lang::En => format!(
            "  {name} ({id}) {team}  approved: admin {a} inst {i} worker {w} · leaders {l} · bodies {b}"
        ),
    }
}
mod roster;
pub use roster::*;
mod rectify;
pub use rectify::*;
mod attach;
pub use attach::*;
mod tui_attach;
pub use tui_attach::*;
mod selfcheck;
pub use selfcheck::*;
mod publicity;
pub use publicity::*;
mod evidence;
pub use evidence::*;
