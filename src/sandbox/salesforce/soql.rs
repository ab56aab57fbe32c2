//! The SOQL subset the sandbox understands (salesforce-api.md §2):
//! `SELECT f1, Rel.f2 FROM Object [WHERE c AND c ...] [ORDER BY f [ASC|DESC]] [LIMIT n] [OFFSET n]` with conditions
//! `f = v`, `f != v`, `f IN (v, ...)`, `f NOT IN (...)`; literals 'text', numbers, true, false, null. Keywords and
//! field names are case-insensitive; text comparison is case-insensitive as in Salesforce. Relationship fields
//! (`Product2.ProductCode` on PricebookEntry) come back as nested objects with their own `attributes`.

use std::cmp::Ordering;

use serde_json::{Map, Value, json};

use super::errors::SfError;
use super::records;
use super::schema::{self, Field};
use super::store::{SfRecord, SfState};
use crate::sandbox::behaviour::SalesforceBehaviour;
use crate::sandbox::{ids, lexing};

/// A field path: `Name` or `Product2.ProductCode` (canonical names).
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    pub relationship: Option<(String, String)>,
    pub field: String,
}

/// A parsed query.
#[derive(Debug)]
pub struct Query {
    pub object: &'static str,
    pub select: Vec<Path>,
    pub conditions: Vec<(Path, Op, Vec<Value>)>,
    pub order: Option<(Path, bool)>,
    pub limit: Option<usize>,
    pub offset: usize,
}

/// A condition operator.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Op {
    Eq,
    Ne,
    In,
    NotIn,
}

fn malformed(m: impl Into<String>) -> SfError {
    SfError::new("MALFORMED_QUERY", m)
}

fn tokens(q: &str) -> Result<Vec<String>, SfError> {
    let mut out = Vec::new();
    let chars: Vec<char> = q.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() {
            i += 1;
        } else if c == '\'' {
            let (text, next) = lexing::quoted(&chars, i)
                .ok_or_else(|| malformed("unexpected end of query: unterminated string literal"))?;
            out.push(format!("'{text}"));
            i = next;
        } else if "(),".contains(c) {
            out.push(c.to_string());
            i += 1;
        } else if (c == '!' && chars.get(i + 1) == Some(&'=')) || (c == '<' && chars.get(i + 1) == Some(&'>')) {
            out.push("!=".into());
            i += 2;
        } else if c == '=' {
            out.push("=".into());
            i += 1;
        } else if lexing::is_word_char(c) {
            let (w, next) = lexing::word(&chars, i);
            out.push(w);
            i = next;
        } else {
            return Err(malformed(format!("unexpected token: '{c}'")));
        }
    }
    Ok(out)
}

struct Parser<'a> {
    t: Vec<String>,
    i: usize,
    object: &'static str,
    b: &'a SalesforceBehaviour,
}

impl Parser<'_> {
    fn peek_kw(&self, kw: &str) -> bool {
        self.t.get(self.i).is_some_and(|t| t.eq_ignore_ascii_case(kw))
    }

    fn expect_kw(&mut self, kw: &str) -> Result<(), SfError> {
        if self.peek_kw(kw) {
            self.i += 1;
            Ok(())
        } else {
            Err(malformed(format!(
                "unexpected token: '{}', expecting {kw}",
                self.t.get(self.i).map_or("<end>", String::as_str)
            )))
        }
    }

    fn next(&mut self) -> Result<String, SfError> {
        let t = self
            .t
            .get(self.i)
            .cloned()
            .ok_or_else(|| malformed("unexpected end of query"))?;
        self.i += 1;
        Ok(t)
    }

    fn no_column(&self, name: &str, object: &str) -> SfError {
        let _ = self;
        SfError::new(
            "INVALID_FIELD",
            format!(
                "No such column '{name}' on entity '{object}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names."
            ),
        )
    }

    fn path(&self, raw: &str) -> Result<Path, SfError> {
        let resolve = |object: &str, name: &str| -> Result<String, SfError> {
            let fields: Vec<Field> = schema::fields(object, self.b);
            schema::find(&fields, name)
                .map(|f| f.name.clone())
                .ok_or_else(|| self.no_column(name, object))
        };
        match raw.split_once('.') {
            None => Ok(Path {
                relationship: None,
                field: resolve(self.object, raw)?,
            }),
            Some((rel, field)) => {
                let (fk, target) = schema::relationship(self.object, rel).ok_or_else(|| {
                    SfError::new(
                        "INVALID_FIELD",
                        format!("Didn't understand relationship '{rel}' in field path."),
                    )
                })?;
                Ok(Path {
                    relationship: Some((fk.to_string(), target.to_string())),
                    field: resolve(target, field)?,
                })
            }
        }
    }

    fn literal(&mut self) -> Result<Value, SfError> {
        let t = self.next()?;
        if let Some(s) = t.strip_prefix('\'') {
            return Ok(Value::String(s.to_string()));
        }
        match t.to_ascii_lowercase().as_str() {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            "null" => Ok(Value::Null),
            _ => t
                .parse::<serde_json::Number>()
                .map(Value::Number)
                .map_err(|_| malformed(format!("unexpected token: '{t}'"))),
        }
    }
}

/// Parses a query.
///
/// # Errors
/// `MALFORMED_QUERY`, `INVALID_TYPE` (unknown object) or `INVALID_FIELD` (unknown column).
pub fn parse(q: &str, b: &SalesforceBehaviour) -> Result<Query, SfError> {
    let t = tokens(q)?;
    let from = t
        .iter()
        .position(|x| x.eq_ignore_ascii_case("from"))
        .ok_or_else(|| malformed("unexpected end of query: expecting FROM"))?;
    let object_raw = t
        .get(from + 1)
        .ok_or_else(|| malformed("unexpected end of query: expecting an object"))?;
    let object = schema::object_name(object_raw).ok_or_else(|| {
        SfError::new(
            "INVALID_TYPE",
            format!("sObject type '{object_raw}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name."),
        )
    })?;
    let mut p = Parser { t, i: 0, object, b };
    p.expect_kw("select")?;
    let mut select = Vec::new();
    loop {
        let f = p.next()?;
        if f.eq_ignore_ascii_case("from") || f == "," {
            return Err(malformed(format!("unexpected token: '{f}'")));
        }
        select.push(p.path(&f)?);
        if p.t.get(p.i).map(String::as_str) == Some(",") {
            p.i += 1;
        } else {
            break;
        }
    }
    p.expect_kw("from")?;
    p.i += 1;
    let mut query = Query {
        object,
        select,
        conditions: Vec::new(),
        order: None,
        limit: None,
        offset: 0,
    };
    if p.peek_kw("where") {
        p.i += 1;
        loop {
            let field = p.next()?;
            let path = p.path(&field)?;
            let op_tok = p.next()?;
            let (op, values) = match op_tok.to_ascii_lowercase().as_str() {
                "=" => (Op::Eq, vec![p.literal()?]),
                "!=" => (Op::Ne, vec![p.literal()?]),
                "in" | "not" => {
                    let op = if op_tok.eq_ignore_ascii_case("not") {
                        p.expect_kw("in")?;
                        Op::NotIn
                    } else {
                        Op::In
                    };
                    if p.next()? != "(" {
                        return Err(malformed("expecting '(' after IN"));
                    }
                    let mut vals = Vec::new();
                    loop {
                        vals.push(p.literal()?);
                        match p.next()?.as_str() {
                            "," => continue,
                            ")" => break,
                            other => return Err(malformed(format!("unexpected token: '{other}'"))),
                        }
                    }
                    (op, vals)
                }
                other => return Err(malformed(format!("unexpected token: '{other}'"))),
            };
            query.conditions.push((path, op, values));
            if p.peek_kw("and") {
                p.i += 1;
            } else if p.peek_kw("or") {
                return Err(malformed("OR is not supported by the sandbox's SOQL subset"));
            } else {
                break;
            }
        }
    }
    if p.peek_kw("order") {
        p.i += 1;
        p.expect_kw("by")?;
        let f = p.next()?;
        let path = p.path(&f)?;
        let mut asc = true;
        if p.peek_kw("asc") {
            p.i += 1;
        } else if p.peek_kw("desc") {
            p.i += 1;
            asc = false;
        }
        query.order = Some((path, asc));
    }
    if p.peek_kw("limit") {
        p.i += 1;
        let n = p.next()?;
        query.limit = Some(n.parse().map_err(|_| malformed(format!("unexpected token: '{n}'")))?);
    }
    if p.peek_kw("offset") {
        p.i += 1;
        let n = p.next()?;
        query.offset = n.parse().map_err(|_| malformed(format!("unexpected token: '{n}'")))?;
    }
    if p.i < p.t.len() {
        return Err(malformed(format!("unexpected token: '{}'", p.t[p.i])));
    }
    Ok(query)
}

/// The rows of CurrencyType (derived from the configured currencies).
#[must_use]
pub fn currency_rows(b: &SalesforceBehaviour, currencies: &[String]) -> Vec<SfRecord> {
    currencies
        .iter()
        .enumerate()
        .map(|(i, code)| {
            let mut fields = std::collections::BTreeMap::new();
            fields.insert("Id".into(), json!(ids::salesforce_id("02c", i as u64 + 1)));
            fields.insert("IsoCode".into(), json!(code));
            fields.insert("ConversionRate".into(), Value::Number(1.into()));
            fields.insert(
                "DecimalPlaces".into(),
                Value::Number(if code == "JPY" { 0 } else { 2 }.into()),
            );
            fields.insert("IsActive".into(), Value::Bool(true));
            fields.insert("IsCorporate".into(), Value::Bool(*code == b.corporate_currency));
            SfRecord {
                sobject: "CurrencyType".into(),
                fields,
            }
        })
        .collect()
}

fn resolve<'a>(s: &'a SfState, r: &'a SfRecord, path: &Path) -> Value {
    match &path.relationship {
        None => records::field_value(s, r, &path.field),
        Some((fk, _)) => r
            .str(fk)
            .and_then(|id| s.get(id))
            .map_or(Value::Null, |parent| records::field_value(s, parent, &path.field)),
    }
}

fn matches(actual: &Value, lit: &Value) -> bool {
    match (actual, lit) {
        (Value::String(a), Value::String(b)) => {
            let norm = |x: &str| {
                ids::salesforce_id18(x)
                    .filter(|_| x.len() == 15 || x.len() == 18)
                    .unwrap_or_else(|| x.to_string())
            };
            a.eq_ignore_ascii_case(b) || norm(a) == norm(b)
        }
        (Value::Number(a), Value::Number(b)) => {
            crate::model::parse_exact(&a.to_string()).ok() == crate::model::parse_exact(&b.to_string()).ok()
        }
        _ => actual == lit,
    }
}

fn compare(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Null, Value::Null) => Ordering::Equal,
        (Value::Null, _) => Ordering::Less,
        (_, Value::Null) => Ordering::Greater,
        (Value::String(x), Value::String(y)) => x.to_lowercase().cmp(&y.to_lowercase()),
        (Value::Number(x), Value::Number(y)) => crate::model::parse_exact(&x.to_string())
            .ok()
            .cmp(&crate::model::parse_exact(&y.to_string()).ok()),
        (Value::Bool(x), Value::Bool(y)) => x.cmp(y),
        _ => Ordering::Equal,
    }
}

/// Runs a query; returns the matching records as response JSON (all rows, before paging).
#[must_use]
pub fn run(s: &SfState, b: &SalesforceBehaviour, currencies: &[String], base: &str, q: &Query) -> Vec<Value> {
    let currency_rows;
    let rows: Vec<&SfRecord> = if q.object == "CurrencyType" {
        currency_rows = self::currency_rows(b, currencies);
        currency_rows.iter().collect()
    } else {
        s.of_type(q.object).collect()
    };
    let mut hits: Vec<&SfRecord> = rows
        .into_iter()
        .filter(|r| {
            q.conditions.iter().all(|(path, op, vals)| {
                let actual = resolve(s, r, path);
                let any = vals.iter().any(|v| matches(&actual, v));
                match op {
                    Op::Eq | Op::In => any,
                    Op::Ne | Op::NotIn => !any,
                }
            })
        })
        .collect();
    if let Some((path, asc)) = &q.order {
        hits.sort_by(|a, b| {
            let o = compare(&resolve(s, a, path), &resolve(s, b, path));
            if *asc { o } else { o.reverse() }
        });
    }
    let hits = hits.into_iter().skip(q.offset).take(q.limit.unwrap_or(usize::MAX));
    hits.map(|r| {
        let id = r.str("Id").unwrap_or_default();
        let mut m = Map::new();
        m.insert(
            "attributes".into(),
            json!({"type": r.sobject, "url": format!("{base}/sobjects/{}/{id}", r.sobject)}),
        );
        for path in &q.select {
            match &path.relationship {
                None => {
                    m.insert(path.field.clone(), records::field_value(s, r, &path.field));
                }
                Some((fk, target)) => {
                    let rel = fk.trim_end_matches("Id").to_string();
                    let parent = r.str(fk).and_then(|pid| s.get(pid));
                    let Some(parent) = parent else {
                        m.insert(rel, Value::Null);
                        continue;
                    };
                    let pid = parent.str("Id").unwrap_or_default();
                    let entry = m.entry(rel).or_insert_with(
                        || json!({"attributes": {"type": target, "url": format!("{base}/sobjects/{target}/{pid}")}}),
                    );
                    if let Some(obj) = entry.as_object_mut() {
                        obj.insert(path.field.clone(), records::field_value(s, parent, &path.field));
                    }
                }
            }
        }
        Value::Object(m)
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_subset() {
        let b = SalesforceBehaviour::default();
        let q = parse("select id, product2.productcode from pricebookentry where CurrencyIsoCode in ('USD','EUR') and IsActive = true order by UnitPrice desc limit 5", &b).unwrap();
        assert_eq!(q.object, "PricebookEntry");
        assert_eq!(q.select[0].field, "Id");
        assert_eq!(q.select[1].field, "ProductCode");
        assert_eq!(q.conditions.len(), 2);
        assert_eq!(q.limit, Some(5));
        assert_eq!(
            parse("SELECT Bogus FROM Product2", &b).unwrap_err().code,
            "INVALID_FIELD"
        );
        assert_eq!(parse("SELECT Id FROM Nope", &b).unwrap_err().code, "INVALID_TYPE");
        assert_eq!(
            parse("SELECT Id FROM Product2 WHERE", &b).unwrap_err().code,
            "MALFORMED_QUERY"
        );
    }
}
