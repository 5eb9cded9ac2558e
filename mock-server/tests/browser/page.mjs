// Drives the mock's web page in headless Chromium (playwright-core, the
// system's /usr/bin/chromium): the page loads the vendors, a request is
// sent through the form, and it appears in the live log (server-sent
// events) with its violation explained; a screenshot is kept.
// Usage: node page.mjs BASE_URL SCREENSHOT USER_DATA_DIR NPM_PREFIX
import { createRequire } from "node:module";
import path from "node:path";

const [base, screenshot, userDataDir, prefix] = process.argv.slice(2);
const require = createRequire(path.join(prefix, "package.json"));
const { chromium } = require("playwright-core");

const context = await chromium.launchPersistentContext(userDataDir, {
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  args: [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
  viewport: { width: 1400, height: 1000 },
});
let failed = false;
const page = context.pages()[0] || (await context.newPage());
const errors = [];
page.on("pageerror", (e) => errors.push(String(e)));
// answers with 4xx are expected (the form sends an invalid request)
page.on("console", (m) => {
  if (m.type() === "error" && !m.text().startsWith("Failed to load resource")) errors.push(m.text());
});
try {
  await page.goto(base + "/__mock/", { waitUntil: "load" });
  await page.waitForFunction(() => /vendor\(s\)/.test(document.getElementById("summary").textContent));
  const vendors = await page.textContent("#vendors");
  if (!vendors.includes("createClient")) throw new Error("the operations table has no createClient");
  // the live log is connected before the request goes out
  await page.waitForFunction(() => document.getElementById("live").textContent === "live");
  const option = await page.$$eval("#operation option", (os) =>
    os.find((o) => o.textContent.includes("(createClient)")).value);
  await page.selectOption("#operation", option);
  await page.fill("#headers", "Content-Type: application/json\nAuthorization: ci-key");
  await page.fill("#body", JSON.stringify({
    client: { name: "Acme", language: "en" },
    member: { name: "Ann", loginId: "ann" },
  }));
  await page.click("#send");
  await page.waitForFunction(() => document.getElementById("result-status").textContent.startsWith("400"));
  const row = page.locator('#log tbody tr[data-operation="createClient"][data-status="400"]').first();
  await row.waitFor({ timeout: 10000 });
  const text = await row.textContent();
  const want = "body /member/password: required property missing";
  if (!text.includes(want)) throw new Error(`the log row does not explain the violation: ${text}`);
  if (!text.includes("a value the contract requires is missing")) throw new Error(`no explanation: ${text}`);
  const shown = await page.textContent("#result-body");
  if (!shown.includes(want)) throw new Error(`the answer does not say why: ${shown}`);
  // the coverage section follows the live log
  await page.waitForFunction(() => document.getElementById("coverage").textContent.includes("operations 1/2"));
  if (errors.length) throw new Error("page errors: " + errors.join("; "));
  console.log("page loaded, request sent through the form, seen in the live log with its violation explained");
} catch (e) {
  failed = true;
  console.error("browser test failed: " + e.message);
} finally {
  await page.screenshot({ path: screenshot, fullPage: true }).catch(() => {});
  await context.close();
}
console.log(`headless Chromium: ${failed ? 0 : 1} passed, ${failed ? 1 : 0} failed`);
process.exit(failed ? 1 : 0);
