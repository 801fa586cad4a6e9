//! The open org file as the explorer sees it: the text, the loaded [`Org`], its
//! catalogue and classification, and the tally, kept consistent with each other.

use std::path::PathBuf;

use crate::catalog::Catalog;
use crate::classify::{Classification, Tally, classify};
use crate::org::{DeptId, LoadError, Org, load};
use crate::text::Lang;

/// An org file in memory.
#[derive(Clone, Debug)]
pub struct Document {
    /// Where it is saved; `None` for the built-in sample.
    pub path: Option<PathBuf>,
    /// The text as last loaded or edited.
    pub text: String,
    pub org: Org,
    pub catalog: Catalog,
    pub classes: Classification,
    pub tally: Tally,
    /// For each department, the index just past its subtree (pre-order).
    pub subtree_ends: Vec<DeptId>,
    /// Greys, in pre-order.
    pub grey_areas: Vec<DeptId>,
}

impl Document {
    /// Loads a document from text.
    pub fn from_text(path: Option<PathBuf>, text: String) -> Result<Document, LoadError> {
        let org = load(&text)?;
        Ok(Document::new(path, text, org))
    }

    /// Builds a document from an org already loaded from `text`.
    pub fn new(path: Option<PathBuf>, text: String, org: Org) -> Document {
        let catalog = Catalog::for_org(&org);
        let classes = classify(&org, &catalog);
        let tally = classes.tally();
        let subtree_ends = subtree_ends(&org);
        let grey_areas = (0..org.len()).filter(|&d| classes.of(d).is_grey_area()).collect();
        Document { path, text, org, catalog, classes, tally, subtree_ends, grey_areas }
    }

    /// The name shown for the file: its file name, or the sample's name.
    pub fn file_label(&self, lang: Lang) -> String {
        match &self.path {
            Some(p) => p.file_name().map_or_else(|| p.display().to_string(), |n| n.to_string_lossy().into_owned()),
            None => crate::text::t!("ui.sample_file", locale = lang.code()).into_owned(),
        }
    }
}

/// For each department of a pre-order arena, the index just past its subtree: one
/// backwards pass with a stack of open subtrees.
fn subtree_ends(org: &Org) -> Vec<DeptId> {
    let n = org.len();
    let mut ends = vec![n; n];
    // Walking forwards: when a department of depth d arrives, every open subtree of
    // depth >= d ends here.
    let mut open: Vec<DeptId> = Vec::new();
    for (i, dept) in org.departments.iter().enumerate() {
        while let Some(&top) = open.last() {
            if org.departments[top].depth >= dept.depth {
                ends[top] = i;
                open.pop();
            } else {
                break;
            }
        }
        open.push(i);
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subtree_ends_match_the_slow_computation() {
        let doc = Document::from_text(
            None,
            "[company]\nname='x'\n[org.a]\n[org.a.b]\n[org.a.b.c]\n[org.a.d]\n[org.e]\n[org.e.f]\n".into(),
        )
        .unwrap();
        for id in 0..doc.org.len() {
            assert_eq!(doc.subtree_ends[id], doc.org.subtree_end(id), "department {id}");
        }
    }
}
