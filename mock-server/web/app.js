// The mock's web page: vendors and operations, a form that sends a
// request, the live request log (server-sent events from /__mock/events)
// with each violation explained, and the contract coverage. Plain DOM,
// no build step; every text from a contract or a request goes through
// textContent, never innerHTML.
"use strict";

const EXPLAIN = {
  required: "a value the contract requires is missing",
  type: "the value has another JSON type than the schema says",
  enum: "the value is not one of the allowed values",
  pattern: "the text does not match the documented pattern",
  format: "the text is not in the documented format",
  minimum: "the number is below the documented minimum",
  maximum: "the number is above the documented maximum",
  exclusiveMinimum: "the number is not above the documented exclusive minimum",
  exclusiveMaximum: "the number is not below the documented exclusive maximum",
  minLength: "the text is shorter than documented",
  maxLength: "the text is longer than documented",
  minItems: "the list has fewer items than documented",
  maxItems: "the list has more items than documented",
  additionalProperties: "a property the schema does not allow",
  readOnly: "a read-only property was sent in a request",
  json: "the body is not valid JSON",
  malformed: "the body cannot be read as its content type",
  missing: "a credential the contract requires was not sent",
  credentials: "the credentials are not among the accepted ones",
  "415": "the content type is not documented for this operation",
};

const el = (tag, attrs, ...children) => {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v;
    else node.setAttribute(k, v);
  }
  for (const c of children) {
    if (c === null || c === undefined) continue;
    node.append(typeof c === "string" || typeof c === "number" ? String(c) : c);
  }
  return node;
};

const statusClass = (s) => "s" + String(s).charAt(0);
let operations = [];

async function getJson(url) {
  const r = await fetch(url, { headers: { accept: "application/json" } });
  if (!r.ok) throw new Error(url + " answered " + r.status);
  return r.json();
}

function violationItem(v) {
  const why = EXPLAIN[v.code] || "";
  return el("li", {}, el("code", {}, v.text || v.message),
    why ? el("span", { class: "why" }, " — " + why) : null);
}

async function loadVendors() {
  const data = await getJson("/__mock/operations");
  const box = document.getElementById("vendors");
  const select = document.getElementById("operation");
  box.replaceChildren();
  let count = 0;
  for (const v of data.vendors) {
    box.append(el("h3", {}, v.name + " ", el("span", { class: "muted" }, v.title || "")));
    const body = el("tbody");
    const group = el("optgroup", { label: v.name });
    for (const op of v.operations) {
      count += 1;
      operations.push({ vendor: v.name, op });
      const examples = op.responses.flatMap((r) => r.examples.map((e) => r.status + ": " + e.name));
      body.append(el("tr", {},
        el("td", { class: "method" }, op.method),
        el("td", {}, el("code", {}, op.urls[0])),
        el("td", {}, op.operationId),
        el("td", {}, op.responses.map((r) => r.status).join(" ")),
        el("td", { class: "muted" }, examples.join(", "))));
      group.append(el("option", { value: String(operations.length - 1) }, op.method + " " + op.urls[0] + " (" + op.operationId + ")"));
    }
    select.append(group);
    box.append(el("table", {}, el("thead", {}, el("tr", {},
      el("th", {}, "method"), el("th", {}, "URL"), el("th", {}, "operation"),
      el("th", {}, "statuses"), el("th", {}, "examples"))), body));
  }
  document.getElementById("summary").textContent =
    data.vendors.length + " vendor(s), " + count + " operation(s) served from " + location.host;
}

function chooseOperation() {
  const i = document.getElementById("operation").value;
  if (i === "") return;
  const { op } = operations[Number(i)];
  document.getElementById("method").value = op.method;
  document.getElementById("path").value = op.urls[0];
}

async function send(event) {
  event.preventDefault();
  const method = document.getElementById("method").value;
  const path = document.getElementById("path").value.trim() || "/";
  const headers = new Headers();
  for (const line of document.getElementById("headers").value.split("\n")) {
    const at = line.indexOf(":");
    if (at > 0) {
      try { headers.append(line.slice(0, at).trim(), line.slice(at + 1).trim()); } catch (_) { /* not a header */ }
    }
  }
  const text = document.getElementById("body").value;
  const init = { method, headers };
  if (text && method !== "GET" && method !== "HEAD") init.body = text;
  const started = performance.now();
  const result = document.getElementById("result");
  const list = document.getElementById("result-violations");
  list.replaceChildren();
  try {
    const r = await fetch(path.startsWith("/") ? path : "/" + path, init);
    const body = await r.text();
    const status = document.getElementById("result-status");
    status.textContent = r.status + " " + r.statusText;
    status.className = statusClass(r.status);
    document.getElementById("result-time").textContent = Math.round(performance.now() - started) + " ms";
    let shown = body;
    try { shown = JSON.stringify(JSON.parse(body), null, 2); } catch (_) { /* not JSON */ }
    document.getElementById("result-body").textContent = shown;
    const header = r.headers.get("sl-violations");
    if (header) {
      for (const v of JSON.parse(header)) {
        const where = v.location.slice(2).map((t) => "/" + t).join("");
        list.append(violationItem({ code: v.code, text: v.location[1] + (where ? " " + where : "") + ": " + v.message }));
      }
    }
  } catch (e) {
    document.getElementById("result-status").textContent = "no answer: " + e.message;
  }
  result.hidden = false;
}

function addRecord(r) {
  const tbody = document.querySelector("#log tbody");
  const violations = el("ul", { class: "violations" }, ...r.violations.map(violationItem));
  if (r.upstream) {
    for (const v of r.upstream.violations) {
      violations.append(el("li", {}, el("code", {}, "upstream " + v.location + " " + v.pointer + ": " + v.message)));
    }
  }
  const chosen = r.response.documented
    ? r.response.documented + (r.response.example ? " (" + r.response.example + ")" : "")
    : "";
  const row = el("tr", { "data-status": String(r.status), "data-operation": r.operation || "" },
    el("td", { class: "muted" }, r.time.slice(11, 23)),
    el("td", {}, el("span", { class: "method" }, r.method), " ", el("code", {}, r.path + (r.query ? "?" + r.query : ""))),
    el("td", { class: statusClass(r.status) }, r.status),
    el("td", {}, (r.vendor || "") + (r.operation ? " / " + r.operation : "")),
    el("td", {}, chosen, el("div", { class: "muted" }, r.response.why +
      (r.delayMs ? "; delayed " + r.delayMs + " ms" : "") + (r.fault ? "; fault " + r.fault : ""))),
    el("td", {}, violations));
  tbody.prepend(row);
  while (tbody.rows.length > 200) tbody.deleteRow(-1);
}

async function loadLog() {
  try {
    const data = await getJson("/__mock/requests?limit=50");
    for (const r of data.requests.reverse()) addRecord(r);
  } catch (_) { /* the journal may be off */ }
}

function live() {
  const badge = document.getElementById("live");
  const source = new EventSource("/__mock/events");
  source.addEventListener("open", () => { badge.textContent = "live"; badge.classList.add("on"); });
  source.addEventListener("error", () => { badge.textContent = "reconnecting…"; badge.classList.remove("on"); });
  source.addEventListener("request", (e) => {
    addRecord(JSON.parse(e.data));
    scheduleCoverage();
  });
}

let coverageTimer = null;
function scheduleCoverage() {
  if (coverageTimer) return;
  coverageTimer = setTimeout(() => { coverageTimer = null; loadCoverage(); }, 1000);
}

function line(label, part) {
  if (part.documented === 0) return el("div", { class: "muted" }, label + ": none documented");
  const track = el("span", { class: "bartrack" }, el("span", { class: "bar" }));
  track.firstChild.style.width = Math.round(part.percent * 1.2) + "px";
  return el("div", {}, track, label + " " + part.hit + "/" + part.documented + " (" + part.percent + "%)");
}

async function loadCoverage() {
  const data = await getJson("/__mock/coverage");
  const box = document.getElementById("coverage");
  box.replaceChildren();
  for (const v of data.vendors) {
    const s = v.summary;
    box.append(el("h3", {}, v.name),
      line("operations", s.operations), line("statuses", s.statuses), line("named examples", s.examples));
    const never = [...v.untouched.operations.map((o) => "operation " + o), ...v.untouched.statuses.map((x) => "status " + x)];
    if (never.length) {
      box.append(el("p", { class: "muted" }, "never exercised: " + never.slice(0, 30).join(", ") + (never.length > 30 ? " …" : "")));
    }
  }
}

document.getElementById("operation").addEventListener("change", chooseOperation);
document.getElementById("send-form").addEventListener("submit", send);
document.getElementById("coverage-refresh").addEventListener("click", loadCoverage);
loadVendors().catch((e) => { document.getElementById("summary").textContent = e.message; });
loadLog().then(live);
loadCoverage().catch(() => {});
