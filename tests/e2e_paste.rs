//! End-to-end pasting in a real (pseudo) terminal: the binary turns bracketed paste on, so a
//! paste (`ESC [200~ ... ESC [201~`) arrives as one event. Several lines pasted into a one-line
//! field are refused and spread nowhere; a 4 KB multi-line paste lands in the text area at once,
//! without waiting for another key, and is stored as pasted.
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use common::pty::Term;

const TAB: &str = "\t";
const SAVE: &str = "\x13"; // ctrl-s

/// `text` as a terminal sends it with bracketed paste on.
fn bracketed(text: &str) -> String {
    format!("\x1b[200~{text}\x1b[201~")
}

/// A store in `dir` holding the demo caseload, imported as the test kit's user.
fn demo_store(dir: &std::path::Path) -> std::path::PathBuf {
    // Where the binary's --store finds it: the dir, or its database on the test server.
    let store = spmp::store::testkit::place(&dir.join("store"));
    let demo = dir.join("demo.json");
    std::fs::write(&demo, spmp::interchange::DEMO_JSON).expect("write demo");
    drop(spmp::store::testkit::open(&store).expect("test store"));
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_spmp"))
        .env("SPMP_USER", spmp::store::testkit::TESTER)
        .env("SPMP_PASSPHRASE", spmp::store::testkit::PASSPHRASE)
        .args([
            "import",
            "--store",
            store.to_str().expect("utf8"),
            demo.to_str().expect("utf8"),
        ])
        .output()
        .expect("import");
    assert!(
        out.status.success(),
        "import failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    store
}

#[test]
fn bracketed_paste_lands_whole_in_the_focused_field_only() {
    let dir = tempfile::tempdir().expect("tempdir");
    let store = demo_store(dir.path());
    let args = [
        "--store",
        store.to_str().expect("utf8"),
        "--today",
        "2026-11-23",
    ];
    let mut t = Term::spawn(&args, 120, 40, &[]);
    t.wait_for("Queue: all (");
    {
        let raw = t.raw.lock().expect("raw output");
        let on = b"\x1b[?2004h";
        assert!(
            raw.windows(on.len()).any(|w| w == on),
            "bracketed paste is turned on"
        );
    }
    t.send("b");
    t.wait_for("New breach:");
    // date (prefilled), time, order, conditions, source, other source, reference, description
    t.send(TAB);
    t.send("2140");
    for _ in 0..5 {
        t.send(TAB);
    }
    // Several lines into the one-line reference: refused, nothing changes anywhere.
    t.send(&bracketed("OCC-PASTE-1\r\nOCC-PASTE-2\r\nOCC-PASTE-3"));
    t.wait_for("takes one line and the text has 3 lines");
    assert!(
        !t.screen().contains("OCC-PASTE"),
        "nothing of the refused paste is shown:\n{}",
        t.screen()
    );
    // About 4 KB of lines into the text area: all of it at once, with no further key.
    t.send(TAB);
    let mut text = String::new();
    let mut n = 0;
    while text.len() < 4000 {
        n += 1;
        text.push_str(&format!(
            "Line {n:03}: seen outside the victim's workplace again, filmed her car.\n"
        ));
    }
    text.push_str("END OF THE PASTED STATEMENT");
    t.send(&bracketed(&text));
    t.wait_for("END OF THE PASTED STATEMENT");
    t.wait_for(&format!("Pasted {} characters", text.chars().count()));
    t.send(SAVE);
    t.wait_for("Saved: Added breach");
    t.send("\x03");
    assert_eq!(t.wait_exit(), 0);
    {
        let raw = t.raw.lock().expect("raw output");
        let off = b"\x1b[?2004l";
        assert!(
            raw.windows(off.len()).any(|w| w == off),
            "bracketed paste is turned off on the way out"
        );
    }

    let s = spmp::store::testkit::open(&store).expect("reopen the store");
    let breaches: Vec<spmp::domain::Breach> = s
        .load_all()
        .expect("load")
        .into_iter()
        .flat_map(|subject| subject.breaches)
        .filter(|b| b.description.contains("END OF THE PASTED STATEMENT"))
        .collect();
    assert_eq!(breaches.len(), 1, "one breach holds the paste");
    let b = &breaches[0];
    assert_eq!(b.description, text, "stored exactly as pasted, lines kept");
    assert_eq!(b.reference, None, "the refused paste reached nothing");
    assert_eq!(b.action, "", "the field after the text area is untouched");
}
