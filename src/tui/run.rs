//! The event loops: the login screen's, then the app's (read events, dispatch them, tick,
//! draw). Generic over the backend so tests run them too.
//!
//! Bracketed paste is on while the terminal is ours: a paste arrives as one `Event::Paste`
//! holding all of it, handled whole ([`App::handle_paste`]) and followed by one redraw, so a
//! long paste never crawls in key by key and never acts as keys. Events already waiting are
//! handled together before the next frame is drawn, so a burst of keys (a terminal without
//! bracketed paste) is not drawn key by key either.
use std::io;
use std::sync::Once;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use crossterm::event::{self, DisableBracketedPaste, EnableBracketedPaste, Event};
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
    app.load_current();
    let mut laid = None;
    terminal.draw(|f| laid = Some(screen::draw(f, app)))?;
    if let Some(laid) = laid {
        app.laid_out(laid);
    }
    Ok(())
}

/// The most events handled between two frames: a burst of waiting events is handled together,
/// but the screen still follows a very long one.
const BATCH: usize = 256;

/// Run until the user quits. `next_event(timeout)` waits up to `timeout` for an event
/// (crossterm's poll and read in the app); between events the app gets a `tick` so a draft is
/// written once typing pauses. After an event, those already waiting (asked for with a zero
/// timeout) are handled too, up to [`BATCH`], before one frame is drawn; a resize is drawn at
/// once, so keys after it meet the new layout.
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
        let mut next = next_event(timeout)?;
        let mut handled = 0;
        while let Some(event) = next.take() {
            let resized = matches!(event, Event::Resize(_, _));
            handle_event(app, event);
            handled += 1;
            if app.should_quit || resized || handled >= BATCH {
                break;
            }
            next = next_event(Duration::ZERO)?;
        }
        app.tick(Instant::now());
        draw(terminal, app).map_err(io::Error::other)?;
    }
    Ok(())
}

/// One terminal event for the app. Pasted text is wiped once handled (it may be a secret).
fn handle_event(app: &mut App, event: Event) {
    match event {
        Event::Key(key) => app.handle_key(key),
        Event::Paste(mut text) => {
            app.handle_paste(&text);
            zeroize::Zeroize::zeroize(&mut text);
        }
        _ => {}
    }
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
        let key = match next_event(Duration::from_secs(3600))? {
            Some(Event::Key(key)) => key,
            Some(Event::Paste(mut text)) => {
                screen.paste(&text);
                zeroize::Zeroize::zeroize(&mut text);
                continue;
            }
            _ => continue,
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
    open: impl FnOnce(Store, &mut dyn FnMut(u64, u64)) -> color_eyre::Result<App>,
) -> color_eyre::Result<bool> {
    use color_eyre::eyre::WrapErr;
    let mut terminal = init_terminal().wrap_err("cannot set up the terminal")?;
    let result = session(&mut terminal, start, theme, open);
    let restored = restore_terminal().wrap_err("cannot restore the terminal");
    let ran = result?;
    restored?;
    Ok(ran)
}

/// Whether bracketed paste is on (so it is turned off once, whichever exit path comes first).
static PASTE_ON: AtomicBool = AtomicBool::new(false);

/// Take the terminal: raw mode and the alternate screen (ratatui, whose panic hook restores
/// them), then bracketed paste where the terminal has it, with a panic hook of ours that turns
/// it off again.
fn init_terminal() -> io::Result<ratatui::DefaultTerminal> {
    let terminal = ratatui::try_init()?;
    static HOOK: Once = Once::new();
    HOOK.call_once(|| {
        let earlier = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let _ = paste_off();
            earlier(info);
        }));
    });
    // A terminal that cannot (the legacy Windows console) still works: pastes then come as
    // keys, handled together before the next frame.
    if crossterm::execute!(io::stdout(), EnableBracketedPaste).is_ok() {
        PASTE_ON.store(true, Ordering::SeqCst);
    }
    Ok(terminal)
}

/// Give the terminal back: bracketed paste off, then raw mode and the alternate screen. Both
/// are tried; the first error is returned.
fn restore_terminal() -> io::Result<()> {
    let paste = paste_off();
    let screen = ratatui::try_restore();
    paste.and(screen)
}

/// Turn bracketed paste off if it is on.
fn paste_off() -> io::Result<()> {
    if PASTE_ON.swap(false, Ordering::SeqCst) {
        crossterm::execute!(io::stdout(), DisableBracketedPaste)?;
    }
    Ok(())
}

fn session(
    terminal: &mut ratatui::DefaultTerminal,
    start: Start,
    theme: &Theme,
    open: impl FnOnce(Store, &mut dyn FnMut(u64, u64)) -> color_eyre::Result<App>,
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
    let mut app = open(store, &mut loading_screen(terminal, theme))?;
    run_loop(terminal, &mut app, crossterm_event).wrap_err("terminal error")?;
    Ok(true)
}

/// After this long reading the caseload, the loading screen is shown (a small store opens
/// without it flashing up).
const LOADING_AFTER: Duration = Duration::from_millis(150);

/// What reports the reading of the caseload: from [`LOADING_AFTER`], the loading screen
/// (redrawn at most every 100 ms) saying how many subjects of how many are read.
pub fn loading_screen<'t, B: Backend>(
    terminal: &'t mut Terminal<B>,
    theme: &'t Theme,
) -> impl FnMut(u64, u64) + 't {
    let started = Instant::now();
    let mut last: Option<Instant> = None;
    move |done, total| {
        let now = Instant::now();
        if now.duration_since(started) < LOADING_AFTER
            || last.is_some_and(|t| now.duration_since(t) < Duration::from_millis(100))
        {
            return;
        }
        last = Some(now);
        // A frame that cannot be drawn is not worth stopping the opening for.
        let _ = terminal.draw(|f| crate::tui::views::loading::draw(f, theme, done, total));
    }
}

/// Wait up to `timeout` for a terminal event.
fn crossterm_event(timeout: Duration) -> io::Result<Option<Event>> {
    if event::poll(timeout)? {
        event::read().map(Some)
    } else {
        Ok(None)
    }
}
