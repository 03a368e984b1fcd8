// The shared harness of the browser tests: one headless Chromium per test
// file, fresh pages that record console errors, script errors and requests
// leaving the site, sign-in as a demo user, and axe-core checks (WCAG 2.0
// and 2.1, A and AA) on every page.
//
// Environment: CUSTOS_URL (the running server, e.g. http://127.0.0.1:8080),
// CUSTOS_DEMO_PASSWORD (the demo accounts' password), CHROMIUM (default
// /usr/bin/chromium), SCREENSHOT_DIR (optional: full-page screenshots).
import { before, after } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { createRequire } from "node:module";
import { chromium } from "playwright-core";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
export const base = (process.env.CUSTOS_URL || "http://127.0.0.1:8080").replace(/\/$/, "");
const password = process.env.CUSTOS_DEMO_PASSWORD;
const shots = process.env.SCREENSHOT_DIR || "";
// Each launch gets a fresh, temporary user data directory from playwright.
let browser;

// useBrowser launches Chromium before the file's tests and closes it after.
export function useBrowser() {
  before(async () => {
    assert.ok(password, "set CUSTOS_DEMO_PASSWORD to the demo accounts' password");
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
      headless: true,
      args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--no-first-run", "--disable-sync"],
    });
    if (shots) mkdirSync(shots, { recursive: true });
  });
  after(async () => {
    if (browser) await browser.close();
  });
}

// newPage opens a fresh context (its own cookies) and records console
// errors (a Content-Security-Policy refusal shows up there), script errors
// and requests outside the site. Chromium's console note on a response
// whose status is in expected (a form answered with 422, by default) is
// not a problem; with failed set, failed requests are, but downloads.
export async function newPage({ expected = [422], failed = false } = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.problems = [];
  const note = new RegExp(`status of (${expected.join("|")})`);
  page.on("console", (m) => {
    if (m.type() === "error" && !note.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  page.on("pageerror", (e) => page.problems.push(`script error: ${e.message}`));
  if (failed) {
    page.on("requestfailed", (r) => {
      if (!r.url().startsWith(base)) page.problems.push(`request outside the site: ${r.url()}`);
      else if (!/download/i.test(r.failure()?.errorText || "")) page.problems.push(`failed: ${r.url()} ${r.failure()?.errorText}`);
    });
  }
  page.on("request", (r) => { if (!r.url().startsWith(base) && !r.url().startsWith("data:")) page.problems.push(`request outside the site: ${r.url()}`); });
  return page;
}

// signIn signs the page's context in as a demo user.
export async function signIn(page, user) {
  await page.goto(base + "/login");
  await page.getByLabel("User name").fill(user);
  await page.getByLabel("Password").fill(password);
  await Promise.all([page.waitForURL((u) => !u.pathname.startsWith("/login")), page.getByRole("button", { name: "Sign in" }).click()]);
}

// check runs axe on the page and fails on WCAG A/AA violations and on any
// recorded problem.
export async function check(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    await window.axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"] } }));
  const lines = result.violations.map((v) =>
    `${v.id} (${v.impact}): ${v.help}\n    ${v.nodes.slice(0, 3).map((n) => n.target.join(" ") + " " + (n.failureSummary || "").replace(/\n/g, " ")).join("\n    ")}`);
  if (shots) await page.screenshot({ path: join(shots, label.replace(/[^a-z0-9]+/gi, "-") + ".png"), fullPage: true });
  assert.deepEqual(lines, [], `axe found WCAG violations on ${label} (${page.url()})`);
  assert.deepEqual(page.problems.splice(0), [], `problems on ${label}`);
}

// open loads a page, expects 200 and checks it.
export async function open(page, path, label) {
  const resp = await page.goto(base + path);
  assert.equal(resp.status(), 200, `GET ${path}`);
  await page.waitForLoadState("load");
  await check(page, label || path);
}
