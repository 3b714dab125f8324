//! Fuzzes form-file loading: any text given to `form::load_form` ends in a
//! form or in located errors, never a panic; a loaded form evaluates its
//! outline on empty answers without panicking either.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(form) = kaocha::form::load_form("fuzz.json", text) {
        let answers = std::collections::BTreeMap::new();
        let baseline = kaocha::domain::Baseline::default();
        let view = kaocha::form::eval::Answers::new(&form, &answers, &baseline);
        let _ = view.calc_values();
        let _ = kaocha::form::validate::issues(&view);
    }
});
