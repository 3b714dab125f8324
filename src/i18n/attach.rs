//! Strings of attachments (`photo` and `file` items): `kaocha entry
//! attach`, how attachments read, and what `doctor` says about their files.

use super::{Lang, lang};

texts! {
    v_not_attachments() => "应为附件列表（每项含 sha256、name、size）", "must be a list of attachments (each with sha256, name, size)";
    v_attach_only() => "附件不能直接填写：用 kaocha entry attach 记录编号 项目 文件… 添加", "attachments are not typed: add them with kaocha entry attach ENTRY ITEM FILE…";
    at_item(name: &str, details: &str) => "{name}（{details}）", "{name} ({details})";
    at_sep() => "；", "; ";
    at_detail_sep() => "，", ", ";
    at_taken(at: &str) => "拍摄于 {at}", "taken {at}";
    at_gps(lat: &str, lon: &str) => "位置 {lat},{lon}", "at {lat},{lon}";
    at_caption(caption: &str) => "“{caption}”", "\u{201c}{caption}\u{201d}";
    at_blank() => "（附件：现场拍照或附上文件，另行提交）", "(attachments: photos or files, handed in separately)";
    at_not_attachment_item(item: &str, label: &str) => "{item}（{label}）不是附件项（photo 或 file），不能添加文件。未作任何修改。", "{item} ({label}) is not an attachment item (photo or file): no file can be attached to it. Nothing was changed.";
    at_not_in_item(item: &str) => "{item} 中已没有这个附件（可能刚被改过）。未作任何修改。", "{item} no longer holds this attachment (it may have just changed). Nothing was changed.";
    at_no_files() => "没有给出要添加的文件。用法：kaocha entry attach 记录编号 项目 文件…。未作任何修改。", "No file given. Use: kaocha entry attach ENTRY ITEM FILE…. Nothing was changed.";
    at_not_found(name: &str) => "找不到文件 {name}：请检查路径（可直接把文件拖进终端）。未作任何修改。", "File {name} not found: check the path (dragging the file onto the terminal pastes it). Nothing was changed.";
    at_not_a_file(name: &str) => "{name} 不是普通文件，不能作为附件。未作任何修改。", "{name} is not a regular file and cannot be attached. Nothing was changed.";
    at_no_images(name: &str) => "文件夹 {name} 中没有照片（jpg、jpeg、png、heic）。未作任何修改。", "Folder {name} holds no photos (jpg, jpeg, png, heic). Nothing was changed.";
    at_too_large(name: &str, size: &str, limit: &str) => "文件 {name} 有 {size}，超过每个附件 {limit} 的上限：请压缩或拆分后再添加。未作任何修改。", "File {name} is {size}, over the {limit} limit per attachment: shrink or split it and attach it again. Nothing was changed.";
    at_too_many(item: &str, max: usize) => "{item} 最多可有 {max} 个附件。未作任何修改。", "{item} holds at most {max} attachments. Nothing was changed.";
    at_changed(name: &str) => "文件 {name} 在读取时被修改了：请等它写完后再添加。未作任何修改。", "File {name} changed while it was read: wait until it is written and attach it again. Nothing was changed.";
    at_read_failed(name: &str, why: &str) => "读取文件 {name} 失败：{why}。未作任何修改。", "Reading file {name} failed: {why}. Nothing was changed.";
    at_write_failed(why: &str) => "保存附件失败：{why}。记录未作修改（可能留下未引用的附件文件，无害）。请检查磁盘空间和数据目录权限后重试。", "Saving the attachment failed: {why}. The entry was not changed (an unreferenced attachment file may be left; it is harmless). Check disk space and the data folder's permissions, then try again.";
    at_saved(n: usize, item: &str, at: &str) => "已添加 {n} 个附件到 {item}，已保存 {at}", "{n} attachments added to {item}, saved {at}";
    at_already(n: usize) => "（{n} 个已在此项中，未重复添加）", " ({n} already there, not added again)";
    at_restored(n: usize) => "{n} 个附件已在此项中，其缺失或被改动的文件已重新保存；记录未修改。", "{n} attachments were already there; their missing or altered files are saved again. The entry was not changed.";
    at_all_already() => "这些文件已在此项中，未作任何修改。", "These files are already there. Nothing was changed.";
    at_missing(entry: &str, item: &str, name: &str, sha: &str) => "记录 {entry} 的 {item}：附件 {name}（{sha}）的文件不见了", "entry {entry}, {item}: the file of attachment {name} ({sha}) is missing";
    at_mismatch(entry: &str, item: &str, name: &str, sha: &str) => "记录 {entry} 的 {item}：附件 {name}（{sha}）的文件内容已被改动（哈希不符）", "entry {entry}, {item}: the file of attachment {name} ({sha}) was altered (its hash does not match)";
    at_orphans(n: usize) => "附件目录中有 {n} 个文件未被任何记录引用（无害，可保留）。", "{n} files in the attachments folder are referenced by no entry (harmless; they may stay).";
    at_fix_hint(n: usize) => "{n} 个附件有问题：请用 kaocha entry attach 重新添加原文件（重建数据库无法恢复附件）。", "{n} attachments have problems: attach the original files again with kaocha entry attach (a rebuild cannot bring attachments back).";
}
