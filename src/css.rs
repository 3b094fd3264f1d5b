//! The one gate between user text and the SVG's CSS.
//!
//! Every value that ends up in a `style` attribute, a presentation attribute
//! or the `<style>` sheet passes through here: theme variables (front
//! matter, `%%{init}%%`, the site config), `classDef`, `style` and
//! `linkStyle` declarations, `fontFamily`, `themeCSS` and the caller's extra
//! style sheet (`-C`).
//!
//! The rule is "a value must be what its property takes": a colour is parsed
//! as a CSS colour (named, `#hex`, `rgb()`/`rgba()`/`hsl()`/`hsla()`,
//! `transparent`, `currentColor`), a width as a bounded number with a unit, a
//! dash array as a short list of lengths, and a keyword against its property's
//! keywords. Whatever does not parse is refused, so nothing that CSS could
//! read as `url(`, `image-set(`, `expression(`, an extra declaration after a
//! `;`, or an escape (`\75 rl(`) can pass: the accepted forms contain no
//! backslash, quote, `;`, `:` or function other than the four colour ones.
//! Parsing (not pattern-matching for bad words) is what makes this hold for
//! spellings nobody thought of.
//!
//! Free-form style sheets (`themeCSS`, `-C`) cannot be parsed to a typed
//! value; [`style_sheet`] refuses any that could fetch, run or escape.

/// CSS named colours (CSS Color Module Level 4, §6.1) with their sRGB
/// channels.
const NAMED: &[(&str, [u8; 3])] = &[
    ("aliceblue", [240, 248, 255]),
    ("antiquewhite", [250, 235, 215]),
    ("aqua", [0, 255, 255]),
    ("aquamarine", [127, 255, 212]),
    ("azure", [240, 255, 255]),
    ("beige", [245, 245, 220]),
    ("bisque", [255, 228, 196]),
    ("black", [0, 0, 0]),
    ("blanchedalmond", [255, 235, 205]),
    ("blue", [0, 0, 255]),
    ("blueviolet", [138, 43, 226]),
    ("brown", [165, 42, 42]),
    ("burlywood", [222, 184, 135]),
    ("cadetblue", [95, 158, 160]),
    ("chartreuse", [127, 255, 0]),
    ("chocolate", [210, 105, 30]),
    ("coral", [255, 127, 80]),
    ("cornflowerblue", [100, 149, 237]),
    ("cornsilk", [255, 248, 220]),
    ("crimson", [220, 20, 60]),
    ("cyan", [0, 255, 255]),
    ("darkblue", [0, 0, 139]),
    ("darkcyan", [0, 139, 139]),
    ("darkgoldenrod", [184, 134, 11]),
    ("darkgray", [169, 169, 169]),
    ("darkgreen", [0, 100, 0]),
    ("darkgrey", [169, 169, 169]),
    ("darkkhaki", [189, 183, 107]),
    ("darkmagenta", [139, 0, 139]),
    ("darkolivegreen", [85, 107, 47]),
    ("darkorange", [255, 140, 0]),
    ("darkorchid", [153, 50, 204]),
    ("darkred", [139, 0, 0]),
    ("darksalmon", [233, 150, 122]),
    ("darkseagreen", [143, 188, 143]),
    ("darkslateblue", [72, 61, 139]),
    ("darkslategray", [47, 79, 79]),
    ("darkslategrey", [47, 79, 79]),
    ("darkturquoise", [0, 206, 209]),
    ("darkviolet", [148, 0, 211]),
    ("deeppink", [255, 20, 147]),
    ("deepskyblue", [0, 191, 255]),
    ("dimgray", [105, 105, 105]),
    ("dimgrey", [105, 105, 105]),
    ("dodgerblue", [30, 144, 255]),
    ("firebrick", [178, 34, 34]),
    ("floralwhite", [255, 250, 240]),
    ("forestgreen", [34, 139, 34]),
    ("fuchsia", [255, 0, 255]),
    ("gainsboro", [220, 220, 220]),
    ("ghostwhite", [248, 248, 255]),
    ("gold", [255, 215, 0]),
    ("goldenrod", [218, 165, 32]),
    ("gray", [128, 128, 128]),
    ("green", [0, 128, 0]),
    ("greenyellow", [173, 255, 47]),
    ("grey", [128, 128, 128]),
    ("honeydew", [240, 255, 240]),
    ("hotpink", [255, 105, 180]),
    ("indianred", [205, 92, 92]),
    ("indigo", [75, 0, 130]),
    ("ivory", [255, 255, 240]),
    ("khaki", [240, 230, 140]),
    ("lavender", [230, 230, 250]),
    ("lavenderblush", [255, 240, 245]),
    ("lawngreen", [124, 252, 0]),
    ("lemonchiffon", [255, 250, 205]),
    ("lightblue", [173, 216, 230]),
    ("lightcoral", [240, 128, 128]),
    ("lightcyan", [224, 255, 255]),
    ("lightgoldenrodyellow", [250, 250, 210]),
    ("lightgray", [211, 211, 211]),
    ("lightgreen", [144, 238, 144]),
    ("lightgrey", [211, 211, 211]),
    ("lightpink", [255, 182, 193]),
    ("lightsalmon", [255, 160, 122]),
    ("lightseagreen", [32, 178, 170]),
    ("lightskyblue", [135, 206, 250]),
    ("lightslategray", [119, 136, 153]),
    ("lightslategrey", [119, 136, 153]),
    ("lightsteelblue", [176, 196, 222]),
    ("lightyellow", [255, 255, 224]),
    ("lime", [0, 255, 0]),
    ("limegreen", [50, 205, 50]),
    ("linen", [250, 240, 230]),
    ("magenta", [255, 0, 255]),
    ("maroon", [128, 0, 0]),
    ("mediumaquamarine", [102, 205, 170]),
    ("mediumblue", [0, 0, 205]),
    ("mediumorchid", [186, 85, 211]),
    ("mediumpurple", [147, 112, 219]),
    ("mediumseagreen", [60, 179, 113]),
    ("mediumslateblue", [123, 104, 238]),
    ("mediumspringgreen", [0, 250, 154]),
    ("mediumturquoise", [72, 209, 204]),
    ("mediumvioletred", [199, 21, 133]),
    ("midnightblue", [25, 25, 112]),
    ("mintcream", [245, 255, 250]),
    ("mistyrose", [255, 228, 225]),
    ("moccasin", [255, 228, 181]),
    ("navajowhite", [255, 222, 173]),
    ("navy", [0, 0, 128]),
    ("oldlace", [253, 245, 230]),
    ("olive", [128, 128, 0]),
    ("olivedrab", [107, 142, 35]),
    ("orange", [255, 165, 0]),
    ("orangered", [255, 69, 0]),
    ("orchid", [218, 112, 214]),
    ("palegoldenrod", [238, 232, 170]),
    ("palegreen", [152, 251, 152]),
    ("paleturquoise", [175, 238, 238]),
    ("palevioletred", [219, 112, 147]),
    ("papayawhip", [255, 239, 213]),
    ("peachpuff", [255, 218, 185]),
    ("peru", [205, 133, 63]),
    ("pink", [255, 192, 203]),
    ("plum", [221, 160, 221]),
    ("powderblue", [176, 224, 230]),
    ("purple", [128, 0, 128]),
    ("rebeccapurple", [102, 51, 153]),
    ("red", [255, 0, 0]),
    ("rosybrown", [188, 143, 143]),
    ("royalblue", [65, 105, 225]),
    ("saddlebrown", [139, 69, 19]),
    ("salmon", [250, 128, 114]),
    ("sandybrown", [244, 164, 96]),
    ("seagreen", [46, 139, 87]),
    ("seashell", [255, 245, 238]),
    ("sienna", [160, 82, 45]),
    ("silver", [192, 192, 192]),
    ("skyblue", [135, 206, 235]),
    ("slateblue", [106, 90, 205]),
    ("slategray", [112, 128, 144]),
    ("slategrey", [112, 128, 144]),
    ("snow", [255, 250, 250]),
    ("springgreen", [0, 255, 127]),
    ("steelblue", [70, 130, 180]),
    ("tan", [210, 180, 140]),
    ("teal", [0, 128, 128]),
    ("thistle", [216, 191, 216]),
    ("tomato", [255, 99, 71]),
    ("turquoise", [64, 224, 208]),
    ("violet", [238, 130, 238]),
    ("wheat", [245, 222, 179]),
    ("white", [255, 255, 255]),
    ("whitesmoke", [245, 245, 245]),
    ("yellow", [255, 255, 0]),
    ("yellowgreen", [154, 205, 50]),
];

/// The sRGB channels of a CSS colour name (any case), `None` for other
/// words (`transparent` and `currentColor` have no fixed channels).
pub fn named_colour(name: &str) -> Option<[u8; 3]> {
    let lower = name.to_ascii_lowercase();
    NAMED.binary_search_by(|(n, _)| n.cmp(&lower.as_str())).ok().map(|i| NAMED[i].1)
}

/// The arguments of a colour function, `rgb(10, 20, 30 / 50%)`, as numbers;
/// `None` unless every argument is a finite number with an allowed unit.
pub(crate) fn colour_function(value: &str) -> Option<(&'static str, Vec<f64>)> {
    let lower = value.trim().to_ascii_lowercase();
    let open = lower.find('(')?;
    let name = match lower[..open].trim_end() {
        "rgb" => "rgb",
        "rgba" => "rgba",
        "hsl" => "hsl",
        "hsla" => "hsla",
        _ => return None,
    };
    let inner = lower[open + 1..].strip_suffix(')')?;
    let mut args = Vec::new();
    for part in inner.split(|c: char| c == ',' || c == '/' || c.is_ascii_whitespace()).filter(|p| !p.is_empty()) {
        let (digits, unit) = split_unit(part);
        if !matches!(unit, "" | "%" | "deg" | "rad" | "turn" | "grad") {
            return None;
        }
        args.push(number(digits)?);
    }
    (args.len() == 3 || args.len() == 4).then_some((name, args))
}

/// A CSS number: digits, one optional `.`, an optional sign and exponent,
/// finite. Rust's float parser alone would also take `inf` and `NaN`.
fn number(s: &str) -> Option<f64> {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    let mantissa = body.split(['e', 'E']).next().unwrap_or("");
    if mantissa.is_empty() || !mantissa.bytes().all(|b| b.is_ascii_digit() || b == b'.') || !mantissa.bytes().any(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse::<f64>().ok().filter(|x| x.is_finite())
}

/// Splits `12.5px` into `("12.5", "px")`.
fn split_unit(s: &str) -> (&str, &str) {
    let end = s
        .char_indices()
        .find(|&(i, c)| {
            !(c.is_ascii_digit() || c == '.' || ((c == '+' || c == '-') && (i == 0 || s[..i].ends_with(['e', 'E'])))
                || ((c == 'e' || c == 'E') && i > 0 && s[i + 1..].starts_with(|d: char| d.is_ascii_digit() || d == '-' || d == '+')))
        })
        .map_or(s.len(), |(i, _)| i);
    (&s[..end], &s[end..])
}

/// `value` (trimmed) if it is a CSS colour: a colour name, `transparent`,
/// `currentColor`, `#` and 3, 4, 6 or 8 hex digits, or `rgb()`, `rgba()`,
/// `hsl()`, `hsla()` of plain numbers. Anything else is `None`.
///
/// ```
/// use mmdflow::css::colour;
/// assert_eq!(colour(" #ECECFF "), Some("#ECECFF"));
/// assert_eq!(colour("rgba(232, 232, 232, 0.8)"), Some("rgba(232, 232, 232, 0.8)"));
/// assert_eq!(colour("url(http://evil.example/a)"), None);
/// assert_eq!(colour("red;cursor:url(x),auto"), None);
/// assert_eq!(colour("\\72 ed"), None);
/// ```
pub fn colour(value: &str) -> Option<&str> {
    let v = value.trim();
    let ok = if let Some(hex) = v.strip_prefix('#') {
        matches!(hex.len(), 3 | 4 | 6 | 8) && hex.bytes().all(|b| b.is_ascii_hexdigit())
    } else if v.contains('(') {
        colour_function(v).is_some()
    } else {
        v.eq_ignore_ascii_case("transparent") || v.eq_ignore_ascii_case("currentcolor") || named_colour(v).is_some()
    };
    ok.then_some(v)
}

/// Why a declaration was refused, for the warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// The value is not a CSS colour (or `none` where allowed).
    NotAColour,
    /// Not a number with a unit, or outside the property's range.
    NotALength,
    /// Not a short list of non-negative lengths, or dashes so fine that
    /// drawing them would take millions of segments.
    NotADashArray,
    /// Not a number from 0 to 1 (or a percentage).
    NotAnOpacity,
    /// Not one of the property's keywords.
    NotAKeyword,
    /// Characters that have no place in a value of this property.
    NotPlainText,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Refusal::NotAColour => "is not a CSS colour",
            Refusal::NotALength => "is not a length in range",
            Refusal::NotADashArray => "is not a dash array of at most 16 lengths with a period of at least 1",
            Refusal::NotAnOpacity => "is not an opacity from 0 to 1",
            Refusal::NotAKeyword => "is not a keyword of this property",
            Refusal::NotPlainText => "contains characters not allowed in a style",
        })
    }
}

/// Largest length a style may set (px); beyond it a drawing is unreadable
/// and its numbers only serve to overflow.
const MAX_LENGTH: f64 = 10_000.0;
/// Most entries in a dash array.
const MAX_DASHES: usize = 16;
/// Smallest dash period (px): finer dashes look solid anyway, and a period
/// of 0.0001 once made the PNG renderer draw billions of segments.
const MIN_DASH_PERIOD: f64 = 1.0;

fn length(v: &str, min: f64) -> Option<f64> {
    let (digits, unit) = split_unit(v);
    if !matches!(unit.to_ascii_lowercase().as_str(), "" | "px" | "em" | "rem" | "pt" | "ex" | "%") {
        return None;
    }
    number(digits).filter(|x| (min..=MAX_LENGTH).contains(x))
}

/// The dash lengths (px) of a dash array, empty for `none`.
fn dash_array(v: &str) -> Option<Vec<f64>> {
    if v.eq_ignore_ascii_case("none") {
        return Some(Vec::new());
    }
    let mut dashes = Vec::new();
    for part in v.split(|c: char| c == ',' || c.is_ascii_whitespace()).filter(|p| !p.is_empty()) {
        let (digits, unit) = split_unit(part);
        if !matches!(unit.to_ascii_lowercase().as_str(), "" | "px") {
            return None;
        }
        dashes.push(number(digits).filter(|x| (0.0..=MAX_LENGTH).contains(x))?);
    }
    let sum: f64 = dashes.iter().sum();
    (!dashes.is_empty() && dashes.len() <= MAX_DASHES && sum >= MIN_DASH_PERIOD).then_some(dashes)
}

/// An opacity as a number from 0 to 1.
fn opacity(v: &str) -> Option<f64> {
    let (digits, unit) = split_unit(v);
    let x = number(digits)?;
    match unit {
        "" => (0.0..=1.0).contains(&x).then_some(x),
        "%" => (0.0..=100.0).contains(&x).then_some(x / 100.0),
        _ => None,
    }
}

fn keyword(v: &str, words: &[&str]) -> Option<()> {
    words.iter().any(|w| w.eq_ignore_ascii_case(v)).then_some(())
}

/// Plain text for properties this renderer does not draw (kept for callers
/// that read the flowchart): words, numbers, `#`, `.`, `,`, `%` and `-`
/// only, so no function, quote, escape or second declaration.
fn plain(v: &str) -> Option<()> {
    v.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '#' | '.' | ',' | '%' | '-' | '_')).then_some(())
}

/// A style property mmdflow accepts in `style`, `classDef` and `linkStyle`:
/// the one allow-list. Variants are in name order, so `p as usize` indexes
/// [`Property::NAMES`] and a per-property table comes out sorted. The parser drops any other property with a warning;
/// the renderer draws the ones it knows (fill, stroke, text) and keeps the
/// rest for callers that read the flowchart.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Property {
    /// `animation`
    Animation,
    /// `background`
    Background,
    /// `background-color`
    BackgroundColor,
    /// `border`
    Border,
    /// `border-color`
    BorderColor,
    /// `border-radius`
    BorderRadius,
    /// `border-style`
    BorderStyle,
    /// `border-width`
    BorderWidth,
    /// `color`: label text, as mermaid's HTML labels use it.
    Color,
    /// `fill`
    Fill,
    /// `fill-opacity`
    FillOpacity,
    /// `font-family`
    FontFamily,
    /// `font-size`
    FontSize,
    /// `font-style`
    FontStyle,
    /// `font-weight`
    FontWeight,
    /// `letter-spacing`
    LetterSpacing,
    /// `line-height`
    LineHeight,
    /// `opacity`
    Opacity,
    /// `padding`
    Padding,
    /// `rx`
    Rx,
    /// `ry`
    Ry,
    /// `stroke`
    Stroke,
    /// `stroke-dasharray`
    StrokeDasharray,
    /// `stroke-dashoffset`
    StrokeDashoffset,
    /// `stroke-linecap`
    StrokeLinecap,
    /// `stroke-linejoin`
    StrokeLinejoin,
    /// `stroke-opacity`
    StrokeOpacity,
    /// `stroke-width`
    StrokeWidth,
    /// `text-align`
    TextAlign,
    /// `text-decoration`
    TextDecoration,
}

impl Property {
    /// Every property, with its CSS name, sorted by name (the variants'
    /// order).
    pub const NAMES: [(&'static str, Property); 30] = [
        ("animation", Property::Animation),
        ("background", Property::Background),
        ("background-color", Property::BackgroundColor),
        ("border", Property::Border),
        ("border-color", Property::BorderColor),
        ("border-radius", Property::BorderRadius),
        ("border-style", Property::BorderStyle),
        ("border-width", Property::BorderWidth),
        ("color", Property::Color),
        ("fill", Property::Fill),
        ("fill-opacity", Property::FillOpacity),
        ("font-family", Property::FontFamily),
        ("font-size", Property::FontSize),
        ("font-style", Property::FontStyle),
        ("font-weight", Property::FontWeight),
        ("letter-spacing", Property::LetterSpacing),
        ("line-height", Property::LineHeight),
        ("opacity", Property::Opacity),
        ("padding", Property::Padding),
        ("rx", Property::Rx),
        ("ry", Property::Ry),
        ("stroke", Property::Stroke),
        ("stroke-dasharray", Property::StrokeDasharray),
        ("stroke-dashoffset", Property::StrokeDashoffset),
        ("stroke-linecap", Property::StrokeLinecap),
        ("stroke-linejoin", Property::StrokeLinejoin),
        ("stroke-opacity", Property::StrokeOpacity),
        ("stroke-width", Property::StrokeWidth),
        ("text-align", Property::TextAlign),
        ("text-decoration", Property::TextDecoration),
    ];

    /// The property a (lower-case, trimmed) CSS name stands for, if it is
    /// one mmdflow accepts.
    pub fn parse(name: &str) -> Option<Property> {
        Property::NAMES.binary_search_by(|(n, _)| (*n).cmp(name)).ok().map(|i| Property::NAMES[i].1)
    }

    /// The CSS name.
    pub fn name(self) -> &'static str {
        Property::NAMES[self as usize].0
    }
}

/// Checks one declaration of a `style`, `classDef` or `linkStyle`:
/// `property` (lower case) and its raw `value`. Returns the value to write
/// (trimmed, without `!important`), or why it is refused. A property
/// outside [`Property`] is checked as plain text (callers that take only
/// known properties ask [`Property::parse`] first).
///
/// ```
/// use mmdflow::css::{declaration, Refusal};
/// assert_eq!(declaration("fill", "#f9f !important"), Ok("#f9f".to_string()));
/// assert_eq!(declaration("stroke-dasharray", "5 5"), Ok("5 5".to_string()));
/// assert_eq!(declaration("stroke-dasharray", "0.0001"), Err(Refusal::NotADashArray));
/// assert_eq!(declaration("stroke", "URL(http://x)"), Err(Refusal::NotAColour));
/// ```
pub fn declaration(property: &str, value: &str) -> Result<String, Refusal> {
    match Property::parse(property) {
        Some(p) => check(p, value),
        None => {
            let v = without_important(value);
            plain(v).map(|()| v.to_string()).ok_or(Refusal::NotPlainText)
        }
    }
}

/// `value` trimmed, without a trailing `!important`.
fn without_important(value: &str) -> &str {
    let v = value.trim();
    match v.len().checked_sub(10).filter(|&i| v.get(i..).is_some_and(|t| t.eq_ignore_ascii_case("!important"))) {
        Some(cut) => v[..cut].trim_end(),
        None => v,
    }
}

/// [`declaration`] for a known property: the value parsed as what the
/// property takes.
pub fn check(property: Property, value: &str) -> Result<String, Refusal> {
    use Property as P;
    let v = without_important(value);
    let checked = match property {
        P::Fill | P::Stroke | P::Background | P::BackgroundColor => {
            (v.eq_ignore_ascii_case("none") || colour(v).is_some()).then_some(()).ok_or(Refusal::NotAColour)
        }
        P::Color | P::BorderColor => colour(v).map(|_| ()).ok_or(Refusal::NotAColour),
        P::StrokeWidth | P::BorderWidth | P::FontSize | P::Rx | P::Ry | P::BorderRadius => {
            length(v, 0.0).map(|_| ()).ok_or(Refusal::NotALength)
        }
        P::StrokeDashoffset | P::LetterSpacing | P::LineHeight | P::Padding => {
            length(v, -MAX_LENGTH).map(|_| ()).ok_or(Refusal::NotALength)
        }
        P::StrokeDasharray => dash_array(v).map(|_| ()).ok_or(Refusal::NotADashArray),
        P::Opacity | P::StrokeOpacity | P::FillOpacity => opacity(v).map(|_| ()).ok_or(Refusal::NotAnOpacity),
        P::StrokeLinecap => keyword(v, &["butt", "round", "square"]).ok_or(Refusal::NotAKeyword),
        P::StrokeLinejoin => keyword(v, &["miter", "round", "bevel", "miter-clip", "arcs"]).ok_or(Refusal::NotAKeyword),
        P::FontWeight => keyword(v, &["normal", "bold", "bolder", "lighter"])
            .or_else(|| number(v).filter(|x| (1.0..=1000.0).contains(x)).map(|_| ()))
            .ok_or(Refusal::NotAKeyword),
        P::FontStyle => keyword(v, &["normal", "italic", "oblique"]).ok_or(Refusal::NotAKeyword),
        P::TextDecoration => v
            .split_ascii_whitespace()
            .all(|w| keyword(w, &["none", "underline", "overline", "line-through"]).is_some())
            .then_some(())
            .ok_or(Refusal::NotAKeyword),
        P::FontFamily | P::TextAlign | P::Border | P::BorderStyle | P::Animation => plain(v).ok_or(Refusal::NotPlainText),
    };
    checked.map(|()| v.to_string())
}

/// A checked length in px: CSS px (or a bare number), `pt` (4/3 px), and
/// `em`/`rem`/`ex` taken at mermaid's 16 px font; `%` has no base here and
/// gives `None`.
pub fn length_px(value: &str) -> Option<f64> {
    let (digits, unit) = split_unit(value.trim());
    let x = number(digits)?;
    match unit.to_ascii_lowercase().as_str() {
        "" | "px" => Some(x),
        "pt" => Some(x * 4.0 / 3.0),
        "em" | "rem" => Some(x * 16.0),
        "ex" => Some(x * 8.0),
        _ => None,
    }
}

/// A checked dash array as its lengths in px (empty for `none`).
pub fn dash_lengths(value: &str) -> Option<Vec<f64>> {
    dash_array(value.trim())
}

/// A checked opacity as a number from 0 to 1.
pub fn opacity_value(value: &str) -> Option<f64> {
    opacity(value.trim())
}

/// A `font-family` list safe in a `<style>` sheet and in an attribute:
/// family names made of letters (any script), digits, spaces, `-`, `_` and
/// `.`, quoted with `'` or not, separated by commas. Other characters are
/// dropped; a list that names a function or at-rule is refused whole.
///
/// ```
/// use mmdflow::css::font_family;
/// assert_eq!(font_family("\"Fira Sans\", Arial & Co"), Some("'Fira Sans', Arial  Co".to_string()));
/// assert_eq!(font_family("x;src:url(http://e/f)"), None);
/// ```
pub fn font_family(value: &str) -> Option<String> {
    let plain: String = value.chars().filter(|c| !c.is_whitespace() || *c == ' ').collect();
    // A family list is a value, not a sheet: no function, block, at-rule or
    // second declaration, on top of the sheet's deny-list.
    if plain.contains(['(', ')', '\\', ';', ':', '@', '{', '}']) || denied_word(&plain).is_some() {
        return None;
    }
    let out: String = plain
        .chars()
        .map(|c| if c == '"' { '\'' } else { c })
        .filter(|&c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '.' | ',' | '\''))
        .collect();
    let out = out.trim().to_string();
    (!out.is_empty()).then_some(out)
}

/// What CSS text may not name, compared without case, whitespace or
/// comments: everything that fetches (`url(`, `image(`, `@import`,
/// `@font-face`, …), runs (`expression`, script schemes, `behavior`,
/// `-moz-binding`) or changes what later text means (`@namespace`). The one
/// deny-list: free-form sheets ([`style_sheet`]), family lists
/// ([`font_family`]) and icon geometry ([`crate::icons`]) are all held to it.
const DENIED: &[&str] = &[
    "url(", "@import", "@font-face", "@namespace", "expression", "image-set(", "image(", "src(", "element(", "javascript:",
    "vbscript:", "behavior", "-moz-binding", "cross-fade(",
];

/// The one deny check for free text bound for CSS: the [`DENIED`] word it
/// names, or `"\\"` for a backslash (a CSS escape can spell any of them),
/// `"<"`/`"&"` (markup, when an SVG is pasted into HTML) or a control
/// character; `None` when it names none of them.
///
/// ```
/// use mmdflow::css::could_fetch_or_escape;
/// assert_eq!(could_fetch_or_escape("a{b:U R L (x)}"), Some("url("));
/// assert_eq!(could_fetch_or_escape("a{b:u/**/rl(x)}"), Some("url("));
/// assert_eq!(could_fetch_or_escape("\\75 rl(x)"), Some("\\"));
/// assert_eq!(could_fetch_or_escape(".node rect { stroke: red }"), None);
/// ```
pub fn could_fetch_or_escape(text: &str) -> Option<&'static str> {
    let bad_char = |c: char| matches!(c, '\\' | '<' | '&' | '\u{FFFE}' | '\u{FFFF}') || (c.is_control() && !matches!(c, '\n' | '\t'));
    if let Some(c) = text.chars().find(|&c| bad_char(c)) {
        return Some(match c {
            '\\' => "\\",
            '<' => "<",
            '&' => "&",
            _ => "control character",
        });
    }
    denied_word(text)
}

/// The [`DENIED`] word `text` names, if any (compared without case,
/// whitespace or comments).
pub fn denied_word(text: &str) -> Option<&'static str> {
    let compact: String = text.to_ascii_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    let uncommented = strip_comments(&compact);
    DENIED.iter().copied().find(|word| compact.contains(word) || uncommented.contains(word))
}

/// `text` without its `/* … */` comments (an unclosed one runs to the end).
fn strip_comments(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(start) = rest.find("/*") {
        out.push_str(&rest[..start]);
        rest = rest[start + 2..].find("*/").map_or("", |end| &rest[start + 2 + end + 2..]);
    }
    out.push_str(rest);
    out
}

/// A free-form style sheet (`themeCSS`, the caller's `-C` file) made inert,
/// or `None` when it could fetch, run or escape: it names `url(`, `image(`,
/// `image-set(`, `element(`, `src(`, `@import`, `@font-face`, `expression`,
/// a script scheme or `behavior`/`-moz-binding`, in any case; or it holds a
/// backslash (a CSS escape can spell any of those), a `<` or `&` (markup,
/// when the SVG is pasted into HTML), or a control character. The result is
/// ready for the inside of `<style>` (no character XML would read).
///
/// ```
/// use mmdflow::css::style_sheet;
/// assert_eq!(style_sheet(".node rect { stroke-width: 2px; }").as_deref(), Some(".node rect { stroke-width: 2px; }"));
/// assert_eq!(style_sheet(".a{background:URL(//e/x)}"), None);
/// assert_eq!(style_sheet(".a{background:\\75 rl(//e/x)}"), None);
/// ```
pub fn style_sheet(css: &str) -> Option<String> {
    if could_fetch_or_escape(css).is_some() {
        return None;
    }
    Some(css.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_sorted_for_the_binary_search() {
        assert!(NAMED.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(NAMED.len(), 148);
        assert_eq!(named_colour("RebeccaPurple"), Some([102, 51, 153]));
    }

    #[test]
    fn colours() {
        for ok in ["red", "#abc", "#abcd", "#aabbcc", "#aabbccdd", "rgb(1,2,3)", "rgba(1 2 3 / 50%)", "hsl(120deg, 50%, 50%)", "HSLA(1,2%,3%,0.5)", "transparent", "currentColor"] {
            assert_eq!(colour(ok), Some(ok), "{ok}");
        }
        for bad in [
            "", "#ab", "#abcde", "#ggg", "url(http://e/a)", "red;cursor:url(x),auto", "image-set(\"x\" 1x)", "expression(alert(1))",
            "javascript:alert(1)", "\\75rl(x)", "rgb(1,2,3);x:y", "rgb(inf,2,3)", "rgb(NaN,2,3)", "rgb(1,2)", "rgb(1px,2,3)", "var(--x)",
            "red blue", "rgb(1,2,3) url(x)",
        ] {
            assert_eq!(colour(bad), None, "{bad}");
        }
    }

    #[test]
    fn declarations() {
        assert_eq!(declaration("stroke-width", "2px"), Ok("2px".into()));
        assert_eq!(declaration("stroke-width", "1e308px"), Err(Refusal::NotALength));
        assert_eq!(declaration("stroke-width", "-1"), Err(Refusal::NotALength));
        assert_eq!(declaration("stroke-dasharray", "5,5"), Ok("5,5".into()));
        assert_eq!(declaration("stroke-dasharray", "0.5 0.4"), Err(Refusal::NotADashArray));
        assert_eq!(declaration("stroke-dasharray", &"1 ".repeat(17)), Err(Refusal::NotADashArray));
        assert_eq!(declaration("opacity", "0.5"), Ok("0.5".into()));
        assert_eq!(declaration("opacity", "2"), Err(Refusal::NotAnOpacity));
        assert_eq!(declaration("fill", "none"), Ok("none".into()));
        assert_eq!(declaration("color", "none"), Err(Refusal::NotAColour));
        assert_eq!(declaration("stroke-linecap", "round"), Ok("round".into()));
        assert_eq!(declaration("font-weight", "700"), Ok("700".into()));
        assert_eq!(declaration("text-decoration", "underline line-through"), Ok("underline line-through".into()));
        assert_eq!(declaration("font-family", "Arial, sans-serif"), Ok("Arial, sans-serif".into()));
        assert_eq!(declaration("font-family", "x\\75rl(y)"), Err(Refusal::NotPlainText));
        assert_eq!(declaration("animation", "fast"), Ok("fast".into()));
    }

    /// One allow-list: sorted for the binary search, names round-trip.
    #[test]
    fn properties_are_one_sorted_list() {
        assert!(Property::NAMES.windows(2).all(|w| w[0].0 < w[1].0));
        for (i, (name, p)) in Property::NAMES.into_iter().enumerate() {
            assert_eq!(Property::parse(name), Some(p));
            assert_eq!((p.name(), p as usize), (name, i));
        }
        assert_eq!(Property::parse("behavior"), None);
    }

    /// Sheets, family lists and icon geometry share one deny-list.
    #[test]
    fn one_deny_list() {
        for bad in ["url(x)", "U R L(x)", "url/**/(x)", "@import 'x'", "-moz-binding:x", "image-set(x)"] {
            assert!(denied_word(bad).is_some(), "{bad}");
            assert_eq!(style_sheet(&format!("a{{b:{bad}}}")), None, "{bad}");
        }
        assert_eq!(font_family("Expression Sans"), None);
        assert_eq!(font_family("Hurl Sans").as_deref(), Some("Hurl Sans"));
    }

    #[test]
    fn style_sheets() {
        for bad in ["a{b:url(x)}", "a{b:u\\72l(x)}", "@IMPORT 'x';", "a{b:image-set('x' 1x)}", "</style><script>", "a{b:EXPRESSION(1)}", "a{b:c}&amp;"] {
            assert_eq!(style_sheet(bad), None, "{bad}");
        }
    }
}
