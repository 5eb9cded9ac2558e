//! Mintlify's legacy endpoint dump (shape c).

use crate::model::Contract;
use crate::page::Page;
use crate::yaml::Node;

use super::fence_info::FenceInfo;
use super::PageCx;

pub fn read_dump(_cx: &mut PageCx, _root: &Node, _info: &FenceInfo, _page: &Page) -> Contract {
    Contract::default()
}
