//! Shared text building for the read-only detail tabs.
//!
//! Every span made here goes through [`crate::sanitize`], so stored text can never reach the
//! terminal with a control character in it. [`Doc`] collects headings, aligned label/value fields,
//! list items and paragraphs, and wraps each logical line to the pane width with a hanging indent.
//! Wrapping measures display width (unicode-width), never splits inside a character and makes
//! progress on any width: width 0 means "width unknown" and leaves lines unwrapped.
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthChar;

use super::ViewCtx;
use crate::domain::{SignOff, SignOffStatus, Target, fmt_datetime};
use crate::text as sanitize;
use crate::text::pad;
use crate::tui::theme::Theme;

/// Shown for every empty list or text.
pub const NONE: &str = "(none recorded)";

/// Width of the label column in [`Doc::field`] lines, in cells.
pub const LABEL_W: usize = 16;

/// Cells a value needs beside the label column before fields switch to the compact form.
pub const NARROW: usize = 24;

/// A span of any text (stored or built), always sanitised for the terminal.
pub fn span(text: &str, style: Style) -> Span<'static> {
    Span::styled(sanitize::line(text).into_owned(), style)
}

/// "1 day", "3 days".
pub fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_string()
    } else {
        format!("{n} days")
    }
}

/// `[LABEL]` in upper case: a text tag that carries meaning without colour.
pub fn tag(label: &str) -> String {
    format!("[{}]", label.to_uppercase())
}

/// "approved by DI Khan, 16 Sep 2026 10:30: comment".
pub fn sign_off_spans(sign_off: &SignOff, theme: &Theme) -> Vec<Span<'static>> {
    let style = match sign_off.status {
        SignOffStatus::Approved => theme.ok,
        SignOffStatus::Awaiting => theme.warn,
        SignOffStatus::Returned => theme.alert,
    };
    let mut detail = String::new();
    if let Some(by) = &sign_off.by {
        detail.push_str(&format!(" by {by}"));
    }
    if let Some(at) = sign_off.at {
        detail.push_str(&format!(", {}", fmt_datetime(at)));
    }
    if !sign_off.comment.trim().is_empty() {
        detail.push_str(&format!(": \"{}\"", sign_off.comment.trim()));
    }
    vec![
        span(&tag(sign_off.status.label()), style),
        span(&detail, theme.base),
    ]
}

/// Wrap one line to `width` cells. Continuation rows start with `indent` spaces (reduced when the
/// pane is too narrow for it). Breaks at spaces where possible, else between characters. A width
/// of 0 returns the line unchanged. Only a single character wider than the row (a wide character
/// on a 1-cell pane) can exceed `width`.
pub fn wrap_line(line: Line<'static>, width: usize, indent: usize) -> Vec<Line<'static>> {
    if width == 0 || line.width() <= width {
        return vec![line];
    }
    let indent = if indent > width / 2 {
        width / 4
    } else {
        indent
    };
    let cells: Vec<(char, Style)> = line
        .spans
        .iter()
        .flat_map(|s| s.content.chars().map(move |c| (c, s.style)))
        .collect();
    let mut out = Vec::new();
    let mut start = 0;
    while start < cells.len() {
        let first = out.is_empty();
        let avail = if first { width } else { width - indent };
        let (end, next) = break_row(&cells[start..], avail);
        let mut spans = Vec::new();
        if !first && indent > 0 {
            spans.push(Span::raw(" ".repeat(indent)));
        }
        spans.extend(group(&cells[start..start + end]));
        out.push(Line::from(spans).style(line.style));
        start += next;
    }
    out
}

/// Where to end the row that starts at `cells[0]`: (cells shown, index where the next row starts).
/// The second value is always at least 1, so wrapping always makes progress.
fn break_row(cells: &[(char, Style)], avail: usize) -> (usize, usize) {
    let mut used = 0;
    let mut end = 0;
    let mut last_space = None;
    let mut seen_text = false;
    while let Some(&(c, _)) = cells.get(end) {
        let w = c.width().unwrap_or(0);
        if used + w > avail {
            break;
        }
        if c == ' ' {
            if seen_text {
                last_space = Some(end);
            }
        } else {
            seen_text = true;
        }
        used += w;
        end += 1;
    }
    if end == cells.len() {
        return (end, end);
    }
    let cut = match (cells[end].0, last_space) {
        (' ', _) => end,
        (_, Some(p)) => p,
        _ if end == 0 => 1,
        _ => end,
    };
    let mut shown = cut;
    while shown > 0 && cells[shown - 1].0 == ' ' {
        shown -= 1;
    }
    let mut next = cut;
    while cells.get(next).is_some_and(|&(c, _)| c == ' ') {
        next += 1;
    }
    (shown, next.max(1))
}

/// Consecutive cells of one style merged back into spans.
fn group(cells: &[(char, Style)]) -> Vec<Span<'static>> {
    let mut out: Vec<Span<'static>> = Vec::new();
    let mut text = String::new();
    let mut style: Option<Style> = None;
    for &(c, s) in cells {
        if style.is_some_and(|cur| cur != s) {
            out.push(Span::styled(
                std::mem::take(&mut text),
                style.unwrap_or_default(),
            ));
        }
        style = Some(s);
        text.push(c);
    }
    if let Some(s) = style {
        out.push(Span::styled(text, s));
    }
    out
}

/// Where an item starts in a tab's lines: a search hit names its item by [`Target`], and the
/// detail pane scrolls to and marks the item's lines (never by looking for its text).
pub type Marks = Vec<(Target, usize)>;

/// A builder of wrapped, sanitised lines for one tab. Built once per call; no I/O.
pub struct Doc<'a> {
    theme: &'a Theme,
    width: usize,
    lines: Vec<Line<'static>>,
    marks: Marks,
}

impl<'a> Doc<'a> {
    /// An empty document for the pane described by `ctx`.
    pub fn new(ctx: &ViewCtx<'a>) -> Self {
        Self {
            theme: ctx.theme,
            width: usize::from(ctx.width),
            lines: Vec::new(),
            marks: Vec::new(),
        }
    }

    /// The next lines are the item `target`.
    pub fn at(&mut self, target: Target) {
        self.marks.push((target, self.lines.len()));
    }

    /// The theme, for callers building their own spans.
    pub fn theme(&self) -> &'a Theme {
        self.theme
    }

    /// The pane width in cells (0 = unknown).
    pub fn width(&self) -> usize {
        self.width
    }

    /// A section heading, preceded by a blank line unless it is the first line.
    pub fn heading(&mut self, text: &str) {
        if !self.lines.is_empty() {
            self.blank();
        }
        let line = Line::from(span(text, self.theme.heading));
        self.lines.extend(wrap_line(line, self.width, 0));
    }

    /// A sub-heading at `indent` (bold-ish label, no blank line before).
    pub fn subheading(&mut self, indent: usize, text: &str) {
        self.push(indent, 0, vec![span(text, self.theme.title)]);
    }

    /// An empty line.
    pub fn blank(&mut self) {
        self.lines.push(Line::default());
    }

    /// One logical line: `indent` spaces, then `spans`; wrapped rows hang at `indent + hang`.
    pub fn push(&mut self, indent: usize, hang: usize, spans: Vec<Span<'static>>) {
        let mut all = Vec::with_capacity(spans.len() + 1);
        if indent > 0 {
            all.push(Span::raw(" ".repeat(indent)));
        }
        all.extend(spans);
        self.lines
            .extend(wrap_line(Line::from(all), self.width, indent + hang));
    }

    /// A pre-built line (already sanitised), wrapped with the given hanging indent.
    pub fn push_line(&mut self, line: Line<'static>, hang: usize) {
        self.lines.extend(wrap_line(line, self.width, hang));
    }

    /// `label` in an aligned column, then `value`; "-" when the value is empty.
    pub fn field(&mut self, indent: usize, label: &str, value: &str) {
        let value = if value.trim().is_empty() { "-" } else { value };
        self.field_spans(indent, label, vec![span(value, self.theme.base)]);
    }

    /// `label` in an aligned column (always followed by a space), then styled `value` spans.
    /// On a narrow pane (less than [`NARROW`] cells after the label column) the label is
    /// written `Label: ` instead.
    pub fn field_spans(&mut self, indent: usize, label: &str, value: Vec<Span<'static>>) {
        let narrow = self.width != 0 && self.width < indent + LABEL_W + NARROW;
        let (label, hang) = if narrow {
            (format!("{label}: "), 2)
        } else {
            (format!("{} ", pad(label, LABEL_W - 1)), LABEL_W)
        };
        let mut spans = vec![span(&label, self.theme.dim)];
        spans.extend(value);
        self.push(indent, hang, spans);
    }

    /// A list item: `- ` then text, wrapped under the text.
    pub fn item(&mut self, indent: usize, spans: Vec<Span<'static>>) {
        let mut all = vec![Span::raw("- ")];
        all.extend(spans);
        self.push(indent, 2, all);
    }

    /// The "(none recorded)" marker.
    pub fn none(&mut self, indent: usize) {
        self.push(indent, 0, vec![span(NONE, self.theme.dim)]);
    }

    /// Multi-line stored text, each line sanitised and wrapped; "(none recorded)" when empty.
    pub fn paragraph(&mut self, indent: usize, text: &str) {
        if text.trim().is_empty() {
            self.none(indent);
            return;
        }
        for l in sanitize::multiline(text.trim_end()) {
            self.push(indent, 0, vec![Span::styled(l, self.theme.base)]);
        }
    }

    /// Text as a label then a paragraph: the label on its own line when the text has several lines.
    pub fn labelled_text(&mut self, indent: usize, label: &str, text: &str) {
        if text.trim().contains('\n') {
            self.subheading(indent, label);
            self.paragraph(indent + 2, text);
        } else {
            self.field(indent, label, text.trim());
        }
    }

    /// The lines built.
    pub fn finish(self) -> Vec<Line<'static>> {
        self.lines
    }

    /// The lines built, and where each item marked with [`Doc::at`] starts.
    pub fn finish_marked(self) -> (Vec<Line<'static>>, Marks) {
        (self.lines, self.marks)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(lines: &[Line]) -> Vec<String> {
        lines.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn wraps_at_spaces_with_hanging_indent() {
        let line = Line::from("Label: one two three four five");
        let out = rows(&wrap_line(line, 14, 7));
        assert_eq!(
            out,
            vec![
                "Label: one two",
                "       three",
                "       four",
                "       five"
            ]
        );
    }

    #[test]
    fn long_word_breaks_between_characters_not_inside_them() {
        let out = rows(&wrap_line(Line::from("ééééé日本語ab"), 4, 0));
        assert!(out.iter().all(|r| crate::text::width(r) <= 4), "{out:?}");
        assert_eq!(out.concat(), "ééééé日本語ab");
    }

    #[test]
    fn tiny_widths_do_not_panic_or_loop() {
        for w in 0..4 {
            let out = wrap_line(Line::from("  a  bb 日 c"), w, 30);
            assert!(!out.is_empty());
        }
        assert_eq!(
            rows(&wrap_line(Line::from("abc"), 1, 0)),
            vec!["a", "b", "c"]
        );
    }

    #[test]
    fn styles_survive_wrapping() {
        let theme = Theme::color();
        let line = Line::from(vec![span("aa ", theme.dim), span("bb cc", theme.alert)]);
        let out = wrap_line(line, 5, 0);
        assert_eq!(out[1].spans[0].style, theme.alert);
    }

    #[test]
    fn days_and_tag() {
        assert_eq!(days(1), "1 day");
        assert_eq!(tag("not verified"), "[NOT VERIFIED]");
    }

    #[test]
    fn span_sanitises() {
        assert_eq!(span("a\u{1b}b", Style::default()).content, "a^[b");
    }
}
