//! The values the store binds and reads: integers, text, bytes and null (and reals, which
//! only SQLite's own checks return). Both engines map onto these.
use std::borrow::Cow;

use rusqlite::types::{ToSqlOutput, Value as LiteValue, ValueRef as LiteRef};

/// A value bound to or read from a statement.
#[derive(Debug, Clone, PartialEq)]
pub enum ValueRef<'a> {
    Null,
    Integer(i64),
    Real(f64),
    Text(Cow<'a, str>),
    Blob(Cow<'a, [u8]>),
}

impl<'a> ValueRef<'a> {
    pub(super) fn to_lite(&self) -> ToSqlOutput<'_> {
        match self {
            ValueRef::Null => ToSqlOutput::Owned(LiteValue::Null),
            ValueRef::Integer(i) => ToSqlOutput::Owned(LiteValue::Integer(*i)),
            ValueRef::Real(r) => ToSqlOutput::Owned(LiteValue::Real(*r)),
            ValueRef::Text(t) => ToSqlOutput::Borrowed(LiteRef::Text(t.as_bytes())),
            ValueRef::Blob(b) => ToSqlOutput::Borrowed(LiteRef::Blob(b)),
        }
    }

    pub(super) fn from_lite(v: LiteRef<'a>) -> Self {
        match v {
            LiteRef::Null => ValueRef::Null,
            LiteRef::Integer(i) => ValueRef::Integer(i),
            LiteRef::Real(r) => ValueRef::Real(r),
            LiteRef::Text(t) => ValueRef::Text(String::from_utf8_lossy(t)),
            LiteRef::Blob(b) => ValueRef::Blob(Cow::Borrowed(b)),
        }
    }

    fn kind(&self) -> &'static str {
        match self {
            ValueRef::Null => "null",
            ValueRef::Integer(_) => "an integer",
            ValueRef::Real(_) => "a real number",
            ValueRef::Text(_) => "text",
            ValueRef::Blob(_) => "bytes",
        }
    }
}

/// A value that can be bound to a statement.
pub trait ToSql {
    fn to_value(&self) -> ValueRef<'_>;
}

macro_rules! int_to_sql {
    ($($t:ty),*) => {$(
        impl ToSql for $t {
            fn to_value(&self) -> ValueRef<'_> {
                // Every integer the store binds fits: ids, versions, counts, sizes.
                ValueRef::Integer(i64::try_from(*self).unwrap_or(i64::MAX))
            }
        }
    )*};
}
int_to_sql!(i64, i32, u32, u64, usize, u8, u16, i16);

impl ToSql for bool {
    fn to_value(&self) -> ValueRef<'_> {
        ValueRef::Integer(i64::from(*self))
    }
}

impl ToSql for str {
    fn to_value(&self) -> ValueRef<'_> {
        ValueRef::Text(Cow::Borrowed(self))
    }
}

impl ToSql for String {
    fn to_value(&self) -> ValueRef<'_> {
        ValueRef::Text(Cow::Borrowed(self))
    }
}

impl ToSql for [u8] {
    fn to_value(&self) -> ValueRef<'_> {
        ValueRef::Blob(Cow::Borrowed(self))
    }
}

impl ToSql for Vec<u8> {
    fn to_value(&self) -> ValueRef<'_> {
        ValueRef::Blob(Cow::Borrowed(self))
    }
}

impl<const N: usize> ToSql for [u8; N] {
    fn to_value(&self) -> ValueRef<'_> {
        ValueRef::Blob(Cow::Borrowed(self))
    }
}

impl<T: ToSql> ToSql for Option<T> {
    fn to_value(&self) -> ValueRef<'_> {
        match self {
            Some(v) => v.to_value(),
            None => ValueRef::Null,
        }
    }
}

impl<T: ToSql + ?Sized> ToSql for &T {
    fn to_value(&self) -> ValueRef<'_> {
        (**self).to_value()
    }
}

impl<T: ToSql + ?Sized> ToSql for Box<T> {
    fn to_value(&self) -> ValueRef<'_> {
        (**self).to_value()
    }
}

impl ToSql for zeroize::Zeroizing<Vec<u8>> {
    fn to_value(&self) -> ValueRef<'_> {
        ValueRef::Blob(Cow::Borrowed(self))
    }
}

impl ToSql for ValueRef<'_> {
    fn to_value(&self) -> ValueRef<'_> {
        match self {
            ValueRef::Null => ValueRef::Null,
            ValueRef::Integer(i) => ValueRef::Integer(*i),
            ValueRef::Real(r) => ValueRef::Real(*r),
            ValueRef::Text(t) => ValueRef::Text(Cow::Borrowed(t)),
            ValueRef::Blob(b) => ValueRef::Blob(Cow::Borrowed(b)),
        }
    }
}

/// A value that can be read from a column. The error is a message.
pub trait FromSql: Sized {
    fn from_sql(value: ValueRef<'_>) -> Result<Self, String>;
}

fn wrong(want: &str, got: &ValueRef<'_>) -> String {
    format!("expected {want}, found {}", got.kind())
}

macro_rules! int_from_sql {
    ($($t:ty),*) => {$(
        impl FromSql for $t {
            fn from_sql(value: ValueRef<'_>) -> Result<Self, String> {
                match value {
                    ValueRef::Integer(i) => <$t>::try_from(i)
                        .map_err(|_| format!("{i} is out of range for {}", stringify!($t))),
                    other => Err(wrong("an integer", &other)),
                }
            }
        }
    )*};
}
int_from_sql!(i64, i32, u32, u64, usize, u8, u16);

impl FromSql for bool {
    fn from_sql(value: ValueRef<'_>) -> Result<Self, String> {
        match value {
            ValueRef::Integer(i) => Ok(i != 0),
            other => Err(wrong("an integer", &other)),
        }
    }
}

impl FromSql for f64 {
    fn from_sql(value: ValueRef<'_>) -> Result<Self, String> {
        match value {
            ValueRef::Real(r) => Ok(r),
            // Exact for every count the store reads as a real.
            #[allow(clippy::cast_precision_loss)]
            ValueRef::Integer(i) => Ok(i as f64),
            other => Err(wrong("a number", &other)),
        }
    }
}

impl FromSql for String {
    fn from_sql(value: ValueRef<'_>) -> Result<Self, String> {
        match value {
            ValueRef::Text(t) => Ok(t.into_owned()),
            other => Err(wrong("text", &other)),
        }
    }
}

impl FromSql for Vec<u8> {
    fn from_sql(value: ValueRef<'_>) -> Result<Self, String> {
        match value {
            ValueRef::Blob(b) => Ok(b.into_owned()),
            other => Err(wrong("bytes", &other)),
        }
    }
}

/// Any column, as it is (copying rows between stores).
impl FromSql for ValueRef<'static> {
    fn from_sql(value: ValueRef<'_>) -> Result<Self, String> {
        Ok(match value {
            ValueRef::Null => ValueRef::Null,
            ValueRef::Integer(i) => ValueRef::Integer(i),
            ValueRef::Real(r) => ValueRef::Real(r),
            ValueRef::Text(t) => ValueRef::Text(Cow::Owned(t.into_owned())),
            ValueRef::Blob(b) => ValueRef::Blob(Cow::Owned(b.into_owned())),
        })
    }
}

impl<T: FromSql> FromSql for Option<T> {
    fn from_sql(value: ValueRef<'_>) -> Result<Self, String> {
        match value {
            ValueRef::Null => Ok(None),
            other => T::from_sql(other).map(Some),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_out_of_range_are_errors_not_wraps() {
        assert_eq!(u32::from_sql(ValueRef::Integer(7)), Ok(7));
        assert!(u32::from_sql(ValueRef::Integer(-1)).is_err());
        assert!(u8::from_sql(ValueRef::Integer(256)).is_err());
        assert_eq!(
            String::from_sql(ValueRef::Integer(1)),
            Err("expected text, found an integer".to_string())
        );
        assert_eq!(Option::<i64>::from_sql(ValueRef::Null), Ok(None));
        assert_eq!(u64::MAX.to_value(), ValueRef::Integer(i64::MAX));
    }
}
