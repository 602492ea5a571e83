// What the browser end-to-end drivers share (web_browser_e2e.js, web_auth_browser_e2e.js):
// launching Debian's chromium through puppeteer-core with a fresh profile, screenshots, and
// waits and inputs that name what they looked for when they fail.
"use strict";
const path = require("path");
const fs = require("fs");
const puppeteer = require(path.join(process.env.LOCUS_NODE_MODULES, "puppeteer-core"));

// next dev compiles a route when it is first asked for: tens of seconds on a busy 2-core machine.
const WAIT = { timeout: 60000 };

function check(condition, what) {
  if (!condition) throw new Error("check failed: " + what);
}

async function shot(page, name) {
  await page.screenshot({ path: path.join(process.env.SHOTS, name + ".png"), fullPage: true });
}

// Waits until some element matching `selector` contains `text`; returns nothing, throws on timeout.
async function waitForText(page, selector, text, what) {
  try {
    await page.waitForFunction(
      (sel, t) => [...document.querySelectorAll(sel)].some((e) => e.textContent.includes(t)),
      WAIT,
      selector,
      text,
    );
  } catch {
    const body = await page.evaluate(() => document.body.innerText);
    throw new Error(`${what}: no ${selector} with "${text}"; the page shows:\n${body.slice(0, 1500)}`);
  }
}

async function clickText(page, selector, text) {
  const handles = await page.$$(selector);
  for (const h of handles) {
    if ((await h.evaluate((e) => e.textContent)).trim() === text) {
      await h.click();
      return;
    }
  }
  throw new Error(`no ${selector} reading "${text}"`);
}

// Types into the input of the TextField labelled `label` (clearing it first).
async function fill(page, label, value) {
  const handles = await page.$$("label.locus-text-field");
  for (const h of handles) {
    if ((await h.evaluate((e) => e.querySelector(".locus-text-field-label").textContent)) !== label) continue;
    const input = await h.$("input");
    await input.click({ clickCount: 3 });
    await input.press("Backspace");
    await input.type(value);
    return;
  }
  throw new Error(`no text field labelled ${label}`);
}

async function colorOf(page, selector, property) {
  return page.$eval(selector, (e, p) => getComputedStyle(e)[p], property);
}

// Runs `drive(page)` in a fresh headless chromium; fails on hydration errors; prints "ok: <phase>".
async function withBrowser(phase, drive) {
  const profile = fs.mkdtempSync(path.join(require("os").tmpdir(), "locus-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM,
    headless: true,
    userDataDir: profile,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync"],
  });
  const problems = [];
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 1200, height: 850 });
    page.setDefaultNavigationTimeout(180000);
    page.on("pageerror", (error) => problems.push("page error: " + error.message));
    await drive(page);
    const hydration = problems.filter((p) => /hydrat/i.test(p));
    check(hydration.length === 0, "no hydration errors: " + hydration.join("; "));
    console.log("ok: " + phase);
  } finally {
    await browser.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

function runMain(main) {
  main().catch((error) => {
    console.error(error.stack || String(error));
    process.exit(1);
  });
}

module.exports = { WAIT, check, shot, waitForText, clickText, fill, colorOf, withBrowser, runMain };
