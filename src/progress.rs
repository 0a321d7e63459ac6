//! A progress line for long command-line work (import, backup, restore): drawn on standard
//! error when it is a terminal, silent otherwise (scripts and logs get only the final message).
use std::io::{IsTerminal, Write};
use std::time::{Duration, Instant};

/// Redraw at most this often.
const EVERY: Duration = Duration::from_millis(100);

/// One progress line.
pub struct Progress {
    label: &'static str,
    enabled: bool,
    /// Counts are bytes: shown in megabytes.
    bytes: bool,
    last: Option<Instant>,
    drawn: bool,
}

impl Progress {
    /// A bar labelled `label`, shown only when standard error is a terminal.
    pub fn new(label: &'static str) -> Self {
        Self::with_output(label, std::io::stderr().is_terminal())
    }

    /// A bar that draws only if `enabled` (tests).
    pub fn with_output(label: &'static str, enabled: bool) -> Self {
        Self {
            label,
            enabled,
            bytes: false,
            last: None,
            drawn: false,
        }
    }

    /// A bar whose counts are bytes (a file read): `Importing [###...]  45% (310/691 MB)`.
    pub fn bytes(label: &'static str) -> Self {
        Self {
            bytes: true,
            ..Self::new(label)
        }
    }

    /// The line for `done` of `total`: `Backing up [#######.......]  45% (450/1000)`.
    pub fn line(label: &str, done: u64, total: u64) -> String {
        format!("{} ({done}/{total})", crate::text::bar(label, done, total))
    }

    /// Report progress; redraws at most every 100 ms (and always at the end).
    pub fn update(&mut self, done: u64, total: u64) {
        if !self.enabled {
            return;
        }
        let now = Instant::now();
        if done < total && self.last.is_some_and(|t| now.duration_since(t) < EVERY) {
            return;
        }
        self.last = Some(now);
        let mut err = std::io::stderr().lock();
        let line = if self.bytes {
            let mb = |n: u64| n.div_ceil(1_000_000);
            let mut line = Self::line(self.label, mb(done.min(total)), mb(total));
            line.pop();
            format!("{line} MB)")
        } else {
            Self::line(self.label, done, total)
        };
        let _ = write!(err, "\r{line}");
        let _ = err.flush();
        self.drawn = true;
    }

    /// End the line (if one was drawn).
    pub fn finish(&mut self) {
        if self.drawn {
            let mut err = std::io::stderr().lock();
            let _ = writeln!(err);
            self.drawn = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_line_shows_fraction_and_counts() {
        assert_eq!(
            Progress::line("Restoring", 50, 100),
            format!(
                "Restoring [{}{}]  50% (50/100)",
                "#".repeat(15),
                ".".repeat(15)
            )
        );
        assert!(Progress::line("x", 0, 0).contains("100%"));
        assert!(Progress::line("x", 7, 3).contains("100%"));
    }

    #[test]
    fn a_disabled_bar_draws_nothing() {
        let mut p = Progress::with_output("x", false);
        p.update(1, 2);
        assert!(!p.drawn);
        p.finish();
    }
}
