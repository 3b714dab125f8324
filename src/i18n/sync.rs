//! Sync strings: bundles, keys, trust and enrolment, import and export
//! reports.

use super::{Lang, lang};

// ---- sync --------------------------------------------------------------
texts! {
    ui_busy_export() => "正在导出数据包…带照片时可能需要几十秒，请勿关闭窗口。", "Exporting the bundle… with photos this may take a minute; do not close the window.";
    ui_busy_import(file: &str) => "正在导入 {file}…带照片时可能需要几十秒，请勿关闭窗口。", "Importing {file}… with photos this may take a minute; do not close the window.";
    ui_busy_reports() => "正在生成报告…", "Writing the reports…";
    sync_io(path: &str, error: &str) => "无法读写 {path}：{error}。请检查路径、U 盘和权限。", "Cannot read or write {path}: {error}. Check the path, the USB stick and the permissions.";
    sync_key(detail: &str) => "密钥文件有误（{detail}）。", "The key file is damaged ({detail}).";
    sync_empty() => "文件是空的", "the file is empty";
    sync_not_bundle(detail: &str) => "这不是有效的 kaocha 数据包（{detail}）。文件可能损坏或不完整，请重新拷贝。", "This is not a valid kaocha bundle ({detail}). The file may be damaged or incomplete; copy it again.";
    sync_bad_format(found: &str) => "这不是 kaocha 数据包（format 为“{found}”）。", "This is not a kaocha bundle (format is “{found}”).";
    sync_bad_version(found: u32) => "数据包版本 {found} 不受支持（本程序读取版本 1 至 4）。请升级 kaocha 或请对方用相同版本导出。", "Bundle version {found} is not supported (this build reads versions 1 to 4). Upgrade kaocha or ask for an export with the same version.";
    sync_bad_files() => "数据包所列的附件有误（哈希格式不对、超过每个附件的上限或重复）：文件可能被篡改。未导入任何内容。", "The bundle's list of attachments is wrong (a bad hash, over the limit per attachment, or listed twice): the file may have been tampered with. Nothing was imported.";
    sync_file_mismatch(sha: &str) => "数据包中的附件 {sha}… 与签名所列的哈希不符：文件在导出后被改动或损坏。未导入任何内容，请重新拷贝或让对方重新导出。", "Attachment {sha}… in the bundle does not match the hash its signature lists: the file was changed or damaged after export. Nothing was imported; copy it again or ask for a new export.";
    sync_files_cut_off(got: usize, want: usize) => "数据包不完整：应带 {want} 个附件，只读到 {got} 个就结束了（拷贝可能中断）。未导入任何内容，请重新拷贝。", "The bundle is incomplete: it should carry {want} attachments but ends after {got} (the copy may have been cut off). Nothing was imported; copy it again.";
    sync_trailing_data() => "附件之后还有多余的数据", "there is extra data after the attachments";
    sync_too_many_files(max: usize) => "附件超过 {max} 个", "more than {max} attachments";
    sync_file_altered_here(name: &str) => "本机保存的附件 {name} 已被改动（哈希不符），导出已停止，未写出数据包。请先运行 kaocha doctor 查看，并重新添加原文件。", "The attachment {name} kept here was altered (its hash does not match); the export stopped and wrote no bundle. Run kaocha doctor first, and attach the original file again.";
    sync_file_not_here(entry: &str, name: &str, sha: &str) => "记录 {entry} 的附件 {name}（{sha}）在本机找不到文件，未随数据包带出", "entry {entry}: the file of attachment {name} ({sha}) is not here and was not carried";
    sync_file_not_carried(entry: &str, name: &str, sha: &str) => "记录 {entry} 的附件 {name}（{sha}）既不在数据包中，本机也没有", "entry {entry}: the file of attachment {name} ({sha}) is neither in the bundle nor here";
    sync_files_carried(n: usize, size: &str) => "带有 {n} 个附件（共 {size}）。", "It carries {n} attachments ({size} in all).";
    sync_files_received(n: usize, size: &str) => "附件 {n} 个（共 {size}），哈希均已核对。", "{n} attachments ({size} in all), every hash checked.";
    sync_files_missing_export(n: usize) => "注意：{n} 个附件的文件在本机找不到，未带出（请运行 kaocha doctor 查看，并重新添加原文件）：", "Note: the files of {n} attachments are not here and were not carried (run kaocha doctor, and attach the original files again):";
    sync_files_missing_import(n: usize) => "注意：{n} 个附件的文件既不在数据包中，本机也没有；记录已导入，请让对方检查后重新导出：", "Note: the files of {n} attachments are neither in the bundle nor here; the entries were imported; ask the sender to check and export again:";
    sync_hash_mismatch() => "数据包内容与校验值不符：文件在导出后被改动或损坏。未导入任何内容。", "The bundle's content does not match its checksum: the file was changed or damaged after export. Nothing was imported.";
    sync_bad_signature() => "数据包签名无效：内容不是由所示密钥签署的。未导入任何内容。", "The bundle's signature is invalid: the content was not signed by the key shown. Nothing was imported.";
    sync_other_campaign(id: &str) => "数据包属于另一个评估任务（{id}），本机没有这个任务。", "The bundle belongs to another campaign ({id}), which this installation does not have.";
    sync_bad_revision(id: &str, why: &str) => "数据包中的修订 {id} 有误：{why}。未导入任何内容。", "Revision {id} in the bundle is wrong: {why}. Nothing was imported.";
    sync_missing_parent(id: &str) => "修订 {id} 的前序修订不在数据包中，本机也没有：请先导入更早的数据包，或让对方做完整导出。未导入任何内容。", "Revision {id} needs earlier revisions that are neither in the bundle nor here: import the earlier bundles first, or ask for a full export. Nothing was imported.";
    sync_encrypted_for_other() => "数据包已加密，但不是加密给本机的（或文件损坏），无法解密。", "The bundle is encrypted, but not to this installation (or the file is damaged); it cannot be decrypted.";
    sync_no_recipient() => "没有考核委的加密公钥：加密导出需要先导入考核委下发的任务包。", "There is no HQ encryption key: an encrypted export needs a plan bundle from HQ first.";
    sync_no_team(team: &str) => "本任务没有考核组“{team}”。", "The campaign has no team “{team}”.";
    sync_plan_without_campaign() => "任务包中没有评估任务", "the plan bundle holds no campaign";
    sync_why_duplicate() => "在包中重复出现", "it appears twice";
    sync_why_id() => "编号与内容不符（内容被改动过）", "its id does not match its content (it was altered)";
    sync_why_campaign() => "属于另一个评估任务", "it belongs to another campaign";
    sync_why_form(form: &str) => "使用了未知的表单 {form}", "it uses an unknown form {form}";
    sync_envelope_mismatch() => "数据包外层的信息（编号、类型、任务、来源或数量）与签名内容不一致：文件在导出后被改动过。未导入任何内容。", "The bundle's envelope (id, kind, campaign, origin or counts) disagrees with its signed content: the file was changed after export. Nothing was imported.";
    json_no_format() => "文件中没有 format 字段，不是 kaocha 导出的数据包", "the file has no format field: kaocha did not export it";
    json_eof(line: usize, column: usize) => "文件在第 {line} 行第 {column} 列提前结束，不完整", "the file ends early, at line {line} column {column}: it is incomplete";
    json_too_deep(line: usize, column: usize) => "第 {line} 行第 {column} 列嵌套层数过多", "nested too deeply at line {line} column {column}";
    json_bad_text(line: usize, column: usize) => "第 {line} 行第 {column} 列含有无效的字符", "invalid characters at line {line} column {column}";
    json_shape(line: usize, column: usize) => "第 {line} 行第 {column} 列的内容不符合数据包格式", "the content at line {line} column {column} does not fit the bundle format";
    json_syntax(line: usize, column: usize) => "第 {line} 行第 {column} 列不是有效的 JSON", "not valid JSON at line {line} column {column}";
    sync_why_time(at: &str) => "时间“{at}”不是有效的时间", "its time “{at}” is not a valid time";
    sync_why_unit(unit: &str) => "属于本任务中没有的单位 {unit}", "it names a unit {unit} the campaign does not have";
    sync_why_second_root() => "重复创建了一条已存在的记录", "it creates an entry that already exists";
    sync_why_root() => "缺少记录的基本信息（首个修订应有 init 且无前序修订）", "it lacks the entry's basic facts (a first revision has init and no parents)";
    sync_why_size() => "内容过大", "it is too large";
    sync_why_value(path: &str) => "项目 {path} 的值不符合表单", "the value of {path} does not fit the form";
}

// ---- sync commands -----------------------------------------------------
texts! {
    key_line(fp: &str, key: &str) => "本机密钥指纹：{fp}\n公钥：{key}", "This installation's key fingerprint: {fp}\npublic key: {key}";
    no_trusted_keys() => "还没有受信任的密钥。", "No trusted keys yet.";
    bad_fingerprint(text: &str) => "“{text}”不是有效的指纹（应为 16 位十六进制，如 3f2a-91c0-77de-0b14）。", "“{text}” is not a fingerprint (16 hex digits, e.g. 3f2a-91c0-77de-0b14).";
    unknown_fingerprint(fp: &str) => "没有指纹为 {fp} 的受信任密钥。", "No trusted key has the fingerprint {fp}.";
    revoked_now(fp: &str) => "已撤销对密钥 {fp} 的信任。", "Revoked the key {fp}.";
    already_imported(file: &str) => "{file}：此前已导入，无变化。", "{file}: imported before, nothing changed.";
    no_conflicts() => "没有冲突。", "No conflicts.";
    resolve_hint() => "解决：kaocha conflicts resolve 记录 项目=ours|theirs|序号|值 …", "Resolve: kaocha conflicts resolve ENTRY ITEM=ours|theirs|N|VALUE …";
    resolved(id: &str) => "冲突已解决：{id}", "Conflicts resolved: {id}";
}

/// What an export wrote.
pub fn exported(
    file: &str,
    revisions: usize,
    entries: usize,
    forms: usize,
    encrypted: bool,
    fp: &str,
) -> String {
    match lang() {
        Lang::Zh => format!(
            "已导出 {file}：{revisions} 个修订，{entries} 条记录，{forms} 个表单{}。签名密钥指纹 {fp}。",
            if encrypted { "，已加密" } else { "" }
        ),
        Lang::En => format!(
            "Exported {file}: {revisions} revisions, {entries} entries, {forms} forms{}. Signed by key {fp}.",
            if encrypted { ", encrypted" } else { "" }
        ),
    }
}

/// What an import added, merged and flagged.
#[allow(clippy::too_many_arguments)]
pub fn imported(
    file: &str,
    origin: &str,
    kind: &str,
    new: usize,
    known: usize,
    entries: usize,
    merged: usize,
    conflicted: usize,
    dry: bool,
) -> String {
    let (dry_zh, dry_en) = if dry {
        ("（试运行，未写入）", " (dry run, nothing written)")
    } else {
        ("", "")
    };
    match lang() {
        Lang::Zh => format!(
            "{file}（{}，来自 {origin}）：新增 {new} 个修订，已有 {known} 个，涉及 {entries} 条记录；自动合并 {merged} 条，冲突 {conflicted} 条{dry_zh}。",
            if kind == "plan" {
                "任务包"
            } else {
                "成果数据包"
            }
        ),
        Lang::En => format!(
            "{file} ({kind}, from {origin}): {new} new revisions, {known} known, {entries} entries; {merged} merged, {conflicted} in conflict{dry_en}."
        ),
    }
}

// ---- trust, roles and limits -------------------------------------------
texts! {
    sync_untrusted(fp: &str, label: &str) => "数据包由未登记的设备签署（{label}，指纹 {fp}）。请先与该设备的使用人当面或电话核对指纹，一致后登记到它所属的考核组：kaocha import 文件 --trust {fp} --team 考核组（或 kaocha keys trust {fp} --team 考核组）。未导入任何内容。",
        "The bundle is signed by a device not enrolled here ({label}, fingerprint {fp}). Check the fingerprint with the device's user in person or by phone; if it matches, enrol it for its team: kaocha import FILE --trust {fp} --team TEAM (or kaocha keys trust {fp} --team TEAM). Nothing was imported.";
    sync_need_team(fp: &str) => "登记设备 {fp} 需要说明它属于哪个考核组：加上 --team 考核组（可写多次）。未导入任何内容。",
        "Enrolling the device {fp} needs its team: add --team TEAM (may be given more than once). Nothing was imported.";
    sync_device_mismatch(fp: &str, bound: &str, claimed: &str) => "密钥 {fp} 已登记为设备 {bound}，这个数据包却自称来自设备 {claimed}：可能是复制的密钥。未导入任何内容，请联系该考核组。",
        "The key {fp} is enrolled as device {bound}, but this bundle claims to come from device {claimed}: the key may have been copied. Nothing was imported; contact that team.";
    sync_not_hq(trusted: &str, signer: &str) => "任务包不是由本机信任的考核委密钥签署的：本机信任的考核委指纹为 {trusted}，这个文件的签名指纹为 {signer}。请不要导入，并与考核委联系。",
        "The plan is not signed by the HQ key this installation trusts: the trusted HQ fingerprint is {trusted}, this file is signed by {signer}. Do not import it; contact HQ.";
    sync_hq_unconfirmed(signer: &str, label: &str) => "这是第一次从考核委导入任务包，需要先确认考核委的密钥：请电话向考核委询问其指纹（考核委运行 kaocha keys show 可见）。这个文件的签名指纹为 {signer}（{label}）；只有与考核委读给你的完全一致时，才用 --trust 加上考核委读给你的指纹导入。",
        "This is the first plan from HQ, so HQ's key must be confirmed first: ask HQ by phone for its fingerprint (HQ sees it with kaocha keys show). This file is signed by {signer} ({label}); only if that is exactly what HQ reads to you, import with --trust followed by the fingerprint HQ gave you.";
    sync_hq_imports_plan(label: &str) => "这是任务包（由 {label} 签署）。本机是该任务的考核委或就是它的签发者，考核委不导入任务包：请把它拿到该考核组的笔记本上导入。未导入任何内容。",
        "This is a plan bundle (signed by {label}). This installation is HQ of its campaign or issued it itself, and HQ never imports plans: import it on the team's laptop. Nothing was imported.";
    sync_plan_rollback(got: u64, have: u64) => "这是一份旧的任务包（第 {got} 号），本机已导入第 {have} 号：旧任务包会撤销较新的安排，不能导入。请向考核委索取最新的任务包。",
        "This is an older plan (number {got}); this laptop has imported number {have}: an older plan would undo newer changes, so it cannot be imported. Ask HQ for the latest plan.";
    sync_team_switch(from: &str, to: &str) => "这是{to}的任务包，本机属于{from}。如确实改到{to}，请加 --switch-team 再导入（本机已有的记录会保留，并照常导出）。未导入任何内容。",
        "This plan is for {to}; this laptop works for {from}. If it really moves to {to}, import again with --switch-team (the entries already here are kept and still exported). Nothing was imported.";
    sync_bad_plan(why: &str) => "任务包有误：{why}。未导入任何内容，请向考核委重新索取。", "The plan is wrong: {why}. Nothing was imported; ask HQ for it again.";
    sync_plan_one_team() => "任务包应当只有一个考核组，且其单位都属于该组", "a plan holds exactly one team, and its units all belong to it";
    sync_plan_no_seq() => "缺少任务包序号", "it has no plan number";
    sync_plan_bad_keys() => "考核委的密钥与签名不一致", "HQ's keys do not match its signature";
    sync_plan_stray_form(form: &str) => "表单 {form} 不属于任务的任何环节", "the form {form} belongs to none of the campaign's stages";
    sync_results_carry(what: &str) => "成果数据包只能带修订，这个却带有 {what}（只有考核委能下发这些）。未导入任何内容。",
        "A results bundle carries revisions only, but this one carries {what} (only HQ may send those). Nothing was imported.";
    sync_too_many_devices(max: usize) => "设备证书超过 {max} 个", "more than {max} device certificates";
    sync_bad_ids() => "数据包中的编号格式不对（可能被篡改）。未导入任何内容。", "The bundle holds ids in a wrong format (it may have been tampered with). Nothing was imported.";
    sync_not_hq_here(campaign: &str) => "本机不是任务“{campaign}”的考核委：任务包只能由用 campaign new 建立该任务的考核委导出。", "This installation is not HQ of “{campaign}”: only the HQ that made the campaign (campaign new) exports its plans.";
    sync_why_ids() => "编号格式不对", "an id has a wrong format";
    sync_why_control() => "姓名、原因或问题事实中含有控制字符", "a name, reason or finding's facts hold control characters";
    sync_why_author(device: &str) => "作者设备 {device} 未在本机登记（请先登记该设备并核对指纹）", "its author device {device} is not enrolled here (enrol it after checking its fingerprint)";
    sync_why_out_of_scope(unit: &str, team: &str) => "修改了{unit}（{team}）的记录，而签名设备没有登记为该组", "it changes an entry of {unit} ({team}), a team the device is not enrolled for";
    sync_why_merge() => "合并修订与其前序修订不符", "its merge does not match its parents";
    sync_why_need_reason() => "修改已定稿的记录却没有说明原因", "it changes a finalised entry without a reason";
    sync_why_not_ready(item: &str, n: usize) => "定稿时仍有 {n} 项不符合要求（如“{item}”）", "it finalises with {n} items not ready (e.g. “{item}”)";
}

/// The size of a bundle, refused.
pub fn sync_too_large(size: Option<u64>, max: u64) -> String {
    let mb = |b: u64| b.div_ceil(1 << 20);
    match (lang(), size) {
        (Lang::Zh, Some(s)) => format!(
            "数据包太大（{} MB，上限 {} MB），未读取。如确实需要，用 --max-size 指定更大的上限（MB）。",
            mb(s),
            mb(max)
        ),
        (Lang::Zh, None) => format!(
            "数据包内容超过上限 {} MB，未导入。如确实需要，用 --max-size 指定更大的上限（MB）。",
            mb(max)
        ),
        (Lang::En, Some(s)) => format!(
            "The bundle is too large ({} MB, limit {} MB); it was not read. If it is really needed, give a larger limit with --max-size (MB).",
            mb(s),
            mb(max)
        ),
        (Lang::En, None) => format!(
            "The bundle's content exceeds the limit of {} MB; nothing was imported. If it is really needed, give a larger limit with --max-size (MB).",
            mb(max)
        ),
    }
}

// ---- keys --------------------------------------------------------------
texts! {
    trusted_line_text(fp: &str, role: &str, label: &str, scope: &str, state: &str) => "{fp}  {role}  {label}{scope}{state}", "{fp}  {role}  {label}{scope}{state}";
    trusted_now(fp: &str) => "已信任密钥 {fp}。", "Trusted the key {fp}.";
    enrolled_now(fp: &str, teams: &str) => "已登记设备 {fp}，所属考核组：{teams}。", "Enrolled the device {fp} for {teams}.";
    trusted_on_import(fp: &str, origin: &str) => "已信任 {origin} 的密钥，指纹 {fp}。", "Trusted the key of {origin}, fingerprint {fp}.";
    keys_need_passphrase() => "本机密钥受口令保护，需要口令：请重新启动 kaocha 并输入口令（脚本中可设置 KAOCHA_PASSPHRASE）。", "This installation's key is protected by a passphrase: start kaocha again and enter it (scripts may set KAOCHA_PASSPHRASE).";
    keys_wrong_passphrase() => "口令不对，密钥未能打开。请重试。", "Wrong passphrase: the key could not be opened. Try again.";
    keys_short_passphrase(min: usize) => "口令太短：至少 {min} 个字符。", "The passphrase is too short: at least {min} characters.";
    keys_ask_passphrase() => "密钥口令：", "Key passphrase: ";
    keys_ask_new_passphrase() => "新的密钥口令：", "New key passphrase: ";
    keys_ask_again() => "再输入一次：", "Once more: ";
    keys_passphrases_differ() => "两次输入的口令不一致，未做任何改动。", "The two passphrases differ; nothing was changed.";
    keys_protected(n: usize) => "已用口令保护 {n} 个密钥文件。以后每次启动 kaocha 需要签名或解密时，会询问一次口令。", "Protected {n} key files with the passphrase. From now on kaocha asks for it once per start when it signs or decrypts.";
    keys_unprotected(n: usize) => "已取消口令保护（{n} 个密钥文件）。", "Removed the passphrase from {n} key files.";
    keys_nothing_to_protect() => "没有需要保护的密钥（已受保护）。", "There is no key left to protect (already protected).";
    keys_not_protected() => "密钥没有受口令保护。", "The keys are not protected by a passphrase.";
}

/// A trusted key as listed: role, label, its campaign's teams, revoked.
pub fn trusted_line(fp: &str, role: &str, label: &str, teams: &str, revoked: bool) -> String {
    let role = match (lang(), role) {
        (Lang::Zh, "hq") => "考核委",
        (Lang::Zh, "device") => "设备",
        (Lang::Zh, _) => "已核对",
        (Lang::En, "hq") => "HQ",
        (Lang::En, "device") => "device",
        (Lang::En, _) => "confirmed",
    };
    let scope = match (lang(), teams.is_empty()) {
        (_, true) => String::new(),
        (Lang::Zh, false) => format!("（{teams}）"),
        (Lang::En, false) => format!(" ({teams})"),
    };
    let state = match (lang(), revoked) {
        (_, false) => "",
        (Lang::Zh, true) => "（已撤销）",
        (Lang::En, true) => " (revoked)",
    };
    trusted_line_text(fp, role, label, &scope, state)
}
