// Browser tests of the incident pages (issue D): the public intake form in
// each language (Arabic right to left), a submission and its thank-you
// page, and an analyst's incident list, trends and civilian-harm report,
// each checked with axe-core for WCAG 2.0/2.1 A and AA.
//
// Environment: as ui.test.js (CUSTOS_URL, CUSTOS_DEMO_PASSWORD, CHROMIUM).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const base = (process.env.CUSTOS_URL || "http://127.0.0.1:8080").replace(/\/$/, "");
const password = process.env.CUSTOS_DEMO_PASSWORD;
let browser;

before(async () => {
  assert.ok(password, "set CUSTOS_DEMO_PASSWORD to the demo accounts' password");
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium", headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"],
  });
});

after(async () => { if (browser) await browser.close(); });

async function newPage() {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.problems = [];
  page.on("console", (m) => { if (m.type() === "error" && !/status of 422/.test(m.text())) page.problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => page.problems.push(`script error: ${e.message}`));
  page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) page.problems.push(`request outside the site: ${r.url()}`); });
  return page;
}

async function check(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  const lines = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ")).join("\n    ")}`);
  assert.deepEqual(lines, [], `axe found WCAG violations on ${label} (${page.url()})`);
  assert.deepEqual(page.problems.splice(0), [], `problems on ${label}`);
}

async function open(page, path) {
  const resp = await page.goto(base + path);
  assert.equal(resp.status(), 200, `GET ${path}`);
  await page.waitForLoadState("load");
  await check(page, path);
}

test("the public intake form in four languages, and a report", async () => {
  const page = await newPage();
  for (const lang of ["en", "fr", "ar", "es"]) {
    await open(page, "/report-incident?lang=" + lang);
    const dir = await page.locator(".intake").getAttribute("dir");
    assert.equal(dir, lang === "ar" ? "rtl" : "ltr", `direction of ${lang}`);
  }
  // A report with a mistake comes back with the message by the field.
  await page.goto(base + "/report-incident?lang=en");
  await page.locator("#f-place-admin1").fill("Ségou");
  await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Send the report" }).click()]);
  await page.locator("#f-title-error").waitFor();
  assert.equal(await page.locator("#f-place-admin1").inputValue(), "Ségou", "the form keeps what was typed");
  await check(page, "intake with errors");
  await page.locator("#f-title").fill("Fictional browser-test report");
  await page.locator("#f-category").selectOption("arbitrary_detention");
  await page.locator("#f-date").fill("2024-03-05");
  await page.locator("#f-place-country").selectOption("ML");
  await page.locator("#f-victims-killed-best").fill("0");
  await Promise.all([page.waitForURL(/\/report-incident\/thanks/), page.getByRole("button", { name: "Send the report" }).click()]);
  assert.match(await page.locator(".intake-ref strong").innerText(), /^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  await check(page, "intake thanks");
  await page.context().close();
});

test("an analyst's incident pages", async () => {
  const page = await newPage();
  await page.goto(base + "/login");
  await page.getByLabel("User name").fill("demo-analyst");
  await page.getByLabel("Password").fill(password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.getByRole("button", { name: "Sign in" }).click()]);
  for (const p of ["/incidents", "/incidents/new", "/incident-trends?country=ML", "/civilian-harm?country=ML"]) {
    await open(page, p);
  }
  await page.goto(base + "/incidents");
  const first = page.locator("table tbody tr th a").first();
  if (await first.count()) {
    await Promise.all([page.waitForURL(/\/incidents\/\d+$/), first.click()]);
    await page.waitForLoadState("load");
    await check(page, "incident record");
  }
  await page.context().close();
});
