//! Where each part of a contract came from: JSON pointer -> page position.
//!
//! Ingesters record the position of every element they create under its
//! pointer in the contract; later stages (merge, overlays, checks) ask for
//! the nearest recorded ancestor of a pointer to place their diagnostics.

use std::collections::BTreeMap;

use crate::doc::Pos;
use crate::source::{Location, SourceFile};

#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    files: Vec<SourceFile>,
    entries: BTreeMap<String, (u32, Pos)>,
}

impl SourceMap {
    /// A map for positions in one file.
    pub fn for_file(file: &SourceFile) -> Self {
        SourceMap {
            files: vec![file.clone()],
            entries: BTreeMap::new(),
        }
    }

    /// Record `pos` (in this map's first file) for `pointer`; the first record wins.
    pub fn record(&mut self, pointer: &str, pos: Pos) {
        if self.files.is_empty() {
            return;
        }
        self.entries.entry(pointer.to_string()).or_insert((0, pos));
    }

    /// The position recorded for `pointer` or its nearest ancestor.
    pub fn locate(&self, pointer: &str) -> Option<Location> {
        let mut key = pointer;
        loop {
            if let Some((file, pos)) = self.entries.get(key) {
                let file = &self.files[*file as usize];
                return Some(file.location_at(pos.line as usize, pos.col as usize));
            }
            match key.rfind('/') {
                Some(i) => key = &key[..i],
                None => return None,
            }
        }
    }

    /// Like [`locate`](Self::locate), falling back to `fallback`.
    pub fn locate_or(&self, pointer: &str, fallback: &Location) -> Location {
        self.locate(pointer).unwrap_or_else(|| fallback.clone())
    }

    /// Take in another map's entries, moving each pointer through `rename`
    /// (for components renamed while merging).
    pub fn absorb(&mut self, other: SourceMap, rename: &dyn Fn(&str) -> String) {
        let base = self.files.len() as u32;
        self.files.extend(other.files);
        for (pointer, (file, pos)) in other.entries {
            self.entries
                .entry(rename(&pointer))
                .or_insert((base + file, pos));
        }
    }

    /// [`absorb`](Self::absorb) with no pointer renamed (no per-entry
    /// rename, and a first map taken over whole).
    pub fn absorb_as_is(&mut self, other: SourceMap) {
        let base = self.files.len() as u32;
        self.files.extend(other.files);
        if base == 0 && self.entries.is_empty() {
            self.entries = other.entries;
            return;
        }
        for (pointer, (file, pos)) in other.entries {
            self.entries.entry(pointer).or_insert((base + file, pos));
        }
    }

    /// Take in the entries of `other`, a map for the same one file (a part
    /// of the page read on another thread); the entries already here win.
    pub fn take_entries(&mut self, other: SourceMap) {
        // `append` merges the two sorted maps in one pass (inserting each
        // entry costs a search of the long pointer keys); on a key in both
        // the appended value wins, so this map's entries are appended.
        let mut entries = other.entries;
        entries.append(&mut self.entries);
        self.entries = entries;
    }

    /// Take in `other`'s entries under `prefix` that this map lacks (the
    /// parts of an operation another page filled in), each pointer moved
    /// through `rename`.
    pub fn graft(&mut self, other: &SourceMap, prefix: &str, rename: &dyn Fn(&str) -> String) {
        let base = self.files.len() as u32;
        let mut used = false;
        for (key, (file, pos)) in other
            .entries
            .range(prefix.to_string()..)
            .take_while(|(k, _)| k.starts_with(prefix))
            .filter(|(k, _)| k.len() == prefix.len() || k[prefix.len()..].starts_with('/'))
        {
            let key = rename(key);
            if let std::collections::btree_map::Entry::Vacant(slot) = self.entries.entry(key) {
                slot.insert((base + file, *pos));
                used = true;
            }
        }
        if used {
            self.files.extend(other.files.iter().cloned());
        }
    }

    /// Move every entry under `from` to `to` (a renamed subtree).
    pub fn move_subtree(&mut self, from: &str, to: &str) {
        let keys: Vec<String> = self
            .entries
            .range(from.to_string()..)
            .take_while(|(k, _)| k.starts_with(from))
            .filter(|(k, _)| k.len() == from.len() || k[from.len()..].starts_with('/'))
            .map(|(k, _)| k.clone())
            .collect();
        for key in keys {
            if let Some(v) = self.entries.remove(&key) {
                self.entries
                    .entry(format!("{to}{}", &key[from.len()..]))
                    .or_insert(v);
            }
        }
    }

    /// Copy entries under `from` to also answer for `to` (an inlined subtree).
    pub fn alias_subtree(&mut self, from: &str, to: &str) {
        let copies: Vec<(String, (u32, Pos))> = self
            .entries
            .range(from.to_string()..)
            .take_while(|(k, _)| k.starts_with(from))
            .filter(|(k, _)| k.len() == from.len() || k[from.len()..].starts_with('/'))
            .map(|(k, v)| (format!("{to}{}", &k[from.len()..]), *v))
            .collect();
        for (key, v) in copies {
            self.entries.entry(key).or_insert(v);
        }
    }

    /// Renumber the items of the array at `array` after items were removed
    /// or moved: entries under `array/i` move to `array/new_index(i)`, or
    /// go when that is `None`. Entries of other keys stay.
    pub fn reindex(&mut self, array: &str, new_index: impl Fn(usize) -> Option<usize>) {
        let prefix = format!("{array}/");
        let under: Vec<(String, usize, String)> = self
            .entries
            .range(prefix.clone()..)
            .take_while(|(k, _)| k.starts_with(&prefix))
            .filter_map(|(k, _)| {
                let rest = &k[prefix.len()..];
                let (token, tail) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
                if !token.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let index = token.parse::<usize>().ok()?;
                Some((k.clone(), index, tail.to_string()))
            })
            .collect();
        let mut moved = Vec::with_capacity(under.len());
        for (key, index, tail) in under {
            if let Some(v) = self.entries.remove(&key) {
                if let Some(to) = new_index(index) {
                    moved.push((format!("{prefix}{to}{tail}"), v));
                }
            }
        }
        // Removed first, then reinserted: a move never lands on an entry
        // that is itself about to move.
        for (key, v) in moved {
            self.entries.entry(key).or_insert(v);
        }
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_ancestor_answers_and_renames_follow_subtrees() {
        let file = SourceFile::new("p.md", "a\nb\nc\n");
        let mut map = SourceMap::for_file(&file);
        map.record("/paths/~1x/post", Pos { line: 2, col: 1 });
        map.record("/components/schemas/A", Pos { line: 3, col: 1 });
        map.record(
            "/components/schemas/A/properties/b",
            Pos { line: 3, col: 2 },
        );
        map.record("/components/schemas/AB", Pos { line: 1, col: 1 });
        assert_eq!(map.locate("/paths/~1x/post/responses/200").unwrap().line, 2);
        assert!(map.locate("/info").is_none());
        map.move_subtree("/components/schemas/A", "/components/schemas/A2");
        assert_eq!(
            map.locate("/components/schemas/A2/properties/b")
                .unwrap()
                .col,
            2
        );
        assert_eq!(map.locate("/components/schemas/AB").unwrap().line, 1);
        assert!(map.locate("/components/schemas/A").is_none());
    }

    #[test]
    fn reindexing_moves_each_item_with_its_subtree_and_drops_removed_ones() {
        let file = SourceFile::new("p.md", "a\nb\nc\nd\n");
        let mut map = SourceMap::for_file(&file);
        let at = |line| Pos { line, col: 1 };
        map.record("/op/parameters", at(1));
        map.record("/op/parameters/0", at(1));
        map.record("/op/parameters/1", at(2));
        map.record("/op/parameters/1/example", at(2));
        map.record("/op/parameters/2", at(3));
        map.record("/op/parameters/2/example", at(3));
        map.record("/op/parametersX/0", at(4));
        // Item 0 removed: 1 -> 0, 2 -> 1.
        map.reindex("/op/parameters", |i| i.checked_sub(1));
        let line = |p: &str| map.locate(p).map(|l| l.line);
        assert_eq!(line("/op/parameters/0/example"), Some(2));
        assert_eq!(line("/op/parameters/1/example"), Some(3));
        assert_eq!(line("/op/parameters/1"), Some(3));
        // Nothing is left at the old last index: it falls back to the array.
        assert_eq!(line("/op/parameters/2"), Some(1));
        assert_eq!(line("/op/parametersX/0"), Some(4));
    }
}
