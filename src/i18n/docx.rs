//! Strings of the Word documents: the page footer every .docx carries.

use super::{Lang, lang};

texts! {
    docx_page_before() => "第 ", "Page ";
    docx_page_after() => " 页", "";
}
