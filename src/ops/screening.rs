//! Screenings on the force's risk instruments (recs 12.1, 12.2): the form built from the
//! instrument's description, scoring on save, the professional judgement with its required
//! rationale, and the side-by-side comparison with the previous screening. A screening is kept
//! as recorded: it is never edited or deleted, a new one is recorded instead.
use chrono::NaiveDate;

use super::item::Form;
use super::{OpsError, Saved};
use crate::domain::{
    Answer, AnswerType, Instrument, Policy, RiskLevel, Screening, ScreeningRow, Subject,
    compare_screenings, next_id, previous_screening, validate_subject,
};
use crate::edit::parse::{choice_index, edit_date, parse_date, parse_number};
use crate::edit::{Choice, FieldIssue, FieldKind, FieldSpec, intern};
use crate::store::Store;

/// The judgement choice that takes the band as it is.
const AS_BAND: &str = "band";

/// The instrument a screening form uses: the `n`th of policy's (from 1), else the first.
pub fn instrument(policy: &Policy, n: Option<u32>) -> Result<&Instrument, OpsError> {
    let i = n.map_or(0, |n| n.saturating_sub(1) as usize);
    policy.instruments.get(i).ok_or_else(|| {
        OpsError::refused(
            "no risk instrument is configured: set instruments_file in the config (see \
             demo-data/instruments.toml)",
        )
    })
}

fn yes_no_choices() -> Vec<Choice> {
    vec![
        Choice::new("yes", "Yes"),
        Choice::new("no", "No"),
        Choice::new("not_known", "Not known"),
    ]
}

fn levels() -> Vec<Choice> {
    let mut out = vec![Choice::new(AS_BAND, "As the band")];
    out.extend(
        RiskLevel::ALL
            .iter()
            .map(|l| Choice::new(level_key(*l), l.label())),
    );
    out
}

fn level_key(l: RiskLevel) -> &'static str {
    match l {
        RiskLevel::Low => "low",
        RiskLevel::Medium => "medium",
        RiskLevel::High => "high",
        RiskLevel::VeryHigh => "very_high",
    }
}

/// The fields of a screening on `inst`: date, by, one per item (keyed by the item's key), the
/// judgement and its rationale.
pub fn fields(inst: &Instrument) -> Vec<FieldSpec> {
    let mut out = vec![
        FieldSpec::new("date", "Date", FieldKind::Date, true),
        FieldSpec::new("by", "By", FieldKind::Text, true)
            .with_help("Officer, rank name and number"),
    ];
    for (n, item) in inst.items.iter().enumerate() {
        let kind = match item.answer {
            AnswerType::YesNo => FieldKind::Choice(yes_no_choices()),
            AnswerType::Count => FieldKind::Number {
                min: 0,
                max: 10_000,
            },
            AnswerType::Choice => FieldKind::Choice(
                item.options
                    .iter()
                    .map(|o| Choice::new(o.key.clone(), o.label.clone()))
                    .collect(),
            ),
        };
        let label = format!("{}. {}", n + 1, item.text);
        let must = if item.mandatory {
            "required"
        } else {
            "optional"
        };
        out.push(
            FieldSpec::new(
                intern(&format!("item.{}", item.key)),
                &label,
                kind,
                item.mandatory,
            )
            .with_help(&format!("{} ({must})", item.text)),
        );
    }
    out.push(
        FieldSpec::new(
            "judgement",
            "Professional judgement",
            FieldKind::Choice(levels()),
            true,
        )
        .with_help("The level you judge; a level other than the band needs a rationale"),
    );
    out.push(
        FieldSpec::new("rationale", "Rationale", FieldKind::Multiline, false)
            .with_help("Why, from what you know of the case; required when overriding the band"),
    );
    out
}

/// The form of a new screening of `subject` on `inst`.
pub fn form(subject: &Subject, inst: &Instrument, today: NaiveDate) -> Form {
    let fields = fields(inst);
    let values = fields
        .iter()
        .map(|f| match f.key {
            "date" => edit_date(today),
            "judgement" => AS_BAND.to_string(),
            _ => String::new(),
        })
        .collect();
    Form {
        title: format!(
            "New risk screening: {} ({} v{})",
            crate::text::line(&subject.display_name()),
            crate::text::line(&inst.name),
            crate::text::line(&inst.version)
        ),
        fields,
        values,
        context: vec![
            "Answer each question; the score and band follow from the instrument. Record your \
             own judgement of the level, with a rationale where it differs."
                .to_string(),
        ],
    }
}

/// The screening `values` describe, scored; faults against their fields.
pub fn read(
    inst: &Instrument,
    values: &[String],
    today: NaiveDate,
    id: u32,
) -> Result<Screening, Vec<FieldIssue>> {
    let fields = fields(inst);
    let mut issues = Vec::new();
    let at = |key: &str| fields.iter().position(|f| f.key == key);
    let value = |key: &str| {
        at(key)
            .and_then(|i| values.get(i))
            .map(|v| v.trim().to_string())
            .unwrap_or_default()
    };
    let mut fault = |key: &str, message: String| {
        issues.push(FieldIssue {
            field: at(key),
            message,
        })
    };
    let date = match parse_date(&value("date"), today) {
        Ok(d) => d,
        Err(e) => {
            fault("date", e);
            today
        }
    };
    let by = value("by");
    if by.is_empty() {
        fault("by", "By is required".to_string());
    }
    let mut answers = Vec::new();
    for (spec, item) in fields[2..].iter().zip(&inst.items) {
        let raw = value(spec.key);
        if raw.is_empty() {
            continue;
        }
        let answer = match (&spec.kind, item.answer) {
            (FieldKind::Choice(c), AnswerType::YesNo) => match choice_index(c, &raw) {
                Some(0) => Some(Answer::Yes),
                Some(1) => Some(Answer::No),
                Some(_) => Some(Answer::NotKnown),
                None => None,
            },
            (FieldKind::Choice(c), AnswerType::Choice) => choice_index(c, &raw)
                .and_then(|i| item.options.get(i))
                .map(|o| Answer::Choice(o.key.clone())),
            _ => parse_number(&raw, 0, 10_000)
                .ok()
                .and_then(|n| u32::try_from(n).ok())
                .map(Answer::Count),
        };
        match answer {
            Some(a) => answers.push((item.key.clone(), a)),
            None => fault(
                spec.key,
                format!("{raw:?} is not an answer to this question"),
            ),
        }
    }
    let scored = inst.score(&answers);
    let (rows, score, band) = match scored {
        Ok(s) => s,
        Err(faults) => {
            for (key, message) in faults {
                fault(&format!("item.{key}"), message);
            }
            (Vec::new(), 0, RiskLevel::Low)
        }
    };
    let judgement = match value("judgement").as_str() {
        "" => band,
        j => match choice_index(&levels(), j) {
            Some(0) => band,
            Some(i) if i <= RiskLevel::ALL.len() => RiskLevel::ALL[i - 1],
            _ => {
                fault("judgement", format!("{j:?} is not a level"));
                band
            }
        },
    };
    let rationale = value("rationale");
    if judgement != band && rationale.is_empty() {
        fault(
            "rationale",
            format!(
                "Your judgement ({}) differs from the band ({}): say why",
                judgement.label(),
                band.label()
            ),
        );
    }
    if !issues.is_empty() {
        return Err(issues);
    }
    Ok(Screening {
        id,
        date,
        by,
        instrument: inst.id.clone(),
        instrument_name: inst.name.clone(),
        instrument_version: inst.version.clone(),
        answers: rows,
        score,
        band,
        judgement,
        rationale,
    })
}

/// `base` with the screening `values` describe added.
pub fn added(
    base: &Subject,
    inst: &Instrument,
    values: &[String],
    today: NaiveDate,
) -> Result<Subject, OpsError> {
    let id = next_id(base.screenings.iter().map(|s| s.id));
    let screening = read(inst, values, today, id).map_err(OpsError::Invalid)?;
    let mut s = base.clone();
    s.screenings.push(screening);
    let faults = validate_subject(&s);
    if let Some(f) = faults.first() {
        return Err(OpsError::refused(f.to_string()));
    }
    Ok(s)
}

/// Record a screening on `base` (read at `version`).
pub fn save(
    store: &mut Store,
    policy: &Policy,
    today: NaiveDate,
    base: &Subject,
    version: u64,
    instrument_n: Option<u32>,
    values: &[String],
) -> Result<Saved, OpsError> {
    let inst = instrument(policy, instrument_n)?;
    let changed = crate::domain::reopen_plan(base, added(base, inst, values, today)?);
    super::merge::commit(store, base, version, &changed, "Added risk screening")
}

/// Screening `id` of `s` beside the one before it, question by question.
pub fn compare(
    s: &Subject,
    id: u32,
) -> Result<(Option<&Screening>, &Screening, Vec<ScreeningRow>), OpsError> {
    let cur = s
        .screenings
        .iter()
        .find(|x| x.id == id)
        .ok_or_else(|| OpsError::refused(format!("screening {id} is not in this plan")))?;
    let prev = previous_screening(&s.screenings, id);
    Ok((prev, cur, compare_screenings(prev, cur)))
}

/// The comparison as lines of text: a header, then `question | before | after` with changed
/// rows marked `*`.
pub fn compare_text(s: &Subject, id: u32, width: usize) -> Result<Vec<String>, OpsError> {
    let (prev, cur, rows) = compare(s, id)?;
    let when = |x: &Screening| {
        format!(
            "{} {} v{} by {}",
            crate::domain::fmt_date(x.date),
            x.instrument_name,
            x.instrument_version,
            x.by
        )
    };
    let mut out = vec![
        format!("Screening:  {}", when(cur)),
        format!(
            "Before:     {}",
            prev.map_or_else(|| "(the first screening)".to_string(), when)
        ),
        String::new(),
    ];
    let side = 22usize;
    let q = width.saturating_sub(2 * side + 6).max(20);
    out.push(format!(
        "  {} {} {}",
        crate::text::fit("Question", q),
        crate::text::fit("Before", side),
        crate::text::fit("Now", side)
    ));
    for r in rows {
        let mark = if r.changed { "*" } else { " " };
        out.push(format!(
            "{mark} {} {} {}",
            crate::text::fit(&crate::text::line(&r.question), q),
            crate::text::fit(&crate::text::line(&r.before), side),
            crate::text::fit(&crate::text::line(&r.after), side),
        ));
    }
    if !cur.rationale.trim().is_empty() {
        out.push(String::new());
        out.push(format!("Rationale: {}", crate::text::line(&cur.rationale)));
    }
    out.push(String::new());
    out.push("* changed since the screening before".to_string());
    Ok(out)
}
