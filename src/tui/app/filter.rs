//! The queue filter form: reasons, risk level, order kind, officer.
use super::edit::new_form;
use super::{App, FormPurpose, FormSession, ListMode, Overlay};
use crate::domain::{ItemKind, Target};
use crate::domain::{OrderKind, QueueFilter, ReasonKind, RiskLevel, Subject};
use crate::edit::{FieldKind, FieldSpec};

const ANY: &str = "Any";

fn risk_labels() -> Vec<String> {
    std::iter::once(ANY.to_string())
        .chain(
            RiskLevel::ALL
                .iter()
                .map(|l| format!("{} or above", l.label())),
        )
        .collect()
}

fn kind_labels() -> Vec<String> {
    std::iter::once(ANY.to_string())
        .chain(OrderKind::BUILT_IN.iter().map(|k| k.short().to_string()))
        .collect()
}

impl App {
    /// `f`: open the filter form over the queue.
    pub(super) fn open_filter(&mut self) {
        let fields = vec![
            FieldSpec::new(
                "reasons",
                "Reasons",
                FieldKind::MultiChoice(
                    ReasonKind::ALL
                        .iter()
                        .map(|k| k.label().to_string())
                        .collect(),
                ),
                false,
            )
            .with_help("Only subjects with one of these reasons; none ticked: any reason"),
            FieldSpec::new("risk", "Risk", FieldKind::Choice(risk_labels()), true),
            FieldSpec::new(
                "order_kind",
                "Order in force",
                FieldKind::Choice(kind_labels()),
                true,
            ),
            FieldSpec::new("officer", "Officer", FieldKind::Text, false)
                .with_help("Officer in charge, as written on the plan; empty: any"),
        ];
        let f = &self.queue_filter;
        let values = vec![
            f.reasons
                .iter()
                .map(|k| k.label())
                .collect::<Vec<_>>()
                .join("\n"),
            f.risk
                .map(|l| format!("{} or above", l.label()))
                .unwrap_or_else(|| ANY.to_string()),
            f.order_kind
                .as_ref()
                .map(|k| k.short().to_string())
                .unwrap_or_else(|| ANY.to_string()),
            f.officer.clone().unwrap_or_default(),
        ];
        let form = new_form("Filter the queue".into(), fields, values, self.today);
        self.overlay = Overlay::Form(Box::new(FormSession {
            subject: None,
            target: Target::new_item(ItemKind::Subject, None),
            purpose: FormPurpose::QueueFilter,
            version: None,
            base: Subject::new(0, "", "", self.today),
            form,
            then: Vec::new(),
        }));
    }

    /// Apply the filter form's values and show the queue.
    pub(super) fn apply_filter(&mut self, values: &[String]) {
        let get = |i: usize| values.get(i).map(String::as_str).unwrap_or_default();
        let reasons = get(0)
            .lines()
            .filter_map(|l| ReasonKind::ALL.into_iter().find(|k| k.label() == l))
            .collect();
        let risk = RiskLevel::ALL
            .into_iter()
            .find(|l| get(1) == format!("{} or above", l.label()));
        let order_kind = OrderKind::BUILT_IN
            .into_iter()
            .find(|k| k.short() == get(2));
        let officer = Some(get(3).trim().to_string()).filter(|o| !o.is_empty());
        self.queue_filter = QueueFilter {
            view: self.queue_filter.view.clone(),
            reasons,
            risk,
            order_kind,
            officer,
        };
        self.list_mode = ListMode::Queue;
        self.overlay = Overlay::None;
        self.recompute_queue();
        self.refresh_visible();
        self.selected = 0;
        self.message = Some(format!("{} ({})", self.list_title(), self.visible.len()));
    }
}
