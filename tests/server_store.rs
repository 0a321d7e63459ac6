//! The server tier (issue 15): a store on PostgreSQL, behind the same seam as SQLite, driven
//! through the same store API, use cases and CLI. Each test starts its own throwaway cluster
//! (tests/common/server.rs) and is skipped, with a line saying so, where PostgreSQL is not
//! installed (`.ci/run` installs it and makes a skip a failure).
#![allow(clippy::unwrap_used, clippy::expect_used)]
mod common;

use std::path::Path;

use common::cli::{demo_store, spmp_as, text};
use common::server::Cluster;
use common::store::full_subject;
use spmp::domain::Role;
use spmp::store::{StoreError, testkit};

#[test]
fn a_server_store_saves_loads_and_verifies_as_sqlite_does() {
    let Some(pg) = Cluster::start("a_server_store_saves_loads_and_verifies_as_sqlite_does") else {
        return;
    };
    let url = pg.database("unit");
    let store_at = Path::new(&url);
    {
        let mut store = testkit::open(store_at).expect("a new server store");
        store
            .save_all(
                &[full_subject(1, "first"), full_subject(2, "second")],
                "seed",
            )
            .unwrap();
        let mut edited = store.load(1).unwrap().unwrap();
        edited.section1.narrative = "revised".into();
        store.save(&edited, "revised").unwrap();
    }
    // Reopened (a second workstation would do the same): everything is there.
    let store = testkit::open(store_at).expect("reopened");
    assert_eq!(
        store.load(1).unwrap().unwrap().section1.narrative,
        "revised"
    );
    assert_eq!(store.load(2).unwrap().unwrap().section1.narrative, "second");
    assert_eq!(store.history(1).unwrap().len(), 2);
    assert!(
        store.verify_audit().unwrap().is_ok(),
        "the audit chain verifies"
    );
    let report = store.verify().unwrap();
    assert!(report.faults.is_empty(), "{:?}", report.faults);
    // The schema is the server's, not a SQLite file somewhere.
    assert_eq!(
        pg.psql("unit", "SELECT value FROM meta WHERE key = 'app'")
            .trim(),
        "spmp"
    );
    assert_eq!(pg.psql("unit", "SELECT count(*) FROM subjects").trim(), "2");
}

#[test]
fn a_dump_of_the_server_holds_no_name_address_or_identifier() {
    let Some(pg) = Cluster::start("a_dump_of_the_server_holds_no_name_address_or_identifier")
    else {
        return;
    };
    let url = pg.database("unit");
    demo_store(Path::new(&url));
    let dump = pg.dump("unit");
    assert!(dump.len() > 10_000, "the dump holds the caseload");
    let subjects = spmp::interchange::demo_subjects().unwrap();
    let mut found = Vec::new();
    for s in &subjects {
        let mut values = vec![s.family_name.clone(), s.given_names.clone()];
        values.extend(s.aliases.iter().cloned());
        values.extend(s.pnc_id.clone());
        values.extend(s.addresses.iter().map(|a| a.lines.clone()));
        values.extend(s.protected_persons.iter().map(|p| p.name.clone()));
        for v in values.into_iter().filter(|v| v.len() >= 5) {
            if dump.windows(v.len()).any(|w| w == v.as_bytes()) {
                found.push(v);
            }
        }
    }
    assert!(found.is_empty(), "plaintext in pg_dump: {found:?}");
}

#[test]
fn the_cli_works_on_a_server_store_and_sees_what_another_workstation_saved() {
    let Some(pg) = Cluster::start("the_cli_works_on_a_server_store") else {
        return;
    };
    let url = pg.database("unit");
    demo_store(Path::new(&url));
    let out = spmp_as("rita.reviewer", Path::new(&url), &["queue"]);
    assert!(out.status.success(), "{}", text(&out));
    let subjects = spmp::interchange::demo_subjects().unwrap();
    let first = &subjects[0];
    assert!(
        text(&out).contains(&first.family_name.to_uppercase())
            || text(&out).contains(&first.family_name),
        "the queue names the demo subjects: {}",
        text(&out)
    );
    // A viewer may not read the audit log, on a server as on SQLite.
    let out = spmp_as("vic.viewer", Path::new(&url), &["audit", "verify"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert!(text(&out).contains("role"), "{}", text(&out));
    let out = spmp_as(testkit::TESTER, Path::new(&url), &["audit", "verify"]);
    assert!(out.status.success(), "{}", text(&out));
}

#[test]
fn a_commit_on_one_connection_is_news_on_another_and_not_on_its_own() {
    let Some(pg) = Cluster::start("live refresh") else {
        return;
    };
    let url = pg.database("unit");
    let at = Path::new(&url);
    let mut mine = testkit::open(at).unwrap();
    let theirs = testkit::open_as(at, "other", &[Role::Reviewer]).unwrap();
    let before = theirs.data_version().unwrap();
    let own_before = mine.data_version().unwrap();
    mine.save(&full_subject(5, "new"), "added").unwrap();
    // Notifications take a moment to cross the socket.
    let mut after = before;
    for _ in 0..100 {
        after = theirs.data_version().unwrap();
        if after != before {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    assert_ne!(after, before, "the other connection sees the commit");
    assert_eq!(
        mine.data_version().unwrap(),
        own_before,
        "its own commit is not news"
    );
    let revisions = theirs.revisions().unwrap();
    assert!(revisions.iter().any(|(id, v)| *id == 5 && *v == 1));
}

#[test]
fn the_audit_table_refuses_updates_and_deletes_even_from_the_owner() {
    let Some(pg) = Cluster::start("audit append-only") else {
        return;
    };
    let url = pg.database("unit");
    drop(testkit::open(Path::new(&url)).unwrap());
    let rows = pg.psql("unit", "SELECT count(*) FROM audit");
    assert_ne!(rows.trim(), "0");
    for sql in [
        "UPDATE audit SET payload = payload",
        "DELETE FROM audit",
        "TRUNCATE audit",
    ] {
        let err = pg.try_psql("unit", sql).unwrap_err();
        assert!(err.contains("append-only"), "{sql}: {err}");
    }
    assert_eq!(pg.psql("unit", "SELECT count(*) FROM audit"), rows);
}

#[test]
fn server_failures_each_have_their_own_message() {
    let Some(pg) = Cluster::start("server failures") else {
        return;
    };
    let url = pg.database("unit");
    drop(testkit::open(Path::new(&url)).unwrap());

    // No such database.
    let err = testkit::open(Path::new(&pg.url("nosuch"))).unwrap_err();
    assert!(
        matches!(&err, StoreError::Server { problem, .. } if problem.contains("no database \"nosuch\"")),
        "{err}"
    );
    // Not an address.
    let err = testkit::open(Path::new("postgresql://unit@host:notaport/x")).unwrap_err();
    assert!(
        err.to_string().contains("not a PostgreSQL address"),
        "{err}"
    );
    // A password in the address is refused (process lists would show it), and never shown.
    let socket = pg.url("x");
    let host = socket
        .trim_start_matches("postgresql://spmp@")
        .trim_end_matches("/x");
    let err = testkit::open(Path::new(&format!(
        "postgresql://spmp:hunter22@{host}/unit"
    )))
    .unwrap_err();
    assert!(
        err.to_string().contains("PGPASSWORD") && !err.to_string().contains("hunter22"),
        "{err}"
    );
    // A server from a newer schema.
    pg.psql(
        "unit",
        "UPDATE meta SET value = '999' WHERE key = 'schema_version'",
    );
    let err = testkit::open(Path::new(&url)).unwrap_err();
    assert!(
        matches!(err, StoreError::TooNew { found: 999, .. }),
        "{err}"
    );
    // Unreachable: the server stopped.
    pg.stop();
    let started = std::time::Instant::now();
    let err = testkit::open(Path::new(&url)).unwrap_err();
    assert!(err.to_string().contains("cannot reach the server"), "{err}");
    assert!(started.elapsed() < std::time::Duration::from_secs(11));
    // The CLI says so and exits 1 (nothing changed), as the issue asks.
    let out = spmp_as(testkit::TESTER, Path::new(&url), &["queue"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("cannot reach the server"),
        "{}",
        text(&out)
    );
}

#[test]
fn over_the_network_the_server_is_reached_only_by_verified_tls() {
    let Some(pg) = Cluster::start_tls("verified tls") else {
        return;
    };
    pg.database("unit");
    let url = pg.tcp_url("unit");
    // The server takes TLS only on TCP (hostssl): a store opened there went through TLS, and
    // its certificate was verified against the unit's CA.
    let with_ca = format!("{url}?sslrootcert={}", pg.ca().display());
    let mut store = testkit::open(Path::new(&with_ca)).expect("opens over verified TLS");
    store.save(&full_subject(1, "over tls"), "added").unwrap();
    drop(store);
    // A certificate that chains to no trusted root is refused, with what to do.
    let err = testkit::open(Path::new(&url)).unwrap_err();
    assert!(
        err.to_string()
            .contains("certificate could not be verified")
            && err.to_string().contains("sslrootcert"),
        "{err}"
    );
    // Plain text over the network is refused before anything is sent.
    let err = testkit::open(Path::new(&format!("{url}?sslmode=disable"))).unwrap_err();
    assert!(err.to_string().contains("without TLS"), "{err}");
    // A CA file that is not there.
    let err =
        testkit::open(Path::new(&format!("{url}?sslrootcert=/nonexistent/ca.pem"))).unwrap_err();
    assert!(
        err.to_string().contains("cannot read the CA certificate"),
        "{err}"
    );
}

#[test]
fn a_caseload_moves_to_the_server_and_back_whole_and_verifiable() {
    let Some(pg) = Cluster::start("store copy") else {
        return;
    };
    // The SQLite side stays in its directories in a server run too (see `sqlite`).
    let local = common::store::tmp();
    sqlite::demo_store(local.path());
    let url = pg.database("unit");
    let server = Path::new(&url);

    // A viewer may not copy the caseload out.
    let out = sqlite::spmp_as("vic.viewer", local.path(), &["store", "copy", "--to", &url]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out));
    assert_eq!(
        pg.psql("unit", "SELECT to_regclass('subjects') IS NULL")
            .trim(),
        "t"
    );

    // SQLite to the server, through the CLI as an administrator.
    let out = sqlite::spmp_as(
        testkit::TESTER,
        local.path(),
        &["store", "copy", "--to", &url],
    );
    assert!(out.status.success(), "{}", text(&out));
    let said = text(&out);
    assert!(
        said.contains("Audit log of the source") && said.contains("Audit log of the copy"),
        "{said}"
    );
    assert!(!said.contains("FAULT"), "{said}");

    let from_sqlite = sqlite::open(local.path());
    let on_server = testkit::open(server).unwrap();
    assert_eq!(
        from_sqlite.load_all().unwrap(),
        on_server.load_all().unwrap()
    );
    for id in [1, 2] {
        assert_eq!(
            from_sqlite.history(id).unwrap().len(),
            on_server.history(id).unwrap().len()
        );
    }
    // The same users log in to the copy with the same passphrases, in their roles.
    let viewer = testkit::open_as(server, "vic.viewer", &[Role::Viewer]).unwrap();
    assert_eq!(
        viewer.load_all().unwrap().len(),
        on_server.load_all().unwrap().len()
    );
    drop(viewer);
    // The copy is recorded, on both sides.
    let last = |s: &spmp::store::Store| {
        s.audit_log()
            .unwrap()
            .iter()
            .any(|e| e.what.starts_with("Copied the store to postgresql://"))
    };
    assert!(last(&from_sqlite) && last(&on_server));
    drop(from_sqlite);

    // Refused into a store that is not empty, and nothing changes there.
    let mut admin = testkit::open(server).unwrap();
    let again = common::store::tmp();
    drop(sqlite::open(again.path()));
    let err = admin.copy_to(again.path(), &mut |_, _| {}).unwrap_err();
    assert!(err.to_string().contains("already holds a store"), "{err}");

    // And back: the server to a new SQLite directory, with a save made on the server first.
    admin
        .save(&full_subject(900, "made on the server"), "added")
        .unwrap();
    let back = common::store::tmp();
    let target = back.path().join("store");
    admin.copy_to(&target, &mut |_, _| {}).unwrap();
    let copied = sqlite::open(&target);
    assert_eq!(copied.load_all().unwrap(), admin.load_all().unwrap());
    assert!(copied.verify_audit().unwrap().is_ok());
    assert!(admin.verify_audit().unwrap().is_ok());
    // A save on the SQLite copy goes on from the copied history.
    let mut copied = copied;
    let mut more = copied.load(900).unwrap().unwrap();
    more.section1.narrative = "edited after the move".into();
    copied.save(&more, "edited").unwrap();
    assert!(copied.verify_audit().unwrap().is_ok());
    assert_eq!(copied.history(900).unwrap().len(), 2);
}

#[test]
fn a_lost_server_refuses_saves_with_a_message_then_is_used_again_when_back() {
    let Some(pg) = Cluster::start("reconnect") else {
        return;
    };
    let url = pg.database("unit");
    let mut store = testkit::open(Path::new(&url)).unwrap();
    store.save(&full_subject(1, "before"), "added").unwrap();
    pg.stop();
    // Refused, with what happened and that nothing changed; never a panic or a hang.
    let err = store
        .save(&full_subject(2, "while down"), "added")
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Server { problem, .. }
            if problem.contains("connection to the server was lost") && problem.contains("nothing was changed")),
        "{err}"
    );
    assert!(matches!(
        store.data_version(),
        Err(StoreError::Server { .. })
    ));
    pg.start_again();
    // It connects again by itself (tried at most every two seconds).
    let mut saved = false;
    for _ in 0..50 {
        if store.save(&full_subject(2, "after"), "added").is_ok() {
            saved = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    assert!(saved, "the store connected again");
    assert_eq!(store.load(2).unwrap().unwrap().section1.narrative, "after");
    assert_eq!(store.load(1).unwrap().unwrap().section1.narrative, "before");
    assert!(store.verify_audit().unwrap().is_ok());
}

#[test]
fn the_config_file_can_name_the_server_store() {
    let Some(pg) = Cluster::start("config store") else {
        return;
    };
    let url = pg.database("unit");
    demo_store(Path::new(&url));
    let dir = common::store::tmp();
    let config = dir.path().join("config.toml");
    std::fs::write(&config, format!("store = \"{url}\"\n")).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_spmp"))
        .arg("--config")
        .arg(&config)
        .args(["--today", "2026-11-23", "stats"])
        .env_remove("SPMP_STORE")
        .env("SPMP_USER", testkit::TESTER)
        .env("SPMP_PASSPHRASE", testkit::PASSPHRASE)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", text(&out));
    let subjects = spmp::interchange::demo_subjects().unwrap().len();
    assert!(
        text(&out).contains(&subjects.to_string()),
        "stats of the server store: {}",
        text(&out)
    );
}

/// The commands a unit uses, run against a server store exactly as against a directory: each
/// succeeds and says what it did.
#[test]
fn every_kind_of_command_works_on_a_server_store() {
    let Some(pg) = Cluster::start("commands on a server store") else {
        return;
    };
    let url = pg.database("unit");
    let at = Path::new(&url);
    demo_store(at);
    let out_dir = common::store::tmp();
    let file = |name: &str| out_dir.path().join(name).display().to_string();
    let (json, pdf, sheet) = (file("all.json"), file("plan.pdf"), file("visits.txt"));
    let runs: Vec<(&str, Vec<&str>)> = vec![
        ("rita.reviewer", vec!["queue", "--format", "csv"]),
        ("rita.reviewer", vec!["stats"]),
        (testkit::TESTER, vec!["verify"]),
        (testkit::TESTER, vec!["audit", "head"]),
        (
            testkit::TESTER,
            vec![
                "export",
                "--format",
                "json",
                "--out",
                &json,
                "--recipient",
                "Test",
                "--reason",
                "server tier",
            ],
        ),
        (
            testkit::TESTER,
            vec![
                "export",
                "--subject",
                "1",
                "--format",
                "pdf",
                "--output",
                &pdf,
                "--recipient",
                "Niche",
                "--reason",
                "filing",
            ],
        ),
        (
            "rita.reviewer",
            vec![
                "export",
                "--visits-due",
                "60",
                "--format",
                "visit-sheet-txt",
                "--output",
                &sheet,
                "--recipient",
                "Visiting officer",
                "--reason",
                "visits",
            ],
        ),
        (
            "rita.reviewer",
            vec![
                "item",
                "add",
                "--subject",
                "2",
                "--kind",
                "vehicle",
                "--set",
                "vrm=ZZ99 ZZZ",
                "--set",
                "make=Ford",
                "--set",
                "model=Ka",
                "--set",
                "colour=blue",
            ],
        ),
        (testkit::TESTER, vec!["archived"]),
        ("rita.reviewer", vec!["drafts", "list"]),
        (testkit::TESTER, vec!["user", "list"]),
        (testkit::TESTER, vec!["audit", "verify"]),
    ];
    for (user, args) in &runs {
        let out = spmp_as(user, at, args);
        assert!(
            out.status.success(),
            "spmp {} as {user} on a server store: {}",
            args.join(" "),
            text(&out)
        );
    }
    assert!(std::fs::metadata(&json).unwrap().len() > 10_000);
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF"));
    // The item added through the command is in the server's record.
    let store = testkit::open(at).unwrap();
    let two = store.load(2).unwrap().unwrap();
    assert!(two.section2.vehicles.iter().any(|v| v.vrm == "ZZ99 ZZZ"));
}

#[test]
fn the_password_comes_from_pgpassword_and_a_wrong_one_is_told_apart() {
    let Some(pg) = Cluster::start_with_password("password login", "unit-secret-7") else {
        return;
    };
    let url = pg.database("unit");
    // The real binary in its own process, so this test's environment stays as it is.
    let spmp = |password: &str, args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_spmp"))
            .arg("--store")
            .arg(&url)
            .args(args)
            .env_remove("SPMP_STORE")
            .env("SPMP_USER", "ada")
            .env("SPMP_PASSPHRASE", testkit::PASSPHRASE)
            .env("PGPASSWORD", password)
            .output()
            .unwrap()
    };
    // The workstation's password, from PGPASSWORD (never in the address).
    let out = spmp(
        "unit-secret-7",
        &["user", "add", "ada", "--role", "administrator"],
    );
    assert!(out.status.success(), "{}", text(&out));
    let out = spmp("unit-secret-7", &["user", "list"]);
    assert!(
        out.status.success() && text(&out).contains("ada"),
        "{}",
        text(&out)
    );
    // A wrong one is told apart from an unreachable server, and never shown.
    let out = spmp("wrong-secret", &["user", "list"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    assert!(
        text(&out).contains("refused the login of database user \"spmp\""),
        "{}",
        text(&out)
    );
    assert!(!text(&out).contains("wrong-secret"), "{}", text(&out));
}

#[test]
fn a_whole_table_is_read_in_batches_past_the_first() {
    let Some(pg) = Cluster::start("cursor batches") else {
        return;
    };
    let url = pg.database("unit");
    let mut store = testkit::open(Path::new(&url)).unwrap();
    let today = common::app::today();
    // More than two of the cursor's batches of 1,000 rows.
    let subjects: Vec<_> = (1..=2_345)
        .map(|id| spmp::domain::Subject::new(id, "Batch", &format!("Row{id}"), today))
        .collect();
    store.save_all(&subjects, "seed").unwrap();
    let loaded = store.load_all().unwrap();
    assert_eq!(loaded.len(), 2_345);
    assert!(loaded.windows(2).all(|w| w[0].id < w[1].id), "in id order");
    // Reading a whole table leaves no transaction open: a save right after works.
    store
        .save(
            &spmp::domain::Subject::new(3_000, "After", "Read", today),
            "added",
        )
        .unwrap();
    assert!(store.verify().unwrap().faults.is_empty());
    assert_eq!(store.revisions().unwrap().len(), 2_346);
}

#[test]
fn the_head_the_app_prints_as_it_ends_is_read_from_the_server_too() {
    let Some(pg) = Cluster::start("stored head") else {
        return;
    };
    let url = pg.database("unit");
    demo_store(Path::new(&url));
    let (seq, fingerprint) = spmp::ops::admin::stored_head(Path::new(&url))
        .unwrap()
        .expect("a head");
    let out = spmp_as(testkit::TESTER, Path::new(&url), &["audit", "head"]);
    assert!(out.status.success(), "{}", text(&out));
    // `audit head` records its own reading first, so the head it prints is one entry on.
    assert!(seq > 1 && fingerprint.len() >= 8, "{seq}:{fingerprint}");
    let out = spmp_as(
        testkit::TESTER,
        Path::new(&url),
        &[
            "audit",
            "verify",
            "--expect",
            &format!("{seq}:{fingerprint}"),
        ],
    );
    assert!(out.status.success(), "{}", text(&out));
}

/// The SQLite side of a test that moves a caseload between SQLite and its own cluster, kept in
/// its directory whatever `SPMP_TEST_STORE` says: these do what `testkit::open`,
/// `common::cli::demo_store` and `common::cli::spmp_as` do, but on the directory itself, not
/// through `testkit::place` (which, in a server run, would put it on the test process's
/// cluster).
mod sqlite {
    use std::path::Path;
    use std::process::Output;

    use spmp::domain::Role;
    use spmp::store::{NewUser, Store, StoreStatus, testkit};

    /// The store in `dir` as the tester, made first if there is none.
    pub fn open(dir: &Path) -> Store {
        if Store::status(dir).expect("status") != StoreStatus::Ready {
            let mut store = Store::create_with(
                dir,
                &testkit::options(),
                &testkit::login(testkit::TESTER),
                &[Role::Reviewer, Role::Supervisor],
            )
            .expect("a new SQLite store");
            store
                .set_officer(
                    testkit::TESTER,
                    &testkit::officer_for(testkit::TESTER, &[Role::Supervisor]),
                )
                .expect("the tester's officer details");
        }
        Store::open_with(dir, &testkit::options(), &testkit::login(testkit::TESTER))
            .expect("open the SQLite store")
    }

    /// The demo caseload in `dir`, with a reviewer, a supervisor and a viewer (each added by
    /// the tester, then logged in once).
    pub fn demo_store(dir: &Path) {
        let mut admin = open(dir);
        let subjects = spmp::interchange::demo_subjects().expect("demo data");
        admin.save_all(&subjects, "seed").expect("seed");
        drop(admin);
        for (name, role) in [
            ("rita.reviewer", Role::Reviewer),
            ("sam.supervisor", Role::Supervisor),
            ("vic.viewer", Role::Viewer),
        ] {
            let mut admin = open(dir);
            admin
                .add_officer(&NewUser {
                    name,
                    passphrase: &testkit::login(name).passphrase,
                    roles: &[role],
                    officer: &testkit::officer_for(name, &[role]),
                })
                .expect("user");
            drop(admin);
            drop(Store::open_with(dir, &testkit::options(), &testkit::login(name)).expect("login"));
        }
    }

    /// `spmp --store DIR --today 2026-11-23 ARGS...` logged in as `user`.
    pub fn spmp_as(user: &str, dir: &Path, args: &[&str]) -> Output {
        super::common::cli::spmp_at(user, dir, args)
    }
}
