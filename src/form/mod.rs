//! The form engine: the schema of form files, loading and checking them, the
//! built-in forms and the set a data folder knows, the expression language,
//! evaluating and validating answers, planning an edit (pure), and how
//! values read as text. No I/O beyond reading form files.

pub mod builtin;
mod compiled;
pub mod display;
pub mod eval;
pub mod expr;
mod lang;
mod load;
mod load_error;
pub mod path;
pub mod plan;
mod schema;
mod set;
pub mod validate;

pub use compiled::Form;
pub use lang::TextFault;
pub use load::{FormError, FormResult, Problem, check_dir, load_form};
pub(crate) use load::{locate_id, valid_form_id, valid_item_id};
pub use schema::{Choice, FormDef, FormKind, Item, ItemType, PerUnit, Section};
pub use set::FormSet;
