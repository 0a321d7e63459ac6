//! User names: what a new one may hold, and when two are too alike to tell apart.
//!
//! A user name is shown in the audit log, the sign-off of every decision and the list of users,
//! so a name that looks like another's is a way to pass as them. A new name holds only letters of
//! the Latin script (accents allowed: `zoë.ødegård`), digits, `.`, `-`, `_`, `'` and single
//! spaces between words; no control, format or bidi character and no other script (so the
//! Cyrillic `а` of `аdmin` is refused). It must also differ from every existing name by more
//! than case, accents, separators and the look-alikes `0`/`o`, `1`/`l`/`i`, `rn`/`m`, `vv`/`w`
//! ([`user_name_skeleton`]): `Admin` beside `admin` is refused.

/// Whether `c` is a letter of the Latin script (Basic Latin, Latin-1, Latin Extended A, B and
/// Additional).
fn latin_letter(c: char) -> bool {
    c.is_ascii_alphabetic()
        || (c.is_alphabetic()
            && matches!(c as u32, 0x00C0..=0x024F | 0x1E00..=0x1EFF)
            && c != '\u{00D7}'
            && c != '\u{00F7}')
}

fn allowed(c: char) -> bool {
    latin_letter(c) || c.is_ascii_digit() || matches!(c, '.' | '-' | '_' | '\'' | ' ')
}

/// Check a new user name (already trimmed): the safe character set, one space between words,
/// starting with a letter or digit. The message names the first character refused.
pub fn check_user_name(name: &str) -> Result<(), String> {
    let shown = crate::text::line(name);
    if let Some(c) = name.chars().find(|c| !allowed(*c)) {
        return Err(format!(
            "the user name \"{shown}\" holds {}: a user name may hold letters of the Latin \
             script, digits, spaces and . - _ ' only",
            if c.is_ascii_graphic() {
                format!("'{c}'")
            } else {
                format!("U+{:04X}", c as u32)
            }
        ));
    }
    if name.contains("  ") {
        return Err(format!(
            "the user name \"{shown}\" has two spaces in a row: one space between words"
        ));
    }
    if !name.chars().next().is_some_and(char::is_alphanumeric) {
        return Err(format!(
            "the user name \"{shown}\" must start with a letter or a digit"
        ));
    }
    Ok(())
}

/// What a user name looks like, for telling two apart: accents and case folded, separators
/// (`.`, `-`, `_`, `'`, space) dropped, and look-alikes made one (`0`->`o`, `1`/`i`->`l`,
/// `rn`->`m`, `vv`->`w`). Two names with the same skeleton are too alike to both exist.
pub fn user_name_skeleton(name: &str) -> String {
    let folded: String = crate::text::fold(name)
        .chars()
        .flat_map(char::to_lowercase)
        .filter(|c| !matches!(c, '.' | '-' | '_' | '\'' | ' ') && !c.is_whitespace())
        .map(|c| match c {
            '0' => 'o',
            '1' | 'i' | '|' => 'l',
            other => other,
        })
        .collect();
    folded.replace("rn", "m").replace("vv", "w")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_safe_charset_for_user_names() {
        for ok in [
            "admin",
            "rita.reviewer",
            "DS Sam Sergeant",
            "zoë.ødegård",
            "o'neill",
            "pc_7",
        ] {
            assert!(check_user_name(ok).is_ok(), "{ok}");
        }
        for bad in [
            "\u{0430}dmin",     // Cyrillic а
            "ana\u{202e}nimda", // bidi override
            "a\u{2028}b",
            "a\u{200b}b",    // zero-width space
            "ad\u{0301}min", // combining accent
            "admin!",
            "a  b",
            ".admin",
        ] {
            assert!(check_user_name(bad).is_err(), "{bad:?}");
        }
        let err = check_user_name("ana\u{202e}nimda").unwrap_err();
        assert!(
            err.contains("ana<U+202E>nimda") && err.contains("U+202E"),
            "{err}"
        );
    }

    #[test]
    fn names_alike_in_case_accents_separators_or_look_alikes_share_a_skeleton() {
        let admin = user_name_skeleton("admin");
        for alike in [
            "Admin", "ADMIN", "ädmin", "adm1n", "admln", "a.dmin", "ADM-IN",
        ] {
            assert_eq!(user_name_skeleton(alike), admin, "{alike}");
        }
        assert_eq!(user_name_skeleton("rnary"), user_name_skeleton("mary"));
        assert_eq!(user_name_skeleton("vvill"), user_name_skeleton("will"));
        assert_ne!(user_name_skeleton("rita"), user_name_skeleton("vera"));
    }
}
