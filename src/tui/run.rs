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
    while !app.should_quit && !app.suspend_requested {
        if ended_by_signal().is_some() {
            // Killed politely (SIGTERM, a closed terminal's SIGHUP, SIGINT): keep the open
            // form as a draft, then leave as a quit does.
            let _ = app.write_draft();
            break;
        }
        // At least once a second, to notice a signal.
        let timeout = app.next_wake(Instant::now()).min(Duration::from_secs(1));
        let mut next = next_event(timeout)?;
        let mut handled = 0;
        while let Some(event) = next.take() {
            let resized = matches!(event, Event::Resize(_, _));
            handle_event(app, event);
            handled += 1;
            if app.should_quit || app.suspend_requested || resized || handled >= BATCH {
                break;
            }
            next = next_event(Duration::ZERO)?;
        }
        app.tick(Instant::now());
        draw(terminal, app).map_err(io::Error::other)?;
        if let Some(text) = app.clipboard.take() {
            copy_to_clipboard(&text);
        }
    }
    Ok(())
}

/// Ask the terminal to put `text` on the clipboard (OSC 52), when standard output is the
/// terminal (never into a file or a test's output). A terminal that does not allow it ignores
/// the sequence.
fn copy_to_clipboard(text: &str) {
    use std::io::{IsTerminal, Write};
    let mut out = io::stdout();
    if out.is_terminal() {
        let _ = out.write_all(crate::tui::app::osc52(text).as_bytes());
        let _ = out.flush();
    }
}

/// One terminal event for the app. Pasted text is wiped once handled (it may be a secret).
fn handle_event(app: &mut App, event: Event) {
    match event {
        Event::Key(key) => app.handle_key(key),
        Event::Mouse(mouse) => app.handle_mouse(mouse),
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
        if ended_by_signal().is_some() {
            return Ok(None);
        }
        draw_login(terminal, screen, theme).map_err(io::Error::other)?;
        let key = match next_event(Duration::from_secs(1))? {
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
    watch_signals();
    let mut terminal = init_terminal().wrap_err("cannot set up the terminal")?;
    let result = session(&mut terminal, start, theme, open);
    let restored = restore_terminal();
    if restored.is_err() || HUNG_UP.load(Ordering::SeqCst) {
        // The terminal is gone (its window closed): there is nothing to give back, and
        // ratatui's own clean-up would print its failure to a standard error that is gone too,
        // which panics and aborts before the demo store is removed.
        std::mem::forget(terminal);
    }
    let ran = result?;
    if ended_by_signal().is_none() {
        restored.wrap_err("cannot restore the terminal")?;
    }
    Ok(ran)
}

/// The terminal hung up under the session (see [`crossterm_event`]).
static HUNG_UP: AtomicBool = AtomicBool::new(false);

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
            let _ = mouse_off();
            earlier(info);
        }));
    });
    // A terminal that cannot (the legacy Windows console) still works: pastes then come as
    // keys, handled together before the next frame.
    if crossterm::execute!(io::stdout(), EnableBracketedPaste).is_ok() {
        PASTE_ON.store(true, Ordering::SeqCst);
    }
    mouse_on();
    Ok(terminal)
}

/// Whether mouse reporting is on (turned off once, whichever exit path comes first).
static MOUSE_ON: AtomicBool = AtomicBool::new(false);

/// Ask the terminal for mouse events (wheel and clicks). `shift` and a drag still select text
/// in most terminals. A terminal that cannot is used without the mouse.
fn mouse_on() {
    if crossterm::execute!(io::stdout(), crossterm::event::EnableMouseCapture).is_ok() {
        MOUSE_ON.store(true, Ordering::SeqCst);
    }
}

/// Stop mouse reporting if it is on.
fn mouse_off() -> io::Result<()> {
    if MOUSE_ON.swap(false, Ordering::SeqCst) {
        crossterm::execute!(io::stdout(), crossterm::event::DisableMouseCapture)?;
    }
    Ok(())
}

/// Give the terminal back: bracketed paste off, then raw mode and the alternate screen. Both
/// are tried; the first error is returned.
fn restore_terminal() -> io::Result<()> {
    let paste = paste_off();
    let mouse = mouse_off();
    let screen = ratatui::try_restore();
    paste.and(mouse).and(screen)
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
    loop {
        run_loop(terminal, &mut app, crossterm_event).wrap_err("terminal error")?;
        if !app.suspend_requested || ended_by_signal().is_some() {
            return Ok(true);
        }
        app.suspend_requested = false;
        suspend(terminal).wrap_err("cannot suspend")?;
    }
}

/// The signal that ended the session (SIGTERM, SIGHUP or SIGINT), once one came.
static ENDED_BY: std::sync::OnceLock<std::sync::Arc<std::sync::atomic::AtomicUsize>> =
    std::sync::OnceLock::new();

/// Have SIGTERM, SIGHUP (a closed terminal window) and SIGINT end the session as a quit does:
/// the loops notice within a second, the open form is kept as a draft, the terminal is given
/// back and the demo's temporary store removed (the process then exits with 128 + the signal).
/// Their default action (dying at once, the terminal left in raw mode) is replaced.
fn watch_signals() {
    #[cfg(unix)]
    {
        let flag = ENDED_BY.get_or_init(Default::default);
        for signal in [
            signal_hook::consts::SIGTERM,
            signal_hook::consts::SIGHUP,
            signal_hook::consts::SIGINT,
        ] {
            // Registering once is enough; a second session registers again harmlessly.
            let _ = signal_hook::flag::register_usize(
                signal,
                std::sync::Arc::clone(flag),
                usize::try_from(signal).unwrap_or(1),
            );
        }
    }
}

/// The signal that ended the session, if one did.
pub fn ended_by_signal() -> Option<i32> {
    let n = ENDED_BY.get()?.load(Ordering::SeqCst);
    (n != 0).then(|| i32::try_from(n).unwrap_or(1))
}

/// `ctrl-z`: give the terminal back, stop the process as the shell's job control expects
/// (SIGTSTP), and on `fg` take the terminal again and redraw everything.
fn suspend(terminal: &mut ratatui::DefaultTerminal) -> io::Result<()> {
    restore_terminal()?;
    #[cfg(unix)]
    signal_hook::low_level::raise(signal_hook::consts::SIGTSTP)?;
    // Continued (`fg`): the terminal again as `init_terminal` set it up, the screen cleared
    // (without asking the terminal where its cursor is: `Terminal::clear` does, and not every
    // terminal answers) and both buffers emptied, so the next frame draws everything.
    crossterm::terminal::enable_raw_mode()?;
    crossterm::execute!(
        io::stdout(),
        crossterm::terminal::EnterAlternateScreen,
        crossterm::terminal::Clear(crossterm::terminal::ClearType::All)
    )?;
    if crossterm::execute!(io::stdout(), EnableBracketedPaste).is_ok() {
        PASTE_ON.store(true, Ordering::SeqCst);
    }
    mouse_on();
    terminal.swap_buffers();
    terminal.swap_buffers();
    Ok(())
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

/// Wait up to `timeout` for a terminal event. A terminal that has gone (its window closed,
/// its multiplexer killed) ends the session as SIGHUP does. crossterm must never be asked to
/// wait on such a terminal: its input reads as endless end-of-file and crossterm's reader
/// spins inside the call for ever (a signal flag would never be looked at). So the waiting is
/// done here, on standard input, in slices short enough to notice a resize (which crossterm
/// learns from SIGWINCH), and crossterm is only asked for events already there.
fn crossterm_event(timeout: Duration) -> io::Result<Option<Event>> {
    const SLICE: Duration = Duration::from_millis(100);
    let deadline = Instant::now() + timeout;
    loop {
        let state = wait_input(Duration::ZERO);
        if state == Some(Input::HungUp) {
            HUNG_UP.store(true, Ordering::SeqCst);
            ENDED_BY
                .get_or_init(Default::default)
                .store(1, Ordering::SeqCst);
            return Ok(None);
        }
        if state.is_none() {
            // Standard input is not the terminal: crossterm reads /dev/tty and waits itself.
            return if event::poll(timeout)? {
                event::read().map(Some)
            } else {
                Ok(None)
            };
        }
        if event::poll(Duration::ZERO)? {
            return event::read().map(Some);
        }
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Ok(None);
        }
        let _ = wait_input(left.min(SLICE));
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Input {
    /// Something to read (or nothing before the wait ended).
    Ready,
    Idle,
    /// The terminal hung up.
    HungUp,
}

/// Wait up to `max` for standard input, when it is a terminal (`None` when it is not: a file
/// or a pipe is not the screen's input). Reports a hang-up (HUP, ERR or NVAL).
#[cfg(target_os = "linux")]
fn wait_input(max: Duration) -> Option<Input> {
    use rustix::event::{PollFd, PollFlags, poll};
    use std::io::IsTerminal;
    // Asked once, while the terminal is there: a hung-up terminal no longer says it is one.
    static IS_TERMINAL: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    let stdin = io::stdin();
    if !*IS_TERMINAL.get_or_init(|| stdin.is_terminal()) {
        return None;
    }
    let mut fds = [PollFd::new(&stdin, PollFlags::IN)];
    let wait = rustix::event::Timespec {
        tv_sec: i64::try_from(max.as_secs()).unwrap_or(0),
        tv_nsec: i64::from(max.subsec_nanos()),
    };
    Some(match poll(&mut fds, Some(&wait)) {
        Ok(0) => Input::Idle,
        Ok(_)
            if fds[0]
                .revents()
                .intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL) =>
        {
            Input::HungUp
        }
        Ok(_) => Input::Ready,
        // Interrupted (a signal): the caller looks again.
        Err(_) => Input::Ready,
    })
}

#[cfg(not(target_os = "linux"))]
fn wait_input(_max: Duration) -> Option<Input> {
    None
}
