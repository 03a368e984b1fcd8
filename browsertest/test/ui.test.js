// Browser tests of Custos's pages: headless Chromium signs in as demo
// users, opens each main page, submits a form with an error and a valid
// one, and runs axe-core on every page, failing on any WCAG 2.0/2.1 A or AA
// violation and on any console error (a Content-Security-Policy refusal
// shows up there).
//
// Environment: CUSTOS_URL (the running server, e.g. http://127.0.0.1:8080),
// CUSTOS_DEMO_PASSWORD (the demo accounts' password), CHROMIUM (default
// /usr/bin/chromium), SCREENSHOT_DIR (optional: full-page screenshots).
import { test } from "node:test";
import assert from "node:assert/strict";
import { base, check, newPage, open, signIn, useBrowser } from "../harness.mjs";

useBrowser();

test("the public portal, as an anonymous visitor", async () => {
  const page = await newPage({ failed: true });
  for (const p of ["/", "/countries", "/training", "/programs", "/activities", "/authorities", "/organizations", "/login"]) {
    await open(page, p, "public " + p);
  }
  assert.equal(await page.locator(".fictional").count(), 0, "no fictional banner for visitors");
  await page.context().close();
});

test("a planner's pages, forms and the fictional banner", async () => {
  const page = await newPage({ failed: true });
  await signIn(page, "demo-planner");
  await check(page, "planner home");
  await assert.doesNotReject(page.getByText("You are using a fictional demonstration account").waitFor());

  for (const p of ["/countries", "/actors", "/programs", "/authorities", "/organizations", "/persons", "/activities", "/training", "/public"]) {
    await open(page, p, "planner " + p);
  }
  // A country with training on record: the first one of the overview.
  await page.goto(base + "/training");
  const country = page.locator("table").first().locator("tbody tr th a").first();
  if (await country.count()) {
    await Promise.all([page.waitForURL(/\/countries\/[A-Z]{2}$/), country.click()]);
    await page.waitForLoadState("load");
    await check(page, "planner country page");
  } else {
    await open(page, "/countries/ML", "planner country page");
  }
  for (const list of ["/programs", "/activities", "/actors", "/authorities", "/organizations"]) {
    await page.goto(base + list);
    const first = page.locator("table tbody tr th a").first();
    if (await first.count()) {
      await Promise.all([page.waitForURL(new RegExp(list + "/\\d+$")), first.click()]);
      await page.waitForLoadState("load");
      await check(page, "planner record " + list);
    }
  }

  // A form with an error keeps the input and shows the message by the field.
  await open(page, "/actors/new", "planner new actor");
  await page.locator("#f-country").selectOption("ML");
  await page.locator("#f-kind").selectOption("army");
  await page.getByLabel("Name 1", { exact: true }).fill("Garde nationale");
  // "Add another name" brings a second row without saving, with the cursor in it.
  await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Add another name" }).click()]);
  await page.getByLabel("Name 2", { exact: true }).waitFor();
  assert.equal(await page.evaluate(() => document.activeElement.id), "f-names-1-value", "the cursor is in the new row");
  assert.equal(await page.getByLabel("Name 1", { exact: true }).inputValue(), "Garde nationale");
  assert.equal(await page.locator(".error-summary").count(), 0, "adding a row reports no error");
  await page.getByLabel("Language of name 1").fill("not a tag!");
  await Promise.all([page.waitForLoadState("load"), page.getByRole("button", { name: "Save actor" }).last().click()]);
  await page.locator("#f-name-error").waitFor();
  assert.match(await page.locator("#f-name-error").innerText(), /is required/);
  assert.equal(await page.getByLabel("Name 1", { exact: true }).inputValue(), "Garde nationale");
  await check(page, "planner actor form with errors");

  // Fixed, it saves.
  await page.locator("#f-name").fill("Browser test battalion");
  await page.getByLabel("Language of name 1").fill("fr");
  await Promise.all([page.waitForURL(/\/actors\/\d+$/), page.getByRole("button", { name: "Save actor" }).last().click()]);
  assert.equal(await page.locator("h1").innerText(), "Browser test battalion");
  await check(page, "planner saved actor");

  // Delete it again, through the confirmation.
  await page.getByRole("link", { name: "Delete" }).click();
  await check(page, "planner delete confirmation");
  await Promise.all([page.waitForURL(/\/actors$/), page.getByRole("button", { name: /Yes, delete/ }).click()]);
  await page.context().close();
});

test("a viewer sees no edit buttons", async () => {
  const page = await newPage({ failed: true });
  await signIn(page, "demo-viewer");
  await open(page, "/programs", "viewer programs");
  assert.equal(await page.getByRole("link", { name: /^Add a/ }).count(), 0, "a viewer is offered to add a program");
  await page.context().close();
});

test("an administrator's audit trail", async () => {
  const page = await newPage({ failed: true });
  await signIn(page, "demo-admin");
  await open(page, "/audit", "admin audit trail");
  await open(page, "/audit/verify", "admin audit check");
  await page.context().close();
});
