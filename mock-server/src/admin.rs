//! The admin namespace: `GET /__mock/health`, `GET /__mock/operations`,
//! `GET /__mock/openapi/<vendor>.json` (the contract as this mock serves
//! it), `GET /__mock/errors` (the mock's problem types), the journal
//! (`GET`/`DELETE /__mock/requests`, `GET /__mock/requests/count`) and
//! coverage (`GET`/`DELETE /__mock/coverage`). The live stream `/__mock/events` is answered
//! by [`crate::events`].

use bytes::Bytes;
use http::header::ALLOW;
use http::request::Parts;
use http::{HeaderValue, Method, StatusCode};
use serde_json::{json, Value};

use crate::journal::Filter;
use crate::pipeline::Shared;
use crate::plan::Vendor;
use crate::registry::Registry;
use crate::respond::{problem, reply, Problem, Reply};

const JSON: HeaderValue = HeaderValue::from_static("application/json");

const ENDPOINTS: &str = "admin endpoints: /__mock/ (web page), /__mock/health, /__mock/operations, /__mock/openapi/<vendor>.json, /__mock/errors, /__mock/requests, /__mock/requests/count, /__mock/coverage, /__mock/events";

pub fn handle(shared: &Shared, registry: &Registry, parts: &Parts) -> Reply {
    let path = parts.uri.path();
    let method = &parts.method;
    let deletable = path == "/__mock/requests" || path == "/__mock/coverage";
    let readable = *method == Method::GET || *method == Method::HEAD;
    if !(readable || (deletable && *method == Method::DELETE)) {
        let (allow, what) = if deletable {
            (
                "GET, HEAD, DELETE",
                "/__mock/requests answers GET and DELETE",
            )
        } else {
            ("GET, HEAD", "the admin namespace only answers GET")
        };
        let mut r = problem(Problem::NoMethodMatched, what, None);
        r.headers_mut()
            .insert(ALLOW, HeaderValue::from_static(allow));
        return r;
    }
    if let Some(page) = crate::web::asset(path) {
        return page;
    }
    let body = match path {
        "/__mock/health" => json!({
            "status": "ok",
            "vendors": sorted(registry).iter().map(|v| v.name.to_string()).collect::<Vec<_>>(),
        }),
        "/__mock/operations" => operations(registry),
        "/__mock/errors" => errors(),
        "/__mock/coverage" => {
            if *method == Method::DELETE {
                crate::coverage::clear(registry);
                return reply(StatusCode::NO_CONTENT, None, Bytes::new());
            }
            crate::coverage::report(registry)
        }
        "/__mock/requests" | "/__mock/requests/count" => {
            if !shared.journal.enabled() {
                return problem(
                    Problem::NotFound,
                    "the journal is off (`--journal-size 0`)",
                    None,
                );
            }
            let filter = match Filter::parse(parts.uri.query()) {
                Ok(f) => f,
                Err(e) => return problem(Problem::BadRequest, &e.to_string(), None),
            };
            if *method == Method::DELETE {
                if filter != Filter::default() {
                    return problem(
                        Problem::BadRequest,
                        "DELETE /__mock/requests clears the whole journal; it takes no filter",
                        None,
                    );
                }
                shared.journal.clear();
                return reply(StatusCode::NO_CONTENT, None, Bytes::new());
            }
            if path.ends_with("/count") {
                json!({"count": shared.journal.count(&filter)})
            } else {
                let records = shared.journal.select(&filter);
                json!({
                    "capacity": shared.journal.capacity(),
                    "kept": shared.journal.len(),
                    "requests": records.iter().map(crate::journal::render).collect::<Vec<_>>(),
                })
            }
        }
        _ => {
            if let Some(file) = path.strip_prefix("/__mock/openapi/") {
                let name = file.strip_suffix(".json").unwrap_or(file);
                if let Some(v) = registry.vendors.get(name) {
                    return match v.served_contract() {
                        Ok(doc) => reply(StatusCode::OK, Some(JSON), doc),
                        Err(e) => {
                            tracing::error!(vendor = %name, "cannot read the served contract back: {e}");
                            let body = json!({"error": format!("the contract of {name} cannot be read back from its temporary file: {e}")});
                            reply(
                                StatusCode::INTERNAL_SERVER_ERROR,
                                Some(JSON),
                                Bytes::from(serde_json::to_vec(&body).unwrap_or_default()),
                            )
                        }
                    };
                }
            }
            return problem(Problem::NoPathMatched, ENDPOINTS, None);
        }
    };
    reply(
        StatusCode::OK,
        Some(JSON),
        Bytes::from(serde_json::to_vec_pretty(&body).unwrap_or_default()),
    )
}

fn sorted(registry: &Registry) -> Vec<&Vendor> {
    let mut v: Vec<&Vendor> = registry.vendors.values().map(|v| &**v).collect();
    v.sort_by(|a, b| a.name.cmp(&b.name));
    v
}

fn operations(registry: &Registry) -> Value {
    let vendors: Vec<Value> = sorted(registry)
        .into_iter()
        .map(|v| {
            let ops: Vec<Value> = v
                .ops
                .iter()
                .map(|op| {
                    let mut urls = vec![format!("/{}{}", v.name, op.path)];
                    urls.extend(v.base_paths.iter().map(|b| format!("/{}{b}{}", v.name, op.path)));
                    let default = crate::selection::select(op, None)
                        .ok()
                        .map(|(i, _)| op.responses[i].key.clone());
                    let responses: Vec<Value> = op
                        .responses
                        .iter()
                        .map(|r| {
                            json!({
                                "status": r.key,
                                "contentTypes": r.content.iter().map(|c| c.media.clone()).collect::<Vec<_>>(),
                                "examples": r.content.iter().flat_map(|c| c.examples.iter().map(|e| json!({
                                    "name": e.name,
                                    "contentType": c.media,
                                    "replaced": e.replaced,
                                }))).collect::<Vec<_>>(),
                            })
                        })
                        .collect();
                    json!({
                        "operationId": op.id.as_ref(),
                        "method": op.method.upper(),
                        "path": op.path,
                        "urls": urls,
                        "deprecated": op.deprecated,
                        "security": op.security.iter().map(|alt| alt.iter().map(|s| s.name.clone()).collect::<Vec<_>>()).collect::<Vec<_>>(),
                        "defaultStatus": default,
                        "responses": responses,
                    })
                })
                .collect();
            json!({
                "name": v.name.as_ref(),
                "title": v.contract.info.title,
                "mount": format!("/{}", v.name),
                "basePaths": v.base_paths,
                "load": registry.status.get(v.name.as_ref()),
                "notices": v.notices,
                "operations": ops,
            })
        })
        .collect();
    let not_served: Vec<Value> = registry
        .status
        .iter()
        .filter(|(name, _)| !registry.vendors.contains_key(*name))
        .map(|(name, s)| json!({"name": name, "load": s}))
        .collect();
    json!({"vendors": vendors, "notServed": not_served})
}

fn errors() -> Value {
    Value::Array(
        Problem::ALL
            .iter()
            .map(|p| {
                let mut v = crate::respond::problem_body(*p, "", None);
                if let Some(o) = v.as_object_mut() {
                    o.remove("detail");
                }
                v
            })
            .collect(),
    )
}
