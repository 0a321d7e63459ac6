//! Working sets in tests: the office store as one of its users, a working set made for the
//! user logged in, and the working set opened on the "laptop" (cheap key derivation).
#![allow(dead_code)]

use std::path::Path;

use chrono::NaiveDate;
use spmp::ops::OpsError;
use spmp::ops::offline::{CheckedOut, check_out};
use spmp::store::{Store, testkit};

/// The reviewer of [`super::cli::demo_store`], who checks work out in these tests.
pub const RITA: &str = "rita.reviewer";

/// A working set expires by the real date, never by a test's fixed day.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// The office store in `office` (its place in this test run) as `user`.
pub fn as_user(office: &Path, user: &str) -> Store {
    Store::open_with(
        &testkit::place(office),
        &testkit::options(),
        &testkit::login(user),
    )
    .expect("open the office store")
}

/// The working set in `ws` (a directory on the disk, whatever the office is) as `user`.
pub fn laptop(ws: &Path, user: &str) -> Store {
    Store::open_with(ws, &testkit::options(), &testkit::login(user)).expect("open the working set")
}

/// Check `ids` out of `office` for the user logged in to it, into `out`, opening `days` days
/// from `day`.
pub fn make(
    office: &mut Store,
    ids: &[u64],
    (day, days): (NaiveDate, u32),
    out: &Path,
) -> Result<CheckedOut, OpsError> {
    let user = office.actor().name.clone();
    check_out(
        office,
        &testkit::login(&user),
        ids,
        (day, days),
        out,
        &testkit::options(),
    )
}

/// A temporary directory holding `office`: a store with the demo caseload, a reviewer
/// ([`RITA`]), a supervisor and a viewer ([`super::cli::demo_store`]).
pub fn office() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = super::store::tmp();
    let office = dir.path().join("office");
    super::cli::demo_store(&office);
    (dir, office)
}

/// The office's rows, to judge that a refused action changed nothing.
pub fn rows(office: &Path) -> std::collections::BTreeMap<String, Vec<Vec<String>>> {
    super::raw::snapshot(office)
}
