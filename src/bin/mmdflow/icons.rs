//! `--iconPacks` and `--iconPacksNamesAndUrls`: Iconify packs, read from
//! local files only. mmdc 12 fetches `--iconPacks` from a CDN and the URLs
//! from the network; mmdflow never uses the network, so a pack name is
//! looked up in `node_modules` (where `npm install @iconify-json/logos` puts
//! it) and a URL must be a `file://` URL or a path.

use mmdflow::icons::{IconPack, IconSet};
use mmdflow::input::{read_file_limited, Bounded};
use std::path::{Path, PathBuf};

/// Largest pack file read. The biggest Iconify sets are a few megabytes.
const MAX_PACK_BYTES: usize = 64 << 20;

/// Every pack the flags name, or the first reason one cannot be read.
pub fn load(packages: &[String], named_urls: &[String], cwd: &Path) -> Result<IconSet, String> {
    let mut set = IconSet::default();
    for package in packages {
        let file = find_package(package, cwd)?;
        set.add(IconPack::from_json(&read(&file)?).map_err(|e| format!("{}: {}", file.display(), e.message()))?);
    }
    for spec in named_urls {
        let (prefix, url) = spec
            .split_once('#')
            .ok_or_else(|| format!("--iconPacksNamesAndUrls '{spec}': expected PREFIX#URL, like logos#file:///path/icons.json"))?;
        let file = local_path(url, cwd)?;
        let text = read(&file)?;
        set.add(IconPack::from_json_with_prefix(&text, prefix.trim()).map_err(|e| format!("{}: {}", file.display(), e.message()))?);
    }
    Ok(set)
}

/// `node_modules/PACKAGE/icons.json` in `cwd` or the nearest parent that has
/// it, as Node's resolution would find it.
fn find_package(package: &str, cwd: &Path) -> Result<PathBuf, String> {
    let valid = !package.is_empty()
        && package.split('/').count() <= 2
        && package.split('/').all(|part| !part.is_empty() && part != "." && part != "..")
        && package.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '@' | '/' | '-' | '_' | '.'));
    if !valid {
        return Err(format!("--iconPacks '{package}' is not an npm package name like @iconify-json/logos"));
    }
    cwd.ancestors()
        .map(|dir| dir.join("node_modules").join(package).join("icons.json"))
        .find(|file| file.is_file())
        .ok_or_else(|| {
            format!("--iconPacks {package}: no node_modules/{package}/icons.json in {} or a parent folder (install it with `npm install {package}`; mmdflow does not download packs)", cwd.display())
        })
}

/// The file a `file://` URL or a plain path names. Network URLs are refused.
fn local_path(url: &str, cwd: &Path) -> Result<PathBuf, String> {
    let url = url.trim();
    let lower = url.to_ascii_lowercase();
    if let Some(rest) = lower.strip_prefix("file://").map(|_| &url[7..]) {
        // file:///abs/path, or file://localhost/abs/path.
        let path = rest.strip_prefix("localhost").unwrap_or(rest);
        if !path.starts_with('/') {
            return Err(format!("--iconPacksNamesAndUrls: '{url}' is not a local file URL (file:///absolute/path)"));
        }
        return Ok(PathBuf::from(percent_decode(path)?));
    }
    if lower.contains("://") || lower.starts_with("data:") {
        return Err(format!(
            "--iconPacksNamesAndUrls: '{url}' would be fetched, and mmdflow never uses the network; download the pack and give its file:// URL or path"
        ));
    }
    Ok(cwd.join(url))
}

/// `%20` and the like, as in file URLs.
fn percent_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = s.get(i + 1..i + 3).and_then(|h| u8::from_str_radix(h, 16).ok());
            out.push(hex.ok_or_else(|| format!("'{s}': a % not followed by two hex digits"))?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).map_err(|_| format!("'{s}': not UTF-8 once decoded"))
}

fn read(file: &Path) -> Result<String, String> {
    match read_file_limited(file, MAX_PACK_BYTES) {
        Ok(Bounded::Complete(bytes)) => String::from_utf8(bytes).map_err(|_| format!("{}: not valid UTF-8", file.display())),
        Ok(Bounded::OverLimit) => Err(format!("{}: an icon pack larger than {} MB", file.display(), MAX_PACK_BYTES >> 20)),
        Err(e) => Err(format!("{}: {e}", file.display())),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PACK: &str = r#"{"prefix":"demo","icons":{"dot":{"body":"<circle r=\"4\"/>"}}}"#;

    #[test]
    fn packages_are_found_in_node_modules_upwards() {
        let root = tempfile::tempdir().unwrap();
        let dir = root.path().join("node_modules/@iconify-json/demo");
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("icons.json"), PACK).unwrap();
        let deep = root.path().join("docs/src");
        std::fs::create_dir_all(&deep).unwrap();
        let set = load(&["@iconify-json/demo".into()], &[], &deep).unwrap();
        assert!(set.get("demo:dot").is_ok());
        let missing = load(&["@iconify-json/nosuch".into()], &[], &deep).unwrap_err();
        assert!(missing.contains("npm install @iconify-json/nosuch"), "{missing}");
        assert!(load(&["../../etc".into()], &[], &deep).is_err());
    }

    #[test]
    fn named_urls_read_local_files_and_refuse_the_network() {
        let root = tempfile::tempdir().unwrap();
        let file = root.path().join("my icons.json");
        std::fs::write(&file, PACK).unwrap();
        let url = format!("brand#file://{}", file.display().to_string().replace(' ', "%20"));
        let set = load(&[], &[url], root.path()).unwrap();
        assert!(set.get("brand:dot").is_ok(), "the prefix given wins over the file's");
        let relative = load(&[], &["brand#my icons.json".into()], root.path()).unwrap();
        assert!(relative.get("brand:dot").is_ok());
        for bad in ["brand#https://unpkg.com/x/icons.json", "brand#http://x", "brand#data:application/json,{}", "no-hash", "brand#file://host/x"] {
            assert!(load(&[], &[bad.into()], root.path()).is_err(), "{bad}");
        }
    }
}
