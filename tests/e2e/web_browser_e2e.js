// Drives Debian's chromium through the generated examples/crm app (see web_browser_e2e_test.cpp,
// which starts it with `locus dev`). `node web_browser_e2e.js up|down`; env: WEB_URL, API_URL, SHOTS (the
// screenshot folder), CHROMIUM, LOCUS_NODE_MODULES. Prints "ok: <phase>" when every check held;
// the first failed check exits 1 with what was expected and what the page showed.
"use strict";
const { WAIT, check, shot, waitForText, clickText, fill, colorOf, withBrowser, runMain } = require("./browser_support");

const api = process.env.API_URL;
const web = process.env.WEB_URL;
const phase = process.argv[2];

async function apiCall(method, route, body) {
  const init = { method, headers: { "Content-Type": "application/json" } };
  if (body !== undefined) init.body = JSON.stringify(body);
  const response = await fetch(api + route, init);
  const text = await response.text();
  return { status: response.status, body: text === "" ? null : JSON.parse(text) };
}

async function up(page) {
  // Data the pages show: user 1 (the signed-in one) comes from the project's seed/01_team.json;
  // a company and one deal of that user.
  const user = await apiCall("GET", "/api/users/1");
  check(user.status === 200, "the seeded user: " + JSON.stringify(user));
  const company = await apiCall("POST", "/api/companies", { name: "Initech" });
  check(company.status === 201, "seed company: " + JSON.stringify(company));
  const deal = await apiCall("POST", "/api/deals", {
    companyId: company.body.id, ownerId: user.body.id, title: "Printers", amountCents: 120000,
  });
  check(deal.status === 201, "seed deal: " + JSON.stringify(deal));

  // 1. Create a contact through the form and see it listed; the page never reloads.
  await page.goto(web + "/contacts", { waitUntil: "networkidle0" });
  await waitForText(page, "h2", "New contact", "the contacts page");
  await waitForText(page, ".locus-list-empty", "Nothing here yet", "the empty state of the list");
  await page.evaluate(() => { window.__sameDocument = true; });
  await fill(page, "First name", "Ada");
  await fill(page, "Last name", "Lovelace");
  await fill(page, "Email", "ada@example.com");
  await shot(page, "01-contacts");
  await clickText(page, "button", "Add");
  await waitForText(page, ".locus-list-item", "Ada Lovelace", "the new contact in the list");
  await waitForText(page, ".locus-toast", "Contact added", "the toast");
  check(await page.evaluate(() => window.__sameDocument === true), "the form submit reloaded the page");
  const listed = await apiCall("GET", "/api/contacts?email=ada@example.com");
  check(listed.body.total === 1, "the API has the contact: " + JSON.stringify(listed.body));
  await shot(page, "02-contact-added");

  // The create through the form triggered WelcomeContact (on:create(Contact)) in the runtime,
  // through the outbox on the same database: its activity appears, once.
  const contactId = listed.body.data[0].id;
  let welcome = null;
  for (const start = Date.now(); Date.now() - start < WAIT.timeout; ) {
    welcome = await apiCall("GET", `/api/activities?contactId=${contactId}&kind=welcome`);
    if (welcome.body.total > 0) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  check(welcome.body.total === 1, "WelcomeContact ran once for the new contact: " + JSON.stringify(welcome.body));

  // 2. The same email again: the server's 409 is shown in the form, beside the field.
  await fill(page, "First name", "Ada");
  await fill(page, "Last name", "Byron");
  await fill(page, "Email", "ada@example.com");
  await clickText(page, "button", "Add");
  await waitForText(page, ".locus-form-error", "already has this email", "the duplicate message");
  await waitForText(page, ".locus-field-error", "must be unique", "the message under the email field");
  const errorBackground = await colorOf(page, ".locus-form-error", "backgroundColor");
  check(errorBackground !== "rgba(0, 0, 0, 0)", "the error message has a background: " + errorBackground);
  await shot(page, "03-duplicate-rejected");

  // 3. Search sends the query the source names.
  const search = await page.$("input[placeholder='Last name']");
  await search.type("love"); // a case-insensitive part of the name (lastName[contains])
  await clickText(page, "button", "Search");
  await waitForText(page, ".locus-list-item", "Lovelace", "the search result");

  // 4. Navigation: the app bar links to the pages; the current one is marked.
  await clickText(page, ".locus-app-nav a", "Home");
  await page.waitForFunction(() => location.pathname === "/", WAIT);
  await waitForText(page, "h1", "Pipeline", "the home page after navigating");
  const current = await page.$eval(".locus-app-nav a[aria-current='page']", (e) => e.textContent);
  check(current === "Home", "the current page is marked in the navigation: " + current);

  // 5. An action changes a deal; the page's list follows (the badge turns from lead to qualified).
  await waitForText(page, ".locus-card", "Printers", "the deal on the home page");
  await waitForText(page, ".locus-badge", "lead", "the stage badge");
  await clickText(page, "button", "Advance");
  await waitForText(page, ".locus-badge", "qualified", "the advanced stage");
  const advanced = await apiCall("GET", "/api/deals/" + deal.body.id);
  check(advanced.body.stage === "qualified", "the API has the new stage: " + JSON.stringify(advanced.body));

  // 6. The theme switch sets data-theme, changes the computed colors and survives a reload.
  const lightBackground = await colorOf(page, "body", "backgroundColor");
  check(lightBackground === "rgb(247, 248, 250)", "light background: " + lightBackground);
  await shot(page, "04-home-light");
  await clickText(page, "button", "Theme: light");
  await page.waitForFunction(() => document.documentElement.dataset.theme === "dark", WAIT);
  const darkBackground = await colorOf(page, "body", "backgroundColor");
  check(darkBackground === "rgb(15, 17, 21)", "dark background: " + darkBackground);
  const darkText = await colorOf(page, "body", "color");
  check(darkText === "rgb(230, 232, 235)", "dark text: " + darkText);
  await page.reload({ waitUntil: "networkidle0" });
  check(await page.evaluate(() => document.documentElement.dataset.theme) === "dark", "the theme persists");
  await waitForText(page, "button", "Theme: dark", "the toggle after a reload");
  await shot(page, "05-home-dark");
  await clickText(page, "button", "Theme: dark");
  await page.waitForFunction(() => document.documentElement.dataset.theme === "light", WAIT);

  // 7. The built-in components' variants look different from each other.
  const looks = await page.evaluate(() => {
    const probe = document.createElement("div");
    probe.innerHTML = `
      <span class="locus-badge" id="b"></span><span class="locus-badge locus-badge-success" id="bs"></span>
      <span class="locus-badge locus-badge-danger" id="bd"></span><span class="locus-badge locus-badge-warning" id="bw"></span>
      <button class="locus-button" id="p"></button><button class="locus-button locus-button-ghost" id="g"></button>
      <button class="locus-button locus-button-danger" id="d"></button><button class="locus-button locus-button-secondary" id="s"></button>
      <div class="locus-alert" id="a"></div><div class="locus-alert locus-alert-info" id="ai"></div>
      <span class="locus-spinner" id="sp"></span>`;
    document.body.appendChild(probe);
    const look = (id) => {
      const style = getComputedStyle(document.getElementById(id));
      return [style.color, style.backgroundColor, style.borderTopColor].join(" / ");
    };
    const out = {};
    for (const id of ["b", "bs", "bd", "bw", "p", "g", "d", "s", "a", "ai"]) out[id] = look(id);
    out.spinner = getComputedStyle(document.getElementById("sp")).animationName;
    probe.remove();
    return out;
  });
  const groups = [["b", "bs", "bd", "bw"], ["p", "g", "d", "s"], ["a", "ai"]];
  for (const group of groups)
    check(new Set(group.map((id) => looks[id])).size === group.length, "distinct variants: " + JSON.stringify(looks));
  check(looks.spinner === "locus-spin", "the spinner spins: " + looks.spinner);

  // 8. Not-found states: a missing row and a missing page, both themed.
  await page.goto(web + "/contact-detail/999999", { waitUntil: "networkidle0" });
  await waitForText(page, ".locus-not-found", "does not exist", "the missing contact");
  await shot(page, "06-contact-not-found");
  await page.goto(web + "/no-such-page", { waitUntil: "networkidle0" });
  await waitForText(page, ".locus-not-found h1", "Page not found", "the 404 page");
  await waitForText(page, ".locus-app-nav a", "Contacts", "the navigation on the 404 page");
  await shot(page, "07-page-not-found");
}

async function down(page) {
  // The API is stopped: the page says so instead of loading forever, and offers to try again.
  await page.goto(web + "/contacts", { waitUntil: "networkidle0" });
  await waitForText(page, ".locus-load-failed", "did not answer", "the error state");
  await waitForText(page, ".locus-load-failed button", "Try again", "the retry button");
  const spinners = await page.$$(".locus-spinner, .locus-loading-bar");
  check(spinners.length === 0, "nothing keeps loading once the load failed");
  await shot(page, "08-api-down");
}

runMain(() => withBrowser(phase, phase === "up" ? up : down));
