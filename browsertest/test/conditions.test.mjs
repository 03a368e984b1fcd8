// Browser tests of the conditionality and M&E pages (issue E): a
// planner builds a fictional results chain on a demo program, enters a
// measurement and a condition whose criterion does not compile (the error
// must sit beside the field), then a correct one; an analyst approves the
// measurement and evaluates. Every page is checked with axe-core for WCAG
// 2.0/2.1 A and AA. The demo store has no results or conditions, so the
// test makes its own, each titled "Fictional".
//
// Environment: as ui.test.js (CUSTOS_URL, CUSTOS_DEMO_PASSWORD, CHROMIUM).
import { test } from "node:test";
import assert from "node:assert/strict";
import { base, check, newPage, open, signIn, useBrowser } from "../harness.mjs";

useBrowser();

// submit posts the record form and waits for the page that follows.
async function submit(page) {
  await Promise.all([page.waitForLoadState("load"), page.locator("form.record-form .form-actions button[type=submit]").first().click()]);
  await page.waitForLoadState("load");
}

test("a results chain, a measurement review and a condition, with axe on every page", async () => {
  const planner = await newPage();
  await signIn(planner, "demo-planner");
  await planner.goto(base + "/programs?country=NE");
  const href = await planner.locator("table tbody tr th a").first().getAttribute("href");
  const program = href.split("/").pop();
  await open(planner, `/programs/${program}/results`);

  await open(planner, `/results/new?program_id=${program}&level=outcome`);
  await planner.getByLabel("Result", { exact: false }).first().fill("Fictional: detentions registered within 24 hours");
  await submit(planner);
  assert.match(planner.url(), /\/results\/\d+$/);
  const result = planner.url().split("/").pop();

  await open(planner, `/indicators/new?program_id=${program}&result_id=${result}`);
  await planner.locator("#f-code").fill("FICT-" + Date.now().toString(36).toUpperCase());
  await planner.locator("#f-title").fill("Fictional: share of detentions registered within 24 hours");
  await planner.locator("#f-unit").selectOption("percent");
  await submit(planner);
  assert.match(planner.url(), /\/indicators\/\d+$/);
  const indicator = planner.url().split("/").pop();
  const code = (await planner.locator("h1").textContent()).split(" — ")[0].trim();

  // An out-of-range value comes back with the error beside the field.
  await open(planner, `/measurements/new?indicator_id=${indicator}`);
  await planner.locator("#f-period_start").fill("2018-01-01");
  await planner.locator("#f-period_end").fill("2018-06-30");
  await planner.locator("#f-value").fill("150");
  await submit(planner);
  assert.match(await planner.locator("#f-value-error").textContent(), /not a percentage/);
  await check(planner, "measurement form with an error");
  await planner.locator("#f-value").fill("48");
  await submit(planner);
  assert.match(planner.url(), /\/measurements\/\d+$/);
  await check(planner, "measurement page");

  // A criterion that does not compile: line and column beside the field.
  await open(planner, `/conditions/new?program_id=${program}`);
  await planner.locator("#f-kind").selectOption("red_line");
  await planner.locator("#f-title").fill("Fictional: registration stays above 40%");
  await planner.locator("#f-statement").fill("Fictional condition for the browser test.");
  await planner.locator("#f-criterion").fill(`indicator["${code}"] >=`);
  await submit(planner);
  assert.match(await planner.locator("#f-criterion-error").textContent(), /line 1, column/);
  await check(planner, "condition form with a compile error");
  await planner.locator("#f-criterion").fill(`indicator["${code}"] >= 40.0`);
  await submit(planner);
  assert.match(planner.url(), /\/conditions\/\d+$/);
  const condition = planner.url().split("/").pop();
  await check(planner, "condition page");

  const analyst = await newPage();
  await signIn(analyst, "demo-analyst");
  await open(analyst, `/programs/${program}/results`);
  await Promise.all([analyst.waitForLoadState("load"), analyst.getByRole("button", { name: /^Approve/ }).first().click()]);
  await open(analyst, `/conditions/${condition}`);
  // As of 2019-01-15 the figure (for early 2018) was not yet approved: a
  // status as of a past date reads only what was known then.
  await analyst.locator("#f-eval-as_of").fill("2019-01-15");
  await Promise.all([analyst.waitForURL(/as_of=2019-01-15/), analyst.getByRole("button", { name: "Evaluate" }).click()]);
  assert.match(await analyst.locator("#status-title").textContent(), /Cannot be evaluated/);
  const today = new Date().toISOString().slice(0, 10);
  await analyst.locator("#f-eval-as_of").fill(today);
  await Promise.all([analyst.waitForURL(new RegExp(`as_of=${today}`)), analyst.getByRole("button", { name: "Evaluate" }).click()]);
  assert.match(await analyst.locator("#status-title").textContent(), /Met/);
  await check(analyst, "condition page after evaluation");
  for (const p of ["/conditions", "/conditions/inputs", "/reports/conditions?country=NE", "/portfolio", "/program-evaluations", "/indicators", "/measurements"]) {
    await open(analyst, p);
  }
  const viewer = await newPage();
  await signIn(viewer, "demo-viewer");
  await open(viewer, `/conditions/${condition}`);
  assert.equal(await viewer.getByRole("button", { name: "Record the decision" }).count(), 0, "a viewer is offered the decision form");
  assert.equal(await viewer.getByRole("button", { name: "Evaluate" }).count(), 0, "a viewer is offered the evaluate form");
});
