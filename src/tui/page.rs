//! The page popup's state: an entry as a printable page
//! (`report::entry::lines`), wrapped to the popup's width, and where it is
//! scrolled to. Read-only.

use super::history::popup_size;

/// The whole entry as a page, over its form.
#[derive(Debug, Clone, PartialEq)]
pub struct PageView {
    /// The entry it shows.
    pub entry: String,
    pub title: String,
    /// The page's lines as laid out (a line of text may wrap).
    pub lines: Vec<String>,
    /// The first wrapped line shown.
    pub scroll: usize,
}

impl PageView {
    /// The lines wrapped to `width` columns.
    pub fn wrapped(&self, width: usize) -> Vec<String> {
        self.lines
            .iter()
            .flat_map(|l| {
                if l.is_empty() {
                    vec![String::new()]
                } else {
                    super::view::text::wrap(l, width)
                }
            })
            .collect()
    }

    /// The first line shown at a terminal size: never past the last page.
    pub fn top(&self, size: (u16, u16)) -> usize {
        let (_, (cols, rows)) = page_area(size);
        self.scroll
            .min(self.wrapped(cols).len().saturating_sub(rows))
    }
}

/// The popup's size and the columns and rows of the page inside it (its
/// border and the hint line below the page left out).
pub fn page_area(size: (u16, u16)) -> ((u16, u16), (usize, usize)) {
    let ((pw, ph), (cols, _)) = popup_size(size);
    ((pw, ph), (cols, usize::from(ph.saturating_sub(3)).max(1)))
}
