// Drives Debian's chromium through the generated examples/crm-auth app (started with `locus dev`
// by web_auth_browser_e2e_test.cpp): a guarded page sends an anonymous visitor to log in, sign
// up (a too-short password shown beside the field), only your own deals are listed, a delete the
// policy forbids shows the server's 403 message, the admin page shows a 403 panel to a member,
// log out, a wrong password, an admin lands on the guarded page, an email already registered,
// a locked account, the verification link of ann's sign-up mail and a password reset that
// unlocks bob, both from the mails the runtime wrote into the outbox. Every call goes through
// the web app's proxy (/api, /auth) with the CSRF cookie/header flow. env: WEB_URL, API_URL,
// SHOTS, CHROMIUM, LOCUS_NODE_MODULES, MAX_FAILURES (the server's AUTH_MAX_FAILURES), OUTBOX
// (the folder of send_email). Prints "ok: auth" when every check held.
"use strict";
const fs = require("fs");
const path = require("path");
const { WAIT, check, shot, waitForText, clickText, fill, colorOf, withBrowser, runMain } = require("./browser_support");

const web = process.env.WEB_URL;
const api = process.env.API_URL;
const maxFailures = Number(process.env.MAX_FAILURES);

// A client of the API itself (not the browser): its own session cookie and CSRF token.
function apiClient() {
  const jar = new Map();
  return async (method, route, body) => {
    const headers = { "Content-Type": "application/json", Cookie: [...jar].map(([k, v]) => k + "=" + v).join("; ") };
    if (jar.has("locus_csrf")) headers["X-CSRF-Token"] = decodeURIComponent(jar.get("locus_csrf"));
    const response = await fetch(api + route, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    for (const cookie of response.headers.getSetCookie()) {
      const [pair] = cookie.split(";");
      const eq = pair.indexOf("=");
      jar.set(pair.slice(0, eq), pair.slice(eq + 1));
    }
    const text = await response.text();
    return { status: response.status, body: text === "" ? null : JSON.parse(text) };
  };
}

// A request from the page itself (through the proxy, with the page's cookies); `csrf` adds the
// X-CSRF-Token header from the locus_csrf cookie as the generated runtime does.
async function fromPage(page, method, route, body, csrf = true) {
  return page.evaluate(async (m, r, b, withToken) => {
    const headers = { "Content-Type": "application/json" };
    const cookie = document.cookie.split(";").map((c) => c.trim()).find((c) => c.startsWith("locus_csrf="));
    if (withToken && cookie !== undefined) headers["X-CSRF-Token"] = decodeURIComponent(cookie.slice(11));
    const response = await fetch(r, { method: m, headers, body: b === null ? undefined : JSON.stringify(b) });
    const text = await response.text();
    return { status: response.status, body: text === "" ? null : JSON.parse(text) };
  }, method, route, body ?? null, csrf);
}

// The link of the newest mail to `to` whose subject is `subject`, once the runtime wrote it.
async function mailedLink(to, subject) {
  const deadline = Date.now() + WAIT.timeout;
  for (;;) {
    const mails = (fs.existsSync(process.env.OUTBOX) ? fs.readdirSync(process.env.OUTBOX) : [])
      .filter((f) => f.endsWith(".eml"))
      .map((f) => path.join(process.env.OUTBOX, f))
      .map((f) => ({ text: fs.readFileSync(f, "utf8"), time: fs.statSync(f).mtimeMs }))
      .filter((m) => m.text.includes("\r\nTo: " + to + "\r\n") && m.text.includes("\r\nSubject: " + subject + "\r\n"))
      .sort((a, b) => b.time - a.time);
    const link = mails.length > 0 ? /https?:\/\/\S+token=[A-Za-z0-9_-]+/.exec(mails[0].text) : null;
    if (link !== null) return link[0];
    if (Date.now() > deadline) throw new Error(`no mail "${subject}" to ${to} in ${process.env.OUTBOX}`);
    await new Promise((resolve) => setTimeout(resolve, 100)); // the runtime polls its queue every 20 ms
  }
}

async function waitForPath(page, pathname, what) {
  try {
    await page.waitForFunction((p) => location.pathname === p, WAIT, pathname);
  } catch {
    throw new Error(`${what}: expected ${pathname}, the browser is at ${page.url()}`);
  }
}

async function auth(page) {
  // Bob signs up through the API and owns one deal the browser's user must never see.
  const bob = apiClient();
  const bobUser = await bob("POST", "/auth/signup", { email: "bob@example.com", name: "Bob", password: "bob password 1" });
  check(bobUser.status === 201, "bob signs up: " + JSON.stringify(bobUser));
  const bobDeal = await bob("POST", "/api/deals", { title: "Bob's secret", amountCents: 900, ownerId: bobUser.body.user.id });
  check(bobDeal.status === 201, "bob's deal: " + JSON.stringify(bobDeal));

  // 1. A guarded page, anonymous: the login page, which will come back to it.
  await page.goto(web + "/team", { waitUntil: "networkidle0" });
  await waitForPath(page, "/login", "an anonymous visitor of /team");
  check(new URL(page.url()).searchParams.get("next") === "/team", "login remembers the page: " + page.url());
  await waitForText(page, ".locus-auth-panel h1", "Log in", "the login page");
  check(await colorOf(page, "body", "backgroundColor") === "rgb(247, 248, 250)", "the theme's background");
  check(await colorOf(page, ".locus-auth-panel", "backgroundColor") === "rgb(255, 255, 255)", "the panel is the theme's surface");
  check(await colorOf(page, ".locus-auth-panel a", "color") === "rgb(36, 84, 255)", "links in the theme's primary color");
  await shot(page, "01-login-redirect");

  // 2. Sign up: a too-short password is refused beside the field, then the account is made.
  await clickText(page, ".locus-auth-panel a", "Sign up");
  await waitForText(page, ".locus-auth-panel h1", "Sign up", "the sign-up page");
  await fill(page, "Email", "ann@example.com");
  await fill(page, "Name", "Ann");
  await fill(page, "Password", "short");
  await clickText(page, "button", "Sign up");
  await waitForText(page, ".locus-field-error", "at least 8 characters", "the password rule beside the field");
  await shot(page, "02-signup-invalid");
  await fill(page, "Password", "ann password 1");
  await clickText(page, "button", "Sign up");
  await waitForPath(page, "/", "after signing up");
  await waitForText(page, "h1", "My deals", "the home page");
  await waitForText(page, ".locus-auth-status", "ann@example.com", "who is signed in, in the app bar");
  await waitForText(page, ".locus-text", "Signed in as Ann", "currentUser in the page's markup");
  await waitForText(page, ".locus-text", "No deals yet.", "an empty list: bob's deal is not ann's");

  // 3. Writes through the proxy need the session's CSRF token; with it, ann's own deal.
  const me = await fromPage(page, "GET", "/auth/me");
  check(me.status === 200 && me.body.user.email === "ann@example.com" && !("passwordHash" in me.body.user), "/auth/me: " + JSON.stringify(me));
  const forged = await fromPage(page, "POST", "/api/deals", { title: "no token", ownerId: me.body.user.id }, false);
  check(forged.status === 403 && forged.body.error.code === "csrf_failed", "a write without the token: " + JSON.stringify(forged));
  const mine = await fromPage(page, "POST", "/api/deals", { title: "Ann's deal", amountCents: 5000, ownerId: me.body.user.id });
  check(mine.status === 201, "ann's deal through the proxy: " + JSON.stringify(mine));
  const stolen = await fromPage(page, "POST", "/api/deals", { title: "for bob", ownerId: bobUser.body.user.id });
  check(stolen.status === 403, "a deal for someone else: " + JSON.stringify(stolen));
  await page.reload({ waitUntil: "networkidle0" });
  await waitForText(page, ".locus-list-item", "Ann's deal", "ann's own deal listed");
  const listed = await page.$$eval(".locus-list-item", (items) => items.map((i) => i.textContent));
  check(listed.length === 1 && !listed.some((t) => t.includes("Bob")), "only ann's rows: " + JSON.stringify(listed));
  await shot(page, "03-own-rows");

  // 4. Deleting is for admins: the server's 403 is shown, and the deal stays.
  const refused = page.waitForResponse((r) => r.request().method() === "DELETE");
  await clickText(page, ".locus-list-item button", "Delete");
  check((await refused).status() === 403, "the delete is refused with 403");
  await waitForText(page, ".locus-toast-error", "you may not delete this Deal", "the visible 403 message");
  await shot(page, "04-forbidden-delete");
  check((await bob("GET", "/api/deals/" + mine.body.id)).status === 404, "bob cannot read ann's deal");

  // 5. The admin page, signed in without the role: a 403 panel, and its API routes refuse too.
  await page.goto(web + "/team", { waitUntil: "networkidle0" });
  await waitForText(page, ".locus-forbidden", "403", "the 403 panel");
  await waitForText(page, ".locus-forbidden", "ann@example.com", "who is refused");
  const users = await fromPage(page, "GET", "/api/users");
  check(users.status === 403 && users.body.error.code === "forbidden", "the team page's API as a member: " + JSON.stringify(users));
  await shot(page, "05-team-forbidden");

  // 6. Log out from the app bar; the session is gone and the guarded page sends to login again.
  await clickText(page, ".locus-auth-status a", "Log out");
  await waitForText(page, ".locus-auth-panel", "You are signed out", "the logout page");
  await waitForText(page, ".locus-auth-status a", "Log in", "the app bar after logging out");
  const anonymous = await fromPage(page, "GET", "/api/users");
  check(anonymous.status === 401, "the team page's API anonymous: " + JSON.stringify(anonymous));
  await shot(page, "06-logged-out");
  await page.goto(web + "/team", { waitUntil: "networkidle0" });
  await waitForPath(page, "/login", "the guarded page after logging out");

  // 7. A wrong password is said so; the admin logs in and lands on the guarded page.
  await fill(page, "Email", "admin@example.com");
  await fill(page, "Password", "not the password");
  await clickText(page, "button", "Log in");
  await waitForText(page, ".locus-form-error", "wrong email or password", "the wrong password message");
  await shot(page, "07-wrong-password");
  await fill(page, "Password", "admin password");
  await clickText(page, "button", "Log in");
  await waitForPath(page, "/team", "the admin after logging in");
  await waitForText(page, ".locus-list-item", "bob@example.com", "the team list");
  await waitForText(page, ".locus-text", "1 audit notes", "the audit notes");
  await shot(page, "08-team-admin");

  // 8. An email already registered: 409, beside the field.
  await page.goto(web + "/signup", { waitUntil: "networkidle0" });
  await fill(page, "Email", "bob@example.com");
  await fill(page, "Name", "Another Bob");
  await fill(page, "Password", "long enough 1");
  await clickText(page, "button", "Sign up");
  await waitForText(page, ".locus-field-error", "already registered", "the 409 beside the email field");
  await shot(page, "09-signup-taken");

  // 9. A locked account: after MAX_FAILURES wrong passwords even the right one is refused.
  for (let i = 0; i < maxFailures; ++i)
    check((await apiClient()("POST", "/auth/login", { email: "bob@example.com", password: "wrong " + i })).status === 401, "a wrong password");
  await page.goto(web + "/login", { waitUntil: "networkidle0" });
  await fill(page, "Email", "bob@example.com");
  await fill(page, "Password", "bob password 1");
  await clickText(page, "button", "Log in");
  await waitForText(page, ".locus-form-error", "too many failed logins", "the locked message");
  await shot(page, "10-locked");

  // 10. Ann's sign-up mail: its link opens the verification page of this web app.
  const verifyLink = await mailedLink("ann@example.com", "Confirm your email address");
  check(verifyLink.startsWith(web + "/verify?token="), "the link points at the web app: " + verifyLink);
  await page.goto(verifyLink, { waitUntil: "networkidle0" });
  await clickText(page, "button", "Confirm my email address");
  await waitForText(page, ".locus-auth-done", "Your email address is confirmed", "the address confirmed");
  await shot(page, "11-verified");

  // 11. Bob, locked out, asks for a reset mail from the login page; its link sets a new
  // password, which lifts the lock, and bob logs in with it.
  await page.goto(web + "/login", { waitUntil: "networkidle0" });
  await clickText(page, ".locus-auth-panel a", "Forgot your password?");
  await waitForText(page, ".locus-auth-panel h1", "Forgot your password?", "the forgotten-password page");
  await fill(page, "Email", "bob@example.com");
  await clickText(page, "button", "Send me a link");
  await waitForText(page, ".locus-auth-done", "is on its way", "the mail is said to be on its way");
  await shot(page, "12-forgot");
  const resetLink = await mailedLink("bob@example.com", "Reset your password");
  await page.goto(resetLink, { waitUntil: "networkidle0" });
  await fill(page, "New password", "bob password 2");
  await clickText(page, "button", "Set the new password");
  await waitForText(page, ".locus-auth-done", "Your password is changed", "the new password set");
  await shot(page, "13-reset");
  await page.goto(resetLink, { waitUntil: "networkidle0" });
  await fill(page, "New password", "bob password 3");
  await clickText(page, "button", "Set the new password");
  await waitForText(page, ".locus-form-error", "not valid any more", "a used link is refused");
  await page.goto(web + "/login", { waitUntil: "networkidle0" });
  await fill(page, "Email", "bob@example.com");
  await fill(page, "Password", "bob password 2");
  await clickText(page, "button", "Log in");
  await waitForPath(page, "/", "bob after the reset");
  await waitForText(page, ".locus-auth-status", "bob@example.com", "bob signed in again");
}

runMain(() => withBrowser("auth", auth));
