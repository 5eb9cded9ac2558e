//! MDX pages with `<ParamField>` / `<ResponseField>` (shape b). Placeholder
//! until the MDX reader lands: reports nothing and reads no endpoint.

use crate::model::Contract;
use crate::page::Page;

use super::PageCx;

pub fn read_page(_cx: &mut PageCx, _page: &Page) -> Option<Contract> {
    None
}
