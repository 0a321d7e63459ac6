//! Offline review from the app (docs/OFFLINE.md). `O` checks a working set out: this subject,
//! the subjects the list shows, the user's own, or those due a visit, into a new folder, for
//! the user logged in (their passphrase is asked again: the working set opens with it). `I`
//! checks one in: the folder and the passphrase, then what the laptop changed, with every
//! field the office changed too shown side by side (laptop, office, as checked out) to choose;
//! `ctrl-s` writes it all at once, or nothing.
use std::any::Any;
use std::path::PathBuf;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::Frame;
use ratatui::text::Line;

use super::merge::{Sides, conflict_lines, draw_list};
use crate::domain::{Side, SubjectId};
use crate::ops::offline::{CheckinPlan, Selection};
use crate::ops::{self, OpsError};
use crate::store::{Login, Passphrase};
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint, hints};
use crate::tui::form::LineEdit;
use crate::tui::form::paste::Outcome;
use crate::tui::keymap::{Keymap, Layer};
use crate::tui::views::text::wrap_line;
use crate::tui::views::widgets::{error_line, field_line, masked};

/// The longest text a field takes.
const MAX_INPUT: usize = 500;

/// The most subjects "the subjects in the list" checks out: a working set is a day's or a
/// week's visits, not a caseload.
pub const MAX_SHOWN: usize = 500;

/// One field of these dialogs.
enum Input {
    /// One of these, changed with left/right (or space).
    Choice(Vec<String>, usize),
    Text(LineEdit),
    /// Typed but never shown.
    Secret(LineEdit),
}

struct Field {
    label: &'static str,
    input: Input,
}

/// The fields of a dialog and the one focused.
struct Fields {
    list: Vec<Field>,
    focus: usize,
}

impl Fields {
    fn text(&self, i: usize) -> String {
        match self.list.get(i).map(|f| &f.input) {
            Some(Input::Text(l)) => l.text().trim().to_string(),
            _ => String::new(),
        }
    }

    fn choice(&self, i: usize) -> usize {
        match self.list.get(i).map(|f| &f.input) {
            Some(Input::Choice(_, at)) => *at,
            _ => 0,
        }
    }

    /// The secret typed in field `i`, taken out of it (the field is empty afterwards).
    fn take_secret(&mut self, i: usize) -> String {
        match self.list.get_mut(i).map(|f| &mut f.input) {
            Some(Input::Secret(l)) => l.take_secret(),
            _ => String::new(),
        }
    }

    fn secret_empty(&self, i: usize) -> bool {
        !matches!(self.list.get(i).map(|f| &f.input), Some(Input::Secret(l)) if !l.is_empty())
    }

    fn step(&mut self, forward: bool) {
        let n = self.list.len().max(1);
        self.focus = if forward {
            (self.focus + 1) % n
        } else {
            (self.focus + n - 1) % n
        };
    }

    /// A key for the focused field: a choice takes left/right/space, a line its editing keys.
    fn key(&mut self, event: &KeyEvent) -> bool {
        let Some(field) = self.list.get_mut(self.focus) else {
            return false;
        };
        match &mut field.input {
            Input::Choice(options, at) => {
                let n = options.len().max(1);
                let plain = !event
                    .modifiers
                    .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
                match event.code {
                    KeyCode::Right | KeyCode::Char(' ') if plain => *at = (*at + 1) % n,
                    KeyCode::Left if plain => *at = (*at + n - 1) % n,
                    _ => return false,
                }
                true
            }
            Input::Text(line) | Input::Secret(line) => line.handle_key(event),
        }
    }

    /// Pasted text for the focused field: `Err` says why it was not taken.
    fn paste(&mut self, text: &str) -> Result<(), String> {
        match self.list.get_mut(self.focus).map(|f| &mut f.input) {
            Some(Input::Text(line) | Input::Secret(line)) => match line.paste(text) {
                Outcome::Refused(why) => Err(why),
                Outcome::Pasted { .. } => Ok(()),
            },
            _ => Err("Not pasted: this field is a choice (left/right changes it)".into()),
        }
    }

    /// The fields' lines for `width` columns, and where the focused one starts.
    fn lines(&self, p: &Paint<'_>, width: usize) -> (Vec<Line<'static>>, usize) {
        let mut out = Vec::new();
        let mut focus = 0;
        for (i, f) in self.list.iter().enumerate() {
            let focused = i == self.focus;
            let value = match &f.input {
                Input::Choice(options, at) => {
                    let v = options.get(*at).map(String::as_str).unwrap_or_default();
                    if focused {
                        format!("< {} >", crate::text::line(v))
                    } else {
                        crate::text::line(v).into_owned()
                    }
                }
                Input::Text(line) => crate::text::line(&line.text()).into_owned(),
                Input::Secret(line) => masked(line.len()),
            };
            let line = field_line(p.theme, f.label, &value, focused);
            let line = if focused {
                focus = out.len();
                line.style(p.theme.selected)
            } else {
                line
            };
            out.extend(wrap_line(line, width, 4));
        }
        (out, focus)
    }
}

fn text_field(label: &'static str, value: &str) -> Field {
    Field {
        label,
        input: Input::Text(LineEdit::new(value).with_max(MAX_INPUT)),
    }
}

fn secret_field() -> Field {
    Field {
        label: "Your passphrase",
        input: Input::Secret(LineEdit::secret(MAX_INPUT)),
    }
}

/// `~/x` as the home folder's `x`; anything else as typed.
fn folder(typed: &str) -> PathBuf {
    match (typed.strip_prefix("~/"), std::env::var_os("HOME")) {
        (Some(rest), Some(home)) => PathBuf::from(home).join(rest),
        _ => PathBuf::from(typed),
    }
}

/// A whole number of days in `1..=max` typed in `field` ("Open for (days)").
fn days(typed: &str, what: &str, max: u32) -> Result<u32, String> {
    match typed.parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Ok(n),
        _ => Err(format!("{what}: a whole number of days from 1 to {max}")),
    }
}

/// The dialog's box: `intro`, the fields, the error, the keys.
fn draw_fields(
    frame: &mut Frame,
    p: &Paint<'_>,
    title: String,
    intro: &str,
    (fields, error): (&Fields, &Option<String>),
) {
    let width = usize::from(p.screen.width.min(110).saturating_sub(2));
    let mut lines = wrap_line(Line::raw(intro.to_string()), width, 0);
    lines.push(Line::raw(""));
    let (more, focus) = fields.lines(p, width);
    let focus = focus + lines.len();
    lines.extend(more);
    if let Some(e) = error_line(p.theme, error) {
        lines.push(Line::raw(""));
        lines.extend(wrap_line(e, width, 2));
    }
    // The focused field in view, with everything after it that fits (the error).
    draw_list(frame, p, title, (lines, &[0, focus]), 1);
}

fn field_hints(keymap: &Keymap, last: &'static str) -> Vec<(String, &'static str)> {
    let mut out = vec![("left/right".to_string(), "change a choice")];
    out.extend(hints(
        keymap,
        Layer::Input,
        &[
            (Action::NextField, "next field"),
            (Action::Save, last),
            (Action::Cancel, "cancel"),
        ],
    ));
    out
}

/// What "the subjects in the list" and "this subject" mean when the dialog opens.
pub struct Shown {
    /// The subject under the cursor, with its name.
    pub current: Option<(SubjectId, String)>,
    /// The subjects the list shows, in its order.
    pub list: Vec<SubjectId>,
}

/// `O`: check a working set out.
pub struct CheckoutDialog {
    fields: Fields,
    /// The subject under the cursor and those in the list, as the dialog opened.
    shown: Shown,
    error: Option<String>,
}

/// The choices of "Subjects", in order.
const THIS: usize = 0;
const LISTED: usize = 1;
const MINE: usize = 2;
const VISITS: usize = 3;
/// The fields, in order.
const F_WHICH: usize = 0;
const F_VISITS: usize = 1;
const F_DAYS: usize = 2;
const F_FOLDER: usize = 3;
const F_PASS: usize = 4;

impl CheckoutDialog {
    /// The dialog over `shown`, open for `days` days by default (force policy), into a new
    /// folder named for `today` in `dir`.
    pub fn new(shown: Shown, days: u32, dir: &std::path::Path, today: chrono::NaiveDate) -> Self {
        let this = match &shown.current {
            Some((id, name)) => format!("This subject: {id} {name}"),
            None => "This subject (none selected)".to_string(),
        };
        let options = vec![
            this,
            format!("The subjects in the list ({})", shown.list.len()),
            "My subjects (I am officer in charge)".to_string(),
            "Subjects due a visit".to_string(),
        ];
        let mut out = dir.join(format!("working-set-{today}"));
        for n in 2..100 {
            if !out.exists() {
                break;
            }
            out = dir.join(format!("working-set-{today}-{n}"));
        }
        let fields = Fields {
            list: vec![
                Field {
                    label: "Subjects",
                    input: Input::Choice(options, THIS),
                },
                text_field("Visits due within (days)", "7"),
                text_field("Open for (days)", &days.to_string()),
                text_field("New folder", &out.display().to_string()),
                secret_field(),
            ],
            focus: F_WHICH,
        };
        Self {
            fields,
            shown,
            error: None,
        }
    }

    /// The subjects chosen, or why none.
    fn subjects(&self, ctx: &mut Ctx<'_>) -> Result<Vec<SubjectId>, String> {
        let policy = ctx.policy().clone();
        let today = ctx.today();
        let which = match self.fields.choice(F_WHICH) {
            THIS => match &self.shown.current {
                Some((id, _)) => return Ok(vec![*id]),
                None => return Err("No subject is selected: choose another option".into()),
            },
            LISTED if self.shown.list.is_empty() => {
                return Err("The list is empty: nothing to check out".into());
            }
            LISTED if self.shown.list.len() > MAX_SHOWN => {
                return Err(format!(
                    "The list shows {} subjects: search or filter it to {MAX_SHOWN} or fewer",
                    self.shown.list.len()
                ));
            }
            LISTED => return Ok(self.shown.list.clone()),
            MINE => Selection::Mine,
            VISITS => {
                Selection::VisitsDue(days(&self.fields.text(F_VISITS), "Visits due within", 365)?)
            }
            _ => return Err("Choose which subjects to check out".into()),
        };
        ops::offline::select(ctx.store, which, &policy, today).map_err(|e| e.to_string())
    }

    fn submit(&mut self, ctx: &mut Ctx<'_>) -> Flow {
        match self.check_out(ctx) {
            Ok(done) => {
                ctx.main.checked_out = ops::offline::out_now(ctx.store, ctx.today());
                ctx.say(done);
                Flow::Close
            }
            Err(e) => {
                self.error = Some(e);
                Flow::Stay
            }
        }
    }

    fn check_out(&mut self, ctx: &mut Ctx<'_>) -> Result<String, String> {
        let max = crate::domain::Policy::MAX_CHECKOUT_DAYS;
        let open_for = days(&self.fields.text(F_DAYS), "Open for", max)?;
        let out = self.fields.text(F_FOLDER);
        if out.is_empty() {
            return Err("Name a new folder for the working set".into());
        }
        if self.fields.secret_empty(F_PASS) {
            return Err("Type your passphrase: the working set opens with it".into());
        }
        let subjects = self.subjects(ctx)?;
        let user = ctx.store.actor().name.clone();
        let login = Login {
            user,
            passphrase: Passphrase::new(self.fields.take_secret(F_PASS)),
        };
        // A working set expires by the laptop's clock: counted from the real date.
        let today = chrono::Local::now().date_naive();
        let opts = ops::offline::options_for_working_set(ctx.store);
        let made = ops::offline::check_out(
            ctx.store,
            &login,
            &subjects,
            (today, open_for),
            &folder(&out),
            &opts,
        )
        .map_err(|e| format!("Nothing was checked out: {e}"))?;
        Ok(format!(
            "Checked out {} subject(s) to {} as working set {}, until {}: open it on the laptop \
             with `spmp --store {}`",
            made.checkout.subjects.len(),
            made.dir.display(),
            made.checkout.id,
            crate::domain::fmt_date(made.checkout.expires),
            made.dir.display()
        ))
    }
}

impl Component for CheckoutDialog {
    fn kind(&self) -> Kind {
        Kind::Offline
    }

    fn layers(&self) -> &'static [Layer] {
        &[Layer::Input]
    }

    fn key(&mut self, event: &KeyEvent, _ctx: &mut Ctx<'_>) -> bool {
        let used = self.fields.key(event);
        if used {
            self.error = None;
        }
        used
    }

    fn paste(&mut self, text: &str, _ctx: &mut Ctx<'_>) -> bool {
        self.error = self.fields.paste(text).err();
        true
    }

    fn action(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Flow {
        match action {
            Action::NextField | Action::MoveDown => self.fields.step(true),
            Action::PrevField | Action::MoveUp => self.fields.step(false),
            Action::Save | Action::Open => return self.submit(ctx),
            Action::Cancel | Action::Back => {
                ctx.say("Nothing was checked out");
                return Flow::Close;
            }
            _ => {}
        }
        Flow::Stay
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        let intro = "A working set holds the subjects chosen, sealed for you alone, to review on \
                     a laptop with no connection. It opens with your passphrase until it \
                     expires. Checking it out is recorded as a disclosure to your laptop; the \
                     subjects stay open to the office, marked checked out to you.";
        draw_fields(
            frame,
            p,
            "Check out a working set".into(),
            intro,
            (&self.fields, &self.error),
        );
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, &'static str)> {
        field_hints(keymap, "check out")
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}

/// `e` as the dialog says it: that nothing was checked in, once.
fn nothing_checked_in(e: &OpsError) -> String {
    let text = e.to_string();
    if text.contains("nothing was checked in") {
        let mut chars = text.chars();
        let first = chars.next().map(|c| c.to_uppercase().collect::<String>());
        format!("{}{}.", first.unwrap_or_default(), chars.as_str())
    } else {
        format!("Nothing was checked in: {text}.")
    }
}

/// `I`: check a working set in.
pub struct CheckinDialog {
    fields: Fields,
    /// What the folder field held when the dialog opened.
    start: String,
    error: Option<String>,
    /// The check-in worked out, once the folder and passphrase were given.
    plan: Option<CheckinPlan>,
    /// The conflict the keys act on.
    selected: usize,
}

impl CheckinDialog {
    pub fn new(dir: &std::path::Path) -> Self {
        let start = format!("{}/", dir.display().to_string().trim_end_matches('/'));
        Self {
            fields: Fields {
                list: vec![text_field("Working set folder", &start), secret_field()],
                focus: 0,
            },
            start,
            error: None,
            plan: None,
            selected: 0,
        }
    }

    /// The plan being resolved, if the folder was read.
    pub fn plan(&self) -> Option<&CheckinPlan> {
        self.plan.as_ref()
    }

    /// Read the working set and work the check-in out (nothing written yet).
    fn read(&mut self, ctx: &mut Ctx<'_>) -> Flow {
        let dir = self.fields.text(0);
        if dir.is_empty() || dir == self.start.trim() {
            self.error = Some("Name the working set's folder".into());
            return Flow::Stay;
        }
        if self.fields.secret_empty(1) {
            self.error = Some("Type your passphrase: the working set opens with it".into());
            return Flow::Stay;
        }
        let login = Login {
            user: ctx.store.actor().name.clone(),
            passphrase: Passphrase::new(self.fields.take_secret(1)),
        };
        let opts = ops::offline::options_for_working_set(ctx.store);
        match ops::offline::plan_check_in(ctx.store, &folder(&dir), &login, &opts) {
            Ok(plan) => {
                self.error = None;
                *ctx.message = None;
                self.selected = 0;
                self.plan = Some(plan);
                Flow::Stay
            }
            Err(e) => {
                self.error = Some(nothing_checked_in(&e));
                Flow::Stay
            }
        }
    }

    fn choose(&mut self, side: Side, ctx: &mut Ctx<'_>) {
        let Some(plan) = &mut self.plan else {
            return;
        };
        match plan.choose(self.selected, side) {
            Ok(()) => {
                let all = plan.conflicts();
                let n = all.len();
                if let Some(next) = (1..n)
                    .map(|k| (self.selected + k) % n)
                    .find(|&i| all[i].conflict.choice.is_none())
                {
                    self.selected = next;
                }
                *ctx.message = None;
            }
            Err(e) => ctx.say(e.to_string()),
        }
    }

    /// Write the check-in. Done: close and show the subjects as they are now. The office saved
    /// one of them meanwhile: read the working set again (the passphrase is asked again).
    fn apply(&mut self, ctx: &mut Ctx<'_>) -> Flow {
        let Some(plan) = self.plan.take() else {
            return Flow::Stay;
        };
        let left = plan.unresolved();
        if left > 0 {
            ctx.say(format!(
                "Not checked in yet: choose the office's or the laptop's value for {left} more \
                 field(s)"
            ));
            self.plan = Some(plan);
            return Flow::Stay;
        }
        match plan.apply(ctx.store) {
            Ok(done) => {
                for (id, _) in &done.applied {
                    if let Ok((subject, _)) = ops::item::load(ctx.store, *id) {
                        ctx.show_saved(subject);
                    }
                }
                ctx.main.checked_out = ops::offline::out_now(ctx.store, ctx.today());
                ctx.say(format!(
                    "Checked in: {} subject(s) changed, {} entr{} of offline work added to the \
                     audit log",
                    done.applied.len(),
                    done.entries,
                    if done.entries == 1 { "y" } else { "ies" }
                ));
                Flow::Close
            }
            Err(e) => {
                self.error = Some(format!(
                    "{} Type your passphrase to read the working set again.",
                    nothing_checked_in(&e)
                ));
                self.fields.focus = 1;
                Flow::Stay
            }
        }
    }

    /// The resolution's lines for `width` columns, and the first line of each conflict.
    fn plan_lines(
        &self,
        plan: &CheckinPlan,
        p: &Paint<'_>,
        width: usize,
    ) -> (Vec<Line<'static>>, Vec<usize>) {
        let t = p.theme;
        let conflicts = plan.conflicts();
        let mut out = Vec::new();
        let intro = format!(
            "Working set {}: {} subject(s) changed on the laptop, {} entr{} of offline work for \
             the audit log. Everything only one side changed is kept.",
            plan.id(),
            plan.changed(),
            plan.entries(),
            if plan.entries() == 1 { "y" } else { "ies" }
        );
        out.extend(wrap_line(Line::raw(intro), width, 0));
        let ask = if conflicts.is_empty() {
            "Nothing was changed on both sides: check it in to write it all.".to_string()
        } else {
            format!(
                "The office and the laptop both changed {} field(s): choose which value each \
                 keeps. Nothing is written until every one is chosen.",
                conflicts.len()
            )
        };
        out.extend(wrap_line(Line::styled(ask, t.warn), width, 0));
        for (id, name, note) in plan.notes() {
            let text = crate::text::line(&format!("{id} {name}: {note}")).into_owned();
            out.extend(wrap_line(Line::styled(text, t.dim), width, 2));
        }
        out.push(Line::raw(""));
        let sides = Sides {
            mine: "laptop",
            theirs: "office",
            theirs_note: " now",
            base: "when checked out",
        };
        let mut starts = Vec::new();
        for (i, c) in conflicts.iter().enumerate() {
            starts.push(out.len());
            let heading =
                crate::text::line(&format!("{} {}: {}", c.subject, c.name, c.conflict.label))
                    .into_owned();
            out.extend(conflict_lines(
                p,
                &c.conflict,
                &heading,
                i == self.selected,
                &sides,
                width,
            ));
        }
        (out, starts)
    }
}

impl Component for CheckinDialog {
    fn kind(&self) -> Kind {
        Kind::Offline
    }

    fn layers(&self) -> &'static [Layer] {
        if self.plan.is_some() {
            &[Layer::Dialog, Layer::Normal]
        } else {
            &[Layer::Input]
        }
    }

    fn key(&mut self, event: &KeyEvent, _ctx: &mut Ctx<'_>) -> bool {
        if self.plan.is_some() {
            return false;
        }
        let used = self.fields.key(event);
        if used {
            self.error = None;
        }
        used
    }

    fn paste(&mut self, text: &str, ctx: &mut Ctx<'_>) -> bool {
        if self.plan.is_some() {
            return false;
        }
        match self.fields.paste(text) {
            Ok(()) => self.error = None,
            Err(why) => ctx.say(why),
        }
        true
    }

    fn action(&mut self, action: Action, ctx: &mut Ctx<'_>) -> Flow {
        if let Some(plan) = &self.plan {
            let n = plan.conflicts().len();
            match action {
                Action::MoveDown | Action::MoveUp | Action::Top | Action::Bottom => {
                    self.selected = super::wrap_select(self.selected, n, action);
                }
                Action::KeepMine => self.choose(Side::Mine, ctx),
                Action::KeepTheirs => self.choose(Side::Theirs, ctx),
                Action::Save => return self.apply(ctx),
                Action::Cancel | Action::Back => {
                    ctx.say("Nothing was checked in: the working set can be checked in later");
                    return Flow::Close;
                }
                _ => {}
            }
            return Flow::Stay;
        }
        match action {
            Action::NextField | Action::MoveDown => self.fields.step(true),
            Action::PrevField | Action::MoveUp => self.fields.step(false),
            Action::Save | Action::Open => return self.read(ctx),
            Action::Cancel | Action::Back => {
                ctx.say("Nothing was checked in");
                return Flow::Close;
            }
            _ => {}
        }
        Flow::Stay
    }

    fn draw(&self, frame: &mut Frame, p: &Paint<'_>) {
        match &self.plan {
            Some(plan) => {
                let width = usize::from(p.screen.width.min(110).saturating_sub(2));
                let (lines, starts) = self.plan_lines(plan, p, width);
                draw_list(
                    frame,
                    p,
                    format!("Check in working set {}", plan.id()),
                    (lines, &starts),
                    self.selected,
                );
            }
            None => {
                let intro = "Bring a laptop's work back: the working set's folder (copied from \
                             the laptop) and your passphrase. It is checked whole first; \
                             nothing is written until you say so.";
                draw_fields(
                    frame,
                    p,
                    "Check in a working set".into(),
                    intro,
                    (&self.fields, &self.error),
                );
            }
        }
    }

    fn hints(&self, keymap: &Keymap) -> Vec<(String, &'static str)> {
        if self.plan.is_none() {
            return field_hints(keymap, "read it");
        }
        let mut out = hints(
            keymap,
            Layer::Dialog,
            &[
                (Action::KeepMine, "keep laptop's"),
                (Action::KeepTheirs, "keep office's"),
            ],
        );
        out.extend(hints(
            keymap,
            Layer::Normal,
            &[(Action::MoveDown, "next field")],
        ));
        out.extend(hints(keymap, Layer::Dialog, &[(Action::Save, "check in")]));
        out.extend(hints(keymap, Layer::Normal, &[(Action::Cancel, "cancel")]));
        out
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
