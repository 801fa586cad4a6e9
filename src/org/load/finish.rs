//! The end of loading: the checks that need the whole file, the arena put in
//! pre-order, and every problem placed by line and column.

use std::ops::Range;

use super::{LoadError, Loader};
use crate::diagnostic::{Diagnostic, Problem, nearest};
use crate::org::catalog::Catalog;
use crate::org::{Department, DeptId, Org, Place, Records};

impl<'t> Loader<'t> {
    /// Puts the departments in pre-order and checks what needs the whole file.
    pub(super) fn finish(mut self) -> Result<Org, LoadError> {
        if self.company_span.is_none() {
            self.problem(Problem::MissingCompany, 0..0);
        } else if !self.company_named {
            let span = self.company_span.clone().unwrap_or(0..0);
            self.problem(Problem::MissingCompanyName, span);
        }
        let mut org = Org {
            company: std::mem::take(&mut self.company),
            functions: std::mem::take(&mut self.functions),
            ..Org::default()
        };
        // Function keys are checked against the catalogue and the file's own functions,
        // which may come after the departments that use them.
        let catalog = Catalog::for_org(&org);
        if let Some(core) = &org.company.core_business
            && catalog.get(core).is_none()
        {
            let suggestion = catalog.understand(core).map(str::to_string).or_else(|| nearest(core, catalog.keys()));
            let span = self.core_business_span.clone().unwrap_or(0..0);
            self.problem(Problem::UnknownFunction { key: core.clone(), suggestion }, span);
        }
        // A suggestion costs a look through the whole catalogue, which a hostile file
        // can make huge: the first hundred unknown keys get one.
        let mut suggested = 0;
        for draft in &self.drafts {
            if let Some((key, start)) = &draft.function
                && catalog.get(key).is_none()
                && !self.declared_elsewhere.is_some_and(|declared| declared(key))
            {
                suggested += 1;
                let suggestion = if suggested <= 100 {
                    catalog.understand(key).map(str::to_string).or_else(|| nearest(key, catalog.keys()))
                } else {
                    None
                };
                let span = *start..*start + key.len() + 2;
                self.problems.push((Problem::UnknownFunction { key: key.to_string(), suggestion }, span));
            }
        }
        if !self.problems.is_empty() {
            return Err(self.into_error());
        }
        // Pre-order: a department's index comes right after its parent's subtree
        // before it.
        let mut drafts = self.drafts;
        let mut new_id = vec![0usize; drafts.len()];
        let mut order: Vec<usize> = Vec::with_capacity(drafts.len());
        let mut stack: Vec<usize> = self.roots.iter().rev().copied().collect();
        while let Some(d) = stack.pop() {
            new_id[d] = order.len();
            order.push(d);
            stack.extend(drafts[d].children.iter().rev());
        }
        // The drafts are put in pre-order where they are, then turned into
        // departments in the same allocation: a second array of a million
        // departments beside the drafts would be the peak of the whole load (the
        // places made on the way are 16 bytes a department, a fraction of it).
        put_in_order(&mut drafts, &order);
        drop(order);
        // Where each subtree ends, worked out on the way: when a department arrives,
        // every open subtree at its depth or deeper ends right before it.
        org.subtree_ends = vec![drafts.len(); drafts.len()];
        let mut open: Vec<(DeptId, usize)> = Vec::new();
        for (i, draft) in drafts.iter().enumerate() {
            while let Some(&(top, top_depth)) = open.last()
                && top_depth >= draft.depth
            {
                org.subtree_ends[top] = i;
                open.pop();
            }
            open.push((i, draft.depth));
        }
        let mut places = Vec::with_capacity(drafts.len());
        let mut departments: Vec<Department> = drafts
            .into_iter()
            .map(|draft| {
                places.push(Place::new(draft.parent.map(|p| new_id[p]), draft.block, draft.line));
                // The children were for the order: the pre-order and the subtree ends
                // now tell them.
                Department {
                    id: draft.id,
                    name: draft.name,
                    function: draft.function.map(|(f, _)| f),
                    customers: draft.customers,
                    revenue: draft.revenue,
                    notes: draft.notes,
                    figures: draft.figures,
                    depth: draft.depth,
                }
            })
            .collect();
        // The drafts' room, a little larger than the departments need, is given back
        // in place.
        departments.shrink_to_fit();
        org.departments = Records::from(departments);
        org.places = places;
        Ok(org)
    }
}

/// Puts `items` in the order `order` gives (the item at `i` becomes the one that was at
/// `order[i]`) where they are, following each cycle of the permutation.
fn put_in_order<T: Default>(items: &mut [T], order: &[usize]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        if placed[start] {
            continue;
        }
        let first = std::mem::take(&mut items[start]);
        let mut at = start;
        loop {
            placed[at] = true;
            let from = order[at];
            if from == start {
                items[at] = first;
                break;
            }
            items[at] = std::mem::take(&mut items[from]);
            at = from;
        }
    }
}

/// Works out lines and columns for all problems in one pass over the text.
pub(super) fn locate(text: &str, mut problems: Vec<(Problem, Range<usize>)>) -> Vec<Diagnostic> {
    problems.sort_by_key(|(_, span)| span.start);
    let mut out = Vec::with_capacity(problems.len());
    let (mut line, mut line_start, mut scanned) = (1usize, 0usize, 0usize);
    // Characters counted so far on the current line, up to `counted_to`: many problems
    // on one long line cost one pass over it, not one each.
    let (mut counted, mut counted_to) = (0usize, None::<usize>);
    for (problem, span) in problems {
        // The parser and the loader may both refuse the same spot: say it once.
        let syntax = |p: &Problem| matches!(p, Problem::Syntax { .. } | Problem::Toml { .. });
        if syntax(&problem) && out.last().is_some_and(|d: &Diagnostic| syntax(&d.problem) && d.span.start == span.start)
        {
            continue;
        }
        let mut start = span.start.min(text.len());
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        for (i, b) in text.as_bytes()[scanned..start].iter().enumerate() {
            if *b == b'\n' {
                line += 1;
                line_start = scanned + i + 1;
            }
        }
        scanned = start.max(scanned);
        counted = match counted_to {
            Some(to) if to > line_start && to <= start => counted + text[to..start].chars().count(),
            // A BOM is no column.
            _ => text[line_start..start].trim_start_matches('\u{feff}').chars().count(),
        };
        counted_to = Some(start);
        let column = counted + 1;
        out.push(Diagnostic { problem, span: start..span.end.max(start), line, column });
    }
    out
}
