//! The transcendental functions the drawing uses, from the `libm` crate (a
//! Rust port of musl's libm): the same bits on every platform. `f64::sin`
//! and the like call the platform's maths library, glibc's natively and
//! musl's port in WebAssembly, which round the last bit differently now
//! and then; a cloud shape's arcs then came out as `87.729` natively and
//! `87.73` in the browser. Through here, the native CLI and the
//! WebAssembly package write byte-identical SVG. `sqrt` and the basic
//! operations are exact under IEEE 754 everywhere and need no wrapper.
//!
//! A test below keeps `.sin(`, `.cos(`, `.tan(`, `.atan2(` and `.hypot(`
//! out of the rest of `src/`.

/// Sine of `x` radians.
pub fn sin(x: f64) -> f64 {
    libm::sin(x)
}

/// Cosine of `x` radians.
pub fn cos(x: f64) -> f64 {
    libm::cos(x)
}

/// Tangent of `x` radians.
pub fn tan(x: f64) -> f64 {
    libm::tan(x)
}

/// The angle of the vector (x, y) from the x axis, in (-π, π]: `y.atan2(x)`.
pub fn atan2(y: f64, x: f64) -> f64 {
    libm::atan2(y, x)
}

/// Length of the vector (x, y), without overflow or underflow on the way.
pub fn hypot(x: f64, y: f64) -> f64 {
    libm::hypot(x, y)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::{FRAC_PI_2, FRAC_PI_4, PI};

    #[test]
    fn known_values() {
        assert_eq!(sin(0.0), 0.0);
        assert_eq!(cos(0.0), 1.0);
        assert!((sin(FRAC_PI_2) - 1.0).abs() < 1e-15);
        assert!((tan(FRAC_PI_4) - 1.0).abs() < 1e-15);
        assert_eq!(atan2(0.0, -1.0), PI);
        assert_eq!(hypot(3.0, 4.0), 5.0);
        assert_eq!(hypot(1e300, 1e300), 1e300 * std::f64::consts::SQRT_2);
    }

    /// The platform functions would bring the platform's rounding back.
    #[test]
    fn the_rest_of_the_source_uses_this_module() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut offenders = Vec::new();
        let mut folders = vec![root];
        while let Some(folder) = folders.pop() {
            for entry in std::fs::read_dir(&folder).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    folders.push(path);
                    continue;
                }
                let name = path.file_name().unwrap().to_string_lossy().into_owned();
                // Tests compare with tolerances; this file wraps the calls.
                if !name.ends_with(".rs") || name.ends_with("_tests.rs") || name == "math.rs" {
                    continue;
                }
                let text = std::fs::read_to_string(&path).unwrap();
                // Only code before a file's unit tests is drawing code.
                let code = text.split("#[cfg(test)]").next().unwrap_or_default();
                for call in [".sin(", ".cos(", ".tan(", ".atan2(", ".hypot(", ".sin_cos(", ".powf(", ".exp(", ".ln("] {
                    if code.contains(call) {
                        offenders.push(format!("{}: {call}", path.display()));
                    }
                }
            }
        }
        assert!(offenders.is_empty(), "use crate::geom::math instead: {offenders:?}");
    }
}
