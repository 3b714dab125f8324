//! Typed text not saved yet (the field's draft): which entry, which answer,
//! what text. Kept in a file by `app::draft`; made and taken back by the
//! form screen.

use serde::{Deserialize, Serialize};

/// Typed text not saved yet: the entry, the answer's path, the text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub entry: String,
    pub path: String,
    pub text: String,
}
