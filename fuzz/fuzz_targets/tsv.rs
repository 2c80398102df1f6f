//! The TSV loader on arbitrary bytes.
//!
//! Valid UTF-8 goes through `add_tsv_str`, anything else through
//! `add_tsv_path` (a file written for the purpose). Checks that nothing
//! panics and nothing is lost silently:
//! * an error names the file and a line that exists (no line only for a
//!   missing header or an unreadable file), and adds nothing;
//! * success adds one entity per line that is neither blank nor a
//!   comment, besides the header, and the result builds.
#![no_main]

use std::path::PathBuf;
use std::sync::OnceLock;

use arabic_gazetteer::Gazetteer;
use libfuzzer_sys::fuzz_target;

fn scratch() -> &'static PathBuf {
    static PATH: OnceLock<PathBuf> = OnceLock::new();
    PATH.get_or_init(|| {
        std::env::temp_dir()
            .join(format!("ag-fuzz-tsv-{}.tsv", std::process::id()))
    })
}

/// Lines that are neither blank nor comments, as the format defines them.
fn content_lines(src: &str) -> usize {
    let src = src.strip_prefix('\u{FEFF}').unwrap_or(src);
    src.split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .count()
}

fuzz_target!(|data: &[u8]| {
    let mut b = Gazetteer::builder();
    let lines = data.split(|&c| c == b'\n').count();
    match std::str::from_utf8(data) {
        Ok(src) => match b.add_tsv_str(src) {
            Ok(_) => {
                let g = b.build().expect("loaded data must build");
                let want = content_lines(src).saturating_sub(1);
                assert_eq!(g.len(), want, "entities silently dropped");
            }
            Err(err) => {
                assert_eq!(err.file(), Some("<string>"));
                let msg = err.to_string();
                match err.line() {
                    Some(n) => {
                        assert!(n >= 1 && n <= lines, "line {n} of {lines}");
                        assert!(
                            msg.starts_with(&format!("<string>:{n}: ")),
                            "{msg}"
                        );
                    }
                    None => assert!(
                        msg.starts_with("<string>: no header line"),
                        "{msg}"
                    ),
                }
                assert_eq!(
                    b.build().unwrap().len(),
                    0,
                    "an error added entities"
                );
            }
        },
        Err(e) => {
            let path = scratch();
            std::fs::write(path, data).unwrap();
            let err = b
                .add_tsv_path(path)
                .expect_err("invalid UTF-8 was accepted");
            let line = data[..e.valid_up_to()]
                .iter()
                .filter(|&&c| c == b'\n')
                .count()
                + 1;
            assert_eq!(err.line(), Some(line));
            assert_eq!(
                err.to_string(),
                format!("{}:{line}: invalid UTF-8", path.display())
            );
            assert_eq!(b.build().unwrap().len(), 0);
        }
    }
});
