//! Text helpers shared by every layer that shows or prints text: [`sanitize`] (the one function
//! that makes stored text safe for a terminal), [`fold`] (accent folding for matching and
//! sorting) and the width-aware cutting, padding and wrapping below. One of each: search,
//! documents, reports and the TUI all use these. Pure; no terminal, no files.
pub mod fold;
pub mod sanitize;

pub use fold::fold;
pub use sanitize::{block, line, multiline};

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

/// `text` with its first character upper case.
pub fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Display width of `text` in terminal cells (wide characters count 2).
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

thread_local! {
    static ASCII_CUT: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// While the returned guard lives, [`truncate`] on this thread marks a cut with `...` instead
/// of `…` (the screen-reader mode of `--plain` shows ASCII only). The screen sets it for each
/// frame it draws, so a test drawing on its own thread gets what it asked for.
pub fn ascii_cuts(on: bool) -> AsciiCuts {
    AsciiCuts(ASCII_CUT.with(|c| c.replace(on)))
}

/// See [`ascii_cuts`]; dropping it restores what was set before.
#[must_use = "the setting lasts while the guard lives"]
pub struct AsciiCuts(bool);

impl Drop for AsciiCuts {
    fn drop(&mut self) {
        ASCII_CUT.with(|c| c.set(self.0));
    }
}

/// `text` cut to at most `cols` cells, ending in `…` (or `...`, see [`ascii_cuts`]) when cut;
/// never splits a character. A width of 0 gives the empty string.
pub fn truncate(text: &str, cols: usize) -> String {
    if width(text) <= cols {
        return text.to_string();
    }
    if cols == 0 {
        return String::new();
    }
    let mark = if ASCII_CUT.with(std::cell::Cell::get) {
        "..."
    } else {
        "…"
    };
    let mark_w = width(mark).min(cols);
    let mut out = String::with_capacity(cols + 3);
    let mut used = 0;
    for c in text.chars() {
        let w = c.width().unwrap_or(0);
        if used + w + mark_w > cols {
            break;
        }
        used += w;
        out.push(c);
    }
    // A cut narrower than the ASCII mark gets as many of its dots as fit.
    out.extend(mark.chars().take(cols - used));
    out
}

/// `text` followed by spaces up to `cols` cells (unchanged when it is already as wide).
pub fn pad(text: &str, cols: usize) -> String {
    let w = width(text);
    let mut out = String::with_capacity(text.len() + cols.saturating_sub(w));
    out.push_str(text);
    out.extend(std::iter::repeat_n(' ', cols.saturating_sub(w)));
    out
}

/// `text` cut (see [`truncate`]) or padded to exactly `cols` cells.
pub fn fit(text: &str, cols: usize) -> String {
    pad(&truncate(text, cols), cols)
}

/// Wrap `text` to `cols` columns: words are kept whole where they fit, longer ones are broken
/// between characters; each newline starts a new line. A character wider than the line is put
/// on a line of its own.
pub fn wrap(text: &str, cols: usize) -> Vec<String> {
    let cols = cols.max(1);
    let mut out = Vec::new();
    for para in text.split('\n') {
        let mut line = String::new();
        let mut line_w = 0;
        for word in para.split_whitespace() {
            let mut word = word.to_string();
            let mut w = width(&word);
            if line_w > 0 && line_w + 1 + w <= cols {
                line.push(' ');
                line.push_str(&word);
                line_w += 1 + w;
                continue;
            }
            if line_w > 0 {
                out.push(std::mem::take(&mut line));
            }
            // Break a word longer than the line.
            while w > cols {
                let mut head = String::new();
                let mut head_w = 0;
                let mut rest = String::new();
                for c in word.chars() {
                    let cw = UnicodeWidthChar::width(c).unwrap_or(0);
                    if rest.is_empty() && head_w + cw <= cols {
                        head.push(c);
                        head_w += cw;
                    } else {
                        rest.push(c);
                    }
                }
                if head.is_empty() {
                    // A single character wider than the line: emit it alone.
                    let mut chars = rest.chars();
                    head.extend(chars.next());
                    rest = chars.collect();
                }
                out.push(head);
                word = rest;
                w = width(&word);
            }
            line = word;
            line_w = w;
        }
        out.push(line);
    }
    out
}

/// A progress bar `label [#######.......]  45%` for `done` of `total` (the command line's
/// progress lines and the TUI's loading screen).
pub fn bar(label: &str, done: u64, total: u64) -> String {
    const BAR: usize = 30;
    let frac = if total == 0 {
        1.0
    } else {
        (done.min(total) as f64) / (total as f64)
    };
    let filled = ((frac * BAR as f64).round() as usize).min(BAR);
    format!(
        "{label} [{}{}] {:>3}%",
        "#".repeat(filled),
        ".".repeat(BAR - filled),
        (frac * 100.0).round() as u64
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncate_counts_cells_and_never_splits_a_character() {
        assert_eq!(truncate("abcdef", 6), "abcdef");
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(truncate("abc", 3), "abc");
        assert_eq!(truncate("abc", 0), "");
        assert_eq!(truncate("ŁŁŁŁŁ", 3), "ŁŁ…");
        assert_eq!(truncate("漢字漢字", 5), "漢字…");
        assert_eq!(truncate("日本語テキスト", 5), "日本…");
        assert_eq!(truncate("日本語", 3), "日…");
        assert_eq!(truncate("日本語", 1), "…");
    }

    #[test]
    fn pad_and_fit_reach_the_width_exactly() {
        assert_eq!(pad("ab", 4), "ab  ");
        assert_eq!(pad("abcdef", 4), "abcdef");
        assert_eq!(fit("abcdef", 4), "abc…");
    }

    #[test]
    fn ascii_cuts_end_in_three_dots_while_the_guard_lives() {
        {
            let _ascii = ascii_cuts(true);
            assert_eq!(truncate("abcdef", 5), "ab...");
            assert_eq!(truncate("abcdef", 2), "..");
            assert_eq!(truncate("日本語テキスト", 6), "日...");
            assert_eq!(truncate("abc", 3), "abc");
            assert_eq!(width(&fit("abcdefgh", 6)), 6);
        }
        assert_eq!(truncate("abcdef", 4), "abc…");
        assert_eq!(fit("ab", 4), "ab  ");
        assert_eq!(width(&fit("日本語テキスト", 6)), 6);
    }

    #[test]
    fn wrap_keeps_words_and_breaks_long_ones() {
        assert_eq!(wrap("one two three", 7), vec!["one two", "three"]);
        assert_eq!(wrap("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
        assert_eq!(wrap("a\nb", 10), vec!["a", "b"]);
        assert_eq!(wrap("", 10), vec![""]);
        assert!(wrap("日本", 1).iter().all(|l| l.chars().count() <= 1));
    }
}
