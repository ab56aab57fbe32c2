//! Canonical JSON (object keys sorted, no insignificant whitespace, numbers as their exact text) and SHA-256
//! digests over it. Used for live-object fingerprints, the catalog digest and the saved plan's own digest.
//! Digests stream straight into the hasher: no intermediate string is built.

use std::io::Write;

use serde::Serialize;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// Writes `v` as canonical JSON to `out`: keys sorted by their UTF-8 bytes at every level, compact separators.
///
/// # Errors
/// Only those of `out`.
pub fn write<W: Write>(v: &Value, out: &mut W) -> std::io::Result<()> {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<(&String, &Value)> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.as_bytes().cmp(b.0.as_bytes()));
            out.write_all(b"{")?;
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                write_str(k, out)?;
                out.write_all(b":")?;
                write(v, out)?;
            }
            out.write_all(b"}")
        }
        Value::Array(items) => {
            out.write_all(b"[")?;
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.write_all(b",")?;
                }
                write(item, out)?;
            }
            out.write_all(b"]")
        }
        other => serde_json::to_writer(&mut *out, other).map_err(std::io::Error::other),
    }
}

/// Writes a JSON string literal.
///
/// # Errors
/// Only those of `out`.
pub fn write_str<W: Write>(s: &str, out: &mut W) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, s).map_err(std::io::Error::other)
}

/// Canonical JSON of `v` as a string.
#[must_use]
pub fn to_string(v: &Value) -> String {
    let mut buf = Vec::new();
    let _ = write(v, &mut buf);
    String::from_utf8(buf).unwrap_or_default()
}

/// A SHA-256 hasher that canonical JSON can be written into.
#[derive(Default)]
pub struct Hasher(Sha256);

impl Write for Hasher {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl Hasher {
    /// `sha256:<hex>` of everything written.
    #[must_use]
    pub fn finish(self) -> String {
        format!("sha256:{}", hex::encode(self.0.finalize()))
    }
}

/// `sha256:<hex>` of the canonical JSON of `v`.
#[must_use]
pub fn digest(v: &Value) -> String {
    let mut h = Hasher::default();
    let _ = write(v, &mut h);
    h.finish()
}

// ---------------------------------------------------------------------------------------------------------------
// Canonical JSON straight from `Serialize`: the same bytes as `write(&serde_json::to_value(x)?)`, without building
// the intermediate `Value` (one allocation per node). Every object's entries are written in place into one byte
// buffer as they come; an object whose keys did not arrive in byte order is rearranged once when it ends.

/// Why a value cannot be written as canonical JSON (the same values `serde_json::to_value` refuses).
#[derive(Debug)]
pub struct Error(String);

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl serde::ser::Error for Error {
    fn custom<T: std::fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// Where an entry's raw (unescaped) key is: a field name, or a range of `Ser::keys`.
#[derive(Clone, Copy)]
enum Key {
    Static(&'static str),
    Side(usize, usize),
}

/// One entry of an object being written: its key and the byte range of `"key":value` in the output.
#[derive(Clone, Copy)]
struct Entry {
    key: Key,
    start: usize,
    end: usize,
}

/// The canonical serializer: the output, raw map keys, and pools of reusable scratch vectors.
#[derive(Default)]
struct Ser {
    out: Vec<u8>,
    keys: Vec<u8>,
    entry_pool: Vec<Vec<Entry>>,
    scratch: Vec<u8>,
    text: String,
    /// Top-level object keys to leave out.
    skip: &'static [&'static str],
    depth: usize,
    /// The top-level object's entries once written: raw key and byte range of `"key":value` in `out`.
    top: Vec<(Vec<u8>, usize, usize)>,
}

impl Ser {
    fn key_bytes(keys: &[u8], k: Key) -> &[u8] {
        match k {
            Key::Static(s) => s.as_bytes(),
            Key::Side(a, b) => &keys[a..b],
        }
    }

    fn begin_object(&mut self) -> Object<'_> {
        self.depth += 1;
        self.out.push(b'{');
        let body = self.out.len();
        let keys_mark = self.keys.len();
        let entries = self.entry_pool.pop().unwrap_or_default();
        Object { body, keys_mark, entries, ser: self, pending: None, variant: false }
    }
}

/// Writes an integer's decimal text.
fn write_int(out: &mut Vec<u8>, v: impl std::fmt::Display) {
    use std::io::Write as _;
    let _ = write!(out, "{v}");
}

/// Escapes `s` as a JSON string literal exactly as `serde_json` does.
fn escape_into(out: &mut Vec<u8>, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push(b'"');
    let bytes = s.as_bytes();
    let mut start = 0;
    for (i, &b) in bytes.iter().enumerate() {
        let esc: &[u8] = match b {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            0x08 => b"\\b",
            0x0c => b"\\f",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x00..=0x1f => b"",
            _ => continue,
        };
        out.extend_from_slice(&bytes[start..i]);
        if esc.is_empty() {
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xf)]]);
        } else {
            out.extend_from_slice(esc);
        }
        start = i + 1;
    }
    out.extend_from_slice(&bytes[start..]);
    out.push(b'"');
}

/// An object being written.
struct Object<'a> {
    ser: &'a mut Ser,
    /// Output position just after `{`.
    body: usize,
    /// `ser.keys` length when the object began.
    keys_mark: usize,
    entries: Vec<Entry>,
    /// Key of a map entry whose value has not come yet.
    pending: Option<Key>,
    /// A struct variant's object: `{"Variant":{...}}` needs a second `}`.
    variant: bool,
}

impl Object<'_> {
    fn skipped(&self, key: &str) -> bool {
        self.ser.depth == 1 && self.ser.skip.contains(&key)
    }

    fn start_entry(&mut self, key: Key) {
        if !self.entries.is_empty() {
            self.ser.out.push(b',');
        }
        let ser = &mut *self.ser;
        let start = ser.out.len();
        // Keys are valid UTF-8: they come from `&str`s.
        escape_into(&mut ser.out, std::str::from_utf8(Ser::key_bytes(&ser.keys, key)).unwrap_or_default());
        ser.out.push(b':');
        self.entries.push(Entry { key, start, end: start });
    }

    /// A whole `"key":value` entry.
    fn entry<T: ?Sized + Serialize>(&mut self, key: Key, v: &T) -> SResult {
        self.start_entry(key);
        v.serialize(&mut *self.ser)?;
        self.end_entry();
        Ok(())
    }

    fn end_entry(&mut self) {
        if let Some(e) = self.entries.last_mut() {
            e.end = self.ser.out.len();
        }
    }

    fn finish(mut self) -> SResult {
        let ser = &mut *self.ser;
        let in_order = self
            .entries
            .windows(2)
            .all(|w| Ser::key_bytes(&ser.keys, w[0].key) < Ser::key_bytes(&ser.keys, w[1].key));
        if !in_order {
            let mut tmp = std::mem::take(&mut ser.scratch);
            tmp.clear();
            tmp.extend_from_slice(&ser.out[self.body..]);
            let keys = &ser.keys;
            // Stable: of equal keys (a map that repeats one) the last written wins, as in `to_value`.
            self.entries.sort_by(|a, b| Ser::key_bytes(keys, a.key).cmp(Ser::key_bytes(keys, b.key)));
            ser.out.truncate(self.body);
            let n = self.entries.len();
            let mut first = true;
            for i in 0..n {
                let e = self.entries[i];
                if i + 1 < n && Ser::key_bytes(keys, e.key) == Ser::key_bytes(keys, self.entries[i + 1].key) {
                    continue;
                }
                if !first {
                    ser.out.push(b',');
                }
                first = false;
                let start = ser.out.len();
                ser.out.extend_from_slice(&tmp[e.start - self.body..e.end - self.body]);
                if ser.depth == 1 {
                    ser.top.push((Ser::key_bytes(keys, e.key).to_vec(), start, ser.out.len()));
                }
            }
            ser.scratch = tmp;
        } else if ser.depth == 1 {
            for e in &self.entries {
                ser.top.push((Ser::key_bytes(&ser.keys, e.key).to_vec(), e.start, e.end));
            }
        }
        ser.out.push(b'}');
        if self.variant {
            ser.out.push(b'}');
        }
        ser.keys.truncate(self.keys_mark);
        self.entries.clear();
        ser.entry_pool.push(std::mem::take(&mut self.entries));
        ser.depth -= 1;
        Ok(())
    }
}

type SResult = Result<(), Error>;

/// Serializer methods for scalar types that all go through one function.
macro_rules! ints {
    ($with:ident; $($f:ident($t:ty);)*) => {
        $(fn $f(self, v: $t) -> SResult {
            $with(self, v)
        })*
    };
}

fn ser_int(ser: &mut Ser, v: impl std::fmt::Display) -> SResult {
    write_int(&mut ser.out, v);
    Ok(())
}

/// Floats as `serde_json::to_value` writes them (none of skuctl's types has one: amounts are exact decimals).
fn ser_float(ser: &mut Ser, v: impl Serialize) -> SResult {
    let v = serde_json::to_value(v).map_err(|e| Error(e.to_string()))?;
    write(&v, &mut ser.out).map_err(|e| Error(e.to_string()))
}

fn key_int(key: MapKey<'_>, v: impl std::fmt::Display) -> SResult {
    write_int(key.0, v);
    Ok(())
}

impl<'a> serde::Serializer for &'a mut Ser {
    type Ok = ();
    type Error = Error;
    type SerializeSeq = Seq<'a>;
    type SerializeTuple = Seq<'a>;
    type SerializeTupleStruct = Seq<'a>;
    type SerializeTupleVariant = Seq<'a>;
    type SerializeMap = Object<'a>;
    type SerializeStruct = StructOut<'a>;
    type SerializeStructVariant = Object<'a>;

    fn serialize_bool(self, v: bool) -> SResult {
        self.out.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    ints! { ser_int;
        serialize_i8(i8); serialize_i16(i16); serialize_i32(i32); serialize_i64(i64); serialize_i128(i128);
        serialize_u8(u8); serialize_u16(u16); serialize_u32(u32); serialize_u64(u64); serialize_u128(u128);
    }
    ints! { ser_float; serialize_f32(f32); serialize_f64(f64); }
    fn serialize_char(self, v: char) -> SResult {
        self.serialize_str(v.encode_utf8(&mut [0; 4]))
    }
    fn serialize_str(self, v: &str) -> SResult {
        escape_into(&mut self.out, v);
        Ok(())
    }
    fn serialize_bytes(self, v: &[u8]) -> SResult {
        use serde::ser::SerializeSeq as _;
        let mut s = self.serialize_seq(Some(v.len()))?;
        for b in v {
            s.serialize_element(b)?;
        }
        s.end()
    }
    fn serialize_none(self) -> SResult {
        self.out.extend_from_slice(b"null");
        Ok(())
    }
    fn serialize_some<T: ?Sized + Serialize>(self, v: &T) -> SResult {
        v.serialize(self)
    }
    fn serialize_unit(self) -> SResult {
        self.serialize_none()
    }
    fn serialize_unit_struct(self, _: &'static str) -> SResult {
        self.serialize_none()
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> SResult {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, v: &T) -> SResult {
        v.serialize(self)
    }
    fn serialize_newtype_variant<T: ?Sized + Serialize>(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        v: &T,
    ) -> SResult {
        self.out.push(b'{');
        escape_into(&mut self.out, variant);
        self.out.push(b':');
        v.serialize(&mut *self)?;
        self.out.push(b'}');
        Ok(())
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Seq<'a>, Error> {
        self.depth += 1;
        self.out.push(b'[');
        Ok(Seq { ser: self, first: true, variant: false })
    }
    fn serialize_tuple(self, len: usize) -> Result<Seq<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(self, _: &'static str, len: usize) -> Result<Seq<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(self, _: &'static str, _: u32, variant: &'static str, _: usize) -> Result<Seq<'a>, Error> {
        self.out.push(b'{');
        escape_into(&mut self.out, variant);
        self.out.extend_from_slice(b":[");
        self.depth += 1;
        Ok(Seq { ser: self, first: true, variant: true })
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Object<'a>, Error> {
        Ok(self.begin_object())
    }
    fn serialize_struct(self, name: &'static str, _: usize) -> Result<StructOut<'a>, Error> {
        if name == "$serde_json::private::Number" {
            return Ok(StructOut::Number(self));
        }
        if name.starts_with("$serde_json::private::") {
            return Err(Error(format!("{name} cannot be written as canonical JSON")));
        }
        Ok(StructOut::Object(self.begin_object()))
    }
    fn serialize_struct_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
        _: usize,
    ) -> Result<Object<'a>, Error> {
        self.out.push(b'{');
        escape_into(&mut self.out, variant);
        self.out.push(b':');
        let mut o = self.begin_object();
        o.variant = true;
        Ok(o)
    }
    fn collect_str<T: ?Sized + std::fmt::Display>(self, v: &T) -> SResult {
        use std::fmt::Write as _;
        let mut text = std::mem::take(&mut self.text);
        text.clear();
        let _ = write!(text, "{v}");
        escape_into(&mut self.out, &text);
        self.text = text;
        Ok(())
    }
}

/// An array being written (or the array of a tuple variant, closed with `]}`).
struct Seq<'a> {
    ser: &'a mut Ser,
    first: bool,
    variant: bool,
}

impl Seq<'_> {
    fn element<T: ?Sized + Serialize>(&mut self, v: &T) -> SResult {
        if !self.first {
            self.ser.out.push(b',');
        }
        self.first = false;
        v.serialize(&mut *self.ser)
    }
    fn close(self) -> SResult {
        self.ser.out.push(b']');
        if self.variant {
            self.ser.out.push(b'}');
        }
        self.ser.depth -= 1;
        Ok(())
    }
}

/// The four array-like compounds all write elements the same way.
macro_rules! seq_impls {
    ($($tr:ident :: $f:ident),*) => {$(
        impl serde::ser::$tr for Seq<'_> {
            type Ok = ();
            type Error = Error;
            fn $f<T: ?Sized + Serialize>(&mut self, v: &T) -> SResult {
                self.element(v)
            }
            fn end(self) -> SResult {
                self.close()
            }
        }
    )*};
}

seq_impls!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field,
    SerializeTupleVariant::serialize_field
);

impl serde::ser::SerializeMap for Object<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_key<T: ?Sized + Serialize>(&mut self, key: &T) -> SResult {
        let start = self.ser.keys.len();
        key.serialize(MapKey(&mut self.ser.keys))?;
        let k = Key::Side(start, self.ser.keys.len());
        let raw = Ser::key_bytes(&self.ser.keys, k);
        if self.ser.depth == 1 && self.ser.skip.iter().any(|s| s.as_bytes() == raw) {
            self.pending = None;
            return Ok(());
        }
        self.pending = Some(k);
        self.start_entry(k);
        Ok(())
    }
    fn serialize_value<T: ?Sized + Serialize>(&mut self, v: &T) -> SResult {
        if self.pending.take().is_none() {
            return Ok(()); // a skipped top-level key
        }
        v.serialize(&mut *self.ser)?;
        self.end_entry();
        Ok(())
    }
    fn end(self) -> SResult {
        self.finish()
    }
}

impl serde::ser::SerializeStructVariant for Object<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, v: &T) -> SResult {
        self.entry(Key::Static(key), v)
    }
    fn end(self) -> SResult {
        self.finish()
    }
}

/// A struct: an object, or the exact text of an `arbitrary_precision` number.
enum StructOut<'a> {
    Object(Object<'a>),
    Number(&'a mut Ser),
}

impl serde::ser::SerializeStruct for StructOut<'_> {
    type Ok = ();
    type Error = Error;
    fn serialize_field<T: ?Sized + Serialize>(&mut self, key: &'static str, v: &T) -> SResult {
        match self {
            StructOut::Object(o) => {
                if o.skipped(key) {
                    return Ok(());
                }
                o.entry(Key::Static(key), v)
            }
            StructOut::Number(ser) => {
                let mut text = std::mem::take(&mut ser.text);
                text.clear();
                v.serialize(RawText(&mut text))?;
                ser.out.extend_from_slice(text.as_bytes());
                ser.text = text;
                Ok(())
            }
        }
    }
    fn end(self) -> SResult {
        match self {
            StructOut::Object(o) => o.finish(),
            StructOut::Number(_) => Ok(()),
        }
    }
}

fn key_must_be_a_string() -> Error {
    Error("key must be a string".to_owned())
}

/// Writes a map key's raw text (what `serde_json::to_value` accepts as a key).
struct MapKey<'a>(&'a mut Vec<u8>);

/// Captures the text of an `arbitrary_precision` number.
struct RawText<'a>(&'a mut String);

macro_rules! refuse {
    ($($f:ident($($t:ty),*);)*) => {
        $(fn $f(self, $(_: $t),*) -> SResult { Err(key_must_be_a_string()) })*
    };
}

macro_rules! unsupported_compounds {
    () => {
        type SerializeSeq = serde::ser::Impossible<(), Error>;
        type SerializeTuple = serde::ser::Impossible<(), Error>;
        type SerializeTupleStruct = serde::ser::Impossible<(), Error>;
        type SerializeTupleVariant = serde::ser::Impossible<(), Error>;
        type SerializeMap = serde::ser::Impossible<(), Error>;
        type SerializeStruct = serde::ser::Impossible<(), Error>;
        type SerializeStructVariant = serde::ser::Impossible<(), Error>;
        fn serialize_bytes(self, _: &[u8]) -> SResult { Err(key_must_be_a_string()) }
        fn serialize_none(self) -> SResult { Err(key_must_be_a_string()) }
        fn serialize_some<T: ?Sized + Serialize>(self, _: &T) -> SResult { Err(key_must_be_a_string()) }
        fn serialize_unit(self) -> SResult { Err(key_must_be_a_string()) }
        fn serialize_unit_struct(self, _: &'static str) -> SResult { Err(key_must_be_a_string()) }
        fn serialize_newtype_variant<T: ?Sized + Serialize>(self, _: &'static str, _: u32, _: &'static str, _: &T) -> SResult {
            Err(key_must_be_a_string())
        }
        fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Error> { Err(key_must_be_a_string()) }
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, Error> { Err(key_must_be_a_string()) }
        fn serialize_tuple_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeTupleStruct, Error> {
            Err(key_must_be_a_string())
        }
        fn serialize_tuple_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeTupleVariant, Error> {
            Err(key_must_be_a_string())
        }
        fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Error> { Err(key_must_be_a_string()) }
        fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Error> { Err(key_must_be_a_string()) }
        fn serialize_struct_variant(self, _: &'static str, _: u32, _: &'static str, _: usize) -> Result<Self::SerializeStructVariant, Error> {
            Err(key_must_be_a_string())
        }
    };
}

impl serde::Serializer for MapKey<'_> {
    type Ok = ();
    type Error = Error;
    unsupported_compounds!();
    ints! { key_int;
        serialize_i8(i8); serialize_i16(i16); serialize_i32(i32); serialize_i64(i64); serialize_i128(i128);
        serialize_u8(u8); serialize_u16(u16); serialize_u32(u32); serialize_u64(u64); serialize_u128(u128);
    }
    refuse! { serialize_f32(f32); serialize_f64(f64); }
    fn serialize_bool(self, v: bool) -> SResult {
        self.0.extend_from_slice(if v { b"true" } else { b"false" });
        Ok(())
    }
    fn serialize_char(self, v: char) -> SResult {
        self.0.extend_from_slice(v.encode_utf8(&mut [0; 4]).as_bytes());
        Ok(())
    }
    fn serialize_str(self, v: &str) -> SResult {
        self.0.extend_from_slice(v.as_bytes());
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, variant: &'static str) -> SResult {
        self.serialize_str(variant)
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, v: &T) -> SResult {
        v.serialize(self)
    }
    fn collect_str<T: ?Sized + std::fmt::Display>(self, v: &T) -> SResult {
        use std::io::Write as _;
        write!(self.0, "{v}").map_err(|e| Error(e.to_string()))
    }
}

impl serde::Serializer for RawText<'_> {
    type Ok = ();
    type Error = Error;
    unsupported_compounds!();
    refuse! {
        serialize_i8(i8); serialize_i16(i16); serialize_i32(i32); serialize_i64(i64); serialize_i128(i128);
        serialize_u8(u8); serialize_u16(u16); serialize_u32(u32); serialize_u64(u64); serialize_u128(u128);
        serialize_f32(f32); serialize_f64(f64); serialize_bool(bool); serialize_char(char);
    }
    fn serialize_str(self, v: &str) -> SResult {
        self.0.push_str(v);
        Ok(())
    }
    fn serialize_unit_variant(self, _: &'static str, _: u32, _: &'static str) -> SResult {
        Err(key_must_be_a_string())
    }
    fn serialize_newtype_struct<T: ?Sized + Serialize>(self, _: &'static str, v: &T) -> SResult {
        v.serialize(self)
    }
}

thread_local! {
    static SER: std::cell::RefCell<Ser> = std::cell::RefCell::new(Ser::default());
}

/// Runs `f` with the canonical JSON of `value` (top-level object keys in `skip` left out); `None` when `value`
/// cannot be represented as JSON, which `serde_json::to_value(..).unwrap_or(Null)` turned into `null`.
fn with_ser<T: ?Sized + Serialize, R>(value: &T, skip: &'static [&'static str], f: impl FnOnce(Option<&Ser>) -> R) -> R {
    let run = |ser: &mut Ser| {
        ser.out.clear();
        ser.keys.clear();
        ser.top.clear();
        ser.depth = 0;
        ser.skip = skip;
        let ok = value.serialize(&mut *ser).is_ok();
        f(if ok { Some(&*ser) } else { None })
    };
    // Re-entrant use (a `Serialize` impl that digests something itself) gets a fresh serializer.
    SER.with(|cell| match cell.try_borrow_mut() {
        Ok(mut ser) => {
            let r = run(&mut ser);
            if ser.out.capacity() > 64 << 20 {
                *ser = Ser::default(); // do not keep a huge buffer for the rest of the process
            }
            r
        }
        Err(_) => run(&mut Ser::default()),
    })
}

/// Canonical JSON of any `Serialize` value: the same bytes as `to_string(&serde_json::to_value(value)?)`, written
/// without building the `Value`.
#[must_use]
pub fn to_string_of<T: ?Sized + Serialize>(value: &T) -> String {
    with_ser(value, &[], |s| String::from_utf8_lossy(s.map_or(b"null" as &[u8], |s| s.out.as_slice())).into_owned())
}

/// `sha256:<hex>` of the canonical JSON of any `Serialize` value, leaving out the top-level object keys in `skip`:
/// the same digest as `digest(&serde_json::to_value(value)?)` with those keys removed, without building the `Value`.
#[must_use]
pub fn digest_of<T: ?Sized + Serialize>(value: &T, skip: &'static [&'static str]) -> String {
    with_ser(value, skip, |s| {
        let mut h = Hasher::default();
        h.0.update(s.map_or(b"null" as &[u8], |s| s.out.as_slice()));
        h.finish()
    })
}

/// The canonical JSON of a value whose top level is an object, split into its top-level entries, so several
/// digests that each leave out or replace some of them are computed from one serialisation.
pub struct TopLevel<'a>(Option<&'a Ser>);

impl TopLevel<'_> {
    /// `sha256:<hex>` of the canonical JSON of the object without the keys in `leave_out`, with the value of the
    /// key `replace.0` (if present) replaced by the JSON string `replace.1`. A value that could not be serialised
    /// digests as `null`, like `digest(&Value::Null)`.
    #[must_use]
    pub fn digest(&self, leave_out: &[&str], replace: Option<(&str, &str)>) -> String {
        let mut h = Hasher::default();
        let Some(ser) = self.0.filter(|s| s.out.first() == Some(&b'{')) else {
            h.0.update(self.0.map_or(b"null" as &[u8], |s| &s.out));
            return h.finish();
        };
        h.0.update(b"{");
        let mut first = true;
        for (key, start, end) in &ser.top {
            if leave_out.iter().any(|k| k.as_bytes() == key.as_slice()) {
                continue;
            }
            if !first {
                h.0.update(b",");
            }
            first = false;
            match replace.filter(|(k, _)| k.as_bytes() == key.as_slice()) {
                Some((k, v)) => {
                    let mut buf = Vec::with_capacity(k.len() + v.len() + 8);
                    escape_into(&mut buf, k);
                    buf.push(b':');
                    escape_into(&mut buf, v);
                    h.0.update(&buf);
                }
                None => h.0.update(&ser.out[*start..*end]),
            }
        }
        h.0.update(b"}");
        h.finish()
    }
}

/// Runs `f` with the canonical JSON of `value` (top-level keys in `skip` left out) split into top-level entries.
pub fn with_top_level<T: ?Sized + Serialize, R>(
    value: &T,
    skip: &'static [&'static str],
    f: impl FnOnce(&TopLevel<'_>) -> R,
) -> R {
    with_ser(value, skip, |s| f(&TopLevel(s)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_sorted_and_numbers_kept_exact() {
        let v: Value = serde_json::from_str(r#"{"b":1.10,"a":{"d":[1,"x\"y"],"c":null}}"#).expect("json");
        assert_eq!(to_string(&v), r#"{"a":{"c":null,"d":[1,"x\"y"]},"b":1.10}"#);
    }

    #[test]
    fn digest_ignores_key_order() {
        let a: Value = serde_json::from_str(r#"{"x":1,"y":2}"#).expect("json");
        let b: Value = serde_json::from_str(r#"{"y":2,"x":1}"#).expect("json");
        assert_eq!(digest(&a), digest(&b));
        assert!(digest(&a).starts_with("sha256:"));
        let mut h = Hasher::default();
        let _ = h.write_all(to_string(&a).as_bytes());
        assert_eq!(h.finish(), digest(&a));
    }

    #[derive(Serialize)]
    #[allow(dead_code)]
    enum E {
        Unit,
        New(u8),
        Tuple(i32, String),
        Struct { z: bool, a: Option<String> },
    }

    #[derive(Serialize)]
    struct Inner {
        zeta: Vec<E>,
        alpha: std::collections::BTreeMap<u32, &'static str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        gone: Option<u8>,
        none: Option<u8>,
    }

    #[derive(Serialize)]
    #[serde(tag = "mode", rename_all = "snake_case")]
    enum Tagged {
        Offline { path: String },
    }

    #[derive(Serialize)]
    struct Outer {
        b: Inner,
        a: Value,
        tagged: Tagged,
        text: &'static str,
        keys: std::collections::BTreeMap<String, i64>,
        empty: Vec<u8>,
        empty_map: std::collections::BTreeMap<String, u8>,
        nested: Vec<Vec<(u8, char)>>,
    }

    fn sample() -> Outer {
        let a: Value = serde_json::from_str(r#"{"y":[1.10,-0,12345678901234567890.123],"x":{"b":null,"a":true}}"#)
            .expect("json");
        Outer {
            b: Inner {
                zeta: vec![
                    E::Unit,
                    E::New(7),
                    E::Tuple(-3, "t".into()),
                    E::Struct { z: true, a: Some("\u{1}\"\\\n\u{7f}é😀".into()) },
                ],
                alpha: [(10, "ten"), (9, "nine"), (100, "hundred")].into_iter().collect(),
                gone: None,
                none: None,
            },
            a,
            tagged: Tagged::Offline { path: "state.json".into() },
            text: "tab\there",
            keys: [("a\"", 1), ("a", 2), ("a~", 3), ("A", 4), ("é", 5), ("a\u{1}", 6)]
                .into_iter()
                .map(|(k, v)| (k.to_owned(), v))
                .collect(),
            empty: Vec::new(),
            empty_map: std::collections::BTreeMap::new(),
            nested: vec![vec![(1, 'x')], vec![]],
        }
    }

    #[test]
    fn serializer_matches_the_value_route() {
        let v = sample();
        let via_value = serde_json::to_value(&v).expect("value");
        assert_eq!(to_string_of(&v), to_string(&via_value));
        assert_eq!(digest_of(&v, &[]), digest(&via_value));
        let mut without = via_value.clone();
        if let Some(m) = without.as_object_mut() {
            m.remove("b");
            m.remove("keys");
        }
        assert_eq!(digest_of(&v, &["b", "keys"]), digest(&without));
        let (a, b) = with_top_level(&v, &["b"], |t| (t.digest(&["keys"], None), t.digest(&[], Some(("text", "new")))));
        assert_eq!(a, digest(&without));
        let mut replaced = via_value.clone();
        if let Some(m) = replaced.as_object_mut() {
            m.remove("b");
            m.insert("text".into(), Value::String("new".into()));
        }
        assert_eq!(b, digest(&replaced));
        // A `Value` itself goes the same way.
        assert_eq!(to_string_of(&via_value), to_string(&via_value));
    }

    #[test]
    fn strings_are_escaped_as_serde_json_does() {
        let all: String = (0u32..0x100).filter_map(char::from_u32).chain(['\u{2028}', '😀']).collect();
        for c in all.chars() {
            let s = format!("a{c}b");
            assert_eq!(to_string_of(&s), serde_json::to_string(&s).expect("json"), "{:?}", c);
        }
    }

    #[test]
    fn unrepresentable_values_digest_as_null() {
        let bad: std::collections::BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into_iter().collect();
        assert!(serde_json::to_value(&bad).is_err());
        assert_eq!(digest_of(&bad, &[]), digest(&Value::Null));
    }
}
