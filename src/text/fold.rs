//! Normalisation for matching: text folded (lower case, accents removed, letters typed as
//! people type them), identifiers stripped of spacing and punctuation, phone numbers reduced to
//! their national significant number, handles without their `@`, URLs without their scheme.
//!
//! Every normaliser reports, for each character it produces, the range of characters of the
//! original text it came from, so matched positions can be highlighted in the original text.
#[path = "fold_table.rs"]
mod table;

/// Lower-case `text` and fold its letters as people type them (`Siobhán` -> `siobhan`,
/// `Łukasz` -> `lukasz`, `Straße` -> `strasse`, `Yıldırım` -> `yildirim`, `Đorđe` -> `dorde`);
/// combining accents are dropped. Characters outside the table (see `fold_table.rs`) are
/// lower-cased and kept; spacing and punctuation are kept as they are.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_mapped(text, 0, &mut |c, _, _| out.push(c));
    out
}

/// Whether `c` separates words for matching: white space, hyphens and dashes, apostrophes
/// (`'`, `’`, `‘`, `ʼ`). Matching treats them all as one space, and a query ignores them, so
/// `pryce morgan` finds `Pryce-Morgan` and `obrien` finds `O'Brien`.
pub fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{2010}'
                | '\u{2011}'
                | '\u{2012}'
                | '\u{2013}'
                | '\u{2014}'
                | '\u{2212}'
                | '\''
                | '\u{2018}'
                | '\u{2019}'
                | '\u{02BC}'
                | '`'
                | '\u{00B4}'
        )
}

/// `text` folded with every run of separators (see [`is_separator`]) made one space, none at
/// either end: `O’Brien-Smith  Jo` -> `o brien smith jo`. What the index stores for text.
pub fn fold_words(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalise(Norm::Text, text, &mut |c, _, _| out.push(c));
    out
}

/// [`fold_words`], calling `out(char, from, to)` for each produced character with the char
/// range `from..to` of `text` it came from.
pub fn fold_words_mapped(text: &str, out: &mut impl FnMut(char, usize, usize)) {
    words_mapped(text, 0, out);
}

/// An identifier reduced to folded letters and digits: `AB12 CDE` -> `ab12cde`,
/// `00/000123X` -> `00000123x`.
pub fn normalise_identifier(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalise(Norm::Ident, text, &mut |c, _, _| out.push(c));
    out
}

/// A phone number as national digits: `+44 7700 900123`, `(07700) 900-123` and `0044 7700
/// 900123` all become `07700900123`; other international numbers keep their country code after
/// `00` (`+33 6 12` -> `0033612`). Every digit of `text` is kept, whatever surrounds it.
pub fn normalise_phone(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    phone_mapped(text, false, &mut |c, _, _| out.push(c));
    out
}

/// A phone number as search compares it: its national significant number, without the `0`,
/// `+44`, `0044` or `44` in front (`07700 900123`, `+44 (0)7700 900123`, `447700900123` and
/// `7700900123` all become `7700900123`). Other international numbers keep `00` and their
/// country code (`+33 6 12` -> `0033612`).
pub fn phone_key(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    normalise(Norm::Phone, text, &mut |c, _, _| out.push(c));
    out
}

/// How a stored value is turned into the text the matcher sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Norm {
    /// Folded text, separators made single spaces (names, addresses, makes and models).
    Text,
    /// Folded letters and digits only (PNC, Niche, IMEI, VRM, postcode, references).
    Ident,
    /// The national significant number (see [`phone_key`]).
    Phone,
    /// Folded, without leading `@`, separators made single spaces.
    Handle,
    /// Folded, without `http://`, `https://` or `www.` at the start, separators made spaces.
    Url,
}

/// Run the normaliser `norm` over `text`, calling `out(char, from, to)` for each produced
/// character with the char range `from..to` of `text` it came from.
pub(crate) fn normalise(norm: Norm, text: &str, out: &mut impl FnMut(char, usize, usize)) {
    match norm {
        Norm::Text => words_mapped(text, 0, out),
        Norm::Ident => fold_mapped(text, 0, &mut |c, a, b| {
            if c.is_alphanumeric() {
                out(c, a, b)
            }
        }),
        Norm::Phone => phone_mapped(text, true, out),
        Norm::Handle => {
            let skip = text
                .chars()
                .take_while(|c| *c == '@' || c.is_whitespace())
                .count();
            words_mapped(&text[char_offset(text, skip)..], skip, out);
        }
        Norm::Url => {
            let mut skip = 0;
            for prefix in ["https://", "http://", "www."] {
                let rest = &text[char_offset(text, skip)..];
                if rest.len() >= prefix.len()
                    && rest.is_char_boundary(prefix.len())
                    && rest[..prefix.len()].eq_ignore_ascii_case(prefix)
                {
                    skip += prefix.len();
                }
            }
            words_mapped(&text[char_offset(text, skip)..], skip, out);
        }
    }
}

/// The byte offset of char `n` of `text` (its length when shorter).
fn char_offset(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)
}

/// Fold `text` with separators made single spaces between words (none at either end), char
/// ranges shifted by `base`. A space points at the first separator of its run.
fn words_mapped(text: &str, base: usize, out: &mut impl FnMut(char, usize, usize)) {
    let mut pending: Option<usize> = None;
    let mut started = false;
    for (i, c) in text.chars().enumerate() {
        let at = base + i;
        if is_separator(c) {
            if started && pending.is_none() {
                pending = Some(at);
            }
            continue;
        }
        let mut first = true;
        fold_char_into(c, &mut |f| {
            if first {
                if let Some(p) = pending.take() {
                    out(' ', p, p + 1);
                }
                first = false;
                started = true;
            }
            out(f, at, at + 1);
        });
    }
}

/// Fold `text`, reporting char ranges shifted by `base`.
fn fold_mapped(text: &str, base: usize, out: &mut impl FnMut(char, usize, usize)) {
    for (i, c) in text.chars().enumerate() {
        let (a, b) = (base + i, base + i + 1);
        fold_char_into(c, &mut |f| out(f, a, b));
    }
}

/// The folded form of one character, char by char (none for a combining accent).
#[inline]
fn fold_char_into(c: char, out: &mut impl FnMut(char)) {
    if c.is_ascii() {
        out(c.to_ascii_lowercase());
    } else if let Some(s) = fold_char(c) {
        s.chars().for_each(out);
    } else {
        c.to_lowercase().for_each(out);
    }
}

/// Digits of a phone number. `+44`/`0044` (and a following `(0)`) are made a national `0`, or
/// with `significant`, dropped together with the national `0` (and a bare `44` in front of a
/// number long enough to be an international one); the first digit kept then points at them,
/// so a highlight covers the prefix.
fn phone_mapped(text: &str, significant: bool, out: &mut impl FnMut(char, usize, usize)) {
    let plus = text.trim_start().starts_with('+');
    let plus_at = text.chars().position(|c| !c.is_whitespace()).unwrap_or(0);
    let digits: Vec<(char, usize)> = text
        .chars()
        .enumerate()
        .filter(|(_, c)| c.is_ascii_digit())
        .map(|(i, c)| (c, i))
        .collect();
    let starts =
        |p: &str| digits.len() >= p.len() && digits.iter().zip(p.chars()).all(|(d, c)| d.0 == c);
    // How many leading digits are a UK prefix, and where that prefix starts in `text`.
    let (from, uk, prefix_at) = if plus && starts("44") {
        (2, true, plus_at)
    } else if plus && digits.len() < 2 && digits.iter().all(|d| d.0 == '4') {
        return; // a `+44` still being typed
    } else if plus {
        out('0', plus_at, plus_at + 1);
        out('0', plus_at, plus_at + 1);
        (0, false, plus_at)
    } else if starts("0044") {
        (4, true, digits[0].1)
    } else if significant && starts("44") && digits.len() >= 11 {
        (2, true, digits[0].1)
    } else {
        (0, false, digits.first().map_or(0, |d| d.1))
    };
    // `+44 (0)7700`: the trunk zero after the country code is dropped.
    let mut skip = usize::from(uk && digits.get(from).is_some_and(|d| d.0 == '0'));
    if uk && !significant {
        let end = digits
            .get(from + skip - 1)
            .map_or(prefix_at + 1, |d| d.1 + 1);
        out('0', prefix_at, end.max(prefix_at + 1));
    }
    // A national number's trunk `0` (not the `00` of an international one).
    if significant && !uk && !plus && starts("0") && !starts("00") {
        skip = 1;
    }
    let mut first = significant && (uk || skip > 0);
    for &(c, i) in digits.iter().skip(from + skip) {
        if std::mem::take(&mut first) {
            out(c, prefix_at, i + 1);
        } else {
            out(c, i, i + 1);
        }
    }
}

/// The folded form of `c` when it is not just its lower case (see `fold_table.rs`); empty for
/// a combining accent.
fn fold_char(c: char) -> Option<&'static str> {
    if ('\u{0300}'..='\u{036F}').contains(&c) {
        return Some("");
    }
    table::TABLE
        .binary_search_by(|(k, _)| k.cmp(&c))
        .ok()
        .map(|i| table::TABLE[i].1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped(norm: Norm, text: &str) -> Vec<(char, usize, usize)> {
        let mut v = Vec::new();
        normalise(norm, text, &mut |c, a, b| v.push((c, a, b)));
        v
    }

    #[test]
    fn folds_accents_and_case() {
        assert_eq!(fold("Siobhán"), "siobhan");
        assert_eq!(fold("Zoë"), "zoe");
        assert_eq!(fold("Łukasz Straße"), "lukasz strasse");
        assert_eq!(fold("ÉMILE"), "emile");
    }

    #[test]
    fn folds_letters_as_people_type_them() {
        for (text, typed) in [
            ("Yıldırım", "yildirim"),
            ("İBRAHİM", "ibrahim"),
            ("Straße", "strasse"),
            ("Ærø", "aero"),
            ("Søren Kierkegård", "soren kierkegard"),
            ("Œuvre", "oeuvre"),
            ("Guðrún", "gudrun"),
            ("Þórr", "thorr"),
            ("Łódź", "lodz"),
            ("Đorđević", "dordevic"),
            ("Ștefan Țurcanu", "stefan turcanu"),
            ("Nguyễn Thị Hương", "nguyen thi huong"),
            ("Çağlar Öztürk", "caglar ozturk"),
            ("Ǆemal", "dzemal"),
            ("Σοφία", "σοφια"),
            ("Алёна", "алена"),
        ] {
            assert_eq!(fold(text), typed, "{text}");
        }
        // Combining accents (text pasted in decomposed form) are dropped.
        assert_eq!(fold("Zoe\u{0308} Sia\u{0301}n"), "zoe sian");
    }

    #[test]
    fn separators_become_one_space_between_words() {
        assert_eq!(fold_words("Pryce-Morgan"), "pryce morgan");
        assert_eq!(fold_words("O'Brien"), "o brien");
        assert_eq!(fold_words("O’Brien"), "o brien");
        assert_eq!(fold_words("  Jean -  Luc\u{2019}s "), "jean luc s");
        assert_eq!(fold("O'Brien"), "o'brien", "fold alone keeps punctuation");
        // The space points at the first separator of its run.
        let m = mapped(Norm::Text, "Ann - Lee");
        assert_eq!(m[3], (' ', 3, 4));
        assert_eq!(m[4], ('l', 6, 7));
    }

    #[test]
    fn identifiers_lose_spacing_and_punctuation() {
        assert_eq!(normalise_identifier("ab12 cde"), "ab12cde");
        assert_eq!(normalise_identifier("AB12CDE"), "ab12cde");
        assert_eq!(normalise_identifier("00/000123X"), "00000123x");
    }

    #[test]
    fn phones_become_national_digits() {
        for form in [
            "+447700900123",
            "07700 900123",
            "(07700) 900-123",
            "+44 (0)7700 900123",
            "0044 7700 900123",
            " +44 7700 900 123",
        ] {
            assert_eq!(normalise_phone(form), "07700900123", "{form}");
        }
        assert_eq!(normalise_phone("+33 6 12"), "0033612");
        assert_eq!(
            normalise_phone("+4"),
            "",
            "a +44 being typed matches nothing yet"
        );
        assert_eq!(normalise_phone("+44"), "0");
        assert_eq!(normalise_phone("447700900123"), "447700900123");
    }

    #[test]
    fn phone_keys_drop_every_uk_prefix() {
        for form in [
            "447700900001",
            "+447700900001",
            "00447700900001",
            "07700900001",
            "7700900001",
            "07700 900001",
            "+44 (0)7700 900001",
            "44 7700 900001",
        ] {
            assert_eq!(phone_key(form), "7700900001", "{form}");
        }
        assert_eq!(phone_key("+33 6 12"), "0033612");
        assert_eq!(phone_key("0033 6 12"), "0033612");
        assert_eq!(phone_key("4477"), "4477", "too short to be international");
        assert_eq!(phone_key("+44"), "");
        assert_eq!(phone_key("0"), "");
        // The first digit kept points back over the prefix, so highlights cover it.
        assert_eq!(mapped(Norm::Phone, "+447700")[0], ('7', 0, 4));
        assert_eq!(mapped(Norm::Phone, "07700")[0], ('7', 0, 2));
        assert_eq!(mapped(Norm::Phone, "07700")[1], ('7', 2, 3));
    }

    #[test]
    fn handles_and_urls_lose_their_decoration() {
        let text = |n, t| mapped(n, t).into_iter().map(|m| m.0).collect::<String>();
        assert_eq!(text(Norm::Handle, "@Handle"), "handle");
        assert_eq!(
            text(Norm::Url, "HTTPS://www.Example.com/Zoë"),
            "example.com/zoe"
        );
    }

    #[test]
    fn every_produced_char_points_back_to_its_source() {
        // ß becomes two chars, both from char 4.
        let m = mapped(Norm::Text, "Straße");
        assert_eq!(m[4], ('s', 4, 5));
        assert_eq!(m[5], ('s', 4, 5));
        // The space is dropped: `c` is char 5 of `AB12 CDE`.
        assert_eq!(mapped(Norm::Ident, "AB12 CDE")[4], ('c', 5, 6));
        // `+44` and the `7` after it become one `7` covering all four chars.
        assert_eq!(mapped(Norm::Phone, "+447700")[0], ('7', 0, 4));
        assert_eq!(mapped(Norm::Url, "https://x.io")[0], ('x', 8, 9));
    }
}
