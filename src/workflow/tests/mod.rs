//! Tests of the workflow rules, on the domain's fixed dates (`today()` is Monday 15 June 2026,
//! see `crate::domain::testkit`).
mod authz;
mod breach;
mod signoff;

