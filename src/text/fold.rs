//! Normalisation for matching: text folded (lower case, Latin accents removed), identifiers
//! stripped of spacing and punctuation, phone numbers reduced to national digits, handles without
//! their `@`, URLs without their scheme.
//!
//! Every normaliser reports, for each character it produces, the range of characters of the
//! original text it came from, so matched positions can be highlighted in the original text.

/// Lower-case `text` and remove accents from Latin letters (`Siobhán` -> `siobhan`, `Łukasz` ->
/// `lukasz`, `Straße` -> `strasse`). Characters outside the table are lower-cased and kept.
pub fn fold(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_mapped(text, 0, &mut |c, _, _| out.push(c));
    out
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
    normalise(Norm::Phone, text, &mut |c, _, _| out.push(c));
    out
}

/// How a stored value is turned into the text the matcher sees.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Norm {
    /// Folded text (names, addresses, makes and models).
    Text,
    /// Folded letters and digits only (PNC, Niche, IMEI, VRM, postcode, references).
    Ident,
    /// National digits (see [`normalise_phone`]).
    Phone,
    /// Folded, without leading `@`.
    Handle,
    /// Folded, without `http://`, `https://` or `www.` at the start.
    Url,
}

/// Run the normaliser `norm` over `text`, calling `out(char, from, to)` for each produced
/// character with the char range `from..to` of `text` it came from.
pub(crate) fn normalise(norm: Norm, text: &str, out: &mut impl FnMut(char, usize, usize)) {
    match norm {
        Norm::Text => fold_mapped(text, 0, out),
        Norm::Ident => fold_mapped(text, 0, &mut |c, a, b| {
            if c.is_alphanumeric() {
                out(c, a, b)
            }
        }),
        Norm::Phone => phone_mapped(text, out),
        Norm::Handle => {
            let skip = text
                .chars()
                .take_while(|c| *c == '@' || c.is_whitespace())
                .count();
            fold_mapped(&text[char_offset(text, skip)..], skip, out);
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
            fold_mapped(&text[char_offset(text, skip)..], skip, out);
        }
    }
}

/// The byte offset of char `n` of `text` (its length when shorter).
fn char_offset(text: &str, n: usize) -> usize {
    text.char_indices().nth(n).map_or(text.len(), |(i, _)| i)
}

/// Fold `text`, reporting char ranges shifted by `base`.
fn fold_mapped(text: &str, base: usize, out: &mut impl FnMut(char, usize, usize)) {
    for (i, c) in text.chars().enumerate() {
        let (a, b) = (base + i, base + i + 1);
        if c.is_ascii() {
            out(c.to_ascii_lowercase(), a, b);
        } else if let Some(s) = fold_char(c) {
            s.chars().for_each(|f| out(f, a, b));
        } else {
            c.to_lowercase().for_each(|f| out(f, a, b));
        }
    }
}

/// Digits of a phone number, `+44`/`0044` (and a following `(0)`) made into a national `0`.
fn phone_mapped(text: &str, out: &mut impl FnMut(char, usize, usize)) {
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
    let (from, rest) = if plus && starts("44") {
        out('0', plus_at, digits[1].1 + 1);
        (2, true)
    } else if plus && digits.len() < 2 && digits.iter().all(|d| d.0 == '4') {
        return; // a `+44` still being typed
    } else if plus {
        out('0', plus_at, plus_at + 1);
        out('0', plus_at, plus_at + 1);
        (0, false)
    } else if starts("0044") {
        out('0', digits[0].1, digits[3].1 + 1);
        (4, true)
    } else {
        (0, false)
    };
    // `+44 (0)7700`: the trunk zero after the country code is dropped.
    let skip = usize::from(rest && digits.get(from).is_some_and(|d| d.0 == '0'));
    for &(c, i) in digits.iter().skip(from + skip) {
        out(c, i, i + 1);
    }
}

fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā'
        | 'Ą' => "a",
        'æ' | 'Æ' => "ae",
        'ç' | 'ć' | 'č' | 'Ç' | 'Ć' | 'Č' => "c",
        'ď' | 'Ď' | 'ð' | 'Ð' => "d",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' | 'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ę' | 'Ě' => {
            "e"
        }
        'ì' | 'í' | 'î' | 'ï' | 'ī' | 'Ì' | 'Í' | 'Î' | 'Ï' | 'Ī' => "i",
        'ł' | 'Ł' | 'ľ' | 'Ľ' => "l",
        'ñ' | 'ń' | 'ň' | 'Ñ' | 'Ń' | 'Ň' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ő' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō'
        | 'Ő' => "o",
        'œ' | 'Œ' => "oe",
        'ř' | 'Ř' => "r",
        'ś' | 'š' | 'ş' | 'Ś' | 'Š' | 'Ş' => "s",
        'ß' => "ss",
        'ť' | 'ţ' | 'Ť' | 'Ţ' => "t",
        'ù' | 'ú' | 'û' | 'ü' | 'ū' | 'ů' | 'ű' | 'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ū' | 'Ů' | 'Ű' => {
            "u"
        }
        'ý' | 'ÿ' | 'Ý' | 'Ÿ' => "y",
        'ź' | 'ż' | 'ž' | 'Ź' | 'Ż' | 'Ž' => "z",
        'þ' | 'Þ' => "th",
        _ => return None,
    })
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
        // `+44` becomes one `0` covering all three chars.
        assert_eq!(mapped(Norm::Phone, "+447700")[0], ('0', 0, 3));
        assert_eq!(mapped(Norm::Url, "https://x.io")[0], ('x', 8, 9));
    }
}
