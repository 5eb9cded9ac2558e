//! An operation reduced to what a hand-written MDX page can state.
//!
//! The round trip renders this projection as MDX and compares it with
//! what the MDX reader gives back, so everything kept here must come back
//! exactly; everything dropped is recorded as an [`Exclusion`] with the
//! reason MDX cannot say it. The fixture checks print the same projection.
//!
//! What is kept, per schema node: the JSON type (`integer` and `number`
//! are different types), `format` (written `string (date-time)`), enum
//! values (written as a literal union `"a" | "b"`), `nullable` (`| null`),
//! unions of simple alternatives (`string | integer`), object properties
//! with `required` (nested fields in `<Expandable>`), array items (`X[]`)
//! and map values (`Record<string, X>`). `$ref`s are followed and `allOf`
//! members merged into one object first, as a reader of the docs would.
//! Descriptions and defaults are rendered but not compared.
//!
//! This module holds the projected types; [`project`] builds one for an
//! operation, from schema nodes built in `node` (after `flatten` resolves
//! references and `allOf`), and `lines` turns either side into the lines
//! the round trip and the fixture checks compare.

mod flatten;
mod lines;
mod node;
mod operation;

use std::collections::BTreeMap;

use generator::model::{Method, Schema, SchemaType};
use serde_json::Value;

pub use lines::{full_lines, op_lines, Desc};
pub use node::default_attr;
pub use operation::project;

/// Deepest nesting rendered; deeper schemas are cut (with an exclusion).
pub const MAX_DEPTH: usize = 16;
/// Most schema nodes rendered for one operation; the rest are cut.
pub const MAX_NODES: usize = 5000;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Ty {
    Any,
    String,
    Integer,
    Number,
    Boolean,
    Object,
    Array,
}

impl Ty {
    pub fn name(self) -> &'static str {
        match self {
            Ty::Any => "any",
            Ty::String => "string",
            Ty::Integer => "integer",
            Ty::Number => "number",
            Ty::Boolean => "boolean",
            Ty::Object => "object",
            Ty::Array => "array",
        }
    }

    fn of(t: SchemaType) -> Ty {
        match t {
            SchemaType::String => Ty::String,
            SchemaType::Integer => Ty::Integer,
            SchemaType::Number => Ty::Number,
            SchemaType::Boolean => Ty::Boolean,
            SchemaType::Object => Ty::Object,
            SchemaType::Array => Ty::Array,
        }
    }
}

/// One schema as MDX fields can state it.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub ty: Ty,
    pub format: Option<String>,
    /// Enum values without `null` (that is `nullable`).
    pub enum_values: Vec<Value>,
    pub nullable: bool,
    pub props: Vec<Prop>,
    pub items: Option<Box<Node>>,
    /// `additionalProperties` schema (a map's value type).
    pub map: Option<Box<Node>>,
    /// Simple alternatives (`oneOf`/`anyOf` of scalars): `string | integer`.
    pub alternatives: Vec<Node>,
    /// Rendered, not compared.
    pub description: Option<String>,
    /// Rendered, not compared.
    pub default: Option<Value>,
}

impl Node {
    pub fn of(ty: Ty) -> Node {
        Node {
            ty,
            format: None,
            enum_values: Vec::new(),
            nullable: false,
            props: Vec::new(),
            items: None,
            map: None,
            alternatives: Vec::new(),
            description: None,
            default: None,
        }
    }

    /// True when the node has nested fields (needs an `<Expandable>`).
    pub fn has_children(&self) -> bool {
        self.fields_owner().is_some_and(|n| !n.props.is_empty())
    }

    /// The object whose properties are this node's nested fields: the
    /// node itself, or the innermost item of (nested) arrays.
    pub fn fields_owner(&self) -> Option<&Node> {
        match self.ty {
            Ty::Object => Some(self),
            Ty::Array => self.items.as_deref().and_then(Node::fields_owner),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Prop {
    pub name: String,
    pub required: bool,
    pub node: Node,
}

/// Something the original says that MDX cannot, and where.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Exclusion {
    /// Stable class name (the report groups by it).
    pub class: &'static str,
    /// Where, e.g. `body.items[].kind`.
    pub at: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Loc {
    Path,
    Query,
    Header,
    Cookie,
}

impl Loc {
    pub fn name(self) -> &'static str {
        match self {
            Loc::Path => "path",
            Loc::Query => "query",
            Loc::Header => "header",
            Loc::Cookie => "cookie",
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Param {
    pub loc: Loc,
    pub name: String,
    pub required: bool,
    pub node: Node,
    pub description: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Body {
    pub media: String,
    pub node: Node,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Resp {
    pub status: String,
    pub description: String,
    /// The JSON body, when MDX fields can state it.
    pub body: Option<Node>,
}

/// An operation as an MDX page can state it.
#[derive(Debug, Clone, PartialEq)]
pub struct ProjectedOp {
    pub method: Method,
    pub path: String,
    pub title: String,
    pub description: Option<String>,
    pub params: Vec<Param>,
    pub body: Option<Body>,
    pub responses: Vec<Resp>,
    pub exclusions: Vec<Exclusion>,
}

/// One projection's state, carried down the schema tree.
struct Cx<'a> {
    components: &'a BTreeMap<String, Schema>,
    /// Reduce to what MDX can state (the round trip); false keeps
    /// everything (the fixture expectations).
    mdx: bool,
    /// Components being expanded on the way down (to cut recursion).
    stack: Vec<String>,
    exclusions: Vec<Exclusion>,
    nodes: usize,
}

impl<'a> Cx<'a> {
    fn exclude(&mut self, class: &'static str, at: &str) {
        self.exclusions.push(Exclusion {
            class,
            at: at.to_string(),
        });
    }

    /// The component a whole `$ref` names, with its name.
    fn target(&self, reference: &str) -> Option<(String, &'a Schema)> {
        let components: &'a BTreeMap<String, Schema> = self.components;
        let schema = generator::model::lookup_schema_ref(components, reference)?;
        Some((generator::model::whole_schema_ref_name(reference)?, schema))
    }
}
