//! Strings of the form screen's attachments (`photo` and `file` items):
//! the item's list, the attach prompt, a folder's photos to choose from,
//! opening a file, and their keys.

use super::{Lang, lang};

texts! {
    ui_at_count(n: usize) => "{n} 个附件", "{n} attachments";
    ui_at_none() => "还没有附件。", "No attachments yet.";
    ui_at_more(n: usize) => "…另有 {n} 个（→ 查看全部）", "… {n} more (→ lists them all)";
    ui_at_item_help() => "Enter 添加附件（输入、粘贴或把文件拖进终端；不输入路径则选择文件）· → 或空格 查看全部：打开、删除、改说明", "Enter attaches (type, paste or drag a file onto the terminal; with no path, choose a file) · → or Space lists them all: open, remove, caption";
    ui_at_mark(n: usize) => "〔附件{n}〕", "[{n} files]";
    ui_at_line(n: usize, name: &str, details: &str) => "{n}. {name}  {details}", "{n}. {name}  {details}";
    ui_at_prompt_title(item: &str) => "添加附件 · {item}", "Attach · {item}";
    ui_at_prompt_body(what: &str) => "文件路径（可粘贴，或把文件拖进终端；{what}）：", "File path (paste it, or drag the file onto the terminal; {what}):";
    ui_at_prompt_folder() => "文件夹则从中选择照片", "a folder lists its photos to choose from";
    ui_at_caption_label() => "说明（可不填，用于所有添加的文件）：", "Caption (optional, for every file added):";
    ui_at_prompt_hint() => "Enter 添加（不填路径则选择文件）· Tab 路径/说明 · Ctrl+O 选择 · Esc 取消", "Enter attaches (no path: choose) · Tab path/caption · Ctrl+O choose · Esc cancels";
    ui_at_folder_title(folder: &str) => "选择要添加的照片 · {folder}", "Choose the photos to attach · {folder}";
    ui_at_folder_head(chosen: usize, total: usize) => "已选 {chosen}/{total} 张（默认全选，空格切换）", "{chosen} of {total} chosen (all by default; Space toggles)";
    ui_at_folder_hint() => "空格 选/不选 · Enter 添加所选 · Esc 取消", "Space chooses · Enter attaches the chosen · Esc cancels";
    ui_at_none_chosen() => "没有选中照片：用空格选择，再按 Enter。未作任何修改。", "No photo chosen: choose with Space, then Enter. Nothing was changed.";
    ui_at_list_title(item: &str, n: usize) => "{item} · {n} 个附件", "{item} · {n} attachments";
    ui_at_list_hint() => "Enter/o 打开 · e 改说明 · Del/d 删除 · n 添加 · Esc 关闭", "Enter/o opens · e caption · Del/d removes · n attaches more · Esc closes";
    ui_at_caption_title(name: &str) => "附件说明 · {name}", "Caption · {name}";
    ui_at_caption_body() => "说明（留空则删除说明）：", "Caption (blank removes it):";
    ui_at_remove_title() => "删除附件", "Remove the attachment";
    ui_at_remove_body(name: &str, item: &str) => "从“{item}”中删除附件 {name}？（记为一次修改，可撤销；已保存的文件保留。）", "Remove {name} from \u{201c}{item}\u{201d}? (A change like any other, undoable; the kept file stays.)";
    ui_at_removed(name: &str, at: &str) => "已删除附件 {name}，已保存 {at}", "Attachment {name} removed, saved {at}";
    ui_at_captioned(name: &str, at: &str) => "已修改 {name} 的说明，已保存 {at}", "Caption of {name} changed, saved {at}";
    ui_at_opened(name: &str) => "已用系统程序打开 {name}。", "{name} opened with the system viewer.";
    ui_at_missing_file(name: &str) => "附件 {name} 的文件不在数据目录中：请运行 kaocha doctor 检查，并用原文件重新添加。", "The file of attachment {name} is not in the data folder: run kaocha doctor, and attach the original again.";
    ui_at_not_openable(name: &str) => "为安全起见，kaocha 只打开图片、PDF、OFD、Office 文档和文本，不打开 {name}（它可能是程序或脚本）。需要时请用 kaocha report unit 单位 --with-evidence -o 文件夹 导出后，确认无害再打开。", "For safety kaocha opens only pictures, PDF, OFD, office documents and text, not {name} (it could be a program or a script). If you need it, export it with kaocha report unit UNIT --with-evidence -o FOLDER and open it once you know it is harmless.";
    ui_at_open_failed(name: &str, why: &str) => "无法打开 {name}：{why}。可在数据目录的 open 文件夹中找到它。", "Could not open {name}: {why}. It is in the data folder's open folder.";
    ui_at_list_first() => "此项还没有附件：按 Enter 添加。", "This item has no attachments yet: press Enter to attach.";
    ui_choose_attach_title(item: &str) => "选择要添加到“{item}”的文件（或文件夹）", "Choose the file (or folder) to attach to \u{201c}{item}\u{201d}";
    ui_chooser_here_photos() => "＜添加此文件夹中的照片＞", "<attach this folder's photos>";
    h_attach_add() => "附件项：添加文件（路径或选择文件）", "attachment item: attach files (a path, or choose)";
    h_attach_list() => "附件项：列出全部附件（打开、删除、改说明）", "attachment item: list them all (open, remove, caption)";
    h_attach_open() => "附件列表中：o（或 Enter）用系统程序打开，e 改说明，d（或 Del）删除（先确认），n 再添加", "in the attachment list: o (or Enter) opens with the system viewer, e edits the caption, d (or Del) removes (asks first), n attaches more";
    h_attach_browse() => "添加附件时：选择文件或文件夹", "attaching: choose a file or a folder";
    k_attach() => "添加附件", "attach";
    k_list() => "附件列表", "attachments";
    k_caption() => "改说明", "caption";
    k_remove() => "删除", "remove";
}
