//! Server tier: drafts typed while the server store cannot be reached are kept on the
//! workstation, sealed, and written to the server when it is back (issue 15, failure
//! behaviour). Each test starts its own throwaway cluster (tests/common/server.rs).
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use std::path::Path;
use std::time::Duration;

use common::server::Cluster;
use spmp::domain::{DraftKey, Role};
use spmp::store::{Store, StoreError, StoreOptions, testkit};

fn review(subject: u64) -> DraftKey {
    DraftKey::Review { subject }
}

/// Test options, keeping offline drafts in `dir`.
fn keeping_in(dir: &Path) -> StoreOptions {
    StoreOptions {
        offline_drafts: Some(dir.to_path_buf()),
        ..testkit::options()
    }
}

/// Every file under `dir`, with its bytes.
fn files(dir: &Path) -> Vec<(std::path::PathBuf, Vec<u8>)> {
    let mut out = Vec::new();
    let mut todo = vec![dir.to_path_buf()];
    while let Some(d) = todo.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                todo.push(p);
            } else {
                let bytes = std::fs::read(&p).unwrap();
                out.push((p, bytes));
            }
        }
    }
    out
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Wait until `f` succeeds (the store connects again at most every two seconds).
fn eventually<T>(mut f: impl FnMut() -> Option<T>) -> T {
    for _ in 0..60 {
        if let Some(v) = f() {
            return v;
        }
        std::thread::sleep(Duration::from_millis(200));
    }
    panic!("the server store did not come back");
}

#[test]
fn drafts_typed_while_the_server_is_away_are_kept_sealed_here_then_written_to_it() {
    let Some(pg) = Cluster::start("offline drafts") else {
        return;
    };
    let url = pg.database("unit");
    let place = Path::new(&url);
    drop(testkit::open(place).unwrap());
    let kept = common::store::tmp();
    let mut store =
        Store::open_with(place, &keeping_in(kept.path()), &testkit::login("tester")).unwrap();
    store.put_draft(&review(1), b"first words").unwrap();
    assert_eq!(store.offline_drafts_waiting(), 0);

    pg.stop();
    // Typing goes on: both drafts are kept here, and the same form typed on replaces its copy.
    store
        .put_draft_within(
            &review(1),
            b"MARKER-SECRET-1 more",
            Duration::from_millis(50),
        )
        .unwrap();
    store.put_draft(&review(2), b"MARKER-SECRET-2").unwrap();
    store.put_draft(&review(2), b"MARKER-SECRET-2b").unwrap();
    assert_eq!(store.offline_drafts_waiting(), 2);
    // Only sealed bytes and keyed references: no typed word, no user name, private files.
    let on_disk = files(kept.path());
    assert_eq!(on_disk.len(), 2);
    for (path, bytes) in &on_disk {
        assert!(!contains(bytes, b"MARKER-SECRET"), "{}", path.display());
        assert!(!contains(bytes, b"tester"), "{}", path.display());
        assert!(!path.display().to_string().contains("tester"));
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(path).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "{} is private", path.display());
    }
    // Deleting a draft still needs the server: refused, its kept copy stays gone.
    assert!(matches!(
        store.delete_draft(&review(1)),
        Err(StoreError::Server { .. })
    ));
    assert_eq!(store.offline_drafts_waiting(), 1);
    store
        .put_draft(&review(1), b"MARKER-SECRET-1 again")
        .unwrap();

    pg.start_again();
    let written = eventually(|| store.save_offline_drafts().ok());
    assert_eq!(written, 2);
    assert_eq!(store.offline_drafts_waiting(), 0);
    assert!(files(kept.path()).is_empty());
    let drafts = store.drafts().unwrap();
    let text = |k: &DraftKey| {
        drafts
            .iter()
            .find(|d| &d.key == k)
            .map(|d| String::from_utf8_lossy(&d.payload).into_owned())
    };
    assert_eq!(text(&review(1)).as_deref(), Some("MARKER-SECRET-1 again"));
    assert_eq!(text(&review(2)).as_deref(), Some("MARKER-SECRET-2b"));
    // The server holds them sealed too.
    let dump = pg.dump("unit");
    assert!(!contains(&dump, b"MARKER-SECRET"));
}

#[test]
fn kept_drafts_go_to_the_server_at_the_next_login_and_a_changed_file_is_set_aside() {
    let Some(pg) = Cluster::start("offline drafts at login") else {
        return;
    };
    let url = pg.database("unit");
    let place = Path::new(&url);
    drop(testkit::open_as(place, "rita.reviewer", &[Role::Reviewer]).unwrap());
    let kept = common::store::tmp();
    let opts = keeping_in(kept.path());
    let mut store = Store::open_with(place, &opts, &testkit::login("tester")).unwrap();
    pg.stop();
    store.put_draft(&review(5), b"kept over a restart").unwrap();
    store.put_draft(&review(6), b"to be changed").unwrap();
    // The app ends while the server is away.
    drop(store);
    // Someone changes one kept file.
    let on_disk = files(kept.path());
    assert_eq!(on_disk.len(), 2);
    let (changed, mut bytes) = on_disk.into_iter().max_by_key(|(p, _)| p.clone()).unwrap();
    let last = bytes.len() - 1;
    bytes[last] ^= 1;
    std::fs::write(&changed, bytes).unwrap();

    pg.start_again();
    let store = eventually(|| Store::open_with(place, &opts, &testkit::login("tester")).ok());
    let drafts = store.drafts().unwrap();
    assert_eq!(drafts.len(), 1, "{drafts:?}");
    assert!(
        drafts[0].payload == b"kept over a restart" || drafts[0].payload == b"to be changed",
        "{drafts:?}"
    );
    // The changed one is set aside, not written and not retried.
    let left = files(kept.path());
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].0, changed.with_extension("unreadable"));
    assert_eq!(store.offline_drafts_waiting(), 0);

    // Another user's login writes nothing of the tester's, and sees no draft of theirs.
    let rita = Store::open_with(place, &opts, &testkit::login("rita.reviewer")).unwrap();
    assert!(rita.drafts().unwrap().is_empty());
}

#[test]
fn without_a_place_for_them_a_draft_while_the_server_is_away_is_refused() {
    let Some(pg) = Cluster::start("offline drafts refused") else {
        return;
    };
    let url = pg.database("unit");
    let mut store = testkit::open(Path::new(&url)).unwrap();
    pg.stop();
    let err = store.put_draft(&review(1), b"typed").unwrap_err();
    assert!(matches!(err, StoreError::Server { .. }), "{err}");
}
