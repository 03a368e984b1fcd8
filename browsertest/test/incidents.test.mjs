// Browser tests of the incident pages (issue D): the public intake form in
// each language (Arabic right to left), a submission and its thank-you
// page, and an analyst's incident list, trends and civilian-harm report,
// each checked with axe-core for WCAG 2.0/2.1 A and AA.
//
// Environment: as ui.test.js (CUSTOS_URL, CUSTOS_DEMO_PASSWORD, CHROMIUM).
import { test } from "node:test";
import assert from "node:assert/strict";
import { base, check, newPage, open, signIn, useBrowser } from "../harness.mjs";

useBrowser();

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
  await signIn(page, "demo-analyst");
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
