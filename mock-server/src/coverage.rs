//! Contract coverage: per vendor, which operations, documented statuses
//! and named examples the traffic so far exercised, and which it never
//! touched. The counters live in the compiled operations (one relaxed
//! atomic add each per answer: no lock, no lookup, no allocation) and are
//! carried over when a vendor reloads. `GET /__mock/coverage` and
//! `--coverage-report FILE` (written at shutdown) read them.

use std::sync::atomic::{AtomicU64, Ordering};

use serde_json::{json, Value};

use crate::journal::{Chosen, ExampleUse};
use crate::plan::{Op, Vendor};
use crate::registry::Registry;

/// A hit count.
#[derive(Debug, Default)]
pub struct Counter(AtomicU64);

impl Counter {
    pub fn add(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }

    pub fn get(&self) -> u64 {
        self.0.load(Ordering::Relaxed)
    }

    fn set(&self, n: u64) {
        self.0.store(n, Ordering::Relaxed);
    }
}

/// Count one answer of `op`.
pub fn record(op: &Op, chosen: &Chosen) {
    op.calls.add();
    let Some(resp) = chosen.response.and_then(|i| op.responses.get(i)) else {
        op.undocumented.add();
        return;
    };
    resp.hits.add();
    if let (ExampleUse::Named(i), Some(c)) = (
        chosen.example,
        chosen.content.and_then(|c| resp.content.get(c)),
    ) {
        if let Some(e) = c.examples.get(i) {
            e.hits.add();
        }
    }
}

/// Every counter of every served vendor back to 0.
pub fn clear(registry: &Registry) {
    for v in registry.vendors.values() {
        for op in &v.ops {
            op.calls.set(0);
            op.undocumented.set(0);
            for r in &op.responses {
                r.hits.set(0);
                for c in &r.content {
                    for e in &c.examples {
                        e.hits.set(0);
                    }
                }
            }
        }
    }
}

/// A reloaded vendor keeps the counts of what it still documents
/// (matched by operation id, status, media type and example name).
pub fn carry_over(old: &Vendor, new: &Vendor) {
    for op in &new.ops {
        let Some(was) = old.ops.iter().find(|o| o.id == op.id) else {
            continue;
        };
        op.calls.set(was.calls.get());
        op.undocumented.set(was.undocumented.get());
        for r in &op.responses {
            let Some(wr) = was.responses.iter().find(|x| x.key == r.key) else {
                continue;
            };
            r.hits.set(wr.hits.get());
            for c in &r.content {
                let Some(wc) = wr.content.iter().find(|x| x.media == c.media) else {
                    continue;
                };
                for e in &c.examples {
                    if let Some(we) = wc.examples.iter().find(|x| x.name == e.name) {
                        e.hits.set(we.hits.get());
                    }
                }
            }
        }
    }
}

/// The report over every served vendor: each operation, status and
/// example with its hit count, what was never touched, and totals.
pub fn report(registry: &Registry) -> Value {
    let mut names: Vec<&String> = registry.vendors.keys().collect();
    names.sort();
    let mut totals = [0u64; 6];
    let vendors: Vec<Value> = names
        .into_iter()
        .map(|name| {
            let v = &registry.vendors[name];
            let mut t = [0u64; 6];
            let mut untouched_ops = Vec::new();
            let mut untouched_statuses = Vec::new();
            let mut untouched_examples = Vec::new();
            let ops: Vec<Value> = v
                .ops
                .iter()
                .map(|op| {
                    let calls = op.calls.get();
                    t[0] += 1;
                    if calls > 0 {
                        t[1] += 1;
                    } else {
                        untouched_ops.push(json!(op.id.as_ref()));
                    }
                    let mut examples = Vec::new();
                    let statuses: Vec<Value> = op
                        .responses
                        .iter()
                        .map(|r| {
                            let n = r.hits.get();
                            t[2] += 1;
                            if n > 0 {
                                t[3] += 1;
                            } else {
                                untouched_statuses.push(json!(format!("{} {}", op.id, r.key)));
                            }
                            for c in &r.content {
                                for e in &c.examples {
                                    let n = e.hits.get();
                                    t[4] += 1;
                                    if n > 0 {
                                        t[5] += 1;
                                    } else {
                                        untouched_examples.push(json!(format!(
                                            "{} {} {} {}",
                                            op.id, r.key, c.media, e.name
                                        )));
                                    }
                                    examples.push(json!({
                                        "status": r.key,
                                        "contentType": c.media,
                                        "name": e.name,
                                        "hits": n,
                                    }));
                                }
                            }
                            json!({"status": r.key, "hits": n})
                        })
                        .collect();
                    json!({
                        "operationId": op.id.as_ref(),
                        "method": op.method.upper(),
                        "path": op.path,
                        "calls": calls,
                        "undocumentedAnswers": op.undocumented.get(),
                        "statuses": statuses,
                        "examples": examples,
                    })
                })
                .collect();
            for (total, n) in totals.iter_mut().zip(t) {
                *total += n;
            }
            json!({
                "name": v.name.as_ref(),
                "summary": summary(&t),
                "untouched": {
                    "operations": untouched_ops,
                    "statuses": untouched_statuses,
                    "examples": untouched_examples,
                },
                "operations": ops,
            })
        })
        .collect();
    json!({"summary": summary(&totals), "vendors": vendors})
}

fn summary(t: &[u64; 6]) -> Value {
    let pct = |hit: u64, all: u64| {
        if all == 0 {
            100.0
        } else {
            (hit as f64 * 1000.0 / all as f64).round() / 10.0
        }
    };
    json!({
        "operations": {"hit": t[1], "documented": t[0], "percent": pct(t[1], t[0])},
        "statuses": {"hit": t[3], "documented": t[2], "percent": pct(t[3], t[2])},
        "examples": {"hit": t[5], "documented": t[4], "percent": pct(t[5], t[4])},
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use generator::model::{Contract, Method, Operation};

    fn vendor(ops: &[&str]) -> Vendor {
        let mut c = Contract::default();
        for id in ops {
            let mut op = Operation {
                operation_id: (*id).into(),
                ..Operation::default()
            };
            op.responses.insert("200".into(), Default::default());
            c.paths
                .entry(format!("/{id}"))
                .or_default()
                .insert(Method::Get, op);
        }
        crate::compile::compile("v", c)
    }

    #[test]
    fn counts_survive_a_reload_of_what_is_still_documented() {
        let old = vendor(&["a", "b"]);
        let chosen = Chosen {
            response: Some(0),
            ..Chosen::default()
        };
        record(&old.ops[0], &chosen);
        record(&old.ops[0], &chosen);
        record(&old.ops[1], &Chosen::default());
        let new = vendor(&["a", "c"]);
        carry_over(&old, &new);
        assert_eq!(new.ops[0].calls.get(), 2);
        assert_eq!(new.ops[0].responses[0].hits.get(), 2);
        assert_eq!(new.ops[1].calls.get(), 0);
        assert_eq!(old.ops[1].undocumented.get(), 1);
    }
}
