// Browser tests of the Leahy vetting pages: a vetter imports a fictional
// list, creates a fictional unit, nominates and screens it, judges its hit
// (first with an error), proposes a decision; a second vetter (the demo
// administrator) concurs; the public sees the barred unit. axe-core checks
// every page for WCAG 2.0/2.1 A and AA violations, and other roles are
// checked to get no vetting link.
//
// Environment: as ui.test.js (CUSTOS_URL, CUSTOS_DEMO_PASSWORD, CHROMIUM,
// SCREENSHOT_DIR).
import { test } from "node:test";
import assert from "node:assert/strict";
import { base, check, newPage, open, signIn, useBrowser } from "../harness.mjs";

useBrowser();

// submit clicks a button and waits for the page that follows.
async function submit(page, button) {
  await Promise.all([page.waitForLoadState("load"), page.waitForNavigation(), button.click()]);
}

const stamp = Date.now().toString(36);
const unitName = `Fictional ${stamp} Rapid Intervention Battalion`;
let nominationPath = "";

test("a vetter imports a list, nominates, screens, judges and proposes", async () => {
  const page = await newPage({ expected: [422, 403] });
  await signIn(page, "demo-vetter");
  for (const p of ["/vetting/nominations", "/vetting/nominations?undecided=true", "/vetting/lists", "/vetting/nominations/new", "/barred-units"]) {
    await open(page, p, "vetter " + p);
  }

  // A list with a bad row is refused whole, with the row named.
  await page.goto(base + "/vetting/lists");
  await page.getByLabel("List name").fill(`Fictional browser-test list ${stamp}`);
  const header = "id,kind,name,aliases,birth_date,gender,nationality,unit,parent_unit\n";
  await page.locator("#f-file").setInputFiles({ name: "fictional.csv", mimeType: "text/csv",
    buffer: Buffer.from(header + `b1,unit,${unitName},,,,,,\nb2,squad,Fictional Bad Row,,,,,,\n`) });
  await submit(page, page.getByRole("button", { name: "Import list" }));
  await page.locator("#f-file-error").waitFor();
  assert.match(await page.locator("#f-file-error").innerText(), /nothing was imported/);
  await check(page, "vetter list refused");
  await page.getByLabel("List name").fill(`Fictional browser-test list ${stamp}`);
  await page.locator("#f-file").setInputFiles({ name: "fictional.csv", mimeType: "text/csv",
    buffer: Buffer.from(header + `b1,unit,${unitName},,,,,,\n`) });
  await submit(page, page.getByRole("button", { name: "Import list" }));
  await page.getByText("1 added").waitFor();

  // A fictional unit to nominate.
  await page.goto(base + "/actors/new");
  await page.locator("#f-name").fill(unitName);
  await page.locator("#f-country").selectOption("NE");
  await page.locator("#f-kind").selectOption("army");
  await submit(page, page.getByRole("button", { name: "Save actor" }).last());
  const actorID = new URL(page.url()).pathname.split("/").pop();
  assert.match(actorID, /^\d+$/, "the unit was created");

  // Nominate it for a program: first without one, which is refused.
  await page.goto(base + "/vetting/nominations/new?actor_id=" + actorID);
  await submit(page, page.getByRole("button", { name: "Save nomination" }).last());
  await page.locator("#f-program_id-error").waitFor();
  await check(page, "vetter nomination form with an error");
  await page.goto(base + "/programs?country=NE");
  const prog = new URL(await page.locator("table tbody tr th a").first().evaluate((a) => a.href)).pathname.split("/").pop();
  await page.goto(base + "/vetting/nominations/new?actor_id=" + actorID);
  await page.locator("#f-program_id").fill(prog);
  await page.locator("#f-notes").fill("Fictional nomination made by the browser test.");
  await submit(page, page.getByRole("button", { name: "Save nomination" }).last());
  nominationPath = new URL(page.url()).pathname;
  assert.match(nominationPath, /^\/vetting\/nominations\/\d+$/);
  await check(page, "vetter new nomination");

  // Screen it: the list entry is a hit, explained.
  await submit(page, page.getByRole("button", { name: "Screen now" }));
  await page.getByText("Name parts of hit 1").waitFor();
  await check(page, "vetter screened nomination");

  // Judge the hit without a reason: refused beside the form.
  await page.getByLabel("Different: a false match, cleared").first().check();
  await submit(page, page.getByRole("button", { name: "Record judgement of hit 1" }));
  await page.locator("[id$=-reason-error]").first().waitFor();
  await check(page, "vetter judgement with an error");
  // Judge every hit different (other fictional lists on the server may
  // hit too), so that an approval may be proposed.
  const hits = await page.locator("form.judge-form").count();
  for (let i = 0; i < hits; i++) {
    const form = page.locator("form.judge-form").nth(i);
    await form.locator('input[value="different"]').check();
    await form.locator("textarea").fill("Fictional: a different unit of the same name.");
    await submit(page, form.getByRole("button"));
  }
  assert.equal(await page.locator(".judgement--different").count(), hits, "every hit is judged different");

  // Propose an approval: the page says another vetter must concur.
  await page.locator("#f-outcome").selectOption("approved");
  await page.locator("#f-reason").fill("Fictional: no credible derogatory information.");
  await submit(page, page.getByRole("button", { name: "Propose decision" }));
  await page.getByText("You proposed this decision, so you cannot concur in it").waitFor();
  assert.equal(await page.getByRole("button", { name: /Concur as the second vetter/ }).count(), 0, "no concur button for the proposer");
  await check(page, "vetter proposed decision");
  await page.context().close();
});

test("a second vetter concurs", async () => {
  assert.ok(nominationPath, "the vetter's test made a nomination");
  const page = await newPage({ expected: [422, 403] });
  await signIn(page, "demo-admin");
  await open(page, nominationPath, "admin nomination awaiting concurrence");
  await submit(page, page.getByRole("button", { name: /Concur as the second vetter/ }));
  await page.getByText(/In force: proposed by demo-vetter/).waitFor();
  await check(page, "admin decision in force");
  await page.context().close();
});

test("a vetter opens the nomination of an activity's participants", async () => {
  const page = await newPage({ expected: [422, 403] });
  await signIn(page, "demo-vetter");
  // Activities imported from the training reports have participants
  // without a vetting: the activity page offers to nominate them.
  await page.goto(base + "/activities?country=NE");
  const first = page.locator("table tbody tr th a").first();
  if (await first.count()) {
    await Promise.all([page.waitForURL(/\/activities\/\d+$/), first.click()]);
    await page.waitForLoadState("load");
    await check(page, "vetter activity with participants' vetting");
    const nominate = page.getByRole("link", { name: "Nominate the participants who need a vetting" });
    if (await nominate.count()) {
      await Promise.all([page.waitForURL(/\/vetting\/activities\/\d+\/nominate$/), nominate.click()]);
      await page.waitForLoadState("load");
      await check(page, "vetter roster of an activity");
    } else {
      // No participant needs one: the page says so.
      await open(page, new URL(page.url()).pathname.replace("/activities/", "/vetting/activities/") + "/nominate", "vetter roster of an activity");
    }
  }
  await page.context().close();
});

test("other roles get no vetting page or link", async () => {
  for (const user of ["demo-planner", "demo-analyst", "demo-viewer", "demo-partner"]) {
    const page = await newPage({ expected: [422, 403] });
    await signIn(page, user);
    assert.equal(await page.locator('a[href^="/vetting/"]').count(), 0, `${user} sees a vetting link`);
    const resp = await page.goto(base + "/vetting/nominations");
    assert.equal(resp.status(), 403, `${user} GET /vetting/nominations`);
    await page.context().close();
  }
  const page = await newPage({ expected: [422, 403] });
  await open(page, "/barred-units", "public barred units");
  await page.context().close();
});
