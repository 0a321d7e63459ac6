//! The range of dates spmp accepts, and the strict reading of the interchange's ISO dates.
//!
//! Every date spmp reads (the interchange file, the tracker spreadsheet, the forms, `--today`)
//! lies in the years [`MIN_YEAR`] to [`MAX_YEAR`]; a date-time has seconds 00-59 (no leap
//! second). The interchange writes dates one way only, `YYYY-MM-DD` and `YYYY-MM-DDTHH:MM:SS`,
//! and reads them the same way: no sign, no extra digits, no spaces around.
use chrono::{Datelike, NaiveDate, NaiveDateTime};
use serde_json::Value;

/// The earliest year of a date spmp accepts.
pub const MIN_YEAR: i32 = 1900;
/// The latest year of a date spmp accepts.
pub const MAX_YEAR: i32 = 2199;

/// The keys of a subject's JSON whose values are dates (`YYYY-MM-DD`); `fixed` is an order's
/// end (`{"fixed": "2027-04-20"}`). No text field of a subject has one of these names (checked
/// by the tests below against a subject with every date set).
pub const DATE_KEYS: [&str; 23] = [
    "applied",
    "date",
    "date_of_birth",
    "decided",
    "discharged",
    "disclosure",
    "done",
    "due",
    "ends",
    "fixed",
    "follow_up",
    "from",
    "learned",
    "made",
    "next_review",
    "opened",
    "reassessment_due",
    "received",
    "refused",
    "served",
    "starts",
    "to",
    "trigger",
];

/// The keys whose values are date-times (`YYYY-MM-DDTHH:MM:SS`).
pub const DATE_TIME_KEYS: [&str; 1] = ["at"];

/// `date` if its year is within [`MIN_YEAR`]..=[`MAX_YEAR`], else a message saying so.
pub fn check_range(date: NaiveDate) -> Result<NaiveDate, String> {
    if (MIN_YEAR..=MAX_YEAR).contains(&date.year()) {
        Ok(date)
    } else {
        Err(format!(
            "the year {} is outside the years spmp accepts ({MIN_YEAR}-{MAX_YEAR})",
            date.year()
        ))
    }
}

fn digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

/// A date written exactly `YYYY-MM-DD`, in range.
pub fn parse_iso_date(text: &str) -> Result<NaiveDate, String> {
    let bad = || {
        format!(
            "invalid date {text:?}: expected YYYY-MM-DD (years {MIN_YEAR}-{MAX_YEAR}, no spaces)"
        )
    };
    let b = text.as_bytes();
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || !digits(&text[..4])
        || !digits(&text[5..7])
        || !digits(&text[8..])
    {
        return Err(bad());
    }
    // Digits checked: the fields as numbers (chrono's format parser cost the import a date a
    // microsecond).
    let number = |from: usize, to: usize| {
        b[from..to]
            .iter()
            .fold(0u32, |n, d| n * 10 + u32::from(d - b'0'))
    };
    let year = i32::try_from(number(0, 4)).map_err(|_| bad())?;
    let date = NaiveDate::from_ymd_opt(year, number(5, 7), number(8, 10)).ok_or_else(bad)?;
    check_range(date).map_err(|e| format!("invalid date {text:?}: {e}"))
}

/// A date-time written exactly `YYYY-MM-DDTHH:MM:SS`, in range, without a leap second.
pub fn parse_iso_date_time(text: &str) -> Result<NaiveDateTime, String> {
    let bad = || {
        format!(
            "invalid date-time {text:?}: expected YYYY-MM-DDTHH:MM:SS (years {MIN_YEAR}-{MAX_YEAR}, \
             seconds 00-59, no spaces)"
        )
    };
    let b = text.as_bytes();
    if b.len() != 19 || b[10] != b'T' || b[13] != b':' || b[16] != b':' {
        return Err(bad());
    }
    if !digits(&text[11..13]) || !digits(&text[14..16]) || !digits(&text[17..]) {
        return Err(bad());
    }
    if text[17..] >= *"60" {
        return Err(format!(
            "invalid date-time {text:?}: seconds run 00-59 (no leap seconds)"
        ));
    }
    let date = parse_iso_date(&text[..10]).map_err(|_| bad())?;
    let time = chrono::NaiveTime::parse_from_str(&text[11..], "%H:%M:%S").map_err(|_| bad())?;
    Ok(date.and_time(time))
}

/// Every date and date-time in a subject's JSON `value` read strictly: `(field path, message)`
/// for each that is not, with paths as the interchange names fields (`orders[0].made`).
pub fn json_date_faults(value: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    walk(value, &mut String::new(), None, &mut out);
    out
}

/// [`json_date_faults`] of a subject's raw JSON, read as it streams by (no tree is built): the
/// import's check of every record. Faults come in the same order (keys sorted at each level,
/// as a parsed value holds them); text that is not JSON has none (the record's reader says
/// what is wrong with it).
pub fn json_date_faults_in(raw: &str) -> Vec<(String, String)> {
    use serde::de::DeserializeSeed;
    if !may_have_date_faults(raw) {
        return Vec::new();
    }
    let mut faults = Vec::new();
    let mut path = Vec::new();
    let mut de = serde_json::Deserializer::from_str(raw);
    let walk = Walk {
        key: None,
        path: &mut path,
        out: &mut faults,
    };
    if walk.deserialize(&mut de).is_err() {
        return Vec::new();
    }
    faults.sort_by(|a, b| a.0.cmp(&b.0));
    faults
        .into_iter()
        .map(|(segs, message)| {
            let mut text = String::new();
            for seg in segs {
                match seg {
                    Seg::Key(k) => {
                        if !text.is_empty() {
                            text.push('.');
                        }
                        text.push_str(&k);
                    }
                    Seg::Index(i) => text.push_str(&format!("[{i}]")),
                }
            }
            (text, message)
        })
        .collect()
}

/// Whether [`json_date_faults_in`] could find a fault in `raw`: false only when every string
/// directly under a date key is a date written strictly, in range. A scan of the bytes, a tenth
/// of the cost of the walk (which the import ran on every record): a string is a value under a
/// key when the byte before it (past whitespace) is `:`, and its key is then the string before.
/// A key or a value with an escape in it, or one that fails, says "maybe": the walk decides.
fn may_have_date_faults(raw: &str) -> bool {
    let b = raw.as_bytes();
    let mut at = 0;
    // The last string's text, and whether it had an escape.
    let mut last: Option<(usize, usize, bool)> = None;
    while let Some(found) = memchr::memchr(b'"', &b[at..]) {
        let open = at + found;
        let before = b[at..open]
            .iter()
            .rev()
            .find(|c| !matches!(c, b' ' | b'\t' | b'\n' | b'\r'))
            .copied();
        let from = open + 1;
        let mut end = from;
        let mut escaped = false;
        loop {
            match memchr::memchr2(b'"', b'\\', &b[end..]) {
                Some(k) if b[end + k] == b'\\' => {
                    escaped = true;
                    end += k + 2;
                }
                Some(k) => {
                    end += k;
                    break;
                }
                // Not JSON: the walk says what it finds (nothing).
                None => return true,
            }
            if end >= b.len() {
                return true;
            }
        }
        if before == Some(b':')
            && let Some((k_from, k_to, k_escaped)) = last
        {
            let key = raw.get(k_from..k_to).unwrap_or_default();
            let date = DATE_KEYS.contains(&key);
            let date_time = DATE_TIME_KEYS.contains(&key);
            let value = raw.get(from..end).unwrap_or_default();
            if k_escaped
                || ((date || date_time) && escaped)
                || (date && parse_iso_date(value).is_err())
                || (date_time && parse_iso_date_time(value).is_err())
            {
                return true;
            }
        }
        last = Some((from, end, escaped));
        at = end + 1;
    }
    false
}

/// A step of a field path, ordered as a parsed value's keys and items are. Keys are borrowed
/// from the text (no allocation per key walked: the import walks every record).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
enum Seg<'de> {
    Index(usize),
    Key(std::borrow::Cow<'de, str>),
}

/// The streaming walk of [`json_date_faults_in`]: `key` is the key the value is under.
struct Walk<'p, 'de> {
    key: Option<std::borrow::Cow<'de, str>>,
    path: &'p mut Vec<Seg<'de>>,
    out: &'p mut Vec<(Vec<Seg<'de>>, String)>,
}

impl<'de> serde::de::DeserializeSeed<'de> for Walk<'_, 'de> {
    type Value = ();
    fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> serde::de::Visitor<'de> for Walk<'_, 'de> {
    type Value = ();
    fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("JSON")
    }
    fn visit_str<E>(self, s: &str) -> Result<(), E> {
        let check = match self.key.as_deref() {
            Some(k) if DATE_KEYS.contains(&k) => parse_iso_date(s).map(|_| ()),
            Some(k) if DATE_TIME_KEYS.contains(&k) => parse_iso_date_time(s).map(|_| ()),
            _ => Ok(()),
        };
        if let Err(message) = check {
            self.out.push((self.path.clone(), message));
        }
        Ok(())
    }
    fn visit_bool<E>(self, _: bool) -> Result<(), E> {
        Ok(())
    }
    fn visit_i64<E>(self, _: i64) -> Result<(), E> {
        Ok(())
    }
    fn visit_u64<E>(self, _: u64) -> Result<(), E> {
        Ok(())
    }
    fn visit_f64<E>(self, _: f64) -> Result<(), E> {
        Ok(())
    }
    fn visit_unit<E>(self) -> Result<(), E> {
        Ok(())
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut i = 0;
        loop {
            self.path.push(Seg::Index(i));
            let more = seq.next_element_seed(Walk {
                key: None,
                path: &mut *self.path,
                out: &mut *self.out,
            })?;
            self.path.pop();
            if more.is_none() {
                return Ok(());
            }
            i += 1;
        }
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
        while let Some(Key(key)) = map.next_key::<Key<'de>>()? {
            self.path.push(Seg::Key(key.clone()));
            map.next_value_seed(Walk {
                key: Some(key),
                path: &mut *self.path,
                out: &mut *self.out,
            })?;
            self.path.pop();
        }
        Ok(())
    }
}

/// A map key, borrowed from the text when it has no escapes.
struct Key<'de>(std::borrow::Cow<'de, str>);

impl<'de> serde::Deserialize<'de> for Key<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Key<'de>;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a key")
            }
            fn visit_borrowed_str<E>(self, s: &'de str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Borrowed(s)))
            }
            fn visit_str<E>(self, s: &str) -> Result<Key<'de>, E> {
                Ok(Key(std::borrow::Cow::Owned(s.to_string())))
            }
        }
        d.deserialize_str(V)
    }
}

fn walk(value: &Value, path: &mut String, key: Option<&str>, out: &mut Vec<(String, String)>) {
    match value {
        Value::String(s) => {
            let check = match key {
                Some(k) if DATE_KEYS.contains(&k) => parse_iso_date(s).map(|_| ()),
                Some(k) if DATE_TIME_KEYS.contains(&k) => parse_iso_date_time(s).map(|_| ()),
                _ => Ok(()),
            };
            if let Err(message) = check {
                out.push((path.clone(), message));
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push_str(&format!("[{i}]"));
                walk(item, path, None, out);
                path.truncate(len);
            }
        }
        Value::Object(map) => {
            for (k, v) in map {
                let len = path.len();
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(k);
                walk(v, path, Some(k), out);
                path.truncate(len);
            }
        }
        Value::Null | Value::Bool(_) | Value::Number(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_streaming_date_check_finds_what_the_tree_walk_finds_in_the_same_order() {
        let demo: Value = serde_json::from_str(include_str!("../../demo-data/demo.json")).unwrap();
        let subjects = demo["subjects"].as_array().unwrap();
        for (n, s) in subjects.iter().enumerate() {
            let mut text = s.to_string();
            // Spoil some dates in several places.
            for (i, bad) in ["2026-13-01", " 2026-01-01", "0000-01-01T00:00:00"]
                .iter()
                .enumerate()
            {
                if (n + i) % 2 == 0 {
                    text = text.replacen("\"2026-", &format!("\"{bad}x"), 1 + i);
                }
            }
            let Ok(value) = serde_json::from_str::<Value>(&text) else {
                continue;
            };
            assert_eq!(json_date_faults_in(&text), json_date_faults(&value), "{n}");
        }
    }

    #[test]
    fn the_byte_scan_lets_the_walk_decide_whenever_it_would_find_a_fault() {
        let demo: Value = serde_json::from_str(include_str!("../../demo-data/demo.json")).unwrap();
        let mut clean = 0;
        for s in demo["subjects"].as_array().unwrap() {
            let text = s.to_string();
            // The demo's dates are all written strictly: the scan alone clears them.
            assert!(!may_have_date_faults(&text), "{text}");
            clean += 1;
            let spoils = [
                ("\"2026-", "\"2026-13"),
                ("\"2026-", "\" 2026-"),
                ("\"2026-", "\"+2026-"),
                ("\"2026-", "\"1800-"),
                ("\"2026-", "\"2026\\u002d"),
                ("T", "t"),
            ];
            for (from, to) in spoils {
                for n in 1..4 {
                    let spoilt = text.replacen(from, to, n);
                    let Ok(value) = serde_json::from_str::<Value>(&spoilt) else {
                        continue;
                    };
                    if !json_date_faults(&value).is_empty() {
                        assert!(may_have_date_faults(&spoilt), "{to} x{n}: {spoilt}");
                    }
                    assert_eq!(json_date_faults_in(&spoilt), json_date_faults(&value));
                }
            }
        }
        assert!(clean > 10);
        // Keys and values with escapes, values in arrays and nested objects, whitespace.
        for (text, maybe) in [
            (r#"{"date": "2026-01-01"}"#, false),
            (r#"{"date" :  "2026-1-01"}"#, true),
            (r#"{"d\u0061te": "2026-1-01"}"#, true),
            (r#"{"date": "2026\u002d01-01"}"#, true),
            (r#"{"date": ["2026-1-01"]}"#, false),
            (r#"{"date": {"due": "x"}}"#, true),
            (r#"{"note": "date", "x": "2026-1-01"}"#, false),
            (r#"{"note": "a \"date\": \"x\""}"#, false),
            (r#"{"at": "2026-01-01T10:00:00"}"#, false),
            (r#"{"at": "2026-01-01T10:00:60"}"#, true),
            (r#"{"due": "2026-01-01"#, true),
        ] {
            assert_eq!(may_have_date_faults(text), maybe, "{text}");
            if let Ok(value) = serde_json::from_str::<Value>(text) {
                assert_eq!(
                    json_date_faults_in(text),
                    json_date_faults(&value),
                    "{text}"
                );
            }
        }
    }

    /// A JSON value of keys that are and are not date keys, with strict, loose and other values,
    /// nested (the shapes a record has, and others).
    fn json_value() -> impl proptest::strategy::Strategy<Value = Value> {
        use proptest::prelude::*;
        let key = prop::sample::select(vec![
            "date",
            "due",
            "at",
            "made",
            "note",
            "name",
            "dat",
            "dates",
            "d\u{e5}te",
        ]);
        let text = prop_oneof![
            Just("2026-01-31".to_string()),
            Just("2026-1-31".to_string()),
            Just(" 2026-01-31".to_string()),
            Just("+2026-01-31".to_string()),
            Just("1800-01-01".to_string()),
            Just("2026-02-30".to_string()),
            Just("2026-01-31T10:00:00".to_string()),
            Just("2026-01-31T10:00:60".to_string()),
            Just("2026-01-31t10:00:00".to_string()),
            "[ -~\u{e9}\\\"\n]{0,12}",
        ];
        let leaf = prop_oneof![
            text.prop_map(Value::String),
            any::<i32>().prop_map(Value::from),
            Just(Value::Null),
        ];
        leaf.prop_recursive(3, 24, 6, move |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
                prop::collection::vec((key.clone(), inner), 0..6).prop_map(|pairs| {
                    Value::Object(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
                }),
            ]
        })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

        #[test]
        fn the_byte_scan_never_clears_json_the_walk_faults(value in json_value(), pretty in proptest::prelude::any::<bool>()) {
            let text = if pretty {
                serde_json::to_string_pretty(&value).unwrap()
            } else {
                value.to_string()
            };
            let faults = json_date_faults(&value);
            if !faults.is_empty() {
                proptest::prop_assert!(may_have_date_faults(&text), "{text}: {faults:?}");
            }
            proptest::prop_assert_eq!(json_date_faults_in(&text), faults);
        }
    }

    #[test]
    fn the_interchange_reads_dates_one_way_and_in_range() {
        assert!(parse_iso_date("2026-11-23").is_ok());
        assert!(parse_iso_date("1900-01-01").is_ok());
        assert!(parse_iso_date("2199-12-31").is_ok());
        for bad in [
            "0000-01-01",
            "-0001-01-01",
            "+10000-01-01",
            " 2026-11-23",
            "2026-11-23 ",
            "1899-12-31",
            "2200-01-01",
            "2026-2-01",
            "2026-02-30",
        ] {
            let err = parse_iso_date(bad).expect_err(bad);
            assert!(err.contains("invalid date"), "{bad}: {err}");
        }
        assert!(parse_iso_date_time("2026-11-12T07:15:00").is_ok());
        let err = parse_iso_date_time("2026-12-31T23:59:60").expect_err("leap");
        assert!(err.contains("no leap seconds"), "{err}");
        for bad in [
            " 2026-11-12T07:15:00",
            "2026-11-12T07:15",
            "0000-01-01T00:00:00",
            "2026-11-12T24:00:00",
        ] {
            assert!(parse_iso_date_time(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn every_date_field_of_a_subject_is_a_date_key_and_no_text_field_is() {
        let subject = crate::domain::testkit::full_subject();
        let demo: Value =
            serde_json::from_str(include_str!("../../demo-data/demo.json")).expect("demo");
        let value = serde_json::json!([serde_json::to_value(&subject).expect("json"), demo]);
        // Every date key holds a date that reads strictly...
        assert!(json_date_faults(&value).is_empty());
        // ...and every string that reads as a date sits under a date key.
        fn strings(v: &Value, key: Option<&str>, out: &mut Vec<(Option<String>, String)>) {
            match v {
                Value::String(s) => out.push((key.map(str::to_string), s.clone())),
                Value::Array(a) => a.iter().for_each(|x| strings(x, None, out)),
                Value::Object(m) => m.iter().for_each(|(k, x)| strings(x, Some(k), out)),
                _ => {}
            }
        }
        let mut all = Vec::new();
        strings(&value, None, &mut all);
        let mut dated = 0;
        for (key, s) in all {
            if parse_iso_date(&s).is_ok() || parse_iso_date_time(&s).is_ok() {
                dated += 1;
                let key = key.unwrap_or_default();
                assert!(
                    DATE_KEYS.contains(&key.as_str()) || DATE_TIME_KEYS.contains(&key.as_str()),
                    "{key} holds a date but is not a date key"
                );
            }
        }
        assert!(dated > 20, "the subject sets its dates ({dated})");
    }
}
