//! How many changes of each level, and the one-line summary of them.

use serde::Serialize;

use super::{Change, Level};

/// How many changes of each level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    pub breaking: usize,
    pub warning: usize,
    pub info: usize,
}

impl Counts {
    pub fn of<'a>(changes: impl IntoIterator<Item = &'a Change>) -> Counts {
        let mut counts = Counts::default();
        for c in changes {
            match c.level {
                Level::Breaking => counts.breaking += 1,
                Level::Warning => counts.warning += 1,
                Level::Info => counts.info += 1,
            }
        }
        counts
    }

    pub fn total(&self) -> usize {
        self.breaking + self.warning + self.info
    }

    /// The highest level present.
    pub fn highest(&self) -> Option<Level> {
        if self.breaking > 0 {
            Some(Level::Breaking)
        } else if self.warning > 0 {
            Some(Level::Warning)
        } else if self.info > 0 {
            Some(Level::Info)
        } else {
            None
        }
    }
}

impl std::fmt::Display for Counts {
    /// `1 breaking, 2 info` (levels with no change left out; `no changes`).
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let parts: Vec<String> = [
            (self.breaking, "breaking"),
            (self.warning, "warning"),
            (self.info, "info"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, label)| format!("{n} {label}"))
        .collect();
        if parts.is_empty() {
            f.write_str("no changes")
        } else {
            f.write_str(&parts.join(", "))
        }
    }
}
