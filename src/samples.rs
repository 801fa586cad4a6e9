//! The sample orgs bundled with the program: the teaching examples of `sample-orgs/`,
//! embedded so that `frontback` without a file opens one and `frontback samples` can
//! list them.

/// A bundled sample org.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    /// The file stem, e.g. `corner-shop`.
    pub name: &'static str,
    /// The TOML text.
    pub text: &'static str,
}

/// Every bundled sample; the first is the default.
pub const SAMPLES: [Sample; 5] = [
    Sample { name: "corner-shop", text: include_str!("../sample-orgs/corner-shop.toml") },
    Sample { name: "accounting-firm", text: include_str!("../sample-orgs/accounting-firm.toml") },
    Sample { name: "software-company", text: include_str!("../sample-orgs/software-company.toml") },
    Sample { name: "manufacturer", text: include_str!("../sample-orgs/manufacturer.toml") },
    Sample { name: "bank", text: include_str!("../sample-orgs/bank.toml") },
];

/// The sample that opens when no file is given: the old shop of C2.
pub fn default_sample() -> Sample {
    SAMPLES[0]
}

/// The sample with this name.
pub fn find(name: &str) -> Option<Sample> {
    SAMPLES.into_iter().find(|s| s.name == name)
}
