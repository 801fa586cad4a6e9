//! The departments' records, by id, kept where they were put.
//!
//! A department's id is its place in pre-order, so putting departments in or taking
//! them out renumbers every one after them. The records (a hundred bytes and more
//! each, with their strings) do not move for that: they stay in their slots, and only
//! the list of which slot holds which id (four bytes a department) shifts. At a
//! million departments an add moves 4 MB instead of over 100 MB.

use std::ops::Range;

use super::{Department, DeptId};

/// The records in pre-order, as [`Records::get`] and [`Records::iter`] give them.
#[derive(Clone, Debug, Default)]
pub struct Records {
    /// The records, each in the slot it was put in. A slot whose record was taken
    /// out holds the default one (no strings), until a record is put there again.
    slots: Vec<Department>,
    /// For each id, the slot holding its record.
    order: Vec<u32>,
    /// The slots whose records were taken out.
    free: Vec<u32>,
}

impl From<Vec<Department>> for Records {
    /// Every record in the slot of its id.
    fn from(departments: Vec<Department>) -> Records {
        let order = (0..slot(departments.len())).collect();
        Records { slots: departments, order, free: Vec::new() }
    }
}

impl PartialEq for Records {
    /// The same records in the same order, wherever they are kept.
    fn eq(&self, other: &Records) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Records {}

impl Records {
    /// The record of the department with this id.
    pub fn get(&self, id: DeptId) -> &Department {
        &self.slots[self.order[id] as usize]
    }

    pub(crate) fn get_mut(&mut self, id: DeptId) -> &mut Department {
        &mut self.slots[self.order[id] as usize]
    }

    pub fn len(&self) -> usize {
        self.order.len()
    }

    pub fn is_empty(&self) -> bool {
        self.order.is_empty()
    }

    /// The records in pre-order.
    pub fn iter(&self) -> Iter<'_> {
        self.range(0..self.len())
    }

    /// The records of the ids in `range`, in pre-order.
    pub fn range(&self, range: Range<DeptId>) -> Iter<'_> {
        Iter { slots: &self.slots, order: self.order[range].iter() }
    }

    /// Makes room for the next departments put in ([`super::make_room`]), so that
    /// the first add after a large file opens does not copy these arrays.
    pub(crate) fn make_room(&mut self) {
        super::make_room(&mut self.slots, 1);
        super::make_room(&mut self.order, 1);
    }

    /// Puts `departments` in at id `at`: the ids from `at` on move up by their number.
    /// They go into the slots left by records taken out, then after the others.
    pub(crate) fn insert(&mut self, at: DeptId, departments: Vec<Department>) {
        let reused = self.free.len().min(departments.len());
        let fresh = departments.len() - reused;
        super::make_room(&mut self.slots, fresh);
        super::make_room(&mut self.order, departments.len());
        let first_fresh = slot(self.slots.len());
        let mut free = self.free.drain(self.free.len() - reused..);
        let mut slots = Vec::with_capacity(departments.len());
        for department in departments {
            match free.next() {
                Some(s) => {
                    self.slots[s as usize] = department;
                    slots.push(s);
                }
                None => {
                    slots.push(first_fresh + slot(slots.len() - reused));
                    self.slots.push(department);
                }
            }
        }
        drop(free);
        self.order.splice(at..at, slots);
    }

    /// Takes out the records of the ids in `range`, in pre-order: the ids after it
    /// move down by its length.
    pub(crate) fn remove(&mut self, range: Range<DeptId>) -> Vec<Department> {
        let taken: Vec<Department> =
            self.order[range.clone()].iter().map(|&s| std::mem::take(&mut self.slots[s as usize])).collect();
        self.free.extend(self.order.drain(range));
        taken
    }

    /// Turns the records of `range` around `by`: the record at `range.start + by`
    /// comes first.
    pub(crate) fn rotate_left(&mut self, range: Range<DeptId>, by: usize) {
        self.order[range].rotate_left(by);
    }
}

impl<'a> IntoIterator for &'a Records {
    type Item = &'a Department;
    type IntoIter = Iter<'a>;

    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

/// Records in pre-order ([`Records::iter`], [`Records::range`]).
#[derive(Clone, Debug)]
pub struct Iter<'a> {
    slots: &'a [Department],
    order: std::slice::Iter<'a, u32>,
}

impl<'a> Iterator for Iter<'a> {
    type Item = &'a Department;

    fn next(&mut self) -> Option<&'a Department> {
        self.order.next().map(|&s| &self.slots[s as usize])
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        self.order.size_hint()
    }
}

impl DoubleEndedIterator for Iter<'_> {
    fn next_back(&mut self) -> Option<Self::Item> {
        self.order.next_back().map(|&s| &self.slots[s as usize])
    }
}

impl ExactSizeIterator for Iter<'_> {}

/// A slot number: an index into the slots, which a `u32` holds for any org a file
/// can hold (the loader caps a file well below four billion departments).
fn slot(index: usize) -> u32 {
    u32::try_from(index).expect("fewer than 2^32 departments")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dept(id: &str) -> Department {
        Department { id: id.into(), ..Department::default() }
    }

    fn ids(records: &Records) -> Vec<&str> {
        records.iter().map(|d| d.id.as_str()).collect()
    }

    #[test]
    fn records_taken_out_leave_slots_that_the_next_ones_fill() {
        let mut records = Records::from(["a", "b", "c", "d"].map(dept).to_vec());
        let taken = records.remove(1..3);
        assert_eq!(taken.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["b", "c"]);
        assert_eq!(ids(&records), ["a", "d"]);
        assert_eq!(records.get(1).id, "d");

        // Three in: two into the freed slots, one after the others.
        records.insert(1, ["x", "y", "z"].map(dept).to_vec());
        assert_eq!(ids(&records), ["a", "x", "y", "z", "d"]);
        assert_eq!(records.slots.len(), 5, "the two freed slots were used");
        assert!(records.free.is_empty());
        assert_eq!(records.range(2..4).map(|d| d.id.as_str()).collect::<Vec<_>>(), ["y", "z"]);

        records.get_mut(0).id = "A".into();
        records.rotate_left(1..4, 2);
        assert_eq!(ids(&records), ["A", "z", "x", "y", "d"]);
        assert_eq!(records.iter().next_back().map(|d| d.id.as_str()), Some("d"));
    }

    #[test]
    fn equal_records_are_equal_wherever_they_are_kept() {
        let mut put_in_later = Records::from(["a", "c"].map(dept).to_vec());
        put_in_later.insert(1, vec![dept("b")]);
        assert_eq!(put_in_later.order, [0, 2, 1]);
        assert_eq!(put_in_later, Records::from(["a", "b", "c"].map(dept).to_vec()));
        assert_ne!(put_in_later, Records::from(["a", "c", "b"].map(dept).to_vec()));
        assert_ne!(put_in_later, Records::from(["a", "b"].map(dept).to_vec()));
    }
}
