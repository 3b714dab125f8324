//! Strings of the terminal screens.

use super::{Lang, lang};

texts! {
    ui_app_name() => "考察", "kaocha";
    ui_too_small() => "窗口太小：请把终端放大到至少 40×12。", "Window too small: enlarge the terminal to at least 40×12.";
    ui_no_terminal(detail: &str) => "无法打开终端界面（{detail}）。请在终端窗口中运行 kaocha；命令行用法见 kaocha --help。", "Cannot open the terminal screen ({detail}). Run kaocha in a terminal window; kaocha --help lists the commands.";
    ui_keys_broken(detail: &str) => "keys.json 无法读取（{detail}），使用默认按键。", "keys.json cannot be read ({detail}); using the default keys.";
    ui_keys_ignored(items: &str) => "keys.json 中这些设置无法识别，已忽略：{items}", "keys.json: these entries are not understood and were ignored: {items}";
    ui_keys_too_large() => "文件超过 64 KiB", "the file is over 64 KiB";
    ui_saving() => "… 正在保存", "… saving";
    ui_saved(at: &str) => "✓ 已保存 {at}", "✓ saved {at}";
    ui_save_failed(why: &str) => "✗ 保存失败：{why}", "✗ save failed: {why}";
    ui_sync_from_cli() => "同步界面尚未提供；数据包的导出和导入将在同步功能中提供。", "The sync screen is not there yet; bundle export and import come with the sync feature.";
    ui_welcome() => "欢迎使用考察（kaocha）。还没有评估任务。", "Welcome to kaocha. There is no campaign yet.";
    ui_start_demo() => "载入演示数据（2013年东阿县机构编制评估，演示）", "Load the demo campaign (2013 Dong'e county evaluation, demonstration data)";
    ui_first_run_plan() => "正式任务：由考核委办公室下发任务包后导入。", "A real campaign arrives as a plan bundle from HQ.";
    ui_first_run_cli() => "命令行用法：kaocha --help", "Command line: kaocha --help";
    ui_demo_mark() => "〔演示数据〕", "[demo data]";
    ui_col_unit() => "被评估单位", "Unit";
    ui_col_team() => "考核组", "Team";
    ui_col_progress() => "进度", "Progress";
    ui_col_findings() => "问题", "Findings";
    ui_findings_count(n: usize) => "问题 {n}", "findings {n}";
    ui_no_units() => "本任务还没有被评估单位。", "This campaign has no units yet.";
    ui_baseline() => "三定（核定）", "Baseline (approved)";
    ui_conflict_mark() => "！冲突", "! conflict";
    ui_findings() => "问题清单", "Findings";
    ui_no_findings() => "还没有问题。按 n 新增一条。", "No findings yet. Press n to add one.";
    ui_help() => "帮助", "Help";
    ui_help_keys() => "本页按键", "Keys on this screen";
    ui_help_workflow_title() => "工作流程", "Workflow";
    ui_help_workflow() => "1. 首页选择被评估单位，Enter 打开。\n2. 单位页按阶段列出：调查登记表、个别访谈、座谈会、调查问卷、实地考察、问题清单。\n3. 选中阶段按 n 新建记录；调查问卷按 q 进入快速录入，每题按一个数字。\n4. 表单中离开一项即自动保存，顶部显示“已保存”后才算保存完成。\n5. 填完按 F9 定稿；定稿后再修改需要填写原因。",
        "1. On the home screen pick a unit and press Enter.\n2. The unit screen lists the stages: registration, interviews, symposium, questionnaires, inspection, findings.\n3. Press n on a stage for a new entry; q opens questionnaire quick entry, one digit per answer.\n4. In a form, leaving an item saves it; it is saved once the top bar says “saved”.\n5. Press F9 to finalise; changing a final entry asks for a reason.";
    ui_add_row() => "新增一行", "add a row";
    ui_add_row_help() => "按 Enter 新增一行。", "Press Enter to add a row.";
    ui_row_n(n: usize) => "第 {n} 行", "row {n}";
    ui_row_help() => "↓ 填写这一行；F8 删除这一行。", "↓ fills this row; F8 deletes it.";
    ui_pick_hint() => "按数字选择并进入下一项。← → 在选项间移动，Enter 确定。↑ ↓ 换到上下项目。", "A digit chooses and moves on; or ← → move between the options, Enter confirms. ↑ ↓ go to the item above or below.";
    ui_multi_hint() => "按数字勾选。← → 在选项间移动，空格勾选，Enter 确定。↑ ↓ 换到上下项目。", "Digits tick; or ← → move between the options, Space ticks, Enter confirms. ↑ ↓ go to the item above or below.";
    ui_pick_by_digit(n: usize) => "请按数字 1–{n} 选择。", "Choose with a digit 1–{n}.";
    ui_second_digit(d: u32) => "已输入 {d}，再按一位数字，或按 Enter 选第 {d} 项。", "Typed {d}: type a second digit, or Enter for option {d}.";
    ui_nothing_to_save() => "没有需要保存的修改，已全部保存。", "Nothing to save; everything is saved.";
    ui_nothing_to_undo() => "本次没有可撤销的修改。", "Nothing to undo in this session.";
    ui_nothing_to_redo() => "没有可重做的修改。", "Nothing to redo.";
    ui_undone(what: &str) => "已撤销：{what}（Ctrl+Y 重做）", "Undone: {what} (Ctrl+Y redoes)";
    ui_redone(what: &str) => "已重做：{what}", "Redone: {what}";
    ui_change(label: &str, old: &str, new: &str) => "{label}：{old} → {new}", "{label}: {old} → {new}";
    ui_more_changes(n: usize) => "另 {n} 项", "{n} more";
    ui_esc_discards(message: &str) => "{message}——再按 Esc 放弃这项修改并返回。", "{message} — press Esc again to drop this change and go back.";
    ui_already_final() => "这条记录已定稿。", "This entry is already final.";
    ui_finalize_title() => "定稿", "Finalise";
    ui_finalize_confirm() => "所有必填项已填写。定稿后再修改需要填写原因。现在定稿吗？", "Every required item is filled. Changing a final entry needs a reason. Finalise now?";
    ui_finalized() => "已定稿。", "Finalised.";
    ui_finalize_complete_title() => "定稿已答完的问卷", "Finalise complete questionnaires";
    ui_finalize_complete_body(drafts: usize) => "本单位有 {drafts} 份问卷草稿。把必填题都已作答的全部定稿吗？有未答题的留作草稿，不做改动。Enter 定稿，Esc 取消。", "This unit has {drafts} draft questionnaires. Finalise every one with all required questions answered? Those with an unanswered question stay drafts, unchanged. Enter finalises, Esc cancels.";
    ui_quick_leave_finalize(n: usize) => "本次录入了 {n} 份问卷。返回前把本单位必填题都已作答的问卷草稿全部定稿吗？有未答题的留作草稿。Enter 定稿并返回，Esc 不定稿直接返回。", "{n} questionnaires were keyed in. Finalise every draft questionnaire of this unit with all required questions answered before going back? Those with an unanswered question stay drafts. Enter finalises and goes back, Esc goes back without finalising.";
    ui_finalized_all(n: usize) => "已定稿 {n} 份问卷。", "Finalised {n} questionnaires.";
    ui_left_drafts(n: usize, why: &str) => "{n} 份留作草稿：{why}。", " {n} left as drafts: {why}.";
    ui_left_missing(n: usize) => "{n} 份有未答的必填题", "{n} with an unanswered required question";
    ui_left_invalid(n: usize) => "{n} 份有不合要求的答案", "{n} with an answer that does not fit";
    ui_left_conflicted(n: usize) => "{n} 份有同步冲突", "{n} in a sync conflict";
    ui_list_sep() => "，", ", ";
    ui_quick_text_hint() => "开放题：直接输入文字，Enter 保存本份问卷；不填直接按 Enter 跳过。", "Open question: type the text, Enter saves this questionnaire; Enter alone skips it.";
    ui_not_ready_title() => "还不能定稿", "Not ready to finalise";
    ui_missing_count(n: usize) => "还有 {n} 项需要补充或更正：", "{n} items need attention:";
    ui_delete_title() => "删除", "Delete";
    ui_delete_entry(title: &str) => "删除记录“{title}”？删除也是一次修订，可以恢复。", "Delete entry “{title}”? A deletion is a revision too and can be undone.";
    ui_delete_row(label: &str, n: usize) => "删除“{label}”的第 {n} 行？", "Delete row {n} of “{label}”?";
    ui_deleted_undo() => "已删除。按 Ctrl+Z 恢复。", "Deleted. Ctrl+Z restores it.";
    ui_reason_title() => "修改原因", "Reason for the change";
    ui_reason_body() => "这条记录已定稿。请写明修改原因（会记入修改历史）：", "This entry is final. Say why it changes (kept in the history):";
    ui_reason_needed() => "请填写修改原因。", "Please give a reason.";
    ui_confirm_hint() => "Enter 确定 · Esc 取消", "Enter confirm · Esc cancel";
    ui_info_hint() => "按任意键关闭", "Any key closes";
    ui_quit_title() => "退出", "Quit";
    ui_approve_needs_final(title: &str) => "“{title}”尚未定稿，不能审核通过。等考核组定稿后再审核，或退回并写明意见。", "“{title}” is not final, so it cannot be approved. Approve it once the team finalises it, or return it with a comment.";
    ui_this_laptop() => "本机", "this laptop";
    ui_other_laptop(id: &str) => "设备 {id}", "device {id}";
    ui_side_by(device: &str, person: &str) => "{device} · {person}", "{device} · {person}";
    ui_paste_needs_text() => "粘贴的文字只能放进文字项；选择题请按数字作答。", "Pasted text goes into text items only; answer a choice with its digit.";
    ui_empty_not_kept() => "新建的记录未填写任何内容，未保留。", "The new entry was left empty and is not kept.";
    ui_draft_restored() => "已找回上次关闭时尚未保存的输入（见当前项）；停止输入 2 秒后自动保存。", "Text typed before the last close, not saved then, is back in the current item; it saves after 2 s without typing.";
    ui_draft_lost_text(text: &str) => "上次关闭时尚未保存的输入无法放回原处（该项已不存在或不适用），原文：{text}", "Text typed before the last close could not go back to its item (gone or not applicable); it read: {text}";
    ui_quit_unsaved() => "有修改未能保存（见顶部的原因）。仍要退出吗？", "Some changes could not be saved (see the reason at the top). Quit anyway?";
    ui_quit_invalid(message: &str) => "当前项的值无效，未保存：{message}。仍要退出吗？", "The current value is invalid and not saved: {message}. Quit anyway?";
    ui_unknown_tags(words: &str, known: &str) => "{words} 不是问题标签，没有勾选（原文照录）。可用的标签：{known}", "{words}: no such finding tag, nothing ticked (the text is kept). The tags: {known}";
    ui_minutes_hint(known: &str) => "Enter 记下这条发言，接着为同一发言人记下一条；F6 或 Alt+数字 换发言人；写 #标签 勾选问题标签：{known}", "Enter records this remark and starts the next one for the same speaker; F6 or Alt+digit changes the speaker; #tag ticks a finding tag: {known}";
    ui_issues_hint() => "↑ ↓ 选择 · Enter 转到该项 · Esc 关闭", "↑ ↓ choose · Enter goes there · Esc closes";
    ui_no_attendees() => "参加人员名单为空：先在“参加人员”中填写姓名。", "The attendance list is empty: fill in the names under attendees first.";
    ui_sync_title() => "同步", "Sync";
    ui_export_to() => "导出到文件夹", "Export to folder";
    ui_incremental() => "只导出新修订（增量）", "only new revisions (incremental)";
    ui_encrypt() => "加密（考核委公钥）", "encrypt (to HQ's key)";
    ui_no_hq_key() => "——没有考核委公钥，需先导入任务包", "— no HQ key yet: import a plan first";
    ui_import_from() => "导入文件", "Import file";
    ui_trust_fp() => "信任指纹", "Trust fingerprint";
    ui_own_key(fp: &str, n: usize) => "本机密钥指纹 {fp} · 受信任的密钥 {n} 个", "This installation's fingerprint {fp} · {n} trusted keys";
    ui_conflicts_count(n: usize) => "冲突：{n} 条记录（Enter 逐项解决：数字选值，Enter 保存）", "Conflicts: {n} entries (Enter resolves: a digit picks a side, Enter saves)";
    ui_trust_title() => "信任此密钥？", "Trust this key?";
    ui_untrusted(label: &str) => "这个数据包由尚未信任的设备签署（{label}），指纹：", "This bundle is signed by a device not trusted yet ({label}), fingerprint:";
    ui_trust_check() => "请与对方当面或电话逐组核对，一致才按 Enter（Esc 取消）。", "Check it group by group with its owner in person or by phone; press Enter only if it matches (Esc cancels).";
    ui_confirm_hq_title() => "确认考核委的密钥", "Confirm HQ's key";
    ui_confirm_hq(label: &str) => "第一次导入任务包（{label}）。请电话请考核委读出其密钥指纹（考核委运行 kaocha keys show），与下面逐组核对：", "The first plan ({label}). Ask HQ by phone to read out its key fingerprint (HQ runs kaocha keys show) and compare it group by group:";
    ui_confirm_hq_check() => "完全一致才按 Enter；不一致请按 Esc，不要导入。", "Press Enter only if every group matches; otherwise press Esc and do not import.";
    ui_enrol_title(label: &str, fp: &str) => "登记设备 {label}（指纹 {fp}，先核对）所属的考核组", "Enrol device {label} (fingerprint {fp}, check it first) for the team";
    ui_switch_team_title() => "改换考核组？", "Switch team?";
    ui_switch_team(from: &str, to: &str) => "这是{to}的任务包，本机目前属于{from}。按 Enter 改到{to}（本机已有的记录保留并照常导出），Esc 取消。", "This plan is for {to}; this laptop works for {from}. Enter switches it to {to} (the entries here are kept and still exported), Esc cancels.";
    ui_pick_every_field() => "每个冲突项都要选定一个值（按数字）。", "Pick a side for every conflicting field (a digit).";
    ui_assign_title(unit: &str) => "把“{unit}”分配给哪个考核组？（按数字）", "Assign “{unit}” to which team? (a digit)";
    ui_new_team_title() => "新建考核组", "New team";
    ui_new_team_prompt() => "组名，空格后写成员（如：第三组 张三(组长),李四）：", "Team name, then the members after a space (e.g. 第三组 张三(组长),李四):";
    ui_add_unit_title() => "新增被评估单位", "New unit";
    ui_add_unit_prompt() => "单位名称（三定数字之后按 e 填写）：", "Unit name (fill in the figures afterwards with e):";
    uf_name() => "单位名称", "Unit name";
    uf_team() => "考核组", "Team";
    uf_level() => "机构规格", "Rank";
    uf_funding() => "经费形式", "Funding";
    uf_sanding_doc() => "三定文件文号", "三定 document number";
    uf_admin_quota() => "行政编制", "Civil-service posts";
    uf_inst_quota() => "事业编制", "Public-institution posts";
    uf_worker_quota() => "工勤编制", "Support-staff posts";
    uf_other_quota() => "机关其他编制", "Other posts";
    uf_leader_posts() => "部门领导职数", "Department leader posts";
    uf_body_leader_posts() => "内设机构领导职数", "Internal-body leader posts";
    uf_nonleader_posts() => "非领导职数", "Non-leader posts";
    uf_bodies() => "内设机构数", "Internal bodies";
    uf_body_names() => "内设机构名称", "Names of internal bodies";
    uf_functions() => "主要职责", "Main functions";
    /// The label of a unit's parent field (上级单位), for HQ's edits.
    uf_parent() => "上级单位", "Listed under";
    ui_parent_line(name: &str) => "上级单位：{name}", "Listed under: {name}";
    ui_steps_title() => "考核进度", "Procedure";
    ui_gaps_count(n: usize) => "⚠{n}无法判断", "⚠{n} cannot judge";
    ui_more_gaps(n: usize) => "⚠ …另有 {n} 项无法判断（kaocha findings 列出全部）", "⚠ … {n} more cannot be judged (kaocha findings lists them all)";
    ui_edit_unit_title(unit: &str) => "修改“{unit}”：选择一项（按数字）", "Edit “{unit}”: pick a field (a digit)";
    ui_edit_field_title(field: &str) => "修改 {field}", "Edit {field}";
    ui_edit_field_prompt(field: &str) => "{field} 的新值（清空即删除）：", "New value of {field} (empty clears it):";
    ui_approve_title() => "审核通过", "Approve";
    ui_approve_body(title: &str) => "把“{title}”标记为已审核？审核结果会随下一个任务包发回考核组。", "Mark “{title}” as approved? The review goes back to the team with the next plan bundle.";
    ui_return_title() => "退回修改", "Return for correction";
    ui_return_prompt(title: &str) => "退回“{title}”的意见（必填，会随下一个任务包发回考核组）：", "Comment for returning “{title}” (required; goes back with the next plan bundle):";
    ui_review_counts(approved: usize, returned: usize) => "审核 {approved} 退回 {returned}", "approved {approved} returned {returned}";
    ui_approved_done() => "已审核。", "Approved.";
    ui_returned_done() => "已退回，意见会随下一个任务包发给考核组。", "Returned; the comment goes to the team with the next plan bundle.";
    ui_team_added(name: &str) => "已新建考核组“{name}”。", "Team “{name}” added.";
    ui_unit_added(name: &str) => "已新增单位“{name}”。按 e 填写三定数字。", "Unit “{name}” added. Press e to fill in its figures.";
    ui_assigned(team: &str) => "已分配给{team}。", "Assigned to {team}.";
    ui_unit_changed(unit: &str, field: &str) => "已修改“{unit}”的{field}。", "Changed {field} of “{unit}”.";
    ui_pick_hint_short() => "按数字选择，或 ↑↓ 移动、Enter 确定 · Esc 取消", "A digit picks, or ↑↓ then Enter · Esc cancels";
    ui_dismiss_title() => "不采纳这条自动发现", "Dismiss this automatic finding";
    ui_dismiss_prompt(category: &str) => "不采纳“{category}”的原因（会保留）：", "Why “{category}” is dismissed (kept on record):";
    ui_auto_mark() => "〔自动·待确认〕", "[auto · to decide]";
    ui_stale_mark() => "⚠已变化", "⚠changed";
    ui_pending_findings(n: usize) => "+{n}待确认", "+{n} to decide";
    ui_dismissed_mark(reason: &str) => "〔不采纳：{reason}〕", "[dismissed: {reason}]";
    ui_auto_help() => "Enter 采纳为问题清单条目 · d 不采纳（写明原因）· → 查看所依据的记录", "Enter accepts into the findings list · d dismisses (with a reason) · → opens the entry it rests on";
    ui_finding_accepted() => "已采纳：问题清单条目已按自动发现填好，请核对补充。", "Accepted: a findings entry was filled in from the automatic finding; check and complete it.";
    ui_finding_dismissed() => "已记录不采纳的原因。", "The reason for dismissing is kept.";
    ui_summary_title() => "汇总", "Summary";
    ui_summary_cols() => "  核定  实有  问题 待确认 无法判断  得分  等次", " quota actual finds decide     gaps score grade";
    ui_summary_progress() => "  进度", " steps";
    ui_summary_chart(label: &str) => "问卷：{label}（← → 换题）", "Questionnaire: {label} (← → other items)";
    ui_summary_grades() => "等次分布", "Grades";
    ui_no_questionnaires() => "还没有可统计的问卷（一个单位满 3 份才统计）。", "No questionnaires to tally yet (a unit needs 3 or more).";
    ui_reports_written(files: &str) => "已导出报告：{files}", "Reports written: {files}";
    ui_basis(title: &str) => "自动发现：{title}", "automatic finding: {title}";
    ui_new_campaign_title() => "新建评估任务", "New campaign";
    ui_new_campaign_prompt() => "任务名称（如：2024年某县机构编制评估）：", "Campaign name (e.g. 2024 county establishment evaluation):";
    ui_campaign_created(name: &str) => "已新建任务“{name}”。按 a 新增单位，或用 kaocha units import 从表格导入。", "Campaign “{name}” created. Press a to add units, or import them from a spreadsheet with kaocha units import.";
    ui_import_plan_choice() => "导入任务包（考核组：由考核委下发）", "Import a plan bundle (teams: it comes from HQ)";
    ui_new_campaign_choice() => "新建评估任务（考核委）", "Create a campaign (HQ)";
    ui_quick_title() => "问卷快速录入", "Questionnaire quick entry";
    ui_quick_counter(n: usize) => "第 {n} 份", "no. {n}";
    ui_question_of(n: usize, total: usize) => "第 {n} 题 / 共 {total} 题", "question {n} of {total}";
    ui_recent() => "最近录入：", "Recently entered:";
    ui_discard_questionnaire() => "这份问卷还没录完，放弃它吗？（已录完的问卷都已保存）", "This questionnaire is not finished. Drop it? (Finished ones are all saved.)";
}

// ---- key bar -----------------------------------------------------------
texts! {
    k_help() => "帮助", "help";
    k_quit() => "退出", "quit";
    k_back() => "返回", "back";
    k_open() => "打开", "open";
    k_move() => "移动", "move";
    k_new() => "新建", "new";
    k_quick() => "问卷录入", "quick entry";
    k_findings() => "问题清单", "findings";
    k_delete() => "删除", "delete";
    k_next_stage() => "下一阶段", "next stage";
    k_next_item() => "下一项", "next item";
    k_finalize() => "定稿", "finalise";
    k_clear() => "清除", "clear";
    k_undo() => "撤销", "undo";
    k_jump() => "跳题", "jump";
    k_answer() => "作答", "answer";
    k_go_back() => "上一题", "previous";
    k_finish() => "结束", "finish";
    k_no_answer() => "未答", "no answer";
    k_save_questionnaire() => "保存本份", "save it";
    k_finalize_complete() => "问卷定稿", "finalise all";
    k_scroll() => "滚动", "scroll";
    k_run() => "执行", "run";
    k_toggle() => "勾选", "tick";
    k_edit() => "修改", "edit";
    k_assign() => "分组", "team";
    k_new_team() => "新建组", "new team";
    k_add_unit() => "新增单位", "new unit";
    k_approve() => "审核", "approve";
    k_return() => "退回", "return";
    k_summary() => "汇总", "summary";
    k_export() => "导出报告", "export reports";
    k_dismiss() => "不采纳", "dismiss";
    k_confirm() => "确定", "confirm";
    k_cancel() => "取消", "cancel";
    k_close() => "关闭", "close";
    k_choose() => "选择", "choose";
    k_go_to() => "转到", "go to";
    k_pick() => "按数字选", "pick";
    k_record_remark() => "记下发言", "record remark";
    k_next_speaker() => "换发言人", "next speaker";
    k_tag() => "标签", "tag";
}

// ---- help --------------------------------------------------------------
texts! {
    h_help() => "本帮助", "this help";
    h_quit() => "退出（正在填写的内容先保存）", "quit (what is being typed is saved first)";
    h_back() => "返回上一页（离开一项即保存，不会丢数据）", "back (leaving an item saves it; nothing is lost)";
    h_move() => "上下移动", "move up and down";
    h_start_demo() => "载入演示数据", "load the demo";
    h_open_unit() => "打开被评估单位", "open the unit";
    h_open_unit_n() => "直接打开第 n 个单位", "open the n-th unit";
    h_next_stage() => "跳到下一个 / 上一个阶段", "next / previous stage";
    h_open_entry() => "打开记录（空阶段则新建）", "open the entry (a new one on an empty stage)";
    h_new_entry() => "在选中的阶段新建记录", "new entry in the selected stage";
    h_quick() => "调查问卷快速录入", "questionnaire quick entry";
    h_findings() => "问题清单", "findings list";
    h_delete_entry() => "删除选中的记录（会先确认，可恢复）", "delete the selected entry (asks; can be undone)";
    h_new_finding() => "新增问题", "new finding";
    h_next_item() => "保存并到下一项（多行文字中 Enter 换行）", "save and go to the next item (Enter is a new line in long text)";
    h_prev_item() => "保存并到上一项", "save and go to the previous item";
    h_jump() => "跳到上一个 / 下一个问题（访谈提纲）", "previous / next question (interview outline)";
    h_jump_n() => "跳到第 n 个问题", "jump to question n";
    h_pick() => "选择题：按数字作答并进入下一项", "choices: a digit answers and moves on";
    h_next_item_minutes(item: &str) => "保存并到下一项（多行文字中 Enter 换行，{item}除外，见下）", "save and go to the next item (Enter is a new line in long text, except in {item}: see below)";
    h_minutes_enter(item: &str) => "{item}中：记下这条发言（记下时间），接着为同一发言人记下一条", "in {item}: record the remark (with the time) and start the next one for the same speaker";
    h_next_speaker(table: &str) => "{table}中：换下一位发言人（按参加人员名单的顺序）", "in {table}: the next speaker (in the order of the attendance list)";
    h_speaker_n(table: &str) => "{table}中：由参加人员名单中的第 n 位发言", "in {table}: the n-th person of the attendance list speaks";
    h_tag_key() => "#标签", "#tag";
    h_tag(item: &str, known: &str) => "在{item}中写 #标签 即勾选该问题标签；写错的标签会提示，原文照录。可用的标签：{known}", "in {item}, #tag ticks that finding tag; an unknown tag is pointed out and kept as text. The tags: {known}";
    h_commit_multiline() => "多行文字：保存并到下一项", "long text: save and go on";
    h_save() => "立即保存（平时自动保存）", "save now (saving is automatic anyway)";
    h_clear() => "清除本项；在行标题上删除该行", "clear the item; on a row heading, delete the row";
    h_finalize() => "定稿（先列出未填的必填项）", "finalise (lists missing required items first)";
    h_undo() => "撤销：输入中撤销打字，否则撤销上一次修改并说明是哪一项", "undo: typing while typing, else the last change, naming its item";
    h_redo() => "重做刚撤销的修改", "redo the change just undone";
    h_quick_no_answer() => "未答：本题不作答，进入下一题（有未答题的问卷留作草稿）", "no answer: leave the question unanswered and go on (such a questionnaire stays a draft)";
    h_quick_text() => "开放题（最后一步）：输入文字，Enter 保存本份问卷；不填直接 Enter 跳过", "open question (the last step): type the text, Enter saves the questionnaire; Enter alone skips it";
    h_finalize_complete() => "调查问卷阶段：把必填题都已作答的问卷草稿全部定稿（其余留作草稿）", "on the questionnaire stage: finalise every draft questionnaire with all required questions answered (the others stay drafts)";
    h_page() => "翻页", "page";
    h_quick_answer() => "按数字作答，自动进入下一题；选择题之后是开放题，保存后开始下一份", "a digit answers and moves on; the open question comes after the choices, then the questionnaire is saved and the next starts";
    h_quick_back() => "回到上一题", "back one question";
    h_sync() => "同步：导出、导入数据包，信任密钥，解决冲突", "sync: export and import bundles, trust keys, resolve conflicts";
    h_sync_run() => "执行所选的一项（导出 / 导入 / 信任 / 解决冲突）", "run the selected line (export / import / trust / resolve)";
    h_sync_toggle() => "勾选或取消选项", "tick or untick an option";
    h_edit_unit() => "修改被评估单位的名称、考核组和三定数字", "edit the unit's name, team and approved figures";
    h_assign() => "把选中的单位分配给考核组", "assign the selected unit to a team";
    h_new_team() => "新建考核组", "add a team";
    h_add_unit() => "新增被评估单位", "add a unit";
    h_approve() => "考核委：审核通过选中的记录", "HQ: approve the selected entry";
    h_return() => "考核委：退回选中的记录并写明意见", "HQ: return the selected entry with a comment";
    h_summary() => "任务汇总：各单位数字、问题、得分，问卷与等次图表", "campaign summary: figures, findings, scores per unit; charts";
    h_export_reports() => "把汇总报告导出为 Markdown、HTML、XLSX、CSV、Word", "export the summary report as Markdown, HTML, XLSX, CSV and Word";
    h_accept() => "采纳自动发现（生成问题清单条目）或打开条目", "accept an automatic finding (makes a findings entry) or open an entry";
    h_dismiss() => "不采纳自动发现（写明原因）", "dismiss an automatic finding (with a reason)";
    h_chart() => "换一道问卷题的图表", "another questionnaire item's chart";
    h_summary_open_unit() => "打开该单位（其记录和问题清单）", "open the unit (its entries and findings)";
    h_open_source() => "打开自动发现所依据的记录", "open the entry an automatic finding rests on";
    h_scroll() => "滚动", "scroll";
}

/// Labels of the baseline keys shown on the unit screen.
pub fn baseline_labels() -> Vec<(&'static str, String)> {
    let zh = [
        ("level", "机构规格"),
        ("funding", "经费形式"),
        ("sanding_doc", "三定文件"),
        ("admin_quota", "行政编制"),
        ("inst_quota", "事业编制"),
        ("worker_quota", "工勤编制"),
        ("other_quota", "机关其他编制"),
        ("leader_posts", "部门领导职数"),
        ("body_leader_posts", "内设机构领导"),
        ("nonleader_posts", "非领导职数"),
        ("bodies", "内设机构数"),
    ];
    let en = [
        "level",
        "funding",
        "3-fix document",
        "admin quota",
        "inst. quota",
        "worker quota",
        "other quota",
        "leader posts",
        "body leaders",
        "non-leader posts",
        "internal bodies",
    ];
    zh.iter()
        .zip(en)
        .map(|((k, z), e)| {
            (
                *k,
                match lang() {
                    Lang::Zh => (*z).to_string(),
                    Lang::En => e.to_string(),
                },
            )
        })
        .collect()
}
