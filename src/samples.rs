//! The sample orgs bundled with the program: the teaching examples of `sample-orgs/`,
//! embedded so that `frontback` without a file opens one and `frontback samples` can
//! list them. Each exists in English (`sample-orgs/NAME.toml`) and in Spanish
//! (`sample-orgs/es/NAME.toml`), twins with the same ids, facts and functions.

use crate::text::Lang;

/// A bundled sample org.
#[derive(Clone, Copy, Debug)]
pub struct Sample {
    /// The file stem, e.g. `corner-shop`.
    pub name: &'static str,
    /// The TOML text.
    pub text: &'static str,
}

/// Every bundled sample, in English; the first is the default.
pub const SAMPLES: [Sample; 5] = [
    Sample { name: "corner-shop", text: include_str!("../sample-orgs/corner-shop.toml") },
    Sample { name: "accounting-firm", text: include_str!("../sample-orgs/accounting-firm.toml") },
    Sample { name: "software-company", text: include_str!("../sample-orgs/software-company.toml") },
    Sample { name: "manufacturer", text: include_str!("../sample-orgs/manufacturer.toml") },
    Sample { name: "bank", text: include_str!("../sample-orgs/bank.toml") },
];

/// The Spanish twins of [`SAMPLES`], in the same order.
pub const SAMPLES_ES: [Sample; 5] = [
    Sample { name: "corner-shop", text: include_str!("../sample-orgs/es/corner-shop.toml") },
    Sample { name: "accounting-firm", text: include_str!("../sample-orgs/es/accounting-firm.toml") },
    Sample { name: "software-company", text: include_str!("../sample-orgs/es/software-company.toml") },
    Sample { name: "manufacturer", text: include_str!("../sample-orgs/es/manufacturer.toml") },
    Sample { name: "bank", text: include_str!("../sample-orgs/es/bank.toml") },
];

/// Every bundled sample written in `lang`.
pub fn samples_in(lang: Lang) -> &'static [Sample; 5] {
    match lang {
        Lang::En => &SAMPLES,
        Lang::Es => &SAMPLES_ES,
    }
}

/// The sample that opens when no file is given: the old shop of C2.
pub fn default_sample() -> Sample {
    SAMPLES[0]
}

/// The sample with this name.
pub fn find(name: &str) -> Option<Sample> {
    SAMPLES.into_iter().find(|s| s.name == name)
}

/// The sample with this name, written in `lang`.
pub fn find_in(name: &str, lang: Lang) -> Option<Sample> {
    samples_in(lang).iter().copied().find(|s| s.name == name)
}

/// The twin in `lang` of the bundled sample whose text is exactly `text` (in any
/// language), or `None` when `text` is not a bundled sample as shipped.
pub fn twin_of(text: &str, lang: Lang) -> Option<Sample> {
    let name = Lang::ALL.iter().flat_map(|&l| samples_in(l).iter()).find(|s| s.text == text)?.name;
    find_in(name, lang)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_sample_has_a_twin_in_every_language() {
        for lang in Lang::ALL {
            for sample in SAMPLES {
                let twin = find_in(sample.name, lang).expect("a twin");
                assert_eq!(twin.name, sample.name);
                assert_eq!(twin_of(sample.text, lang).map(|s| s.text), Some(twin.text));
                assert_eq!(twin_of(twin.text, Lang::En).map(|s| s.text), Some(sample.text));
            }
        }
        assert!(twin_of("[company]\nname = \"x\"\n", Lang::Es).is_none());
        assert_ne!(SAMPLES[0].text, SAMPLES_ES[0].text);
    }
}
