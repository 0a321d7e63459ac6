//! Copying the open subject's identifier to the clipboard with OSC 52: the terminal (xterm,
//! kitty, WezTerm, Windows Terminal, tmux with `set-clipboard on`) puts the text on the system
//! clipboard, so it works over SSH and needs no clipboard library. Only an identifier is ever
//! copied (never a name, an address or free text), and only from a record the user has opened
//! (its opening is audited); a terminal that does not allow OSC 52 ignores it.
use super::App;

impl App {
    /// `copy_identifier`: the open subject's PNC ID, else its Niche reference.
    pub(super) fn copy_identifier(&mut self) {
        let Some(subject) = self.main.current() else {
            self.message = Some("No subject selected: nothing to copy.".to_string());
            return;
        };
        if !self.main.consulted(subject.id) {
            self.message =
                Some("Open the record first (enter): its identifiers are not shown yet.".into());
            return;
        }
        let found = [
            ("PNC ID", subject.pnc_id.as_deref()),
            ("Niche reference", subject.niche_ref.as_deref()),
        ]
        .into_iter()
        .find_map(|(label, v)| {
            v.map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|v| (label, v))
        });
        match found {
            Some((label, value)) => {
                self.message = Some(format!(
                    "Copied {label} {} to the clipboard (if your terminal allows OSC 52).",
                    crate::text::line(value)
                ));
                self.clipboard = Some(value.to_string());
            }
            None => {
                self.message = Some("This subject has no PNC ID or Niche reference to copy.".into())
            }
        }
    }
}

/// The OSC 52 sequence that asks the terminal to put `text` on the clipboard.
pub fn osc52(text: &str) -> String {
    format!("\x1b]52;c;{}\x07", base64(text.as_bytes()))
}

/// Standard base64 with padding (RFC 4648), for [`osc52`].
fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for (i, shift) in [18u32, 12, 6, 0].into_iter().enumerate() {
            if i <= chunk.len() {
                out.push(char::from(ABC[((n >> shift) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_the_rfc_vectors() {
        for (plain, coded) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(plain.as_bytes()), coded, "{plain}");
        }
    }

    #[test]
    fn the_sequence_is_osc_52_to_the_clipboard() {
        assert_eq!(osc52("26/1A"), "\x1b]52;c;MjYvMUE=\x07");
    }
}
