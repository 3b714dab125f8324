//! Strings of evidence in reports: the 佐证材料 section and sheet of a
//! unit's report, photos embedded in the HTML page, and what
//! `kaocha report unit --with-evidence` writes and says.

use super::{Lang, lang};

texts! {
    ev_heading() => "佐证材料", "Evidence";
    ev_intro(n: usize) => "共 {n} 个附件。SHA-256 为文件内容的哈希，可用于核对文件未被改动。", "{n} attachments. The SHA-256 is the hash of a file's content: it shows the file was not altered.";
    ev_col_no() => "序号", "No.";
    ev_col_record() => "记录", "Entry";
    ev_col_item() => "项目", "Item";
    ev_col_name() => "文件名", "File name";
    ev_col_size() => "大小", "Size";
    ev_col_taken() => "拍摄时间", "Taken";
    ev_col_caption() => "说明", "Caption";
    ev_col_sha() => "SHA-256", "SHA-256";
    ev_col_state() => "状态", "State";
    ev_col_file() => "导出文件", "Exported file";
    ev_col_entry_id() => "记录编号", "Entry id";
    ev_record(form: &str, entry: &str) => "《{form}》{entry}", "{form}: {entry}";
    ev_row_item(repeat: &str, n: usize, item: &str) => "{repeat} 第{n}行 · {item}", "{repeat} row {n} · {item}";
    ev_whole() => "完好", "whole";
    ev_missing() => "文件缺失", "file missing";
    ev_altered() => "文件被改动（哈希不符）", "file altered (hash does not match)";
    ev_count(n: usize) => "{n} 个附件", "{n} attachments";
    fd_evidence(n: usize) => "      佐证材料 {n} 个附件", "      evidence: {n} attachments";
    ev_photos_heading() => "现场照片", "Photos";
    ev_not_shown(name: &str, why: &str) => "{name}：{why}", "{name}: {why}";
    ev_why_not_image() => "非照片文件，未嵌入", "not a photo, not embedded";
    ev_why_too_large() => "图片尺寸过大，未生成预览", "image too large, no preview made";
    ev_why_undecodable() => "无法读取图片，未嵌入", "the image could not be read, not embedded";
    ev_why_missing() => "文件缺失或被改动，未嵌入", "file missing or altered, not embedded";
    ev_folder() => "佐证材料", "evidence";
    ev_manifest_file() => "佐证材料清单.csv", "evidence-manifest.csv";
    ev_manifest_sheet() => "佐证材料清单", "Evidence manifest";
    ev_report_file(unit: &str) => "{unit}评估报告", "{unit} report";
    ev_out_is_file(path: &str) => "{path} 是一个已有的文件：--with-evidence 需要一个文件夹（不存在时会新建）。未写入任何文件。", "{path} is an existing file: --with-evidence needs a folder (made when missing). Nothing was written.";
    ev_mkdir_failed(path: &str, why: &str) => "无法创建文件夹 {path}：{why}。", "Cannot make folder {path}: {why}.";
    ev_copy_failed(path: &str, why: &str) => "写入 {path} 失败：{why}。", "Writing {path} failed: {why}.";
    ev_not_copied(entry: &str, item: &str, name: &str, state: &str) => "未复制：记录 {entry} 的 {item} 的附件 {name}（{state}），已在清单中注明。", "Not copied: attachment {name} of entry {entry}, {item} ({state}); noted in the manifest.";
    ev_copied(n: usize, dir: &str, manifest: &str) => "已复制 {n} 个佐证材料到 {dir}，清单：{manifest}", "{n} evidence files copied to {dir}; the manifest: {manifest}";
    ev_none_copied(manifest: &str) => "本单位没有佐证材料；清单 {manifest} 为空。", "The unit has no evidence; the manifest {manifest} is empty.";
}
