//! Mermaid's themes (`default`, `dark`, `forest`, `neutral`, `base`, and
//! mermaid 11/12's `neo`, `neo-dark`, `redux`, `redux-color`, `redux-dark`,
//! `redux-dark-color`): the colours, font, corner radius, shadow and
//! gradient a flowchart is drawn with, and `themeVariables` overrides
//! derived the way mermaid's `theme-*.js` derive them (values read from
//! mermaid 12.3.0).
//!
//! Mermaid builds each theme as an object of variables: a constructor sets
//! fixed values, the user's `themeVariables` are laid over it, `updateColors`
//! computes the "calculated" ones (with khroma's HSL `adjust`, `lighten`,
//! `darken` and RGB `invert`), and the user's values are laid over once more.
//! Only `base` derives everything from `primaryColor`; the other themes keep
//! their fixed palette and take overrides variable by variable. The flowchart
//! style sheet then reads `mainBkg`, `nodeBorder`, `lineColor`,
//! `arrowheadColor`, `edgeLabelBackground`, `clusterBkg`, `clusterBorder`,
//! `titleColor`, `nodeTextColor`/`textColor` and `fontFamily`.

use crate::config::{DiagramConfig, Theme};
use std::collections::BTreeMap;

/// Mermaid's default font stack.
pub const MERMAID_FONT_FAMILY: &str = "\"trebuchet ms\", verdana, arial, sans-serif";

/// The resolved colours and font of a diagram: a [`Theme`] with the
/// config's `themeVariables`, font family and size applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Palette {
    /// The theme as resolved.
    pub theme: Theme,
    /// CSS font-family list from the config (mermaid's stack by default).
    pub font_family: String,
    /// Font size in px.
    pub font_size: f64,
    /// Node fill (`mainBkg`).
    pub node_fill: String,
    /// Node stroke (`nodeBorder`).
    pub node_border: String,
    /// Node stroke width in px (`strokeWidth`).
    pub stroke_width: f64,
    /// Node label colour (`nodeTextColor`, else `textColor`).
    pub node_text: String,
    /// Other text (`textColor`).
    pub text: String,
    /// Edges (`lineColor`).
    pub line: String,
    /// `arrowheadColor` (mermaid's flowchart markers are drawn in `lineColor`;
    /// kept for callers).
    pub arrowhead: String,
    /// Edge label background (`edgeLabelBackground`).
    pub edge_label_bg: String,
    /// Cluster fill (`clusterBkg`).
    pub cluster_fill: String,
    /// Cluster stroke (`clusterBorder`).
    pub cluster_border: String,
    /// Cluster titles and the diagram title (`titleColor`).
    pub title: String,
    /// Corner radius of rounded shapes, px (`radius`).
    pub radius: f64,
    /// The shadow under node and cluster outlines in the neo look
    /// (`dropShadow`).
    pub shadow: DropShadow,
    /// A smaller shadow for small circles (`nodeShadow` themes), if the
    /// theme has one.
    pub small_shadow: Option<DropShadow>,
    /// Node outlines are a left-to-right gradient in the neo look
    /// (`useGradient`), from `gradient_start` to `gradient_stop`.
    pub use_gradient: bool,
    /// Gradient start colour (`gradientStart`).
    pub gradient_start: String,
    /// Gradient stop colour (`gradientStop`).
    pub gradient_stop: String,
    /// The `*-color` themes' colour slots, one per subgraph in declaration
    /// order (cycling): outline and, where the theme has one, fill
    /// (`borderColorArray`, `bkgColorArray`). Empty for other themes.
    pub cluster_slots: Vec<ClusterSlot>,
}

/// One colour slot of a `*-color` theme.
#[derive(Debug, Clone, PartialEq)]
pub struct ClusterSlot {
    /// Cluster outline.
    pub border: String,
    /// Cluster fill, if the theme sets one.
    pub fill: Option<String>,
}

/// A drop shadow: CSS `drop-shadow(dx dy blur colour)`, or the redux
/// themes' `feDropShadow` (blur 0).
#[derive(Debug, Clone, PartialEq)]
pub struct DropShadow {
    /// Offset right, px.
    pub dx: f64,
    /// Offset down, px.
    pub dy: f64,
    /// Blur (the Gaussian's standard deviation), px.
    pub blur: f64,
    /// Shadow colour (opaque CSS colour).
    pub colour: String,
    /// Shadow opacity, 0 to 1.
    pub opacity: f64,
}

impl DropShadow {
    fn new(dx: f64, dy: f64, blur: f64, colour: &str, opacity: f64) -> DropShadow {
        DropShadow { dx, dy, blur, colour: colour.to_string(), opacity }
    }
}

/// The redux themes' outline colours per subgraph (`borderColorArray`).
const REDUX_SLOT_BORDERS: [&str; 12] =
    ["#E879F9", "#2DD4BF", "#FB923C", "#22D3EE", "#4ADE80", "#A78BFA", "#F87171", "#FACC15", "#818CF8", "#A3E635", "#38BDF8", "#FB7185"];
/// `redux-color`'s fills per subgraph (`bkgColorArray`; `redux-dark-color`
/// has none).
const REDUX_SLOT_FILLS: [&str; 12] =
    ["#FDF4FF", "#F0FDFA", "#FFF7ED", "#ECFEFF", "#F0FDF4", "#F5F3FF", "#FEF2F2", "#FEFCE8", "#EEF2FF", "#F7FEE7", "#F0F9FF", "#FFF1F2"];

/// The font stack of `neo` and `neo-dark`.
pub const NEO_FONT_FAMILY: &str = "arial, sans-serif";
/// The font stack of the redux themes: mermaid 12 embeds "Recursive
/// Variable"; mmdflow names it and measures with Arial's metrics (its
/// fallback).
pub const REDUX_FONT_FAMILY: &str = "\"Recursive Variable\", arial, sans-serif";

/// An RGBA colour with channels 0–255 and alpha 0–1.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Color {
    /// Red.
    pub r: f64,
    /// Green.
    pub g: f64,
    /// Blue.
    pub b: f64,
    /// Alpha.
    pub a: f64,
}

impl Color {
    /// Parses a CSS colour: `#rgb`, `#rgba`, `#rrggbb`, `#rrggbbaa`,
    /// `rgb()`/`rgba()`, `hsl()`/`hsla()` or a common colour name.
    pub fn parse(s: &str) -> Option<Color> {
        let s = s.trim().to_ascii_lowercase();
        if let Some(hex) = s.strip_prefix('#') {
            let v: Vec<u32> = hex.chars().map(|c| c.to_digit(16)).collect::<Option<_>>()?;
            let (r, g, b, a) = match v.len() {
                3 => (v[0] * 17, v[1] * 17, v[2] * 17, 255),
                4 => (v[0] * 17, v[1] * 17, v[2] * 17, v[3] * 17),
                6 => (v[0] * 16 + v[1], v[2] * 16 + v[3], v[4] * 16 + v[5], 255),
                8 => (v[0] * 16 + v[1], v[2] * 16 + v[3], v[4] * 16 + v[5], v[6] * 16 + v[7]),
                _ => return None,
            };
            return Some(Color { r: r as f64, g: g as f64, b: b as f64, a: a as f64 / 255.0 });
        }
        let func = |name: &str| -> Option<Vec<f64>> {
            let inner = s.strip_prefix(name)?.trim().strip_prefix('(')?.strip_suffix(')')?;
            inner
                .split(|c: char| c == ',' || c == '/' || c.is_whitespace())
                .filter(|p| !p.is_empty())
                .map(|p| {
                    let p = p.trim();
                    let (num, pct) = match p.strip_suffix('%') {
                        Some(n) => (n, true),
                        None => (p.trim_end_matches("deg"), false),
                    };
                    num.parse::<f64>().ok().filter(|x| x.is_finite()).map(|x| if pct { x / 100.0 * 100.0 } else { x })
                })
                .collect()
        };
        for name in ["rgba", "rgb"] {
            if let Some(v) = func(name) {
                if v.len() < 3 {
                    return None;
                }
                let a = v.get(3).copied().unwrap_or(1.0);
                return Some(Color { r: v[0].clamp(0.0, 255.0), g: v[1].clamp(0.0, 255.0), b: v[2].clamp(0.0, 255.0), a: a.clamp(0.0, 1.0) });
            }
        }
        for name in ["hsla", "hsl"] {
            if let Some(v) = func(name) {
                if v.len() < 3 {
                    return None;
                }
                let a = v.get(3).copied().unwrap_or(1.0);
                let mut c = Color::from_hsl(v[0], v[1], v[2]);
                c.a = a.clamp(0.0, 1.0);
                return Some(c);
            }
        }
        if s == "transparent" {
            return Some(Color { r: 0.0, g: 0.0, b: 0.0, a: 0.0 });
        }
        let [r, g, b] = crate::css::named_colour(&s)?;
        Some(Color { r: r as f64, g: g as f64, b: b as f64, a: 1.0 })
    }

    /// The colour with hue `h` (degrees), saturation `s` and lightness `l`
    /// (percent).
    pub fn from_hsl(h: f64, s: f64, l: f64) -> Color {
        let h = h.rem_euclid(360.0) / 360.0;
        let (s, l) = ((s / 100.0).clamp(0.0, 1.0), (l / 100.0).clamp(0.0, 1.0));
        if s == 0.0 {
            let v = l * 255.0;
            return Color { r: v, g: v, b: v, a: 1.0 };
        }
        let q = if l < 0.5 { l * (1.0 + s) } else { l + s - l * s };
        let p = 2.0 * l - q;
        let f = |mut t: f64| {
            t = t.rem_euclid(1.0);
            let v = if t < 1.0 / 6.0 {
                p + (q - p) * 6.0 * t
            } else if t < 0.5 {
                q
            } else if t < 2.0 / 3.0 {
                p + (q - p) * (2.0 / 3.0 - t) * 6.0
            } else {
                p
            };
            v * 255.0
        };
        Color { r: f(h + 1.0 / 3.0), g: f(h), b: f(h - 1.0 / 3.0), a: 1.0 }
    }

    /// Hue (degrees), saturation and lightness (percent).
    pub fn to_hsl(self) -> (f64, f64, f64) {
        let (r, g, b) = (self.r / 255.0, self.g / 255.0, self.b / 255.0);
        let (max, min) = (r.max(g).max(b), r.min(g).min(b));
        let l = (max + min) / 2.0;
        if (max - min).abs() < 1e-12 {
            return (0.0, 0.0, l * 100.0);
        }
        let d = max - min;
        let s = if l > 0.5 { d / (2.0 - max - min) } else { d / (max + min) };
        let h = if max == r {
            (g - b) / d + if g < b { 6.0 } else { 0.0 }
        } else if max == g {
            (b - r) / d + 2.0
        } else {
            (r - g) / d + 4.0
        };
        (h * 60.0, s * 100.0, l * 100.0)
    }

    /// khroma's `adjust`: adds to hue, saturation and lightness (clamped).
    pub fn adjust(self, dh: f64, ds: f64, dl: f64) -> Color {
        let (h, s, l) = self.to_hsl();
        let mut c = Color::from_hsl(h + dh, (s + ds).clamp(0.0, 100.0), (l + dl).clamp(0.0, 100.0));
        c.a = self.a;
        c
    }

    /// khroma's `lighten`.
    pub fn lighten(self, amount: f64) -> Color {
        self.adjust(0.0, 0.0, amount)
    }

    /// khroma's `darken`.
    pub fn darken(self, amount: f64) -> Color {
        self.adjust(0.0, 0.0, -amount)
    }

    /// khroma's `invert`: each RGB channel mirrored.
    pub fn invert(self) -> Color {
        Color { r: 255.0 - self.r, g: 255.0 - self.g, b: 255.0 - self.b, a: self.a }
    }

    /// CSS text: `#rrggbb`, or `rgba(r, g, b, a)` when not opaque.
    pub fn css(self) -> String {
        let ch = |v: f64| v.round().clamp(0.0, 255.0) as u8;
        if self.a >= 1.0 {
            format!("#{:02x}{:02x}{:02x}", ch(self.r), ch(self.g), ch(self.b))
        } else {
            format!("rgba({}, {}, {}, {})", ch(self.r), ch(self.g), ch(self.b), crate::geom::fmt_num(self.a))
        }
    }
}

/// mermaid's `mkBorder`: a less saturated, darker (lighter in dark mode)
/// version of a fill.
fn mk_border(c: Color, dark: bool) -> Color {
    if dark {
        c.adjust(0.0, -40.0, 10.0)
    } else {
        c.adjust(0.0, -40.0, -10.0)
    }
}

/// The theme variables as mermaid holds them, by name.
struct Vars {
    map: BTreeMap<String, String>,
}

impl Vars {
    fn get(&self, k: &str) -> Option<&str> {
        self.map.get(k).map(String::as_str).filter(|v| !v.is_empty() && *v != "calculated")
    }
    fn color(&self, k: &str) -> Option<Color> {
        self.get(k).and_then(Color::parse)
    }
    fn set(&mut self, k: &str, v: impl Into<String>) {
        self.map.insert(k.to_string(), v.into());
    }
    /// Sets `k` unless the user (or an earlier step) already did: mermaid's
    /// `this.k = this.k || value`.
    fn or(&mut self, k: &str, v: impl FnOnce(&Vars) -> Option<String>) {
        if self.get(k).is_none() {
            if let Some(val) = v(self) {
                self.set(k, val);
            }
        }
    }
}

fn css(c: Color) -> String {
    c.css()
}

/// Font sizes a config may set, in px (mermaid draws nothing readable
/// outside; beyond it numbers only overflow).
pub const FONT_SIZE_RANGE: std::ops::RangeInclusive<f64> = 1.0..=1000.0;
/// Node stroke widths a theme may set, in px.
pub const STROKE_WIDTH_RANGE: std::ops::RangeInclusive<f64> = 0.0..=100.0;

/// The value of theme variable `key` if it is what the key takes. Every
/// variable but `fontFamily`, `fontSize`, `strokeWidth` and `darkMode` is a
/// colour (mermaid's themes copy them into colour properties): a CSS
/// colour (see [`crate::css::colour`]), a number in
/// range for `fontSize` and `strokeWidth`, `true`/`false` for `darkMode`, a
/// family list for `fontFamily`. `None` means "ignore it" (the config reader
/// warns).
pub fn theme_value<'v>(key: &str, value: &'v str) -> Option<&'v str> {
    let number = |range: std::ops::RangeInclusive<f64>| {
        value.trim().trim_end_matches("px").parse::<f64>().ok().filter(|x| range.contains(x)).map(|_| value)
    };
    match key {
        "fontFamily" => crate::css::font_family(value).map(|_| value),
        "fontSize" => number(FONT_SIZE_RANGE),
        "strokeWidth" => number(STROKE_WIDTH_RANGE),
        "darkMode" => matches!(value, "true" | "false").then_some(value),
        // mermaid's marker of a derived value, skipped by `Vars::get`.
        _ if value == "calculated" => Some(value),
        _ => crate::css::colour(value),
    }
}

/// Why [`theme_value`] refused `key`'s value, for the config reader's warning.
pub(crate) fn theme_value_problem(key: &str) -> &'static str {
    match key {
        "fontFamily" => "is not a font-family list",
        "fontSize" => "is not a font size from 1 to 1000",
        "strokeWidth" => "is not a width from 0 to 100",
        "darkMode" => "is not true or false",
        _ => "is not a CSS colour",
    }
}

impl Palette {
    /// Resolves the theme of a diagram: `name_override` (the caller's
    /// `Options.theme`) beats the config's `theme`; `themeVariables`,
    /// `fontFamily` and `fontSize` come from the merged config.
    pub fn resolve(config: &DiagramConfig, name_override: Option<Theme>) -> Palette {
        let theme = name_override.or(config.theme).unwrap_or_default();
        let user = &config.theme_variables;
        let dark_mode =
            config.dark_mode.unwrap_or(false) || user.get("darkMode").is_some_and(|v| v == "true");
        let mut v = Vars { map: BTreeMap::new() };
        // Constructor: the fixed palette of each theme.
        // The dark neo/redux themes compute these in their constructors from
        // their own primary colour (#1f2020) and background (#333), before
        // any override: fixed values, whatever the user's primaryColor.
        let dark_primary = Color { r: 31.0, g: 32.0, b: 32.0, a: 1.0 };
        let dark_tertiary = dark_primary.adjust(-160.0, 0.0, 0.0);
        let dark_computed = [
            ("secondaryColor", css(dark_primary.lighten(16.0))),
            ("tertiaryColor", css(dark_tertiary)),
            ("tertiaryBorderColor", css(mk_border(dark_tertiary, false))),
            ("primaryTextColor", css(dark_primary.invert())),
            ("tertiaryTextColor", css(dark_tertiary.invert())),
        ];
        let fixed: &[(&str, &str)] = match theme {
            Theme::Neo => &[
                ("background", "#ffffff"),
                ("primaryColor", "#cccccc"),
                ("mainBkg", "#ffffff"),
                ("nodeBorder", "#000000"),
                ("tertiaryColor", "#ffffff"),
            ],
            Theme::Redux | Theme::ReduxColor => &[
                ("background", "#ffffff"),
                ("primaryColor", "#cccccc"),
                ("mainBkg", "#ffffff"),
                ("nodeBorder", "#28253D"),
                ("tertiaryColor", "#ffffff"),
                ("clusterBkg", "#F9F9FB"),
                ("clusterBorder", "#BDBCCC"),
                ("primaryTextColor", "#28253D"),
            ],
            Theme::NeoDark => &[
                ("background", "#333"),
                ("primaryColor", "#1f2020"),
                ("mainBkg", "#2a2020"),
                ("border1", "#ccc"),
                ("nodeBorder", "#ccc"),
                ("textColor", "#ccc"),
            ],
            Theme::ReduxDark | Theme::ReduxDarkColor => &[
                ("background", "#333"),
                ("primaryColor", "#1f2020"),
                ("mainBkg", "#111113"),
                ("border1", "#ccc"),
                ("nodeBorder", "#FFFFFF"),
                ("textColor", "#ccc"),
                ("clusterBkg", "#1E1A2E"),
                ("clusterBorder", "#BDBCCC"),
            ],
            Theme::Dark => &[
                ("background", "#333"),
                ("primaryColor", "#1f2020"),
                ("mainBkg", "#1f2020"),
                ("mainContrastColor", "lightgrey"),
                ("border1", "#ccc"),
                ("border2", "rgba(255, 255, 255, 0.25)"),
                ("labelBackground", "#181818"),
                ("textColor", "#ccc"),
                ("titleColor", "#F9FFFE"),
            ],
            Theme::Forest => &[
                ("background", "white"),
                ("primaryColor", "#cde498"),
                ("mainBkg", "#cde498"),
                ("secondBkg", "#cdffb2"),
                // The constructor sets "green", then overwrites it with
                // invert(background): forest's links are black.
                ("lineColor", "#000000"),
                ("border1", "#13540c"),
                ("border2", "#6eaa49"),
                ("arrowheadColor", "green"),
                ("textColor", "#000000"),
                ("titleColor", "#333"),
                ("edgeLabelBackground", "#e8e8e8"),
            ],
            Theme::Neutral => &[
                ("background", "#ffffff"),
                ("primaryColor", "#eee"),
                ("contrast", "#707070"),
                ("mainBkg", "#eee"),
                ("lineColor", "#666"),
                ("border1", "#999"),
                ("text", "#333"),
                ("arrowheadColor", "#333333"),
                ("textColor", "#000000"),
                ("edgeLabelBackground", "white"),
            ],
            Theme::Base => &[("background", "#f4f4f4"), ("primaryColor", "#fff4dd")],
            Theme::Default => &[
                ("background", "white"),
                ("primaryColor", "#ECECFF"),
                ("mainBkg", "#ECECFF"),
                ("secondBkg", "#ffffde"),
                ("lineColor", "#333333"),
                ("border1", "#9370DB"),
                ("border2", "#aaaa33"),
                ("arrowheadColor", "#333333"),
                ("labelBackground", "rgba(232, 232, 232, 0.8)"),
                ("textColor", "#333"),
            ],
        };
        for (k, val) in fixed {
            v.set(k, *val);
        }
        if matches!(theme, Theme::NeoDark | Theme::ReduxDark | Theme::ReduxDarkColor) {
            for (k, val) in &dark_computed {
                v.set(k, val.clone());
            }
        }
        let classic = matches!(theme, Theme::Default | Theme::Forest | Theme::Dark | Theme::Neutral | Theme::Base);
        v.set("strokeWidth", if classic || theme == Theme::NeoDark { "1" } else { "2" });
        // The user's variables first (only values their key can take:
        // `theme_value`) ...
        let user: Vec<(&String, &str)> = user.iter().filter_map(|(k, val)| Some((k, theme_value(k, val)?))).collect();
        for &(k, val) in &user {
            v.set(k, val);
        }
        // ... then updateColors ...
        match theme {
            // The neo and redux themes are built on base's derivation (their
            // constructors fix what differs).
            Theme::Base | Theme::Neo | Theme::NeoDark | Theme::Redux | Theme::ReduxColor | Theme::ReduxDark | Theme::ReduxDarkColor => {
                let primary = v.color("primaryColor").unwrap_or(Color { r: 255.0, g: 244.0, b: 221.0, a: 1.0 });
                let background = v.color("background").unwrap_or(Color { r: 244.0, g: 244.0, b: 244.0, a: 1.0 });
                v.or("primaryTextColor", |_| Some(if dark_mode { "#eee" } else { "#333" }.into()));
                v.or("secondaryColor", |_| Some(css(primary.adjust(-120.0, 0.0, 0.0))));
                v.or("tertiaryColor", |_| Some(css(primary.adjust(180.0, 0.0, 5.0))));
                v.or("primaryBorderColor", |_| Some(css(mk_border(primary, dark_mode))));
                v.or("tertiaryBorderColor", |v| v.color("tertiaryColor").map(|c| css(mk_border(c, dark_mode))));
                v.or("tertiaryTextColor", |v| v.color("tertiaryColor").map(|c| css(c.invert())));
                v.or("lineColor", |_| Some(css(background.invert())));
                v.or("arrowheadColor", |_| Some(css(background.invert())));
                v.or("textColor", |v| v.get("primaryTextColor").map(String::from));
                v.or("mainBkg", |v| v.get("primaryColor").map(String::from));
                v.or("nodeBorder", |v| v.get("primaryBorderColor").map(String::from));
                v.or("clusterBkg", |v| v.get("tertiaryColor").map(String::from));
                v.or("clusterBorder", |v| v.get("tertiaryBorderColor").map(String::from));
                v.or("titleColor", |v| v.get("tertiaryTextColor").map(String::from));
                v.or("edgeLabelBackground", |v| {
                    let sec = v.color("secondaryColor")?;
                    Some(css(if dark_mode { sec.darken(30.0) } else { sec }))
                });
                v.or("nodeTextColor", |v| v.get("primaryTextColor").map(String::from));
            }
            Theme::Dark => {
                let main = v.color("mainBkg").unwrap_or(Color { r: 31.0, g: 32.0, b: 32.0, a: 1.0 });
                let contrast = v.get("mainContrastColor").unwrap_or("lightgrey").to_string();
                let label_bg = v.color("labelBackground").unwrap_or(Color { r: 24.0, g: 24.0, b: 24.0, a: 1.0 });
                v.set("secondBkg", css(main.lighten(16.0)));
                v.set("lineColor", contrast.clone());
                v.set("arrowheadColor", contrast);
                v.set("nodeBorder", v.get("border1").unwrap_or("#ccc").to_string());
                v.set("clusterBkg", v.get("secondBkg").unwrap_or("#000").to_string());
                v.set("clusterBorder", v.get("border2").unwrap_or("#ccc").to_string());
                v.set("edgeLabelBackground", css(label_bg.lighten(25.0)));
            }
            Theme::Neutral => {
                let contrast = v.color("contrast").unwrap_or(Color { r: 112.0, g: 112.0, b: 112.0, a: 1.0 });
                v.set("secondBkg", css(contrast.lighten(55.0)));
                v.set("border2", css(contrast));
                v.set("nodeBorder", v.get("border1").unwrap_or("#999").to_string());
                v.set("clusterBkg", v.get("secondBkg").unwrap_or("#fff").to_string());
                v.set("clusterBorder", v.get("border2").unwrap_or("#999").to_string());
                v.set("titleColor", v.get("text").unwrap_or("#333").to_string());
            }
            Theme::Default | Theme::Forest => {
                v.set("nodeBorder", v.get("border1").unwrap_or("#9370DB").to_string());
                v.set("clusterBkg", v.get("secondBkg").unwrap_or("#ffffde").to_string());
                v.set("clusterBorder", v.get("border2").unwrap_or("#aaaa33").to_string());
                if theme == Theme::Default {
                    v.set("titleColor", v.get("textColor").unwrap_or("#333").to_string());
                    v.set("edgeLabelBackground", v.get("labelBackground").unwrap_or("#e8e8e8").to_string());
                }
            }
        }
        // ... and the user's variables once more: they always win.
        for &(k, val) in &user {
            v.set(k, val);
        }
        // Every colour drawn is a CSS colour, whatever the derivation copied
        // where (a theme's fixed palette and khroma's arithmetic give
        // colours; this is the guarantee, not the filter).
        let pick = |k: &str, fallback: &str| v.get(k).and_then(crate::css::colour).unwrap_or(fallback).to_string();
        let user_var = |k: &str| user.iter().find(|(name, _)| name.as_str() == k).map(|&(_, val)| val);
        let font_family = config
            .font_family
            .as_deref()
            .or_else(|| user_var("fontFamily"))
            .and_then(crate::css::font_family)
            .unwrap_or_else(|| default_font_family(theme).to_string());
        let font_size = config
            .font_size
            .or_else(|| user_var("fontSize").and_then(|s| s.trim().trim_end_matches("px").parse().ok()))
            .filter(|x: &f64| FONT_SIZE_RANGE.contains(x))
            .unwrap_or(theme.font_size());
        let text = pick("textColor", "#333");
        let gradient = default_gradient(theme);
        Palette {
            font_family,
            font_size,
            node_fill: pick("mainBkg", "#ECECFF"),
            node_border: pick("nodeBorder", "#9370DB"),
            stroke_width: v.get("strokeWidth").and_then(|s| s.parse().ok()).filter(|x: &f64| STROKE_WIDTH_RANGE.contains(x)).unwrap_or(1.0),
            node_text: v.get("nodeTextColor").and_then(crate::css::colour).map(String::from).unwrap_or_else(|| text.clone()),
            line: pick("lineColor", "#333333"),
            arrowhead: pick("arrowheadColor", "#333333"),
            edge_label_bg: pick("edgeLabelBackground", "#e8e8e8"),
            cluster_fill: pick("clusterBkg", "#ffffde"),
            cluster_border: pick("clusterBorder", "#aaaa33"),
            title: pick("titleColor", &text),
            text,
            theme,
            radius: match theme {
                Theme::Redux | Theme::ReduxColor | Theme::ReduxDark | Theme::ReduxDarkColor => 12.0,
                Theme::Neo | Theme::NeoDark => 3.0,
                _ => 5.0,
            },
            shadow: drop_shadow(theme),
            small_shadow: redux_shadow_colour(theme).map(|c| DropShadow::new(2.0, 2.0, 0.0, c, 0.06)),
            use_gradient: !matches!(theme, Theme::Default | Theme::Redux | Theme::ReduxColor | Theme::ReduxDark | Theme::ReduxDarkColor),
            gradient_start: pick("gradientStart", &gradient.0),
            gradient_stop: pick("gradientStop", &gradient.1),
            cluster_slots: cluster_slots(theme),
        }
    }
}

/// A theme's gradient colours (`gradientStart`, `gradientStop`): the
/// neo and redux themes' blue to red, else the theme's primary and
/// secondary border colours, as mermaid 12.3 computes them.
fn default_gradient(theme: Theme) -> (String, String) {
    let hsl = |h: f64, s: f64, l: f64| css(Color::from_hsl(h, s, l));
    match theme {
        Theme::Default => (hsl(240.0, 60.0, 86.2745098039), hsl(60.0, 60.0, 83.5294117647)),
        Theme::Forest => (hsl(78.1578947368, 18.4615384615, 64.5098039216), hsl(98.961038961, 60.0, 74.9019607843)),
        Theme::Neutral => (hsl(0.0, 0.0, 83.3333333333), hsl(0.0, 0.0, 88.9215686275)),
        Theme::Base => (hsl(40.5882352941, 60.0, 83.3333333333), hsl(-79.4117647059, 60.0, 83.3333333333)),
        Theme::Dark => ("#cccccc".into(), hsl(180.0, 0.0, 18.3529411765)),
        _ => ("#0042eb".into(), "#eb0042".into()),
    }
}

/// The font stack a theme sets (`fontFamily`).
pub fn default_font_family(theme: Theme) -> &'static str {
    match theme {
        Theme::Neo | Theme::NeoDark => NEO_FONT_FAMILY,
        Theme::Redux | Theme::ReduxColor | Theme::ReduxDark | Theme::ReduxDarkColor => REDUX_FONT_FAMILY,
        _ => MERMAID_FONT_FAMILY,
    }
}

/// The redux themes' shadow colour (`filterColor`): black on light pages,
/// white on dark ones; `None` for themes whose shadow is a CSS
/// `drop-shadow()`.
fn redux_shadow_colour(theme: Theme) -> Option<&'static str> {
    match theme {
        Theme::Redux | Theme::ReduxColor => Some("#000000"),
        Theme::ReduxDark | Theme::ReduxDarkColor => Some("#FFFFFF"),
        _ => None,
    }
}

/// A theme's `dropShadow`, as mermaid 12.3 sets it.
fn drop_shadow(theme: Theme) -> DropShadow {
    if let Some(colour) = redux_shadow_colour(theme) {
        // `url(#drop-shadow)`: feDropShadow dx 4, dy 4, no blur, 6 %.
        return DropShadow::new(4.0, 4.0, 0.0, colour, 0.06);
    }
    match theme {
        Theme::Neo => DropShadow::new(0.0, 1.0, 2.0, "#000000", 0.25),
        Theme::NeoDark => DropShadow::new(1.0, 2.0, 2.0, "#b9b9b9", 0.2),
        Theme::Forest => DropShadow::new(1.0, 2.0, 2.0, "#b9b9b9", 0.5),
        _ => DropShadow::new(1.0, 2.0, 2.0, "#b9b9b9", 1.0),
    }
}

/// The `*-color` themes' slots; none for other themes.
fn cluster_slots(theme: Theme) -> Vec<ClusterSlot> {
    let fills: &[&str] = match theme {
        Theme::ReduxColor => &REDUX_SLOT_FILLS,
        Theme::ReduxDarkColor => &[],
        _ => return Vec::new(),
    };
    REDUX_SLOT_BORDERS
        .iter()
        .enumerate()
        .map(|(i, border)| ClusterSlot { border: border.to_string(), fill: fills.get(i).map(|f| f.to_string()) })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(theme: &str, vars: &[(&str, &str)]) -> DiagramConfig {
        DiagramConfig {
            theme: Some(theme.parse().unwrap()),
            theme_variables: vars.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
            ..Default::default()
        }
    }

    #[test]
    fn colour_arithmetic_matches_khroma() {
        let c = Color::parse("#ECECFF").unwrap();
        let (h, s, l) = c.to_hsl();
        assert!((h - 240.0).abs() < 1e-9 && (s - 100.0).abs() < 1e-9 && (l - 96.2745).abs() < 1e-3);
        // mermaid's default tertiaryColor, adjust(primary, h: -160), is
        // hsl(80, 100%, 96.27%), the tooltip background of the classic look.
        let t = c.adjust(-160.0, 0.0, 0.0);
        let (h, _, _) = t.to_hsl();
        assert!((h - 80.0).abs() < 0.5, "{h}");
        assert_eq!(Color::parse("#333").unwrap().invert().css(), "#cccccc");
        assert_eq!(Color::parse("rgba(232,232,232, 0.8)").unwrap().css(), "rgba(232, 232, 232, 0.8)");
        assert_eq!(Color::parse("hsl(0, 100%, 50%)").unwrap().css(), "#ff0000");
        assert_eq!(Color::parse("#181818").unwrap().lighten(25.0).css(), "#585858");
        assert!(Color::parse("url(x)").is_none());
    }

    #[test]
    fn classic_default_palette() {
        let t = Palette::resolve(&DiagramConfig::default(), None);
        assert_eq!(t.theme, Theme::Default);
        assert_eq!((t.node_fill.as_str(), t.node_border.as_str()), ("#ECECFF", "#9370DB"));
        assert_eq!((t.line.as_str(), t.text.as_str()), ("#333333", "#333"));
        assert_eq!((t.cluster_fill.as_str(), t.cluster_border.as_str()), ("#ffffde", "#aaaa33"));
        assert_eq!(t.edge_label_bg, "rgba(232, 232, 232, 0.8)");
        assert_eq!(t.font_family, MERMAID_FONT_FAMILY);
    }

    #[test]
    fn other_themes_and_overrides() {
        let dark = Palette::resolve(&cfg("dark", &[]), None);
        assert_eq!(dark.node_fill, "#1f2020");
        assert_eq!(dark.line, "lightgrey");
        assert_eq!(dark.cluster_fill, Color::parse("#1f2020").unwrap().lighten(16.0).css());
        let forest = Palette::resolve(&cfg("forest", &[]), None);
        assert_eq!((forest.node_fill.as_str(), forest.node_border.as_str()), ("#cde498", "#13540c"));
        // As mermaid 12.3 draws it: black links, #cdffb2 / #6eaa49 clusters.
        assert_eq!(forest.line, "#000000");
        assert_eq!((forest.cluster_fill.as_str(), forest.cluster_border.as_str()), ("#cdffb2", "#6eaa49"));
        let neutral = Palette::resolve(&cfg("neutral", &[]), None);
        assert_eq!((neutral.line.as_str(), neutral.cluster_border.as_str(), neutral.title.as_str()), ("#666", "#707070", "#333"));
        assert_eq!(neutral.cluster_fill, Color::from_hsl(0.0, 0.0, 98.9215686275).css());
        // Options.theme beats the config.
        assert_eq!(Palette::resolve(&cfg("forest", &[]), Some(Theme::Neutral)).node_fill, "#eee");
        // base derives the border from primaryColor with mkBorder.
        let base = Palette::resolve(&cfg("base", &[("primaryColor", "#ff0000")]), None);
        assert_eq!(base.node_fill, "#ff0000");
        assert_eq!(base.node_border, Color::parse("#ff0000").unwrap().adjust(0.0, -40.0, -10.0).css());
        assert_eq!(base.line, "#0b0b0b");
        // default keeps its palette for primaryColor, but takes direct overrides.
        let d = Palette::resolve(&cfg("default", &[("primaryColor", "#ff0000"), ("lineColor", "#123456")]), None);
        assert_eq!(d.node_fill, "#ECECFF");
        assert_eq!(d.line, "#123456");
    }

    /// mermaid 12.3's computed values (its `getThemeVariables`, hsl() and
    /// rgb() written here as the hex they round to).
    #[test]
    fn neo_and_redux_palettes_match_mermaid_12() {
        let redux = Palette::resolve(&cfg("redux", &[]), None);
        assert_eq!((redux.node_fill.as_str(), redux.node_border.as_str(), redux.text.as_str()), ("#ffffff", "#28253D", "#28253D"));
        assert_eq!((redux.line.as_str(), redux.edge_label_bg.as_str(), redux.title.as_str()), ("#000000", "#cccccc", "#000000"));
        assert_eq!((redux.cluster_fill.as_str(), redux.cluster_border.as_str()), ("#F9F9FB", "#BDBCCC"));
        assert_eq!((redux.stroke_width, redux.radius, redux.font_size), (2.0, 12.0, 14.0));
        assert_eq!(redux.font_family, REDUX_FONT_FAMILY);
        assert_eq!(redux.shadow, DropShadow::new(4.0, 4.0, 0.0, "#000000", 0.06));
        assert!(!redux.use_gradient && redux.cluster_slots.is_empty());
        let colour = Palette::resolve(&cfg("redux-color", &[]), None);
        assert_eq!(colour.cluster_slots.len(), 12);
        assert_eq!(colour.cluster_slots[9], ClusterSlot { border: "#A3E635".into(), fill: Some("#F7FEE7".into()) });
        let dark = Palette::resolve(&cfg("redux-dark-color", &[]), None);
        assert_eq!((dark.node_fill.as_str(), dark.node_border.as_str(), dark.node_text.as_str()), ("#111113", "#FFFFFF", "#e0dfdf"));
        assert_eq!((dark.text.as_str(), dark.line.as_str(), dark.title.as_str()), ("#ccc", "#cccccc", "#dfe0e0"));
        assert_eq!(dark.edge_label_bg, Color::from_hsl(180.0, 1.5873015873, 28.3529411765).css());
        assert_eq!(dark.cluster_slots[0], ClusterSlot { border: "#E879F9".into(), fill: None });
        assert_eq!(dark.shadow.colour, "#FFFFFF");
        let neo = Palette::resolve(&cfg("neo", &[]), None);
        assert_eq!((neo.node_border.as_str(), neo.cluster_border.as_str(), neo.radius), ("#000000", "#e6e6e6", 3.0));
        assert!(neo.use_gradient);
        assert_eq!((neo.gradient_start.as_str(), neo.gradient_stop.as_str()), ("#0042eb", "#eb0042"));
        let neo_dark = Palette::resolve(&cfg("neo-dark", &[]), None);
        assert_eq!((neo_dark.node_fill.as_str(), neo_dark.node_border.as_str(), neo_dark.stroke_width), ("#2a2020", "#ccc", 1.0));
        assert_eq!(neo_dark.cluster_fill, Color::from_hsl(20.0, 1.5873015873, 12.3529411765).css());
        assert_eq!(neo_dark.cluster_border, Color::from_hsl(20.0, 0.0, 2.3529411765).css());
        // Overrides still win, and derive as in base.
        let over = Palette::resolve(&cfg("redux", &[("lineColor", "#ff0000"), ("background", "#000000")]), None);
        assert_eq!(over.line, "#ff0000");
    }
}
