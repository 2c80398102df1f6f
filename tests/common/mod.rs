//! A small gazetteer for semantics tests, independent of the default data.
#![allow(dead_code)]

use arabic_gazetteer::Gazetteer;

pub const TSV: &str = "\
id\tkind\tname\taliases\tpriority
russia\tLOC\tروسيا\tروسيا الاتحادية\t
syria\tLOC\tسوريا\tسورية\t
moscow\tLOC\tموسكو\t\t
damascus\tLOC\tدمشق\t\t
kazakhstan\tLOC\tكازاخستان\t\t
latakia\tLOC\tاللاذقية\t\t
oman\tLOC\tعمان\t\t10
amman\tLOC\tعمان\t\t5
un\tORG\tالأمم المتحدة\t\t
unicef\tORG\tالأمم المتحدة للطفولة\tاليونيسف\t
unsc\tORG\tمجلس الأمن\tمجلس الأمن الدولي\t
putin\tPER\tفلاديمير بوتين\tبوتين\t
de-mistura\tPER\tستافان دي ميستورا\tدي ميستورا\t
";

pub fn gazetteer() -> Gazetteer {
    Gazetteer::builder()
        .add_tsv_str(TSV)
        .unwrap()
        .build()
        .unwrap()
}

/// `(word with proclitics, name as written, id)` of every match.
pub fn found<'t>(
    g: &Gazetteer,
    text: &'t str,
) -> Vec<(&'t str, &'t str, String)> {
    g.match_entities(text)
        .iter()
        .map(|m| {
            (
                &text[m.token_start()..m.end()],
                &text[m.range()],
                m.entity().id().to_string(),
            )
        })
        .collect()
}
