//! ZOQL (zuora-api.md §2.3): `POST /v1/action/query` `{"queryString","conf":{"batchSize":1..2000}}` and
//! `POST /v1/action/queryMore` `{"queryLocator"}`. Subset: `select F1, F2 from Object [where c (and|or c)...]`,
//! one object, no `*`, no IN, no parentheses; `and` binds tighter than `or`; operators = != < > <= >=; string
//! literals in single quotes, case-sensitive. Records are PascalCase with null fields omitted.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::{Map, Value};

use super::crud::parse_body;
use super::crud_view;
use super::errors::{crud_errors, json_response};
use super::fields::ZError;
use super::store::{ObjectType, ZuoraState};
use super::vocabulary;
use crate::sandbox::app::{App, Cursor, lock};
use crate::sandbox::lexing;

const MAX_BATCH: usize = 2000;

#[derive(Debug, PartialEq)]
enum Tok {
    Word(String),
    Str(String),
    Op(String),
    Comma,
}

fn lex(q: &str) -> Result<Vec<Tok>, String> {
    let mut out = Vec::new();
    let chars: Vec<char> = q.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == ',' {
            out.push(Tok::Comma);
            i += 1;
        } else if c == '\'' {
            let (text, next) = lexing::quoted(&chars, i).ok_or("unterminated string literal")?;
            out.push(Tok::Str(text));
            i = next;
        } else if "=!<>".contains(c) {
            let mut op = c.to_string();
            if chars.get(i + 1) == Some(&'=') || (c == '<' && chars.get(i + 1) == Some(&'>')) {
                op.push(chars[i + 1]);
                i += 1;
            }
            out.push(Tok::Op(op));
            i += 1;
        } else if lexing::is_word_char(c) {
            let (w, next) = lexing::word(&chars, i);
            out.push(Tok::Word(w));
            i = next;
        } else {
            return Err(format!("unexpected character '{c}'"));
        }
    }
    Ok(out)
}

/// A parsed query: fields, object, and a where clause in disjunctive normal form (or of ands).
struct Query {
    fields: Vec<String>,
    object: ObjectType,
    where_: Vec<Vec<(String, String, Value)>>,
}

fn parse(q: &str) -> Result<Query, ZError> {
    let bad = |m: String| ZError::new("MALFORMED_QUERY", m);
    let toks = lex(q).map_err(bad)?;
    let word = |t: Option<&Tok>, kw: &str| matches!(t, Some(Tok::Word(w)) if w.eq_ignore_ascii_case(kw));
    let mut i = 0;
    if !word(toks.first(), "select") {
        return Err(bad("the query must start with select".into()));
    }
    i += 1;
    let mut fields = Vec::new();
    loop {
        match toks.get(i) {
            Some(Tok::Word(w)) if !w.eq_ignore_ascii_case("from") => fields.push(w.clone()),
            _ => return Err(bad("expected a field name (ZOQL has no *)".into())),
        }
        i += 1;
        if toks.get(i) == Some(&Tok::Comma) {
            i += 1;
            continue;
        }
        break;
    }
    if !word(toks.get(i), "from") {
        return Err(bad("expected from".into()));
    }
    let object = match toks.get(i + 1) {
        Some(Tok::Word(w)) => {
            ObjectType::from_name(w).ok_or_else(|| ZError::new("INVALID_TYPE", format!("invalid type: {w}")))?
        }
        _ => return Err(bad("expected an object name".into())),
    };
    i += 2;
    let mut where_ = Vec::new();
    if i < toks.len() {
        if !word(toks.get(i), "where") {
            return Err(bad("expected where".into()));
        }
        i += 1;
        let mut group = Vec::new();
        loop {
            let (Some(Tok::Word(f)), Some(Tok::Op(op)), Some(val)) = (toks.get(i), toks.get(i + 1), toks.get(i + 2))
            else {
                return Err(bad("expected a condition: field operator value".into()));
            };
            let value = match val {
                Tok::Str(s) => Value::String(s.clone()),
                Tok::Word(w) if w.eq_ignore_ascii_case("null") => Value::Null,
                Tok::Word(w) if w.eq_ignore_ascii_case("true") => Value::Bool(true),
                Tok::Word(w) if w.eq_ignore_ascii_case("false") => Value::Bool(false),
                Tok::Word(w) => w
                    .parse::<serde_json::Number>()
                    .map(Value::Number)
                    .map_err(|_| bad(format!("invalid literal {w}")))?,
                _ => return Err(bad("invalid literal".into())),
            };
            group.push((f.clone(), op.clone(), value));
            i += 3;
            if word(toks.get(i), "and") {
                i += 1;
            } else if word(toks.get(i), "or") {
                where_.push(std::mem::take(&mut group));
                i += 1;
            } else if i >= toks.len() {
                break;
            } else {
                return Err(bad("expected and, or, or the end of the query".into()));
            }
        }
        where_.push(group);
    }
    Ok(Query { fields, object, where_ })
}

fn compare(actual: Option<&Value>, op: &str, lit: &Value) -> bool {
    let actual = actual.unwrap_or(&Value::Null);
    let ord = match (actual, lit) {
        (Value::Number(a), Value::Number(b)) => {
            match (
                crate::model::parse_exact(&a.to_string()),
                crate::model::parse_exact(&b.to_string()),
            ) {
                (Ok(x), Ok(y)) => Some(x.cmp(&y)),
                _ => None,
            }
        }
        (Value::String(a), Value::String(b)) => Some(a.as_str().cmp(b.as_str())),
        _ => None,
    };
    let eq = ord.map_or(actual == lit, |o| o.is_eq());
    match op {
        "=" => eq,
        "!=" | "<>" => !eq,
        "<" => ord.is_some_and(std::cmp::Ordering::is_lt),
        ">" => ord.is_some_and(std::cmp::Ordering::is_gt),
        "<=" => ord.is_some_and(std::cmp::Ordering::is_le),
        ">=" => ord.is_some_and(std::cmp::Ordering::is_ge),
        _ => false,
    }
}

fn known_field(t: ObjectType, f: &str) -> bool {
    const TIER_FIELDS: &[&str] = &[
        "Currency",
        "StartingUnit",
        "EndingUnit",
        "Tier",
        "IsOveragePrice",
        "ProductRatePlanChargeId",
        "Active",
    ];
    vocabulary::is_custom(f)
        || vocabulary::SYSTEM_FIELDS.iter().any(|s| s.eq_ignore_ascii_case(f))
        || vocabulary::fields(t).iter().any(|(n, _, _)| n.eq_ignore_ascii_case(f))
        || (t == ObjectType::ProductRatePlanChargeTier && TIER_FIELDS.iter().any(|s| s.eq_ignore_ascii_case(f)))
}

fn run(z: &ZuoraState, q: &Query) -> Result<Vec<Value>, ZError> {
    for f in q.fields.iter().chain(q.where_.iter().flatten().map(|(f, _, _)| f)) {
        if !known_field(q.object, f) {
            return Err(ZError::new(
                "INVALID_FIELD",
                format!("invalid field for query: {}.{f}", q.object.name()),
            ));
        }
    }
    let records: Vec<Map<String, Value>> = match q.object {
        ObjectType::ProductRatePlanChargeTier => z.all_tiers().map(crud_view::tier).collect(),
        t => z
            .map(t)
            .into_iter()
            .flat_map(|m| m.values())
            .map(crud_view::object)
            .collect(),
    };
    let matches = |r: &Map<String, Value>| {
        q.where_.is_empty()
            || q.where_.iter().any(|group| {
                group.iter().all(|(f, op, lit)| {
                    compare(
                        r.iter().find(|(k, _)| k.eq_ignore_ascii_case(f)).map(|(_, v)| v),
                        op,
                        lit,
                    )
                })
            })
    };
    Ok(records
        .into_iter()
        .filter(matches)
        .map(|r| Value::Object(crud_view::select(r, &q.fields)))
        .collect())
}

fn page(app: &App, mut records: Vec<Value>, batch: usize) -> Value {
    let total = records.len();
    let rest = if records.len() > batch {
        records.split_off(batch)
    } else {
        Vec::new()
    };
    let mut m = Map::new();
    m.insert("records".into(), Value::Array(records));
    m.insert("size".into(), Value::from(total));
    m.insert("done".into(), Value::Bool(rest.is_empty()));
    if !rest.is_empty() {
        let locator = crate::sandbox::ids::zuora_id();
        lock(&app.cursors).insert(locator.clone(), Cursor { records: Arc::new(rest), batch });
        m.insert("queryLocator".into(), Value::String(locator));
    }
    Value::Object(m)
}

/// `POST /v1/action/query`.
pub async fn query(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let body = match parse_body(&app, &body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let Some(qs) = body.get("queryString").and_then(Value::as_str) else {
        return crud_errors(
            &app,
            &[ZError::new(
                "MISSING_REQUIRED_VALUE",
                "Missing required value: queryString",
            )],
        );
    };
    let batch = match body.get("conf").and_then(|c| c.get("batchSize")) {
        None => MAX_BATCH,
        Some(b) => match b.as_u64().and_then(|n| usize::try_from(n).ok()) {
            Some(n) if (1..=MAX_BATCH).contains(&n) => n,
            _ => {
                return crud_errors(
                    &app,
                    &[ZError::new("INVALID_VALUE", "batchSize must be between 1 and 2000.")],
                );
            }
        },
    };
    let result = parse(qs).and_then(|q| app.read(|s| run(&s.zuora, &q)));
    match result {
        Ok(records) => json_response(StatusCode::OK, &page(&app, records, batch)),
        Err(e) => crud_errors(&app, &[e]),
    }
}

/// `POST /v1/action/queryMore`.
pub async fn query_more(State(app): State<Arc<App>>, body: Bytes) -> Response {
    let body = match parse_body(&app, &body) {
        Ok(b) => b,
        Err(r) => return r,
    };
    let locator = body.get("queryLocator").and_then(Value::as_str).unwrap_or_default();
    let cursor = lock(&app.cursors).remove(locator);
    match cursor {
        Some(c) => {
            let records = Arc::try_unwrap(c.records).unwrap_or_else(|shared| (*shared).clone());
            json_response(StatusCode::OK, &page(&app, records, c.batch))
        }
        None => crud_errors(
            &app,
            &[ZError::new("INVALID_VALUE", format!("invalid queryLocator: {locator}"))],
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_binds_tighter_than_or() {
        let q = parse("select Id, Name from ProductRatePlan where Name = 'a' and Id != 'x' or Name = 'b'").unwrap();
        assert_eq!(q.object, ObjectType::ProductRatePlan);
        assert_eq!(q.fields, ["Id", "Name"]);
        assert_eq!(q.where_.len(), 2);
        assert_eq!(q.where_[0].len(), 2);
        assert!(parse("select * from Product").is_err());
        assert_eq!(
            parse("select Id from Nope").err().map(|e| e.code),
            Some("INVALID_TYPE".into())
        );
    }
}
