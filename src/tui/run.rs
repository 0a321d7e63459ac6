//! The event loop: read a key, dispatch it, draw. Generic over the backend so tests run it too.
use std::io;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event};
use ratatui::Terminal;
use ratatui::backend::Backend;
use ratatui::layout::Rect;

use crate::tui::app::App;
use crate::tui::views::screen;

/// Draw one frame of `app` on `terminal`, fitting scroll positions first.
pub fn draw<B: Backend>(terminal: &mut Terminal<B>, app: &mut App) -> Result<(), B::Error> {
    let size = terminal.size()?;
    app.prepare(Rect::new(0, 0, size.width, size.height));
    terminal.draw(|f| screen::draw(f, app))?;
    Ok(())
}

/// Run until the user quits. `next_event(timeout)` waits up to `timeout` for an event
/// (crossterm's poll and read in the app); between events the app gets a `tick` so a draft is
/// written once typing pauses.
pub fn run_loop<B: Backend>(
    terminal: &mut Terminal<B>,
    app: &mut App,
    mut next_event: impl FnMut(Duration) -> io::Result<Option<Event>>,
) -> io::Result<()>
where
    B::Error: Into<io::Error>,
{
    draw(terminal, app).map_err(Into::into)?;
    while !app.should_quit {
        let timeout = app.next_wake(Instant::now());
        match next_event(timeout)? {
            Some(Event::Key(key)) => app.handle_key(key),
            Some(Event::Resize(_, _)) => {}
            Some(_) => continue,
            None => {}
        }
        app.tick(Instant::now());
        draw(terminal, app).map_err(Into::into)?;
    }
    Ok(())
}

/// Run `app` in the real terminal: raw mode and the alternate screen, restored on every exit
/// path (ratatui's init installs a panic hook that restores the terminal first).
pub fn run_terminal(app: &mut App) -> io::Result<()> {
    let mut terminal = ratatui::try_init()?;
    let result = run_loop(&mut terminal, app, |timeout| {
        if event::poll(timeout)? {
            event::read().map(Some)
        } else {
            Ok(None)
        }
    });
    let restored = ratatui::try_restore();
    result.and(restored)
}
