//! Section 3: risk assessments and their tactical options.
use super::{
    Ctx, Form, Reader, STATUS, choice, date, key_of, list, multiline, od, opt_date, options, os,
    text,
};
use crate::domain::{
    ActionStatus, GroupRating, ItemId, RiskAssessment, RiskGroup, RiskLevel, Subject,
    TacticalOption,
};
use crate::edit::parse::edit_date;
use crate::edit::spec::FieldSpec;

const LEVELS: [(Option<RiskLevel>, &str, &str); 5] = [
    (None, "not_rated", "Not rated"),
    (Some(RiskLevel::Low), "low", "Low"),
    (Some(RiskLevel::Medium), "medium", "Medium"),
    (Some(RiskLevel::High), "high", "High"),
    (Some(RiskLevel::VeryHigh), "very_high", "Very High"),
];

/// The groups rated on the form: `(field key, group)`. Ratings of other groups are kept as
/// they are.
const GROUPS: [(&str, RiskGroup); 5] = [
    ("named_victim", RiskGroup::NamedVictim),
    ("future_partners", RiskGroup::FuturePartners),
    ("children", RiskGroup::Children),
    ("public", RiskGroup::Public),
    ("staff", RiskGroup::Staff),
];

impl Form for RiskAssessment {
    fn fields(_: &Subject) -> Vec<FieldSpec> {
        let mut f = vec![
            date("date", "Date of assessment"),
            text("assessor", "Assessor", true).with_help("e.g. DS Khan"),
        ];
        for (key, group) in &GROUPS {
            f.push(
                choice(
                    key,
                    &format!("Risk to {}", group.label().to_lowercase()),
                    options(&LEVELS),
                )
                .with_help("Not rated, Low, Medium, High or Very High"),
            );
        }
        f.extend([
            multiline("harm", "Foreseen harm", false)
                .with_help("To the victim(s), future victims and others"),
            list("risk_factors", "Risk factors"),
            list("protective_factors", "Protective factors"),
            multiline("rationale", "Rationale", true).with_help("Why these levels"),
            multiline("breach_rationale", "Breach response", false).with_help(
                "Required after a breach: how the risk was re-considered in its light, even if \
                 the levels stay the same",
            ),
        ]);
        f
    }

    /// A new assessment starts from the current one, so re-assessing changes only what moved;
    /// its assessor starts empty (the one who assesses types their name: a name carried over
    /// from the last assessment would let its author pass for someone else at sign-off).
    fn values(old: Option<&Self>, cx: &Ctx) -> Vec<(&'static str, String)> {
        let (from, date, assessor) = match old {
            Some(a) => (Some(a), a.date, a.assessor.clone()),
            None => (cx.subject.current_assessment(), cx.today, String::new()),
        };
        let mut v = vec![("date", edit_date(date)), ("assessor", assessor)];
        for (key, group) in &GROUPS {
            let level = from.and_then(|a| a.level_for(group));
            v.push((key, key_of(&LEVELS, &level)));
        }
        if let Some(a) = from {
            v.extend([
                ("harm", a.harm.clone()),
                ("risk_factors", a.risk_factors.join("\n")),
                ("protective_factors", a.protective_factors.join("\n")),
                ("rationale", a.rationale.clone()),
            ]);
        }
        if let Some(a) = old {
            v.push(("breach_rationale", a.breach_rationale.clone()));
        }
        v
    }

    /// Editing keeps the tactical options and sign-off; a new assessment carries over the
    /// current assessment's open tactical options (proposed or in progress).
    fn read(r: &mut Reader, old: Option<&Self>, id: ItemId, cx: &Ctx) -> Self {
        let mut ratings: Vec<GroupRating> = old.map(|a| a.ratings.clone()).unwrap_or_default();
        for (key, group) in &GROUPS {
            match r.pick(key, &LEVELS).flatten() {
                None => ratings.retain(|g| &g.group != group),
                Some(level) => match ratings.iter_mut().find(|g| &g.group == group) {
                    Some(g) => g.level = level,
                    None => ratings.push(GroupRating {
                        group: group.clone(),
                        level,
                    }),
                },
            }
        }
        if ratings.is_empty() && !GROUPS.iter().any(|(k, _)| r.has_issue(k)) {
            r.issue("named_victim", "Rate the risk to at least one group");
        }
        let tactical_options = match old {
            Some(a) => a.tactical_options.clone(),
            None => cx
                .subject
                .current_assessment()
                .map(|a| {
                    a.tactical_options
                        .iter()
                        .filter(|t| t.status.is_open())
                        .cloned()
                        .collect()
                })
                .unwrap_or_default(),
        };
        RiskAssessment {
            id,
            date: r.date("date").unwrap_or(r.today()),
            assessor: r.text("assessor"),
            harm: r.text("harm"),
            ratings,
            risk_factors: r.lines("risk_factors"),
            protective_factors: r.lines("protective_factors"),
            rationale: r.text("rationale"),
            tactical_options,
            sign_off: old.map(|a| a.sign_off.clone()).unwrap_or_default(),
            supersedes: old.and_then(|a| a.supersedes),
            breach_rationale: r.text("breach_rationale"),
        }
    }
}

impl Form for TacticalOption {
    fn fields(_: &Subject) -> Vec<FieldSpec> {
        vec![
            text("option", "Option", true)
                .with_help("e.g. marker on systems, disclosure, MARAC referral"),
            text("owner", "Owner", false),
            opt_date("due", "Due"),
            choice("status", "Status", options(&STATUS)),
        ]
    }

    fn values(old: Option<&Self>, _: &Ctx) -> Vec<(&'static str, String)> {
        let Some(x) = old else {
            return vec![("status", key_of(&STATUS, &ActionStatus::Proposed))];
        };
        vec![
            ("option", x.option.clone()),
            ("owner", os(&x.owner)),
            ("due", od(x.due)),
            ("status", key_of(&STATUS, &x.status)),
        ]
    }

    fn read(r: &mut Reader, _: Option<&Self>, id: ItemId, _: &Ctx) -> Self {
        TacticalOption {
            id,
            option: r.text("option"),
            owner: r.opt_text("owner"),
            due: r.date("due"),
            status: r.pick("status", &STATUS).unwrap_or_default(),
        }
    }
}
