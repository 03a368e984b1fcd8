// Takes viewport screenshots of pages as a signed-in demo user, for looking
// at the pages by eye: node shot.mjs USER OUT_DIR PATH...
import { chromium } from "playwright-core";
const [user, out, ...paths] = process.argv.slice(2);
const base = (process.env.CUSTOS_URL || "http://127.0.0.1:8080").replace(/\/$/, "");
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-sync"] });
const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
if (user !== "-") {
  await page.goto(base + "/login");
  await page.fill("#f-name", user);
  await page.fill("#f-password", process.env.CUSTOS_DEMO_PASSWORD);
  await Promise.all([page.waitForNavigation(), page.click("form.record-form button[type=submit]")]);
}
for (const [i, p] of paths.entries()) {
  const [path, scroll] = p.split("@");
  await page.goto(base + path);
  await page.waitForLoadState("load");
  await page.waitForTimeout(300);
  if (scroll) await page.evaluate((y) => window.scrollTo(0, Number(y)), scroll);
  await page.screenshot({ path: `${out}/${i}.png` });
}
await browser.close();
