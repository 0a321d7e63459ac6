//! The event loops: the login screen's, then the app's (read a key, dispatch it, tick, draw).
//! Generic over the backend so tests run them too.
use std::io;
use std::time::{Duration, Instant};

use crossterm::event::{self, Event};
use ratatui::Terminal;
use ratatui::backend::Backend;

use crate::store::Store;
use crate::tui::app::App;
use crate::tui::login::{LoginScreen, LoginStep};
use crate::tui::theme::Theme;
use crate::tui::views::screen;

/// Draw one frame of `app` on `terminal`; what the frame found out (list rows, scroll limits,
/// a screen too small) is handed back to the app for the next key.
pub fn draw<B: Backend>(terminal: &mut Terminal<B>, app: &mut App) -> Result<(), B::Error> {
    let mut laid = None;
    terminal.draw(|f| laid = Some(screen::draw(f, app)))?;
    if let Some(laid) = laid {
        app.laid_out(laid);
    }
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
    B::Error: std::error::Error + Send + Sync + 'static,
{
    draw(terminal, app).map_err(io::Error::other)?;
    while !app.should_quit {
        let timeout = app.next_wake(Instant::now());
        match next_event(timeout)? {
            Some(Event::Key(key)) => app.handle_key(key),
            Some(Event::Resize(_, _)) => {}
            Some(_) => continue,
            None => {}
        }
        app.tick(Instant::now());
        draw(terminal, app).map_err(io::Error::other)?;
    }
    Ok(())
}

/// Draw the login screen.
pub fn draw_login<B: Backend>(
    terminal: &mut Terminal<B>,
    screen: &LoginScreen,
    theme: &Theme,
) -> Result<(), B::Error> {
    terminal.draw(|f| crate::tui::views::login::draw(f, theme, screen))?;
    Ok(())
}

/// Run the login screen until the user logs in (the unlocked store) or leaves (`None`).
/// `next_event` as in [`run_loop`].
pub fn run_login<B: Backend>(
    terminal: &mut Terminal<B>,
    screen: &mut LoginScreen,
    theme: &Theme,
    mut next_event: impl FnMut(Duration) -> io::Result<Option<Event>>,
) -> io::Result<Option<Store>>
where
    B::Error: std::error::Error + Send + Sync + 'static,
{
    loop {
        draw_login(terminal, screen, theme).map_err(io::Error::other)?;
        let Some(Event::Key(key)) = next_event(Duration::from_secs(3600))? else {
            continue;
        };
        match screen.handle_key(key) {
            LoginStep::Continue => {}
            LoginStep::Quit => return Ok(None),
            LoginStep::Submit => {
                // Checking a passphrase takes a moment (the key derivation): say so first.
                screen.busy = true;
                draw_login(terminal, screen, theme).map_err(io::Error::other)?;
                if let Some(store) = screen.submit() {
                    return Ok(Some(store));
                }
            }
        }
    }
}

/// How the terminal session starts: with a store already unlocked (a preset login), or at the
/// login screen.
pub enum Start {
    Store(Box<Store>),
    Login(Box<LoginScreen>),
}

/// The whole terminal session: the login screen if needed, then `open` makes the app from the
/// unlocked store and it runs until the user quits. The terminal is restored on every exit path,
/// before an error is returned. `Ok(false)`: the user left the login screen.
pub fn run_session(
    start: Start,
    theme: &Theme,
    open: impl FnOnce(Store) -> color_eyre::Result<App>,
) -> color_eyre::Result<bool> {
    use color_eyre::eyre::WrapErr;
    let mut terminal = ratatui::try_init().wrap_err("cannot set up the terminal")?;
    let result = session(&mut terminal, start, theme, open);
    let restored = ratatui::try_restore().wrap_err("cannot restore the terminal");
    let ran = result?;
    restored?;
    Ok(ran)
}

fn session(
    terminal: &mut ratatui::DefaultTerminal,
    start: Start,
    theme: &Theme,
    open: impl FnOnce(Store) -> color_eyre::Result<App>,
) -> color_eyre::Result<bool> {
    use color_eyre::eyre::WrapErr;
    let store = match start {
        Start::Store(store) => *store,
        Start::Login(mut screen) => {
            match run_login(terminal, &mut screen, theme, crossterm_event)
                .wrap_err("terminal error")?
            {
                Some(store) => store,
                None => return Ok(false),
            }
        }
    };
    let mut app = open(store)?;
    run_loop(terminal, &mut app, crossterm_event).wrap_err("terminal error")?;
    Ok(true)
}

/// Wait up to `timeout` for a terminal event.
fn crossterm_event(timeout: Duration) -> io::Result<Option<Event>> {
    if event::poll(timeout)? {
        event::read().map(Some)
    } else {
        Ok(None)
    }
}
