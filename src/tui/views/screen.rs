//! The whole screen: title bar, subject list, header, tabs, detail, status bar, and the dialogs
//! over them (each draws itself). Drawing reports what the next keys need ([`Laid`]).
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Paragraph};

use super::layout::Areas;
use super::{detail, header, list, reader, small, status};
use crate::tui::app::{App, Laid};
use crate::tui::component::Paint;

/// Draw `app` into `frame`. Never mutates the state, never panics at any size.
pub fn draw(frame: &mut Frame, app: &App) -> Laid {
    let _cuts = crate::text::ascii_cuts(app.theme.plain);
    let laid = draw_all(frame, app);
    if app.theme.plain {
        asciify(frame.buffer_mut());
    }
    fill_base(frame.buffer_mut(), app.theme.base);
    laid
}

/// Cells left in the terminal's own colours (a cleared popup, an unstyled span) take the
/// theme's base colours: the high-contrast theme's black reaches every cell.
fn fill_base(buffer: &mut ratatui::buffer::Buffer, base: ratatui::style::Style) {
    use ratatui::style::Color;
    if base.fg.is_none() && base.bg.is_none() {
        return;
    }
    for cell in &mut buffer.content {
        if let Some(bg) = base.bg
            && cell.bg == Color::Reset
        {
            cell.bg = bg;
        }
        if let Some(fg) = base.fg
            && cell.fg == Color::Reset
        {
            cell.fg = fg;
        }
    }
}

fn draw_all(frame: &mut Frame, app: &App) -> Laid {
    let size = frame.area();
    // The theme's background under everything (the high-contrast theme's black).
    frame.render_widget(Block::default().style(app.theme.base), size);
    let paint = Paint {
        theme: &app.theme,
        keymap: &app.keymap,
        screen: size,
        title: title_line(app, size.width),
        status: status::line(app),
    };
    let mut laid = Laid {
        too_small: Areas::of(size).is_none(),
        list_offset: app.main.list_offset,
        ..Laid::default()
    };
    // A full-screen dialog (the Trends view, the lock) hides everything under it.
    if let Some(from) = app.layers.iter().rposition(|c| c.full_screen()) {
        for c in &app.layers[from..] {
            c.draw(frame, &paint);
        }
        return laid;
    }
    if app.theme.plain {
        return reader_screen(frame, app, paint, laid);
    }
    let Some(areas) = Areas::of(size) else {
        small::draw(frame, size, app);
        return laid;
    };
    frame.render_widget(
        Paragraph::new(paint.title.clone()).style(app.theme.base),
        areas.title,
    );
    let (rows, offset) = list::draw(frame, areas.list, app);
    laid.list_rows = rows;
    laid.list_offset = offset;
    header::draw(frame, areas.header, app);
    laid.mark_row = detail::draw(frame, areas.tabs, areas.detail, app);
    laid.main_drawn = true;
    laid.targets = mouse_targets(app, &areas);
    frame.render_widget(Paragraph::new(paint.status.clone()), areas.status);
    for c in &app.layers {
        c.draw(frame, &paint);
    }
    laid
}

/// The screen-reader layout (`--plain`): see [`reader`].
fn reader_screen(frame: &mut Frame, app: &App, paint: Paint, mut laid: Laid) -> Laid {
    let size = frame.area();
    laid.too_small = size.width < reader::MIN_WIDTH || size.height < reader::MIN_HEIGHT;
    if laid.too_small {
        small::draw(frame, size, app);
        return laid;
    }
    if !app.layers.is_empty() {
        // A dialog is the one pane shown: nothing of the screen under it shares its lines.
        frame.render_widget(
            Paragraph::new(paint.title.clone()),
            Rect { height: 1, ..size },
        );
        for c in &app.layers {
            c.draw(frame, &paint);
        }
        return laid;
    }
    let drawn = reader::draw(frame, size, app, paint.title.clone(), paint.status.clone());
    laid.list_rows = drawn.list_rows;
    laid.list_offset = drawn.list_offset;
    laid.mark_row = drawn.mark_row;
    laid.main_drawn = true;
    laid
}

/// What the screen-reader mode shows instead of the drawing characters the views and widgets
/// use: box drawing, blocks, arrows, bullets, ticks and the ellipsis become ASCII. Names and
/// other text in any script are left as they are.
pub fn ascii_for(c: char) -> Option<char> {
    Some(match c {
        '\u{2500}'..='\u{257F}' => match c {
            '│' | '┃' | '║' | '╎' | '╏' | '┆' | '┇' | '┊' | '┋' => '|',
            '─' | '━' | '═' | '╌' | '╍' | '┄' | '┅' | '┈' | '┉' => '-',
            _ => '+',
        },
        '\u{2580}'..='\u{259F}' => '#',
        '\u{25A0}'..='\u{25FF}' => match c {
            '▲' | '△' | '▴' => '^',
            '▼' | '▽' | '▾' => 'v',
            '▶' | '▸' | '►' => '>',
            '◀' | '◂' | '◄' => '<',
            _ => '*',
        },
        '→' | '⟶' | '⇒' => '>',
        '←' | '⟵' | '⇐' => '<',
        '↑' => '^',
        '↓' => 'v',
        '•' | '∙' => '*',
        '·' => '.',
        '…' => '.',
        '✓' | '✔' => '+',
        '✗' | '✘' => 'x',
        '–' | '—' => '-',
        _ => return None,
    })
}

/// [`ascii_for`] over every cell of a drawn frame.
fn asciify(buffer: &mut ratatui::buffer::Buffer) {
    for cell in &mut buffer.content {
        let mut chars = cell.symbol().chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && let Some(a) = ascii_for(c)
        {
            cell.set_char(a);
        }
    }
}

/// Where the mouse finds the list's rows, the panes and each tab on this frame.
fn mouse_targets(app: &App, areas: &Areas) -> crate::tui::app::MouseTargets {
    let rows = Block::bordered().inner(areas.list);
    let mut tabs = Vec::new();
    let mut x = areas.tabs.x;
    let bar = detail::tab_bar(app, areas.tabs.width);
    for (span, tab) in bar.spans.iter().zip(crate::domain::PlanPart::ALL) {
        let width = u16::try_from(span.width()).unwrap_or(u16::MAX);
        tabs.push((
            Rect::new(x, areas.tabs.y, width, 1).intersection(areas.tabs),
            tab,
        ));
        x = x.saturating_add(width);
    }
    crate::tui::app::MouseTargets {
        list_rows: rows,
        list: areas.list,
        detail: areas.detail,
        tabs,
    }
}

/// The title bar: the marking, the date and who is logged in, for a screen `width` wide.
pub fn title_line(app: &App, width: u16) -> Line<'static> {
    let t = &app.theme;
    let mut spans = vec![Span::styled(" spmp ", t.tab_active)];
    if width >= 130 {
        spans.push(Span::raw(" Subject Profile Management Plans "));
    }
    if !app.banner.is_empty() {
        spans.push(Span::styled(
            format!("  {} ", crate::text::line(&app.banner)),
            t.warn,
        ));
    }
    spans.push(Span::styled(
        format!(
            "  OFFICIAL-SENSITIVE  {}",
            crate::domain::fmt_date(app.today())
        ),
        t.dim,
    ));
    // Who is logged in, after the marking (which must never be cut): with the roles if they
    // fit, else the name alone.
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let room = usize::from(width).saturating_sub(used);
    let who = format!("  {}", app.who());
    let name = format!("  {}", crate::text::line(&app.store.actor().label()));
    let who = if who.len() <= room { who } else { name };
    spans.push(Span::styled(who, t.key));
    Line::from(spans)
}
