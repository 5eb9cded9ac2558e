//! OpenAPI 3.0/3.1 documents (shape a, and whole spec files).

use crate::model::Contract;
use crate::page::Page;
use crate::yaml::Node;

use super::fence_info::FenceInfo;
use super::PageCx;

pub fn read_document(_cx: &mut PageCx, _root: &Node, _fence: Option<(&FenceInfo, &Page)>) -> Contract {
    Contract::default()
}
