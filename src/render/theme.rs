//! Mermaid's themes (`default`, `dark`, `forest`, `neutral`, `base`): the
//! colours a flowchart is drawn with, and `themeVariables` overrides derived
//! the way mermaid's `theme-*.js` derive them.
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
    /// Theme name as resolved (`default`, `dark`, `forest`, `neutral`, `base`).
    pub name: String,
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
}

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
        let name = name_override.or(config.theme).unwrap_or_default().name().to_string();
        let user = &config.theme_variables;
        let dark_mode =
            config.dark_mode.unwrap_or(false) || user.get("darkMode").is_some_and(|v| v == "true");
        let mut v = Vars { map: BTreeMap::new() };
        // Constructor: the fixed palette of each theme.
        let fixed: &[(&str, &str)] = match name.as_str() {
            "dark" => &[
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
            "forest" => &[
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
            "neutral" => &[
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
            "base" => &[("background", "#f4f4f4"), ("primaryColor", "#fff4dd")],
            _ => &[
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
        v.set("strokeWidth", "1");
        // The user's variables first (only values their key can take:
        // `theme_value`) ...
        let user: Vec<(&String, &str)> = user.iter().filter_map(|(k, val)| Some((k, theme_value(k, val)?))).collect();
        for &(k, val) in &user {
            v.set(k, val);
        }
        // ... then updateColors ...
        match name.as_str() {
            "base" => {
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
            "dark" => {
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
            "neutral" => {
                let contrast = v.color("contrast").unwrap_or(Color { r: 112.0, g: 112.0, b: 112.0, a: 1.0 });
                v.set("secondBkg", css(contrast.lighten(55.0)));
                v.set("border2", css(contrast));
                v.set("nodeBorder", v.get("border1").unwrap_or("#999").to_string());
                v.set("clusterBkg", v.get("secondBkg").unwrap_or("#fff").to_string());
                v.set("clusterBorder", v.get("border2").unwrap_or("#999").to_string());
                v.set("titleColor", v.get("text").unwrap_or("#333").to_string());
            }
            _ => {
                // default and forest
                v.set("nodeBorder", v.get("border1").unwrap_or("#9370DB").to_string());
                v.set("clusterBkg", v.get("secondBkg").unwrap_or("#ffffde").to_string());
                v.set("clusterBorder", v.get("border2").unwrap_or("#aaaa33").to_string());
                if name == "default" {
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
            .unwrap_or_else(|| MERMAID_FONT_FAMILY.to_string());
        let font_size = config
            .font_size
            .or_else(|| user_var("fontSize").and_then(|s| s.trim().trim_end_matches("px").parse().ok()))
            .filter(|x: &f64| FONT_SIZE_RANGE.contains(x))
            .unwrap_or(16.0);
        let text = pick("textColor", "#333");
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
            name,
        }
    }
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
        assert_eq!(t.name, "default");
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
}
