//! A large document read on two threads: its component schemas (read and
//! checked) on one, its paths on the other.

use crate::doc::{Entry, Node};
use crate::model::Contract;
use crate::page::Page;
use crate::pointer::join;

use super::super::fence_info::FenceInfo;
use super::super::PageCx;
use super::{check_fence_operation, read_component_schemas, read_paths, DocReader};

/// Component schemas and paths from this many entries each are read on
/// two threads (smaller documents do not repay the thread).
pub(super) const PARALLEL_MIN: usize = 64;

/// Read `entries` (component schemas, paths) of `root` into `contract`,
/// the schemas on a second thread, with the diagnostics one thread would
/// have made, in its order.
pub(super) fn read_large(
    cx: &mut PageCx,
    reader: &DocReader,
    root: &Node,
    (schema_entries, path_entries): (&[Entry], &[Entry]),
    fence: Option<(&FenceInfo, &Page)>,
    mut contract: Contract,
) -> Contract {
    // A large spec: its component schemas are read and checked on a
    // second thread while this one reads and checks the paths. The two
    // touch different parts of the contract and of the source map; the
    // diagnostics are put back in the order one thread would have made:
    // reading (schemas, paths, the fence), then `required` (schemas,
    // operations), then dangling refs.
    let before_paths = cx.diags.len();
    let (schemas, mut schemas_cx, schemas_read, mut dangling, after_fence, ops_dangling) =
        std::thread::scope(|scope| {
            let file = cx.file.clone();
            let schemas = scope.spawn(move || {
                let mut scx = PageCx::new(&file);
                let mut schemas = read_component_schemas(&mut scx, schema_entries);
                let read = scx.diags.len();
                for (name, schema) in schemas.iter_mut() {
                    let ptr = join("/components/schemas", name);
                    super::super::schema::check_required(&mut scx, schema, &ptr);
                }
                let roots = schemas
                    .iter()
                    .map(|(name, schema)| (join("/components/schemas", name), schema));
                let dangling = super::super::page_checks::dangling_refs(roots, root);
                (schemas, scx, read, dangling)
            });
            read_paths(cx, reader, path_entries, fence, &mut contract);
            check_fence_operation(cx, root, fence, &contract);
            let after_fence = cx.diags.len();
            // `contract` has no schemas yet: these check the operations' only.
            super::super::page_checks::check_required_defined(cx, &mut contract);
            let ops_dangling =
                super::super::page_checks::dangling_refs(contract.schema_roots(), root);
            let (schemas, scx, read, dangling) = schemas
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (schemas, scx, read, dangling, after_fence, ops_dangling)
        });
    let mut paths_diags = cx.diags.split_off(before_paths);
    let ops_required = paths_diags.split_off(after_fence - before_paths);
    let schemas_required = schemas_cx.diags.split_off(schemas_read);
    cx.diags.extend(schemas_cx.diags);
    cx.diags.extend(paths_diags);
    cx.diags.extend(schemas_required);
    cx.diags.extend(ops_required);
    cx.map.take_entries(schemas_cx.map);
    cx.assumed_success |= schemas_cx.assumed_success;
    dangling.extend(ops_dangling);
    super::super::page_checks::report_dangling(cx, dangling, root);
    contract.components.schemas = schemas;
    contract
}
