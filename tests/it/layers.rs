//! The layers of crate `ember` (see `docs/architecture.md`): a module may import only modules
//! of lower layers — `dataframe` and `session`, the top, also each other. This test reads
//! every source file's `crate::` paths (test modules excepted) and fails on any import that
//! goes up or sideways, naming the file and the import.

use std::path::Path;

/// Each top-level module of `src/` and its layer, lowest first.
const LAYERS: &[(&str, u8)] = &[
    ("error", 0),
    ("options", 1),
    ("interval", 1),
    ("time_zone", 1),
    ("ids", 1),
    ("logging", 1),
    ("config", 1),
    ("registry", 1),
    ("storage", 1),
    ("catalog", 1),
    ("display", 2),
    ("expr", 3),
    ("source", 4),
    ("sink", 4),
    ("checkpoint", 4),
    ("plan", 5),
    ("render", 6),
    ("streaming", 7),
    ("dataframe", 8),
    ("session", 8),
    ("sql", 8),
    ("ui", 8),
    ("cli", 9),
    // Property tests of the readers (compiled for tests only).
    ("fuzz", 9),
];

fn layer(module: &str) -> Option<u8> {
    LAYERS.iter().find(|(m, _)| *m == module).map(|(_, l)| *l)
}

/// The top-level modules `text` names as `crate::<module>`.
fn imported_modules(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    let mut rest = text;
    while let Some(at) = rest.find("crate::") {
        rest = &rest[at + "crate::".len()..];
        let end = rest
            .find(|c: char| !(c.is_ascii_lowercase() || c == '_'))
            .unwrap_or(rest.len());
        if end > 0 {
            found.push(&rest[..end]);
        }
    }
    found
}

/// Every `.rs` file under `dir`.
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The imports in `src/` that break the layering, as `file: module -> module`.
fn violations(src: &Path) -> Vec<String> {
    let mut files = Vec::new();
    sources(src, &mut files);
    files.sort();
    let mut found = Vec::new();
    for file in files {
        let relative = file.strip_prefix(src).unwrap();
        let first = relative.iter().next().unwrap().to_string_lossy();
        let module = first.trim_end_matches(".rs");
        if module == "lib" {
            continue;
        }
        let own = layer(module)
            .unwrap_or_else(|| panic!("module `{module}` has no layer: add it to LAYERS"));
        let text = std::fs::read_to_string(&file).unwrap();
        // Test modules may use anything (they sit at the end of a file).
        let code = text.split("#[cfg(test)]").next().unwrap();
        for imported in imported_modules(code) {
            let Some(theirs) = layer(imported) else {
                continue; // a crate-root re-export such as `crate::Row`'s module-less paths
            };
            let top_pair = own == 8 && theirs == 8;
            if imported != module && theirs >= own && !top_pair {
                found.push(format!("{}: {module} -> {imported}", relative.display()));
            }
        }
    }
    found.sort();
    found.dedup();
    found
}

#[test]
fn no_module_imports_a_layer_above_or_beside_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    assert_eq!(violations(&src), Vec::<String>::new());
}

#[test]
fn the_check_finds_an_import_that_goes_up() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("plan")).unwrap();
    std::fs::write(
        dir.path().join("plan/physical.rs"),
        "use crate::streaming::TriggerPlan;\nuse crate::expr::col;\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("expr.rs"), "use crate::error::Result;\n").unwrap();
    assert_eq!(
        violations(dir.path()),
        ["plan/physical.rs: plan -> streaming"]
    );
}
