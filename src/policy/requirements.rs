//! Comparing an add-on's prerequisites. `requires` lists alternatives (any one qualifies); an empty list means no
//! prerequisite at all. Removing an alternative, or adding the first one, tightens; adding an alternative, or removing
//! them all, loosens.

use std::collections::BTreeSet;

use crate::model::Requirement;

fn show(r: &Requirement) -> String {
    match r {
        Requirement::Plan(k) => format!("plan `{k}`"),
        Requirement::Group(k) => format!("group `{k}`"),
    }
}

fn list(rs: &BTreeSet<&Requirement>) -> String {
    rs.iter().map(|r| show(r)).collect::<Vec<_>>().join(", ")
}

/// How `new` is stricter than `old`, as the end of a sentence; `None` when it is not.
#[must_use]
pub fn tightened(old: &[Requirement], new: &[Requirement]) -> Option<String> {
    let (o, n): (BTreeSet<_>, BTreeSet<_>) = (old.iter().collect(), new.iter().collect());
    if o.is_empty() && !n.is_empty() {
        return Some(format!("now requires one of {} (it required nothing)", list(&n)));
    }
    let gone: BTreeSet<_> = o.difference(&n).copied().collect();
    (!n.is_empty() && !gone.is_empty()).then(|| format!("no longer accepts {} as a prerequisite", list(&gone)))
}

/// How `new` is more permissive than `old`, as the end of a sentence; `None` when it is not.
#[must_use]
pub fn loosened(old: &[Requirement], new: &[Requirement]) -> Option<String> {
    let (o, n): (BTreeSet<_>, BTreeSet<_>) = (old.iter().collect(), new.iter().collect());
    if n.is_empty() && !o.is_empty() {
        return Some(format!("no longer requires any of {}", list(&o)));
    }
    let added: BTreeSet<_> = n.difference(&o).copied().collect();
    (!o.is_empty() && !added.is_empty()).then(|| format!("now also accepts {} as a prerequisite", list(&added)))
}

#[cfg(test)]
mod tests {
    use super::{loosened, tightened};
    use crate::model::{Key, Requirement};

    fn g(k: &str) -> Requirement {
        Requirement::Group(Key::from(k))
    }

    #[test]
    fn removing_an_alternative_tightens_and_adding_one_loosens() {
        let (both, one) = (vec![g("premium"), g("ultimate")], vec![g("ultimate")]);
        assert_eq!(tightened(&both, &one).as_deref(), Some("no longer accepts group `premium` as a prerequisite"));
        assert_eq!(loosened(&both, &one), None);
        assert_eq!(loosened(&one, &both).as_deref(), Some("now also accepts group `premium` as a prerequisite"));
        assert_eq!(tightened(&one, &both), None);
    }

    #[test]
    fn from_nothing_tightens_and_to_nothing_loosens() {
        let one = vec![g("ultimate")];
        assert!(tightened(&[], &one).is_some_and(|m| m.contains("it required nothing")));
        assert_eq!(loosened(&[], &one), None);
        assert!(loosened(&one, &[]).is_some_and(|m| m.contains("no longer requires any of group `ultimate`")));
        assert_eq!(tightened(&one, &[]), None);
    }

    #[test]
    fn swapping_one_alternative_for_another_is_both() {
        let (a, b) = (vec![g("premium")], vec![g("ultimate")]);
        assert!(tightened(&a, &b).is_some() && loosened(&a, &b).is_some());
    }
}
