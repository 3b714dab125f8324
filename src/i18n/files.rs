//! Strings of the file and folder chooser (export, import, reports) and of
//! the reports written from it.

use super::{Lang, lang};

texts! {
    ui_choose_export_title() => "选择导出数据包的文件夹", "Choose the folder to export the bundle to";
    ui_choose_import_title() => "选择要导入的数据包文件（.json / .age）", "Choose the bundle file to import (.json / .age)";
    ui_choose_reports_title() => "选择保存报告的文件夹", "Choose the folder for the reports";
    ui_choose_unit_report_title() => "选择保存本单位报告的文件夹", "Choose the folder for this unit's report";
    ui_chooser_folder(path: &str) => "当前文件夹：{path}", "Folder: {path}";
    ui_chooser_here() => "【保存到此文件夹】", "[Use this folder]";
    ui_chooser_up() => "..（上一级）", ".. (up one level)";
    ui_place_documents() => "文档", "Documents";
    ui_place_home() => "主文件夹", "Home";
    ui_place_desktop() => "桌面", "Desktop";
    ui_place_usb() => "U盘", "USB drive";
    ui_place_drive(letter: &str) => "磁盘 {letter}", "Drive {letter}";
    ui_chooser_empty_files() => "（此文件夹中没有数据包文件）", "(no bundle files in this folder)";
    ui_chooser_empty() => "（没有子文件夹）", "(no sub-folders)";
    ui_chooser_more(shown: usize, more: usize) => "只列出前 {shown} 项，另有 {more} 项未列出；请输入路径。", "Only the first {shown} are listed, {more} more are not; type a path.";
    ui_chooser_path_box() => "输入或粘贴路径（Tab 切换）", "Type or paste a path (Tab switches)";
    ui_chooser_hint_folder() => "↑↓ 选择  Enter 进入/选定  ←/Backspace 上一级  Tab 输入路径  Esc 取消", "↑↓ choose  Enter open/pick  ←/Backspace up  Tab type a path  Esc cancel";
    ui_chooser_hint_typing() => "Enter 前往  Tab 回到列表  Esc 取消", "Enter go  Tab back to the list  Esc cancel";
    ui_chooser_type_path() => "请先输入路径。", "Type a path first.";
    ui_chooser_not_found(path: &str) => "找不到“{path}”：路径不存在，请检查（U盘是否已插好）。", "“{path}” does not exist: check the path (is the USB drive plugged in?).";
    ui_chooser_denied(path: &str) => "没有权限读取“{path}”，请换一个文件夹。", "No permission to read “{path}”; choose another folder.";
    ui_chooser_unreadable(path: &str, why: &str) => "无法读取“{path}”：{why}", "Cannot read “{path}”: {why}";
    ui_chooser_not_a_folder(path: &str) => "“{path}”是文件，请选择文件夹。", "“{path}” is a file; choose a folder.";
    ui_chooser_wrong_kind(path: &str) => "“{path}”不是数据包文件（.json 或 .age）。", "“{path}” is not a bundle file (.json or .age).";
    ui_reports_written_to(folder: &str, files: &str) => "报告已导出到 {folder}：{files}", "Reports written to {folder}: {files}";
    ui_unit_report_written_to(unit: &str, folder: &str, files: &str) => "“{unit}”的报告已导出到 {folder}：{files}", "The report of “{unit}” was written to {folder}: {files}";
    ui_export_bundle() => "导出数据包", "Export bundle";
    ui_import_bundle() => "导入数据包", "Import bundle";
    ui_export_choose(folder: &str) => "Enter 选择文件夹（上次/默认：{folder}）", "Enter chooses the folder (last/default: {folder})";
    ui_import_choose() => "Enter 选择数据包文件", "Enter chooses the bundle file";
    k_unit_report() => "导出报告", "report";
    h_unit_report() => "导出本单位的报告（Markdown、HTML、Excel、Word），有问题清单记录时另附问题反馈函（Word），选择保存的文件夹", "export this unit's report (Markdown, HTML, Excel, Word), with the letter on its recorded findings (Word) when there are any, to a folder you choose";
}
