//! Apply's progress reporting: an indicatif bar on a terminal, a concise line log on stderr otherwise. Messages
//! never contain credentials or request bodies (only calls, keys, counts and the providers' error messages).

use std::io::IsTerminal as _;

use indicatif::{ProgressBar, ProgressStyle};

/// Where progress goes.
#[derive(Debug, Clone)]
pub struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// A bar of `total` parts when stderr is a terminal, else a line log.
    #[must_use]
    pub fn new(total: u64) -> Progress {
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::new(total);
            if let Ok(style) = ProgressStyle::with_template("{spinner} [{elapsed_precise}] {bar:40} {pos}/{len} {msg}") {
                bar.set_style(style);
            }
            Progress { bar: Some(bar) }
        } else {
            Progress { bar: None }
        }
    }

    /// One line of log (above the bar on a terminal).
    pub fn log(&self, line: &str) {
        match &self.bar {
            Some(b) => b.println(line),
            None => eprintln!("{line}"),
        }
    }

    /// Advances the bar.
    pub fn inc(&self, n: u64) {
        if let Some(b) = &self.bar {
            b.inc(n);
        }
    }

    /// Removes the bar.
    pub fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}
