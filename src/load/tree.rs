//! One pass over a YAML document's parser events (granit, the parser under serde-saphyr).
//!
//! Two products, chosen by the caller:
//! - the untyped JSON value the schema is checked against, resolved with the YAML 1.2 core schema (`NO`, `on`, `yes`
//!   stay strings; only `true`/`false` are booleans; `~` is null; numbers keep their exact text through
//!   serde_json's `arbitrary_precision`), plus structural problems: duplicate keys (both occurrences), nesting
//!   depth, alias expansion (billion laughs), several documents, non-scalar keys;
//! - the span index: JSON pointer -> byte ranges of the node and of its key, built only for files that have a
//!   finding (see `SourceMap::span`).
//!
//! Pure: text in, data out.

use std::collections::HashMap;
use std::str::FromStr;

use serde_saphyr::granit_parser::{self, Event, Marker, Parser, ScalarStyle, Span as GSpan, Tag};
use serde_json::{Map, Number, Value};

use super::span_index::{Entry, SpanIndex};

/// Structural limits of one document.
#[derive(Debug, Clone, Copy)]
pub struct TreeLimits {
    /// Deepest allowed nesting of mappings and sequences.
    pub max_depth: usize,
    /// Most nodes a document may expand to, aliases included.
    pub max_nodes: usize,
    /// Most aliases (`*a`) in a document.
    pub max_aliases: usize,
}

/// A structural problem found while walking the events. Byte ranges are into the file's text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Syntax { start: usize, end: usize, message: String },
    DuplicateKey { key: String, first: (usize, usize), second: (usize, usize) },
    TooDeep { start: usize, limit: usize },
    AliasLimit { start: usize, end: usize, message: String },
    MultipleDocuments { start: usize },
    ComplexKey { start: usize, end: usize },
}

/// The result of walking a document for its value.
#[derive(Debug)]
pub struct Walked {
    /// The document's value; `None` when the file holds no document or a fatal problem stopped the walk.
    pub value: Option<Value>,
    /// `true` when the file holds no document at all (only comments or nothing).
    pub empty: bool,
    pub problems: Vec<Problem>,
}

/// Builds the document's untyped value and finds structural problems.
#[must_use]
pub fn walk_value(text: &str, limits: TreeLimits) -> Walked {
    let mut w = Walker::new(true, limits);
    w.run(text);
    Walked { empty: !w.saw_document, value: w.root, problems: w.problems }
}

/// Builds the span index of a document (best effort: up to the first syntax error).
#[must_use]
pub fn build_index(text: &str) -> SpanIndex {
    let limits = TreeLimits { max_depth: 10_000, max_nodes: usize::MAX, max_aliases: usize::MAX };
    let mut w = Walker::new(false, limits);
    w.run(text);
    w.index
}

enum Kind {
    Seq(Vec<Value>),
    /// The mapping, each key's span in insertion order, and the key awaiting its value.
    Map(Map<String, Value>, Vec<(usize, usize)>, Option<(String, usize, usize)>),
}

struct Frame {
    kind: Kind,
    anchor: usize,
    start: usize,
    end: usize,
    flow: bool,
    /// Length of the walker's pointer while this node is open (its own pointer).
    ptr_len: usize,
    nodes_at_start: usize,
    next_index: usize,
    /// This node's key span in its parent mapping.
    key_span: Option<(usize, usize)>,
}

struct Walker {
    build_value: bool,
    limits: TreeLimits,
    stack: Vec<Frame>,
    ptr: String,
    root: Option<Value>,
    anchors: HashMap<usize, (Value, usize)>,
    nodes: usize,
    aliases: usize,
    problems: Vec<Problem>,
    index: SpanIndex,
    saw_document: bool,
}

fn offset(m: &Marker) -> usize {
    m.byte_offset().unwrap_or_else(|| m.index())
}

fn range(s: &GSpan) -> (usize, usize) {
    (offset(&s.start), offset(&s.end))
}

impl Walker {
    fn new(build_value: bool, limits: TreeLimits) -> Self {
        Walker {
            build_value,
            limits,
            stack: Vec::new(),
            ptr: String::new(),
            root: None,
            anchors: HashMap::new(),
            nodes: 0,
            aliases: 0,
            problems: Vec::new(),
            index: SpanIndex::default(),
            saw_document: false,
        }
    }

    fn run(&mut self, text: &str) {
        let mut options = granit_parser::Options::default();
        options.block_nesting_limit = self.limits.max_depth.saturating_add(2).min(100_000);
        options.flow_nesting_limit = options.block_nesting_limit;
        let parser = Parser::new_from_str_with_options(text, options);
        for item in parser {
            let (event, span) = match item {
                Ok(ev) => ev,
                Err(e) => {
                    let at = offset(e.marker());
                    let problem = if matches!(e.kind(), granit_parser::ErrorKind::RecursionLimitExceeded) {
                        Problem::TooDeep { start: at, limit: self.limits.max_depth }
                    } else {
                        Problem::Syntax { start: at, end: at + 1, message: e.kind().to_string() }
                    };
                    self.problems.push(problem);
                    return;
                }
            };
            if !self.event(event, &span) {
                return;
            }
        }
    }

    /// Handles one event; `false` stops the walk.
    fn event(&mut self, event: Event<'_>, span: &GSpan) -> bool {
        let (start, end) = range(span);
        match event {
            Event::DocumentStart(..) => {
                if self.saw_document {
                    self.problems.push(Problem::MultipleDocuments { start });
                    return false;
                }
                self.saw_document = true;
                true
            }
            Event::Scalar(text, style, anchor, tag) => {
                if self.take_key(&text, start, end) {
                    return true;
                }
                let value = if self.build_value { resolve(&text, style, tag.as_deref()) } else { Value::Null };
                self.nodes += 1;
                let key_span = self.enter_child();
                self.complete(value, anchor, start, end, key_span, self.nodes - 1)
            }
            Event::SequenceStart(style, anchor, _) | Event::MappingStart(style, anchor, _) => {
                let is_map = matches!(event, Event::MappingStart(..));
                if self.awaiting_key() {
                    self.problems.push(Problem::ComplexKey { start, end });
                    return false;
                }
                if self.stack.len() >= self.limits.max_depth {
                    self.problems.push(Problem::TooDeep { start, limit: self.limits.max_depth });
                    return false;
                }
                let nodes_at_start = self.nodes;
                self.nodes += 1;
                let key_span = self.enter_child();
                let kind = if is_map { Kind::Map(Map::new(), Vec::new(), None) } else { Kind::Seq(Vec::new()) };
                self.stack.push(Frame {
                    kind,
                    anchor,
                    start,
                    end,
                    flow: style == granit_parser::StructureStyle::Flow,
                    ptr_len: self.ptr.len(),
                    nodes_at_start,
                    next_index: 0,
                    key_span,
                });
                true
            }
            Event::SequenceEnd | Event::MappingEnd => {
                let Some(frame) = self.stack.pop() else { return true };
                let end = if frame.flow { end } else { frame.end };
                let value = match frame.kind {
                    Kind::Seq(items) => Value::Array(items),
                    Kind::Map(map, _, _) => Value::Object(map),
                };
                self.complete(value, frame.anchor, frame.start, end, frame.key_span, frame.nodes_at_start)
            }
            Event::Alias(id) => self.alias(id, start, end),
            _ => true,
        }
    }

    fn awaiting_key(&self) -> bool {
        matches!(self.stack.last(), Some(Frame { kind: Kind::Map(_, _, None), .. }))
    }

    /// When the top frame is a mapping waiting for a key, takes `text` as that key.
    fn take_key(&mut self, text: &str, start: usize, end: usize) -> bool {
        let Some(Frame { kind: Kind::Map(map, spans, pending @ None), .. }) = self.stack.last_mut() else {
            return false;
        };
        if map.contains_key(text)
            && let Some(first) = map.keys().position(|k| k == text).and_then(|i| spans.get(i))
        {
            self.problems.push(Problem::DuplicateKey { key: text.to_owned(), first: *first, second: (start, end) });
        }
        *pending = Some((text.to_owned(), start, end));
        true
    }

    /// Sets the pointer to the child about to be read; returns its key span when the parent is a mapping.
    fn enter_child(&mut self) -> Option<(usize, usize)> {
        let parent = self.stack.last_mut()?;
        if self.build_value {
            // Pointers are only needed for the span index.
            return match &parent.kind {
                Kind::Map(_, _, Some((_, ks, ke))) => Some((*ks, *ke)),
                _ => None,
            };
        }
        self.ptr.truncate(parent.ptr_len);
        self.ptr.push('/');
        match &parent.kind {
            Kind::Seq(_) => {
                use std::fmt::Write as _;
                let _ = write!(self.ptr, "{}", parent.next_index);
                parent.next_index += 1;
                None
            }
            Kind::Map(_, _, Some((key, ks, ke))) => {
                if key.contains(['~', '/']) {
                    self.ptr.push_str(&key.replace('~', "~0").replace('/', "~1"));
                } else {
                    self.ptr.push_str(key);
                }
                Some((*ks, *ke))
            }
            Kind::Map(_, _, None) => None,
        }
    }

    /// A node is complete: index it, remember it when anchored, and attach it to its parent.
    fn complete(
        &mut self,
        value: Value,
        anchor: usize,
        start: usize,
        end: usize,
        key_span: Option<(usize, usize)>,
        nodes_at_start: usize,
    ) -> bool {
        if !self.build_value {
            self.index.insert(self.ptr.clone(), Entry { start, end, key: key_span });
        }
        if anchor != 0 && self.build_value {
            self.anchors.insert(anchor, (value.clone(), self.nodes - nodes_at_start));
        }
        self.attach(value, end)
    }

    fn attach(&mut self, value: Value, end: usize) -> bool {
        let Some(parent) = self.stack.last_mut() else {
            self.root = Some(value);
            return true;
        };
        parent.end = parent.end.max(end);
        self.ptr.truncate(parent.ptr_len);
        match &mut parent.kind {
            Kind::Seq(items) => {
                if self.build_value {
                    items.push(value);
                }
            }
            Kind::Map(map, spans, pending) => {
                if let Some((key, ks, ke)) = pending.take()
                    && self.build_value
                    && !map.contains_key(&key)
                {
                    map.insert(key, value);
                    spans.push((ks, ke));
                }
            }
        }
        true
    }

    fn alias(&mut self, id: usize, start: usize, end: usize) -> bool {
        self.aliases += 1;
        if self.aliases > self.limits.max_aliases {
            let message = format!("more than {} aliases in one file", self.limits.max_aliases);
            self.problems.push(Problem::AliasLimit { start, end, message });
            return false;
        }
        let (value, count) = match self.anchors.get(&id) {
            Some((v, n)) if self.build_value => (Some(v), *n),
            _ => (None, 1),
        };
        self.nodes = self.nodes.saturating_add(count);
        if self.nodes > self.limits.max_nodes {
            let message =
                format!("aliases expand the document beyond {} nodes (a \"billion laughs\" structure)", self.limits.max_nodes);
            self.problems.push(Problem::AliasLimit { start, end, message });
            return false;
        }
        let value = value.cloned().unwrap_or(Value::Null);
        if self.awaiting_key() {
            let text = match &value {
                Value::String(s) => s.clone(),
                Value::Number(n) => n.to_string(),
                Value::Bool(b) => b.to_string(),
                Value::Null if !self.build_value => String::new(),
                _ => {
                    self.problems.push(Problem::ComplexKey { start, end });
                    return false;
                }
            };
            return self.take_key(&text, start, end);
        }
        let key_span = self.enter_child();
        if !self.build_value {
            self.index.insert(self.ptr.clone(), Entry { start, end, key: key_span });
        }
        self.attach(value, end)
    }
}

/// Resolves a scalar with the YAML 1.2 core schema. Quoted and block scalars, and `!!str`, are strings.
fn resolve(text: &str, style: ScalarStyle, tag: Option<&Tag>) -> Value {
    if let Some(tag) = tag
        && tag.suffix() == "str"
    {
        return Value::String(text.to_owned());
    }
    if style != ScalarStyle::Plain {
        return Value::String(text.to_owned());
    }
    match text {
        "" | "~" | "null" | "Null" | "NULL" => return Value::Null,
        "true" | "True" | "TRUE" => return Value::Bool(true),
        "false" | "False" | "FALSE" => return Value::Bool(false),
        _ => {}
    }
    number(text).map_or_else(|| Value::String(text.to_owned()), Value::Number)
}

/// A core-schema number as a JSON number keeping its digits; `None` when `text` is not a number (or is `.inf` /
/// `.nan`, which JSON cannot hold: they stay strings, and an amount field then refuses them by text).
fn number(text: &str) -> Option<Number> {
    let first = text.as_bytes().first()?;
    if !(first.is_ascii_digit() || matches!(first, b'-' | b'+' | b'.')) {
        return None;
    }
    if let Some(hex) = text.strip_prefix("0x") {
        return u64::from_str_radix(hex, 16).ok().map(Number::from);
    }
    if let Some(oct) = text.strip_prefix("0o") {
        return u64::from_str_radix(oct, 8).ok().map(Number::from);
    }
    let (neg, body) = match text.as_bytes()[0] {
        b'-' => (true, &text[1..]),
        b'+' => (false, &text[1..]),
        _ => (false, text),
    };
    let (mantissa, exponent) = match body.find(['e', 'E']) {
        Some(i) => (&body[..i], Some(&body[i + 1..])),
        None => (body, None),
    };
    let (int, frac) = match mantissa.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (mantissa, None),
    };
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let exp_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['-', '+']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    if !digits(int) || !frac.is_none_or(digits) || (int.is_empty() && frac.is_none_or(str::is_empty)) || !exp_ok {
        return None;
    }
    // JSON spelling: no `+`, no leading zeros, digits on both sides of the point.
    let int = int.trim_start_matches('0');
    let mut json = String::with_capacity(text.len() + 2);
    if neg {
        json.push('-');
    }
    json.push_str(if int.is_empty() { "0" } else { int });
    if let Some(f) = frac {
        json.push('.');
        json.push_str(if f.is_empty() { "0" } else { f });
    }
    if let Some(e) = exponent {
        json.push('e');
        json.push_str(e);
    }
    Number::from_str(&json).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    const LIMITS: TreeLimits = TreeLimits { max_depth: 64, max_nodes: 1000, max_aliases: 100 };

    fn value(text: &str) -> Value {
        let w = walk_value(text, LIMITS);
        assert!(w.problems.is_empty(), "{:?}", w.problems);
        w.value.expect("value")
    }

    #[test]
    fn core_schema_scalars() {
        let v = value("a: NO\nb: on\nc: yes\nd: true\ne: ~\nf: 1.10\ng: 0x1F\nh: .inf\ni: '12'\nj: 1e-7\nk: 007\nl: +3\n");
        assert_eq!(v["a"], "NO");
        assert_eq!(v["b"], "on");
        assert_eq!(v["c"], "yes");
        assert_eq!(v["d"], true);
        assert_eq!(v["e"], Value::Null);
        assert_eq!(v["f"].to_string(), "1.10");
        assert_eq!(v["g"].to_string(), "31");
        assert_eq!(v["h"], ".inf");
        assert_eq!(v["i"], "12");
        assert_eq!(v["j"].to_string(), "1e-7");
        assert_eq!(v["k"].to_string(), "7");
        assert_eq!(v["l"].to_string(), "3");
        let big = value("p: 123456789012345678901234567890\n");
        assert_eq!(big["p"].to_string(), "123456789012345678901234567890");
    }

    #[test]
    fn duplicate_keys_point_at_both() {
        let text = "a: 1\nb: 2\na: 3\n";
        let w = walk_value(text, LIMITS);
        assert_eq!(w.problems, vec![Problem::DuplicateKey { key: "a".into(), first: (0, 1), second: (10, 11) }]);
        assert_eq!(w.value.expect("value")["a"], 1);
    }

    #[test]
    fn billion_laughs_stops() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            text.push_str(&format!("a{i}: &a{i} [{refs}]\n"));
        }
        let w = walk_value(&text, LIMITS);
        assert!(matches!(w.problems.as_slice(), [Problem::AliasLimit { .. }]), "{:?}", w.problems);
    }

    #[test]
    fn depth_limit() {
        let text = format!("{}1{}", "[".repeat(100), "]".repeat(100));
        let w = walk_value(&text, LIMITS);
        assert!(matches!(w.problems.as_slice(), [Problem::TooDeep { limit: 64, .. }]), "{:?}", w.problems);
    }

    #[test]
    fn index_records_nodes_and_keys() {
        let text = "key: p\nplans:\n  - key: a\n    prices: {USD: 19.99, EUR: 18.00}\n";
        let idx = build_index(text);
        let e = idx.get("/plans/0/prices/EUR").expect("entry");
        assert_eq!(&text[e.start..e.end], "18.00");
        let (ks, ke) = e.key.expect("key");
        assert_eq!(&text[ks..ke], "EUR");
        let plan = idx.get("/plans/0").expect("plan");
        assert_eq!(&text[plan.start..plan.start + 3], "key");
    }
}
