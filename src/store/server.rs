//! Opening a store on the unit's PostgreSQL server (`--store postgresql://...`): connecting
//! within a timeout, telling apart the ways that fails, making the schema on an empty database.
//! What is stored is what SQLite's file holds: the server never sees a plaintext value.
use std::str::FromStr;
use std::time::Duration;

use super::db::{Connection, PgConnection};
use super::error::sqlite_error;
use super::migrate::{self, SchemaState};
use super::{StoreError, StoreOptions, now_text};

/// How long a workstation waits for the server before saying it cannot reach it.
pub const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// How long a try to make a lost connection again may take (the app waits for it).
const RECONNECT_TIMEOUT: Duration = Duration::from_secs(2);

/// `url` with any password replaced by `***`, for messages and the audit log.
pub(crate) fn redact(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let (authority, tail) = match rest.find(['/', '?']) {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let authority = match authority.rsplit_once('@') {
        Some((userinfo, host)) => match userinfo.split_once(':') {
            Some((user, _)) => format!("{user}:***@{host}"),
            None => format!("{userinfo}@{host}"),
        },
        None => authority.to_string(),
    };
    let tail = redact_query_password(tail);
    format!("{scheme}://{authority}{tail}")
}

fn redact_query_password(tail: &str) -> String {
    let Some((path, query)) = tail.split_once('?') else {
        return tail.to_string();
    };
    let query: Vec<String> = query
        .split('&')
        .map(|kv| match kv.split_once('=') {
            Some((k, _)) if k.eq_ignore_ascii_case("password") => format!("{k}=***"),
            _ => kv.to_string(),
        })
        .collect();
    format!("{path}?{}", query.join("&"))
}

fn failed(url: &str, problem: impl Into<String>) -> StoreError {
    StoreError::Server {
        url: redact(url),
        problem: problem.into(),
    }
}

/// `url` without its `sslrootcert=PATH` parameter (spmp's, not the driver's), and that path.
fn take_root_cert(url: &str) -> (String, Option<String>) {
    let Some((base, query)) = url.split_once('?') else {
        return (url.to_string(), None);
    };
    let mut root = None;
    let kept: Vec<&str> = query
        .split('&')
        .filter(|kv| match kv.split_once('=') {
            Some(("sslrootcert", v)) => {
                root = Some(v.to_string());
                false
            }
            _ => true,
        })
        .collect();
    if kept.is_empty() {
        (base.to_string(), root)
    } else {
        (format!("{base}?{}", kept.join("&")), root)
    }
}

/// The TLS set-up: the server's certificate must chain to `root` (the unit's CA, PEM) when
/// given, else to a root the system trusts; its name must match the host. Always verified.
fn tls(
    url: &str,
    root: Option<&str>,
) -> Result<tokio_postgres_rustls::MakeRustlsConnect, StoreError> {
    use rustls::pki_types::CertificateDer;
    use rustls::pki_types::pem::PemObject;
    let mut roots = rustls::RootCertStore::empty();
    match root {
        Some(path) => {
            let certs = CertificateDer::pem_file_iter(path)
                .and_then(|it| it.collect::<Result<Vec<_>, _>>())
                .map_err(|e| failed(url, format!("cannot read the CA certificate {path}: {e}")))?;
            if certs.is_empty() {
                return Err(failed(url, format!("{path} holds no certificate")));
            }
            for c in certs {
                roots
                    .add(c)
                    .map_err(|e| failed(url, format!("the CA certificate in {path}: {e}")))?;
            }
        }
        None => {
            for c in rustls_native_certs::load_native_certs().certs {
                let _ = roots.add(c);
            }
        }
    }
    let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
    let config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| failed(url, format!("TLS set-up: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth();
    Ok(tokio_postgres_rustls::MakeRustlsConnect::new(config))
}

/// Connect to the server at `url`: over a Unix socket as it is; over the network only with
/// TLS that verifies the server's certificate (`sslmode=disable` is refused).
fn connect(url: &str) -> Result<Connection, StoreError> {
    use postgres::config::{Host, SslMode};
    let (plain, root) = take_root_cert(url);
    let mut config = postgres::Config::from_str(&plain).map_err(|e| {
        failed(
            url,
            format!("this is not a PostgreSQL address spmp can use ({e})"),
        )
    })?;
    if config.get_password().is_some() {
        return Err(failed(
            url,
            "the address holds a password, which process lists, shell histories and messages \
             would show: remove it and give the password in the PGPASSWORD environment \
             variable (docs/DEPLOY.md)",
        ));
    }
    if let Some(password) = std::env::var_os("PGPASSWORD") {
        config.password(password.as_encoded_bytes());
    }
    if config.get_connect_timeout().is_none() {
        config.connect_timeout(CONNECT_TIMEOUT);
    }
    config.application_name("spmp");
    let local = config
        .get_hosts()
        .iter()
        .all(|h| matches!(h, Host::Unix(_)));
    let client = if local {
        config.connect(postgres::NoTls)
    } else {
        if config.get_ssl_mode() == SslMode::Disable {
            return Err(failed(
                url,
                "spmp does not talk to a server over the network without TLS: remove \
                 sslmode=disable (docs/DEPLOY.md)",
            ));
        }
        config.ssl_mode(SslMode::Require);
        config.connect(tls(url, root.as_deref())?)
    }
    .map_err(|e| connect_error(url, &config, &e))?;
    // Made again the same way after the server was lost, waiting less for it.
    let mut again = config.clone();
    again.connect_timeout(RECONNECT_TIMEOUT);
    let reconnect: super::db::Reconnect = if local {
        Box::new(move || again.connect(postgres::NoTls))
    } else {
        let tls = tls(url, root.as_deref())?;
        Box::new(move || again.connect(tls.clone()))
    };
    Ok(Connection::Postgres(Box::new(PgConnection::new(
        client,
        Some(reconnect),
    ))))
}

/// The reason a connection failed, in words a user can act on.
fn connect_error(url: &str, config: &postgres::Config, e: &postgres::Error) -> StoreError {
    use postgres::error::SqlState;
    if let Some(db) = e.as_db_error() {
        let code = db.code();
        let problem = if *code == SqlState::INVALID_PASSWORD
            || *code == SqlState::INVALID_AUTHORIZATION_SPECIFICATION
        {
            format!(
                "the server refused the login of database user {:?}: check the user name and \
                 password in the address ({})",
                config.get_user().unwrap_or(""),
                db.message()
            )
        } else if *code == SqlState::INVALID_CATALOG_NAME {
            format!(
                "the server has no database {:?}: the unit's DBA makes it (docs/DEPLOY.md)",
                config.get_dbname().unwrap_or("")
            )
        } else {
            format!("the server refused the connection: {}", db.message())
        };
        return failed(url, problem);
    }
    let text = e.to_string();
    let cause = std::error::Error::source(e).map_or_else(|| text.clone(), |c| c.to_string());
    let about_tls = ["TLS", "tls", "certificate", "Certificate", "handshake"]
        .iter()
        .any(|w| text.contains(w) || cause.contains(w));
    if about_tls {
        let problem = if cause.contains("certificate") || cause.contains("Certificate") {
            format!(
                "the server's certificate could not be verified ({cause}): give the unit's CA \
                 certificate with sslrootcert=PATH in the address (docs/DEPLOY.md)"
            )
        } else {
            format!("the TLS connection to the server failed: {cause}")
        };
        return failed(url, problem);
    }
    let timeout = config
        .get_connect_timeout()
        .copied()
        .unwrap_or(CONNECT_TIMEOUT);
    failed(
        url,
        format!(
            "cannot reach the server (waited up to {} s): {cause}",
            timeout.as_secs()
        ),
    )
}

/// Open the server store at `url`: connect, set the busy timeout, make or check the schema.
/// Without `create`, a database with no spmp schema is not a store.
pub(super) fn open(url: &str, opts: &StoreOptions, create: bool) -> Result<Connection, StoreError> {
    let mut conn = connect(url)?;
    let db = std::path::PathBuf::from(redact(url));
    conn.busy_timeout(opts.busy_timeout)
        .map_err(|e| sqlite_error(e, &db, "setting the lock timeout"))?;
    if !create
        && migrate::user_version(&conn).map_err(|e| sqlite_error(e, &db, "reading the schema"))?
            == 0
    {
        return Err(StoreError::NotAStore {
            path: db,
            reason: "the database holds no spmp store yet".to_string(),
        });
    }
    match migrate::migrate(&mut conn, &now_text())
        .map_err(|e| sqlite_error(e, &db, "making the schema"))?
    {
        SchemaState::Current => Ok(conn),
        SchemaState::TooNew(found) => Err(StoreError::TooNew {
            path: db,
            found,
            known: migrate::SCHEMA_VERSION,
        }),
    }
}

/// Whether the server database holds no store, or a store without users.
pub(super) fn is_empty(url: &str) -> Result<bool, StoreError> {
    let conn = connect(url)?;
    let db = std::path::PathBuf::from(redact(url));
    let version =
        migrate::user_version(&conn).map_err(|e| sqlite_error(e, &db, "reading the schema"))?;
    Ok(version == 0)
}

#[cfg(test)]
mod tests {
    use super::{redact, take_root_cert};

    #[test]
    fn the_ca_file_is_taken_out_of_the_address() {
        assert_eq!(
            take_root_cert("postgresql://u@h/db?sslrootcert=/etc/ca.pem&connect_timeout=3"),
            (
                "postgresql://u@h/db?connect_timeout=3".to_string(),
                Some("/etc/ca.pem".to_string())
            )
        );
        assert_eq!(
            take_root_cert("postgresql://u@h/db?sslrootcert=/etc/ca.pem"),
            (
                "postgresql://u@h/db".to_string(),
                Some("/etc/ca.pem".to_string())
            )
        );
        assert_eq!(take_root_cert("postgresql://u@h/db").1, None);
    }

    #[test]
    fn passwords_never_reach_a_message() {
        assert_eq!(
            redact("postgresql://unit:s3cret@db.example/spmp"),
            "postgresql://unit:***@db.example/spmp"
        );
        assert_eq!(
            redact("postgresql://db.example/spmp?user=unit&password=s3cret&sslmode=require"),
            "postgresql://db.example/spmp?user=unit&password=***&sslmode=require"
        );
        assert_eq!(
            redact("postgres://unit@%2Frun%2Fpg/spmp"),
            "postgres://unit@%2Frun%2Fpg/spmp"
        );
    }
}
