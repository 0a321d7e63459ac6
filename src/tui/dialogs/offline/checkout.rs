//! `O`: check a working set out.
use std::any::Any;

use crossterm::event::KeyEvent;
use ratatui::Frame;

use super::{
    Field, Fields, Input, Step, days, draw_fields, field_hints, folder, secret_field, text_field,
};
use crate::domain::SubjectId;
use crate::ops::{self, offline::Selection};
use crate::store::{Login, Passphrase};
use crate::tui::action::Action;
use crate::tui::component::{Component, Ctx, Flow, Kind, Paint};
use crate::tui::keymap::{Keymap, Layer};

/// The most subjects "the subjects in the list" checks out: a working set is a day's or a
/// week's visits, not a caseload.
pub const MAX_SHOWN: usize = 500;

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
            "Checked out {} subject(s) until {} into {}",
            made.checkout.subjects.len(),
            crate::domain::fmt_date(made.checkout.expires),
            made.dir.display(),
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
        match self.fields.action(action) {
            Step::Stay => Flow::Stay,
            Step::Submit => self.submit(ctx),
            Step::Cancel => {
                ctx.say("Nothing was checked out");
                Flow::Close
            }
        }
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

    fn forget_secrets(&mut self) {
        self.fields.forget_secrets();
    }

    fn as_any(&self) -> &dyn Any {
        self
    }
}
