//! The semantic-version bump a change needs, and the bump a version change makes.

use std::fmt;

use serde::Serialize;

/// How much the catalog `version` must grow for a change, from least to most. `Forbidden` changes cannot be shipped
/// by any bump (they need a new object instead) unless explicitly allowed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Bump {
    /// No bump needed (used by the version and allow checks themselves).
    None,
    Patch,
    Minor,
    Major,
    Forbidden,
}

impl Bump {
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
            Bump::Forbidden => "forbidden",
        }
    }

    /// The bump from `old` to `new`: the highest component that grew (`Bump::None` when equal); `None` when `new`
    /// is lower than `old`.
    #[must_use]
    pub fn between(old: &semver::Version, new: &semver::Version) -> Option<Bump> {
        if new < old {
            return None;
        }
        Some(if new.major > old.major {
            Bump::Major
        } else if new.minor > old.minor {
            Bump::Minor
        } else if new.patch > old.patch || new != old {
            Bump::Patch
        } else {
            Bump::None
        })
    }

    /// The smallest version after `old` that makes this bump.
    #[must_use]
    pub fn apply(self, old: &semver::Version) -> semver::Version {
        match self {
            Bump::None => old.clone(),
            Bump::Patch => semver::Version::new(old.major, old.minor, old.patch + 1),
            Bump::Minor => semver::Version::new(old.major, old.minor + 1, 0),
            Bump::Major | Bump::Forbidden => semver::Version::new(old.major + 1, 0, 0),
        }
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::Bump;

    fn v(s: &str) -> semver::Version {
        semver::Version::parse(s).expect("test version")
    }

    #[test]
    fn between_names_the_highest_grown_component() {
        assert_eq!(Bump::between(&v("1.4.2"), &v("2.0.0")), Some(Bump::Major));
        assert_eq!(Bump::between(&v("1.4.2"), &v("1.5.0")), Some(Bump::Minor));
        assert_eq!(Bump::between(&v("1.4.2"), &v("1.4.3")), Some(Bump::Patch));
        assert_eq!(Bump::between(&v("1.4.2"), &v("1.4.2")), Some(Bump::None));
        assert_eq!(Bump::between(&v("1.4.2"), &v("1.4.1")), None);
        assert_eq!(Bump::between(&v("1.4.2-rc.1"), &v("1.4.2")), Some(Bump::Patch));
    }

    #[test]
    fn apply_gives_the_smallest_sufficient_version() {
        assert_eq!(Bump::Major.apply(&v("1.4.2")), v("2.0.0"));
        assert_eq!(Bump::Minor.apply(&v("1.4.2")), v("1.5.0"));
        assert_eq!(Bump::Patch.apply(&v("1.4.2")), v("1.4.3"));
    }
}
