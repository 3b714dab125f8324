//! The subcommands' arguments (clap): forms, keys, plan, conflicts, entry.

use std::path::PathBuf;

use clap::Subcommand;

/// `kaocha forms …`
#[derive(Debug, Subcommand)]
pub enum FormsCmd {
    /// 列出表单 (list forms)
    List {
        #[arg(long)]
        json: bool,
    },
    /// 检查表单文件夹；不给文件夹则检查内置表单 (check form files)
    Check { dir: Option<PathBuf> },
    /// 查看一个表单的分节与项目 (show a form)
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// 打印空白表（Word）：各分节、项目留出填写位置，供纸质备用 (a blank paper form, .docx)
    Print {
        id: String,
        /// Word 文件（.docx）(the .docx file to write)
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: PathBuf,
    },
}

/// `kaocha keys …`
#[derive(Debug, Subcommand)]
pub enum KeysCmd {
    /// 本机公钥与指纹 (own key and fingerprint)
    Show,
    /// 受信任的密钥 (trusted keys)
    List {
        #[arg(long)]
        json: bool,
    },
    /// 信任一个密钥；考核委用 --team 登记设备所属的考核组 (trust a key; HQ enrols a device for --team)
    Trust {
        fingerprint: String,
        #[arg(long)]
        label: Option<String>,
        /// 设备所属的考核组，可重复 (the device's teams; repeatable)
        #[arg(long, value_name = "TEAM")]
        team: Vec<String>,
    },
    /// 撤销信任 (revoke)
    Revoke { fingerprint: String },
    /// 用口令保护本机密钥 (put this installation's keys under a passphrase)
    Protect,
    /// 取消口令保护 (take the passphrase off the keys)
    Unprotect,
}

/// `kaocha plan …`
#[derive(Debug, Subcommand)]
pub enum PlanCmd {
    /// 为一个考核组导出任务包 (export a team's plan bundle)
    Export {
        #[arg(long)]
        team: String,
        #[arg(short = 'o', long = "output", value_name = "PATH")]
        output: PathBuf,
        /// 用口令加密（任务包含花名册等个人信息时；口令另行告知考核组）(encrypt under a passphrase told to the team apart)
        #[arg(long)]
        encrypt: bool,
    },
}

/// `kaocha conflicts …`
#[derive(Debug, Subcommand)]
pub enum ConflictsCmd {
    /// 解决冲突：项目=ours|theirs|序号|值 (resolve: ITEM=ours|theirs|N|VALUE)
    Resolve {
        entry: String,
        #[arg(value_name = "ITEM=PICK", required = true)]
        picks: Vec<String>,
        #[arg(long)]
        reason: Option<String>,
    },
}

/// `kaocha entry …`
#[derive(Debug, Subcommand)]
pub enum EntryCmd {
    /// 新建记录，输出记录编号 (create; prints the entry id)
    New {
        #[arg(long)]
        unit: String,
        #[arg(long)]
        form: String,
        /// ITEM=VALUE，可重复 (repeatable)
        #[arg(long = "set", value_name = "ITEM=VALUE")]
        sets: Vec<String>,
    },
    /// 填写或修改答案 (set answers)
    Set {
        entry: String,
        #[arg(value_name = "ITEM=VALUE", required = true)]
        sets: Vec<String>,
        /// 修改已定稿记录的原因 (reason, for a final entry)
        #[arg(long)]
        reason: Option<String>,
    },
    /// 添加照片或文件到附件项；可给多个文件、文件夹（取其中照片）或
    /// file:// 地址 (attach files, a folder's photos or file:// URLs to a
    /// photo or file item)
    Attach {
        entry: String,
        /// 附件项，如 photos 或 problems[1].problem_photos (the item)
        item: String,
        #[arg(value_name = "FILE", required = true)]
        files: Vec<String>,
        /// 附件说明（对这次添加的所有文件）(one caption for these files)
        #[arg(long)]
        caption: Option<String>,
        /// 修改已定稿记录的原因 (reason, for a final entry)
        #[arg(long)]
        reason: Option<String>,
    },
    /// 查看记录（含计算项）(show answers and calc values)
    Show {
        entry: String,
        #[arg(long)]
        json: bool,
    },
    /// 列出记录 (list entries)
    List {
        #[arg(long)]
        unit: Option<String>,
        #[arg(long)]
        form: Option<String>,
        #[arg(long)]
        json: bool,
    },
    /// 定稿；--all --unit U --form F：定稿该单位所有已答完的问卷
    /// (finalise; with --all, every complete draft questionnaire of a unit)
    Finalize {
        #[arg(required_unless_present = "all", conflicts_with = "all")]
        entry: Option<String>,
        #[arg(long, requires = "unit")]
        all: bool,
        #[arg(long)]
        unit: Option<String>,
        #[arg(long, default_value = "jgbz.questionnaire")]
        form: String,
    },
    /// 删除记录（是一次修订，可恢复）(delete; a revision, can be undone)
    Delete {
        entry: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// 恢复已删除的记录 (restore a deleted entry)
    Restore {
        entry: String,
        #[arg(long)]
        reason: Option<String>,
    },
    /// 修改历史：谁、何时、旧值 → 新值 (audit trail)
    History {
        entry: String,
        #[arg(long)]
        json: bool,
    },
}
