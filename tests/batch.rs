//! Many texts at once, and filtering by kind and tag.

use arabic_gazetteer::{EntityFilter, EntityKind, EntityMatch, Gazetteer};

const SAMPLE: &str = include_str!("fixtures/ghouta-astana-2018.txt");

fn docs() -> Vec<String> {
    // each line of the sample, many times, and some empty documents
    let mut docs = Vec::new();
    for round in 0..20 {
        for line in SAMPLE.lines() {
            docs.push(line.to_string());
            if round % 3 == 0 {
                docs.push(String::new());
            }
        }
    }
    docs
}

fn ids(found: &[EntityMatch<'_>]) -> Vec<String> {
    found.iter().map(|m| m.entity().id().to_string()).collect()
}

#[test]
fn batch_results_are_per_text_in_input_order() {
    let g = Gazetteer::builtin();
    let docs = docs();
    let batch = g.match_batch(&docs);
    assert_eq!(batch.len(), docs.len());
    for (d, found) in docs.iter().zip(&batch) {
        assert_eq!(found, &g.match_entities(d));
    }
    assert!(batch.iter().map(Vec::len).sum::<usize>() > 1000);
}

#[test]
fn batch_takes_strs_and_strings() {
    let g = Gazetteer::builtin();
    let strs = ["زار لافروف دمشق", "حلب"];
    let strings: Vec<String> = strs.iter().map(|s| s.to_string()).collect();
    assert_eq!(g.match_batch(&strs), g.match_batch(&strings));
    assert!(g.match_batch::<&str>(&[]).is_empty());
}

#[cfg(feature = "parallel")]
#[test]
fn batch_on_two_threads_gives_the_same_results() {
    let g = Gazetteer::builtin();
    let docs = docs();
    let one = rayon::ThreadPoolBuilder::new()
        .num_threads(1)
        .build()
        .unwrap();
    let two = rayon::ThreadPoolBuilder::new()
        .num_threads(2)
        .build()
        .unwrap();
    let a = one.install(|| g.match_batch(&docs));
    let b = two.install(|| g.match_batch(&docs));
    assert_eq!(a, b);
    // and the work did run on the pool's threads
    let names = two.install(|| {
        use rayon::prelude::*;
        (0..64)
            .into_par_iter()
            .map(|_| rayon::current_thread_index().is_some())
            .all(|x| x)
    });
    assert!(names);
}

#[test]
fn filter_by_kind() {
    let g = Gazetteer::builtin();
    let all = g.match_entities(SAMPLE);
    let per = g
        .match_filtered(SAMPLE, &EntityFilter::new().kind(EntityKind::Person));
    assert!(!per.is_empty());
    assert!(per.iter().all(|m| m.kind() == EntityKind::Person));
    let expected: Vec<_> = all
        .iter()
        .filter(|m| m.kind() == EntityKind::Person)
        .cloned()
        .collect();
    assert_eq!(per, expected);

    let per_loc = g.match_filtered(
        SAMPLE,
        &EntityFilter::new().kinds([EntityKind::Person, EntityKind::Location]),
    );
    let expected: Vec<_> = all
        .iter()
        .filter(|m| {
            m.kind() != EntityKind::Organization
                && m.kind() != EntityKind::Misc
        })
        .cloned()
        .collect();
    assert_eq!(per_loc, expected);
    assert!(per_loc.len() > per.len());
}

#[test]
fn filter_by_tag_and_by_both() {
    let g = Gazetteer::builtin();
    let text =
        "اجتمعت روسيا وتركيا وإيران في أستانا، وغابت سوريا والأمم المتحدة";
    let guarantors = EntityFilter::new().tag("astana-guarantor");
    assert_eq!(
        ids(&g.match_filtered(text, &guarantors)),
        ["russia", "turkey", "iran"]
    );
    // any of several tags
    let f = EntityFilter::new().tags(["astana-guarantor", "un-p5"]);
    assert_eq!(
        ids(&g.match_filtered(text, &f)),
        ["russia", "turkey", "iran"]
    );
    // kind and tag must both hold
    let f = EntityFilter::new()
        .kind(EntityKind::Organization)
        .tag("astana-guarantor");
    assert!(g.match_filtered(text, &f).is_empty());
    let f = EntityFilter::new().kind(EntityKind::Location).tag("ir");
    assert_eq!(ids(&g.match_filtered(text, &f)), ["iran"]);
}

#[test]
fn empty_filter_keeps_everything() {
    let g = Gazetteer::builtin();
    let f = EntityFilter::new();
    assert!(f.is_empty());
    assert!(!f.clone().tag("x").is_empty());
    assert_eq!(g.match_filtered(SAMPLE, &f), g.match_entities(SAMPLE));
}

#[test]
fn filter_judges_an_ambiguous_match_by_its_best_candidate() {
    use arabic_gazetteer::Entity;
    let g = Gazetteer::new([
        Entity::new("oman", EntityKind::Location, "عمان")
            .with_priority(10)
            .with_tag("country"),
        Entity::new("amman", EntityKind::Location, "عمان").with_tag("capital"),
    ])
    .unwrap();
    let text = "وصل إلى عمان";
    assert_eq!(
        ids(&g.match_filtered(text, &EntityFilter::new().tag("country"))),
        ["oman"]
    );
    assert!(g
        .match_filtered(text, &EntityFilter::new().tag("capital"))
        .is_empty());
}
