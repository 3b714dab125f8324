//! The layer map, checked: reads every `crate::` and `super::` path in the
//! library's sources (imports and inline paths, tests left out) and fails
//! when a module uses a layer above its own, or when modules use each other
//! in a cycle. The map is the one in `src/lib.rs` and ARCHITECTURE.md.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Each top-level module and its layer: a module may use its own layer's
/// module and any module of a lower layer, never a higher one. Modules of
/// one layer do not use each other (`sync`, `hq` and `analysis` are
/// siblings).
const LAYERS: &[(&str, u32)] = &[
    ("i18n", 0),
    ("domain", 1),
    ("form", 2),
    ("store", 3),
    ("sync", 4),
    ("hq", 4),
    ("analysis", 4),
    ("report", 5),
    ("app", 6),
    ("tui", 7),
    ("cli", 8),
];

/// Module paths (`tui::update::form`) of every source file of the library.
fn modules(src: &Path) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    let mut stack = vec![src.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let rel = path.strip_prefix(src).unwrap().with_extension("");
            let mut parts: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.last().is_some_and(|p| p == "mod") {
                parts.pop();
            }
            // lib.rs is the crate root; main.rs and the benchmark are the
            // binary's, outside the library's layers.
            if parts.is_empty() || parts[0] == "lib" || parts[0] == "main" || parts[0] == "bench" {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            out.insert(parts.join("::"), text);
        }
    }
    out
}

/// The source without comments, string literals and `#[cfg(test)]` modules.
fn code(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod tests") {
        Some(i) => &text[..i],
        None => text,
    };
    let mut out = String::new();
    for line in text.lines() {
        let line = line.trim_start();
        if line.starts_with("//") {
            continue;
        }
        let mut in_str = false;
        let mut prev = ' ';
        for c in line.chars() {
            if c == '"' && prev != '\\' {
                in_str = !in_str;
            } else if !in_str {
                out.push(c);
            }
            prev = if prev == '\\' && c == '\\' { ' ' } else { c };
        }
        out.push('\n');
    }
    out
}

/// Expands a use tree (`a::{b, c::{d, e}}`) into its paths.
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else {
        return vec![tree.split(" as ").next().unwrap_or("").trim().to_string()];
    };
    let prefix = &tree[..open];
    let inner = &tree[open + 1..tree.rfind('}').unwrap_or(tree.len())];
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts
        .into_iter()
        .filter(|p| !p.trim().is_empty())
        .flat_map(expand)
        .map(|p| match p.as_str() {
            "self" => prefix.trim_end_matches("::").to_string(),
            _ => format!("{prefix}{p}"),
        })
        .collect()
}

/// Every path a module's code names that starts at `crate` or `super`.
fn paths(code: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = code;
    while let Some(i) = rest.find("use ") {
        let before_ok = i == 0 || !rest.as_bytes()[i - 1].is_ascii_alphanumeric();
        let Some(end) = rest[i..].find(';') else {
            break;
        };
        if before_ok {
            out.extend(expand(&rest[i + 4..i + end]));
        }
        rest = &rest[i + end..];
    }
    let bytes = code.as_bytes();
    for start in ["crate::", "super::"] {
        let mut from = 0;
        while let Some(i) = code[from..].find(start).map(|i| i + from) {
            let mut j = i;
            while j < bytes.len() && (bytes[j].is_ascii_alphanumeric() || b"_:".contains(&bytes[j]))
            {
                j += 1;
            }
            out.push(code[i..j].trim_end_matches(':').to_string());
            from = j.max(i + 1);
        }
    }
    out.into_iter()
        .filter(|p| p.starts_with("crate::") || p.starts_with("super::"))
        .collect()
}

/// The module a path names: the longest known module it starts with.
fn target(module: &str, path: &str, known: &BTreeMap<String, String>) -> Option<String> {
    let mut parts: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
    let mut base: Vec<&str> = module.split("::").collect();
    if parts.first() == Some(&"crate") {
        base.clear();
        parts.remove(0);
    } else {
        while parts.first() == Some(&"super") {
            parts.remove(0);
            base.pop();
        }
    }
    base.extend(parts);
    (1..=base.len())
        .rev()
        .map(|n| base[..n].join("::"))
        .find(|m| known.contains_key(m))
}

fn layer(module: &str) -> Option<u32> {
    let top = module.split("::").next()?;
    LAYERS.iter().find(|(m, _)| *m == top).map(|(_, l)| *l)
}

/// Edges `from → to` between distinct modules.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let known = modules(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (module, text) in &known {
        let to = edges.entry(module.clone()).or_default();
        for path in paths(&code(text)) {
            if let Some(t) = target(module, &path, &known)
                && &t != module
                // a module's own parent: the `mod.rs` that declares it
                && !module.starts_with(&format!("{t}::"))
            {
                to.insert(t);
            }
        }
    }
    edges
}

#[test]
fn every_module_has_a_layer() {
    let unknown: Vec<String> = graph().into_keys().filter(|m| layer(m).is_none()).collect();
    assert!(
        unknown.is_empty(),
        "modules missing from the layer map: {unknown:?}"
    );
}

#[test]
fn no_module_uses_a_layer_above_it_or_a_sibling_layer() {
    let mut wrong = Vec::new();
    for (from, tos) in graph() {
        let top = from.split("::").next().unwrap_or("").to_string();
        for to in tos {
            let to_top = to.split("::").next().unwrap_or("");
            if to_top == top {
                continue;
            }
            let (Some(a), Some(b)) = (layer(&from), layer(&to)) else {
                continue;
            };
            if b >= a {
                wrong.push(format!("{from} → {to}"));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layer map:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_modules_use_each_other_in_a_cycle() {
    let edges = graph();
    // Tarjan's strongly connected components.
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        cycles: Vec<Vec<&'a str>>,
    }
    fn visit<'a>(s: &mut State<'a>, v: &'a str) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on_stack.insert(v);
        for w in s.edges.get(v).into_iter().flatten() {
            let w = w.as_str();
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on_stack.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on_stack.remove(w);
                component.push(w);
                if w == v {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort_unstable();
                s.cycles.push(component);
            }
        }
    }
    let mut s = State {
        edges: &edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        cycles: Vec::new(),
    };
    for v in edges.keys() {
        if !s.index.contains_key(v.as_str()) {
            visit(&mut s, v);
        }
    }
    let cycles: Vec<String> = s.cycles.iter().map(|c| c.join(" ⇄ ")).collect();
    assert!(
        cycles.is_empty(),
        "modules in a cycle:\n{}",
        cycles.join("\n")
    );
}

#[test]
fn the_update_is_pure_by_construction() {
    // `tui::update` never reaches the store, files, the clock or new ids:
    // it gets the time in its actions (`Clock`) and returns effects.
    let known = modules(&Path::new(env!("CARGO_MANIFEST_DIR")).join("src"));
    let edges = graph();
    let mut wrong = Vec::new();
    for (module, text) in known.iter().filter(|(m, _)| m.starts_with("tui::update")) {
        for to in &edges[module] {
            let top = to.split("::").next().unwrap_or("");
            if ["app", "store", "sync", "hq", "report", "cli"].contains(&top)
                || to == "tui::app"
                || to.starts_with("tui::app::")
            {
                wrong.push(format!("{module} → {to}"));
            }
        }
        let code = code(text);
        for call in [
            "std::fs",
            "jiff",
            "::now(",
            "new_row_id",
            "new_entry_id",
            "File::",
        ] {
            if code.contains(call) {
                wrong.push(format!("{module} calls {call}"));
            }
        }
    }
    assert!(wrong.is_empty(), "impure update:\n{}", wrong.join("\n"));
}

#[test]
fn the_check_sees_imports_and_inline_paths() {
    // The reader of paths is itself checked on a made-up module, so a
    // broken reader cannot pass the checks above by seeing nothing.
    let code = code(
        "use super::{a::{B, c}, d as e};\n// use crate::hidden;\nfn f() { crate::x::y(); let s = \"crate::z\"; }\n",
    );
    let mut found = paths(&code);
    found.sort();
    assert_eq!(
        found,
        ["crate::x::y", "super::a::B", "super::a::c", "super::d"]
    );
    let edges = graph();
    assert!(edges["tui::update::finalize"].contains("form::display"));
    assert!(edges["app::edit"].contains("app::workspace"));
}
