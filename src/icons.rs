//! Iconify icon packs, for `A@{ icon: "prefix:name" }` nodes.
//!
//! Contract:
//! - Packs come from Iconify JSON text the caller supplies
//!   ([`IconPack::from_json`]); nothing is fetched. The CLI reads local files
//!   only (`--iconPacks`, `--iconPacksNamesAndUrls file://…`).
//! - Looking an icon up ([`IconSet::get`]) follows the pack's aliases and
//!   their flips and rotations, as Iconify's `getIconData` and `iconToSVG`
//!   define them, into one [`Icon`]: a view box and a body.
//! - A body is markup from a file nobody here wrote, so it is never copied
//!   through. [`Icon::sanitised_body`] parses it as XML and rebuilds it from
//!   an allow-list: drawing elements only (no script, `foreignObject`,
//!   `image`, `a`, animation, `style` or event handler), presentation
//!   attributes whose values parse as what the attribute takes (through
//!   [`crate::css`]), and references only to ids inside the same body. Every
//!   id is renamed under a prefix the caller gives, so two icons, or one
//!   diagram shown twice on a page, never share an id.
//! - An icon that is not in any pack draws mermaid's placeholder, a blue
//!   square with a question mark ([`Icon::unknown`]); the renderer warns.

use crate::{Error, ErrorKind};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

/// Iconify's default icon size, when neither the icon nor its pack says.
const DEFAULT_SIZE: f64 = 16.0;
/// Longest alias chain followed (Iconify stops at 36 too: a loop or a
/// runaway chain is a broken pack, not a reason to hang).
const MAX_ALIAS_DEPTH: usize = 36;
/// Deepest element nesting kept from an icon body.
const MAX_BODY_DEPTH: u32 = 64;

/// The part of the Iconify canvas an icon draws on.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ViewBox {
    /// Left edge.
    pub left: f64,
    /// Top edge.
    pub top: f64,
    /// Width (positive).
    pub width: f64,
    /// Height (positive).
    pub height: f64,
}

/// Flips and quarter turns an alias (or an icon) applies to its body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
struct Turn {
    h_flip: bool,
    v_flip: bool,
    /// Quarter turns clockwise, 0 to 3.
    quarter_turns: u8,
}

impl Turn {
    /// Iconify's rule: flips toggle, rotations add up.
    fn then(self, other: Turn) -> Turn {
        Turn {
            h_flip: self.h_flip ^ other.h_flip,
            v_flip: self.v_flip ^ other.v_flip,
            quarter_turns: (self.quarter_turns + other.quarter_turns) % 4,
        }
    }
}

/// One entry of a pack's `icons` or `aliases`: every field optional, so an
/// alias can override only what it changes.
#[derive(Debug, Clone, Default, PartialEq)]
struct Entry {
    /// `parent` (aliases only).
    parent: Option<String>,
    body: Option<String>,
    left: Option<f64>,
    top: Option<f64>,
    width: Option<f64>,
    height: Option<f64>,
    turn: Turn,
}

impl Entry {
    fn read(value: &Value) -> Option<Entry> {
        let m = value.as_object()?;
        let num = |k: &str| m.get(k).and_then(Value::as_f64).filter(|v| v.is_finite());
        let flag = |k: &str| m.get(k).and_then(Value::as_bool).unwrap_or(false);
        let quarter_turns = m.get("rotate").and_then(Value::as_i64).map_or(0, |r| r.rem_euclid(4) as u8);
        Some(Entry {
            parent: m.get("parent").and_then(Value::as_str).map(str::to_string),
            body: m.get("body").and_then(Value::as_str).map(str::to_string),
            left: num("left"),
            top: num("top"),
            width: num("width").filter(|w| *w > 0.0),
            height: num("height").filter(|h| *h > 0.0),
            turn: Turn { h_flip: flag("hFlip"), v_flip: flag("vFlip"), quarter_turns },
        })
    }
}

/// One Iconify icon set (`@iconify-json/logos`' `icons.json`, say).
#[derive(Debug, Clone, PartialEq)]
pub struct IconPack {
    prefix: String,
    icons: BTreeMap<String, Entry>,
    aliases: BTreeMap<String, Entry>,
    /// The pack's defaults for every icon.
    defaults: Entry,
}

impl IconPack {
    /// Reads Iconify JSON. The prefix is the pack's own `prefix`.
    ///
    /// ```
    /// let pack = mmdflow::icons::IconPack::from_json(
    ///     r#"{"prefix":"demo","icons":{"dot":{"body":"<circle cx=\"8\" cy=\"8\" r=\"4\"/>"}}}"#,
    /// ).unwrap();
    /// assert_eq!(pack.prefix(), "demo");
    /// assert_eq!(pack.len(), 1);
    /// ```
    pub fn from_json(text: &str) -> Result<IconPack, Error> {
        Self::read(text, None)
    }

    /// Reads Iconify JSON, registering it under `prefix` whatever the file
    /// says (mmdc's `--iconPacksNamesAndUrls prefix#url`).
    pub fn from_json_with_prefix(text: &str, prefix: &str) -> Result<IconPack, Error> {
        Self::read(text, Some(prefix))
    }

    fn read(text: &str, prefix: Option<&str>) -> Result<IconPack, Error> {
        let bad = |why: String| Error::new(ErrorKind::Config, format!("icon pack: {why}"));
        let value: Value = serde_json::from_str(text).map_err(|e| bad(format!("invalid JSON: {e}")))?;
        let root = value.as_object().ok_or_else(|| bad("not a JSON object".into()))?;
        let prefix = match prefix {
            Some(p) => p.to_string(),
            None => root.get("prefix").and_then(Value::as_str).unwrap_or_default().to_string(),
        };
        if !valid_name(&prefix) {
            return Err(bad(format!("prefix '{}' is not a lowercase icon-set name", prefix.escape_debug())));
        }
        let icons = entries(root, "icons");
        if icons.is_empty() {
            return Err(bad(format!("'{prefix}' has no icons")));
        }
        let defaults = Entry::read(&value).unwrap_or_default();
        Ok(IconPack { prefix, icons, aliases: entries(root, "aliases"), defaults })
    }

    /// The prefix icons of this pack are named with (`logos` in
    /// `logos:rust`).
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// How many icons the pack draws (aliases not counted).
    pub fn len(&self) -> usize {
        self.icons.len()
    }

    /// Whether the pack has no icons (never true for a pack that was read).
    pub fn is_empty(&self) -> bool {
        self.icons.is_empty()
    }

    /// The icon `name`, aliases followed, or `None`.
    fn get(&self, name: &str) -> Option<Icon> {
        let mut layers = Vec::new();
        let mut current = name;
        let body_entry = loop {
            if let Some(icon) = self.icons.get(current) {
                break icon;
            }
            let alias = self.aliases.get(current)?;
            if layers.len() >= MAX_ALIAS_DEPTH {
                return None;
            }
            layers.push(alias);
            current = alias.parent.as_deref()?;
        };
        // The nearest definition of each field wins: the alias asked for,
        // then its parents, then the icon, then the pack.
        let field = |f: fn(&Entry) -> Option<f64>| layers.iter().copied().chain([body_entry, &self.defaults]).find_map(f);
        let turn = layers.iter().fold(body_entry.turn, |t, alias| t.then(alias.turn));
        Some(Icon {
            view_box: ViewBox {
                left: field(|e| e.left).unwrap_or(0.0),
                top: field(|e| e.top).unwrap_or(0.0),
                width: field(|e| e.width).unwrap_or(DEFAULT_SIZE),
                height: field(|e| e.height).unwrap_or(DEFAULT_SIZE),
            },
            body: body_entry.body.clone().unwrap_or_default(),
            turn,
        })
    }
}

fn entries(root: &Map<String, Value>, key: &str) -> BTreeMap<String, Entry> {
    let Some(Value::Object(m)) = root.get(key) else { return BTreeMap::new() };
    m.iter().filter_map(|(k, v)| Some((k.clone(), Entry::read(v)?))).collect()
}

/// Iconify's names: lowercase letters, digits and single dashes.
fn valid_name(s: &str) -> bool {
    !s.is_empty()
        && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !s.starts_with('-')
        && !s.ends_with('-')
}

/// The icon packs a render may draw from, by prefix. A later pack with the
/// same prefix replaces an earlier one.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct IconSet {
    packs: BTreeMap<String, IconPack>,
}

impl IconSet {
    /// Adds `pack`, replacing one with the same prefix.
    pub fn add(&mut self, pack: IconPack) {
        self.packs.insert(pack.prefix.clone(), pack);
    }

    /// Whether no pack was added.
    pub fn is_empty(&self) -> bool {
        self.packs.is_empty()
    }

    /// The prefixes of the packs, sorted.
    pub fn prefixes(&self) -> impl Iterator<Item = &str> {
        self.packs.keys().map(String::as_str)
    }

    /// The icon a node names: `prefix:name` (or `@provider:prefix:name`),
    /// or Iconify's short `prefix-name`. `Err` says why it cannot be drawn.
    ///
    /// ```
    /// use mmdflow::icons::{IconPack, IconSet};
    /// let mut set = IconSet::default();
    /// set.add(IconPack::from_json(r#"{"prefix":"demo","icons":{"dot":{"body":"<path d=\"M0 0h4v4z\"/>"}}}"#).unwrap());
    /// assert!(set.get("demo:dot").is_ok());
    /// assert!(set.get("demo:nosuch").unwrap_err().contains("not in"));
    /// ```
    pub fn get(&self, name: &str) -> Result<Icon, String> {
        let trimmed = name.trim();
        let (prefix, icon) = split_icon_name(trimmed).ok_or_else(|| format!("'{}' is not an icon name like 'logos:rust'", trimmed.escape_debug()))?;
        let pack = self.packs.get(prefix).ok_or_else(|| match self.packs.is_empty() {
            true => format!("icon '{trimmed}': no icon pack is loaded (--iconPacks)"),
            false => format!("icon '{trimmed}': no icon pack '{prefix}' (loaded: {})", self.prefixes().collect::<Vec<_>>().join(", ")),
        })?;
        pack.get(icon).ok_or_else(|| format!("icon '{trimmed}' is not in the '{prefix}' pack"))
    }
}

/// `prefix:name`, `@provider:prefix:name` or `prefix-name`.
fn split_icon_name(name: &str) -> Option<(&str, &str)> {
    let parts: Vec<&str> = name.split(':').collect();
    let (prefix, icon) = match parts.as_slice() {
        [provider, prefix, icon] if provider.starts_with('@') => (*prefix, *icon),
        [prefix, icon] => (*prefix, *icon),
        [dashed] => dashed.split_once('-')?,
        _ => return None,
    };
    (valid_name(prefix) && valid_name(icon)).then_some((prefix, icon))
}

/// One icon, ready to draw: its view box and its (not yet sanitised) body.
#[derive(Debug, Clone, PartialEq)]
pub struct Icon {
    /// The view box, after the icon's rotation.
    view_box: ViewBox,
    body: String,
    turn: Turn,
}

impl Icon {
    /// Mermaid's placeholder for an icon it cannot find: a blue square with
    /// a white question mark.
    pub fn unknown() -> Icon {
        Icon {
            view_box: ViewBox { left: 0.0, top: 0.0, width: 80.0, height: 80.0 },
            body: concat!(
                r#"<g><rect width="80" height="80" style="fill: #087ebf; stroke-width: 0px;"/>"#,
                r#"<text transform="translate(21.16 64.67)" style="fill: #fff; font-family: Arial, sans-serif; font-size: 67.75px;">"#,
                r#"<tspan x="0" y="0">?</tspan></text></g>"#
            )
            .to_string(),
            turn: Turn::default(),
        }
    }

    /// The view box the drawn body fills: after a quarter turn, width and
    /// height swap.
    pub fn view_box(&self) -> ViewBox {
        let b = self.view_box;
        match self.turn.quarter_turns % 2 {
            1 => ViewBox { left: b.top, top: b.left, width: b.height, height: b.width },
            _ => b,
        }
    }

    /// The body, rebuilt from the allow-list (see the module's contract),
    /// its ids renamed to start with `id_prefix`, and wrapped in the
    /// transform of its flips and turns. `id_prefix` must itself be a valid
    /// XML id start (the SVG writer passes the diagram's id and a counter).
    pub fn sanitised_body(&self, id_prefix: &str) -> String {
        let inner = sanitise(&self.body, id_prefix);
        match self.transform() {
            Some(t) => format!("<g transform=\"{t}\">{inner}</g>"),
            None => inner,
        }
    }

    /// Iconify's `iconToSVG` transform: flips about the box's far edge, then
    /// quarter turns about the box's centre line.
    fn transform(&self) -> Option<String> {
        let Turn { h_flip, v_flip, mut quarter_turns } = self.turn;
        let b = self.view_box;
        let (mut left, mut top) = (b.left, b.top);
        let mut steps: Vec<String> = Vec::new();
        match (h_flip, v_flip) {
            // Both flips are a half turn.
            (true, true) => quarter_turns = (quarter_turns + 2) % 4,
            (true, false) => {
                steps.push(format!("translate({} {}) scale(-1 1)", num(b.width + left), num(-top)));
                (left, top) = (0.0, 0.0);
            }
            (false, true) => {
                steps.push(format!("translate({} {}) scale(1 -1)", num(-left), num(b.height + top)));
                (left, top) = (0.0, 0.0);
            }
            (false, false) => {}
        }
        let rotation = match quarter_turns {
            1 => Some(format!("rotate(90 {c} {c})", c = num(b.height / 2.0 + top))),
            2 => Some(format!("rotate(180 {} {})", num(b.width / 2.0 + left), num(b.height / 2.0 + top))),
            3 => Some(format!("rotate(-90 {c} {c})", c = num(b.width / 2.0 + left))),
            _ => None,
        };
        steps.splice(0..0, rotation);
        (!steps.is_empty()).then(|| steps.join(" "))
    }
}

/// A number as SVG writes it: at most three decimals, no trailing zeros.
fn num(v: f64) -> String {
    let r = (v * 1000.0).round() / 1000.0;
    let r = if r == 0.0 { 0.0 } else { r };
    format!("{r}")
}

/// Elements an icon may draw with. Everything else is dropped with its
/// children: `script`, `style`, `foreignObject`, `image`, `a`, `animate*`,
/// `set`, `filter`, `iframe`, unknown names.
const ELEMENTS: &[&str] = &[
    "circle", "clipPath", "defs", "ellipse", "g", "line", "linearGradient", "mask", "path", "pattern", "polygon",
    "polyline", "radialGradient", "rect", "stop", "symbol", "text", "tspan", "use",
];

/// How an attribute's value is checked.
#[derive(Clone, Copy, PartialEq, Eq)]
enum ValueKind {
    /// Numbers, lists of numbers, path data and transforms: digits, letters
    /// for commands and units, separators and `()` for transform functions.
    Geometry,
    /// A CSS colour, `none`, or `url(#id)` of an id in the body.
    Paint,
    /// A colour (`stop-color`, `color`).
    Colour,
    /// `url(#id)` of an id in the body, or `none`.
    Reference,
    /// A word or words from a small alphabet (`nonzero`, `round`, `userSpaceOnUse`).
    Keyword,
    /// A CSS declaration list, each checked by [`crate::css::declaration`].
    Style,
    /// `font-family`, through [`crate::css::font_family`].
    FontFamily,
    /// `href`/`xlink:href`: `#id` of an id in the body.
    Href,
    /// `id`: renamed under the prefix.
    Id,
}

/// Attributes kept, with how their values are checked. Sorted by name
/// (binary search).
const ATTRIBUTES: &[(&str, ValueKind)] = &[
    ("clip-path", ValueKind::Reference),
    ("clip-rule", ValueKind::Keyword),
    ("clipPathUnits", ValueKind::Keyword),
    ("color", ValueKind::Colour),
    ("cx", ValueKind::Geometry),
    ("cy", ValueKind::Geometry),
    ("d", ValueKind::Geometry),
    ("display", ValueKind::Keyword),
    ("fill", ValueKind::Paint),
    ("fill-opacity", ValueKind::Geometry),
    ("fill-rule", ValueKind::Keyword),
    ("font-family", ValueKind::FontFamily),
    ("font-size", ValueKind::Geometry),
    ("font-weight", ValueKind::Keyword),
    ("fr", ValueKind::Geometry),
    ("fx", ValueKind::Geometry),
    ("fy", ValueKind::Geometry),
    ("gradientTransform", ValueKind::Geometry),
    ("gradientUnits", ValueKind::Keyword),
    ("height", ValueKind::Geometry),
    ("href", ValueKind::Href),
    ("id", ValueKind::Id),
    ("mask", ValueKind::Reference),
    ("maskContentUnits", ValueKind::Keyword),
    ("maskUnits", ValueKind::Keyword),
    ("offset", ValueKind::Geometry),
    ("opacity", ValueKind::Geometry),
    ("patternContentUnits", ValueKind::Keyword),
    ("patternTransform", ValueKind::Geometry),
    ("patternUnits", ValueKind::Keyword),
    ("points", ValueKind::Geometry),
    ("preserveAspectRatio", ValueKind::Keyword),
    ("r", ValueKind::Geometry),
    ("rx", ValueKind::Geometry),
    ("ry", ValueKind::Geometry),
    ("spreadMethod", ValueKind::Keyword),
    ("stop-color", ValueKind::Colour),
    ("stop-opacity", ValueKind::Geometry),
    ("stroke", ValueKind::Paint),
    ("stroke-dasharray", ValueKind::Geometry),
    ("stroke-dashoffset", ValueKind::Geometry),
    ("stroke-linecap", ValueKind::Keyword),
    ("stroke-linejoin", ValueKind::Keyword),
    ("stroke-miterlimit", ValueKind::Geometry),
    ("stroke-opacity", ValueKind::Geometry),
    ("stroke-width", ValueKind::Geometry),
    ("style", ValueKind::Style),
    ("text-anchor", ValueKind::Keyword),
    ("transform", ValueKind::Geometry),
    ("viewBox", ValueKind::Geometry),
    ("visibility", ValueKind::Keyword),
    ("width", ValueKind::Geometry),
    ("x", ValueKind::Geometry),
    ("x1", ValueKind::Geometry),
    ("x2", ValueKind::Geometry),
    ("y", ValueKind::Geometry),
    ("y1", ValueKind::Geometry),
    ("y2", ValueKind::Geometry),
];

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";

/// Rebuilds `body` from the allow-list. A body that is not well-formed XML
/// (or holds a DTD) draws nothing.
fn sanitise(body: &str, id_prefix: &str) -> String {
    let wrapped = format!("<svg xmlns=\"{SVG_NS}\" xmlns:xlink=\"{XLINK_NS}\">{body}</svg>");
    let Ok(doc) = roxmltree::Document::parse(&wrapped) else { return String::new() };
    let ids: BTreeSet<&str> = doc.descendants().filter_map(|n| n.attribute("id")).collect();
    let mut out = String::with_capacity(body.len());
    let writer = BodyWriter { ids: &ids, id_prefix };
    for child in doc.root_element().children() {
        writer.node(&mut out, child, 0);
    }
    out
}

struct BodyWriter<'a> {
    ids: &'a BTreeSet<&'a str>,
    id_prefix: &'a str,
}

impl BodyWriter<'_> {
    fn node(&self, out: &mut String, node: roxmltree::Node, depth: u32) {
        if node.is_text() {
            let in_text = node.parent_element().is_some_and(|p| matches!(p.tag_name().name(), "text" | "tspan"));
            if in_text {
                out.push_str(&crate::render::svg::escape(node.text().unwrap_or_default()));
            }
            return;
        }
        if !node.is_element() || depth >= MAX_BODY_DEPTH {
            return;
        }
        let tag = node.tag_name();
        if tag.namespace() != Some(SVG_NS) || !ELEMENTS.contains(&tag.name()) {
            return;
        }
        let name = tag.name();
        let _ = write!(out, "<{name}");
        for attr in node.attributes() {
            if let Some(value) = self.attribute(attr) {
                let _ = write!(out, " {}=\"{}\"", if attr.name() == "href" { "href" } else { attr.name() }, crate::render::svg::escape(&value));
            }
        }
        if node.has_children() {
            out.push('>');
            for child in node.children() {
                self.node(out, child, depth + 1);
            }
            let _ = write!(out, "</{name}>");
        } else {
            out.push_str("/>");
        }
    }

    /// The value to write for `attr`, or `None` to drop it.
    fn attribute(&self, attr: roxmltree::Attribute) -> Option<String> {
        match attr.namespace() {
            None => {}
            Some(XLINK_NS) if attr.name() == "href" => {}
            Some(_) => return None,
        }
        let kind = ATTRIBUTES.binary_search_by(|(k, _)| k.cmp(&attr.name())).ok().map(|i| ATTRIBUTES[i].1)?;
        self.value(kind, attr.name(), attr.value())
    }

    fn value(&self, kind: ValueKind, name: &str, raw: &str) -> Option<String> {
        let v = raw.trim();
        match kind {
            ValueKind::Geometry => geometry(v).then(|| v.to_string()),
            ValueKind::Keyword => v.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b' ').then(|| v.to_string()),
            ValueKind::Colour => crate::css::colour(v).map(str::to_string),
            ValueKind::Paint => self.reference(v).or_else(|| crate::css::declaration("fill", v).ok()),
            ValueKind::Reference => self.reference(v).or_else(|| v.eq_ignore_ascii_case("none").then(|| "none".to_string())),
            ValueKind::FontFamily => crate::css::font_family(v),
            ValueKind::Href => v.strip_prefix('#').filter(|id| self.ids.contains(id)).map(|id| format!("#{}", self.renamed(id))),
            ValueKind::Id => Some(self.renamed(v)),
            ValueKind::Style => self.style(v, name),
        }
    }

    /// `url(#id)` of an id in the body, renamed.
    fn reference(&self, v: &str) -> Option<String> {
        let inner = v.strip_prefix("url(")?.strip_suffix(')')?.trim();
        let inner = inner.trim_matches(|c| c == '\'' || c == '"');
        let id = inner.strip_prefix('#').filter(|id| self.ids.contains(id))?;
        Some(format!("url(#{})", self.renamed(id)))
    }

    /// Each `property: value` kept if the property is one this list allows
    /// and its value passes the same check as the attribute would.
    fn style(&self, v: &str, _attr: &str) -> Option<String> {
        let mut kept = Vec::new();
        for decl in v.split(';') {
            let Some((prop, value)) = decl.split_once(':') else { continue };
            let prop = prop.trim().to_ascii_lowercase();
            let Ok(i) = ATTRIBUTES.binary_search_by(|(k, _)| k.cmp(&prop.as_str())) else { continue };
            let kind = ATTRIBUTES[i].1;
            if matches!(kind, ValueKind::Style | ValueKind::Id | ValueKind::Href) {
                continue;
            }
            if let Some(ok) = self.value(kind, &prop, value) {
                kept.push(format!("{prop}:{ok}"));
            }
        }
        (!kept.is_empty()).then(|| kept.join(";"))
    }

    /// An id made XML-safe and put under the prefix.
    fn renamed(&self, id: &str) -> String {
        let safe: String = id.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' }).collect();
        format!("{}{safe}", self.id_prefix)
    }
}

/// Numbers, path commands, units and transform functions: nothing that
/// could spell `url(` (the CSS deny-list, [`crate::css::denied_word`]), an
/// escape, a quote or a second declaration.
fn geometry(v: &str) -> bool {
    crate::css::denied_word(v).is_none()
        && v.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'.' | b',' | b'-' | b'+' | b'%' | b'(' | b')'))
}

#[cfg(test)]
#[path = "icons_tests.rs"]
mod tests;
