import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect, test, type Page } from "playwright/test";
import { loginAs } from "./support";

// Guard 1 of issue 9: a crawl that covers new pages without anyone writing a test for them. As every demo
// account, it visits the navigation's pages, then the pages they link to (detail pages of documents in every
// state, plan pages, admin pages) and the pages those link to, and fetches every file link found on them.
// It fails on any response >= 500, any error page (root ErrorBoundary: "Đã xảy ra lỗi", but also a 404 or 403
// behind a link the app itself shows), any uncaught browser error (`pageerror`) and any file link that does not
// download. Forms are never submitted (POST-only actions, logout), so the crawl changes nothing.
//
// Breadth is bounded so it finishes in a few minutes: links are grouped by route pattern (numeric path
// segments collapsed to ":id", query keys kept) and at most PER_PATTERN of each pattern are visited per account,
// chosen spread over the candidates (a list shows documents in several states); PER_ACCOUNT and TOTAL cap pages.

const PER_PATTERN = 4;
// 20 pages per account (was 26): the breadth-first order visits every new pattern first, so the pages dropped are
// further ids of patterns already seen; the crawl was 170 s of a CI run that must stay under 30 minutes.
const PER_ACCOUNT = 20;
const TOTAL_PAGES = 300;
const MAX_DEPTH = 2;

/** The demo accounts, read from the seed's own list so a new account is crawled too (all use password "demo"). */
function demoAccounts(): string[] {
  const source = readFileSync(join(process.cwd(), "app/features/demo/directory.server.ts"), "utf8");
  const block = source.slice(source.indexOf("export const DEMO_ACCOUNTS"));
  const list = block.slice(0, block.indexOf("];"));
  return [...list.matchAll(/username: "([^"]+)"/g)].map((m) => m[1]);
}

const ACCOUNTS = demoAccounts();

// Totals survive the worker restart Playwright does after a failed test: they live in a file that the first
// account's test starts afresh (one worker, tests in order).
type Totals = {
  accounts: number;
  pages: number;
  fileLinks: number;
  failures: number;
  byAccount: Record<string, { pages: number; fileLinks: number; failures: number }>;
};
const TOTALS_FILE = join(process.cwd(), "tests", ".tmp", "crawl-totals.json");
function readTotals(reset: boolean): Totals {
  if (!reset && existsSync(TOTALS_FILE)) return JSON.parse(readFileSync(TOTALS_FILE, "utf8")) as Totals;
  return { accounts: 0, pages: 0, fileLinks: 0, failures: 0, byAccount: {} };
}

type Found = { href: string; download: boolean };

/** Same-origin links to follow or download; never logout, login, skip links or static assets. */
function classify(origin: string, found: Found): { kind: "page" | "file"; url: string } | null {
  let url: URL;
  try {
    url = new URL(found.href, origin);
  } catch {
    return null;
  }
  if (url.origin !== origin || !/^https?:$/.test(url.protocol)) return null;
  url.hash = "";
  const path = url.pathname;
  if (
    /^\/(logout|login)\b/.test(path) ||
    path.startsWith("/build/") ||
    path.startsWith("/resources/pdfjs") ||
    path === "/healthcheck" ||
    path.startsWith("/api/")
  )
    return null;
  const isFile =
    found.download ||
    /[?&]download=1\b/.test(found.href) ||
    path.startsWith("/resources/") ||
    /^\/reports\/\d+\/[a-z]+$/.test(path) ||
    /\/evidence\/\d+/.test(path) ||
    /\.(pdf|xlsx|docx?|zip|xml|csv)$/i.test(path);
  return { kind: isFile ? "file" : "page", url: url.pathname + url.search };
}

/** "/outgoing/17?tab=history" -> "/outgoing/:id?tab" */
function patternOf(url: string): string {
  const u = new URL(url, "http://x");
  const keys = [...new Set([...u.searchParams.keys()])].sort();
  return u.pathname.replace(/\/\d+(?=\/|$)/g, "/:id") + (keys.length ? `?${keys.join("&")}` : "");
}

/** Up to n items spread evenly over the list (first, last and between), so several states are seen. */
function spread<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  if (n <= 1) return items.slice(0, n);
  const out: T[] = [];
  for (let i = 0; i < n; i++) out.push(items[Math.round((i * (items.length - 1)) / (n - 1))]);
  return [...new Set(out)];
}

async function waitForHydration(page: Page) {
  // The KPI crash showed only after hydration: wait for the Remix router, then two frames for React to commit.
  await page.waitForFunction(() => "__remixRouter" in window, undefined, { timeout: 15_000 }).catch(() => undefined);
  await page.evaluate(() => new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => setTimeout(resolve, 30)))));
}

async function linksOn(page: Page): Promise<Found[]> {
  return page.$$eval("a[href]", (anchors) => anchors.map((a) => ({ href: a.getAttribute("href") ?? "", download: a.hasAttribute("download") })));
}

for (const username of ACCOUNTS) {
  test(`[CRAWL] ${username}: every reachable page and file link works`, async ({ page, baseURL }) => {
    test.setTimeout(300_000);
    const origin = new URL(baseURL!).origin;
    const totals = readTotals(username === ACCOUNTS[0]);
    const failures: string[] = [];
    let current = "";
    page.on("pageerror", (error) => failures.push(`${current}: uncaught browser error: ${error.message.split("\n")[0]}`));
    page.on("response", (response) => {
      if (response.status() >= 500 && response.url().startsWith(origin))
        failures.push(`${current}: ${response.request().method()} ${response.url().slice(origin.length)} answered ${response.status()}`);
    });

    await loginAs(page, username);
    const visited = new Set<string>();
    const perPattern = new Map<string, number>();
    const files = new Map<string, string>(); // file url -> page it was found on
    const foundOn = new Map<string, string>(); // page url -> page that links to it
    const where = (url: string) => (foundOn.has(url) ? `${url} (linked from ${foundOn.get(url)})` : url);
    let pages = 0;

    const visit = async (url: string): Promise<Found[]> => {
      visited.add(url);
      perPattern.set(patternOf(url), (perPattern.get(patternOf(url)) ?? 0) + 1);
      pages++;
      totals.pages++;
      current = where(url);
      const response = await page.goto(url, { waitUntil: "load" }).catch((e: Error) => {
        failures.push(`${where(url)}: navigation failed: ${e.message.split("\n")[0]}`);
        return null;
      });
      if (!response) return [];
      if (response.status() >= 400) failures.push(`${where(url)}: answered ${response.status()}`);
      await waitForHydration(page);
      const errorTitle = page.locator("#error-title");
      if (await errorTitle.count()) failures.push(`${where(url)}: error page "${(await errorTitle.first().textContent())?.trim()}"`);
      return linksOn(page);
    };

    // Depth 0: home, account and the navigation's pages.
    await page.goto("/");
    const navLinks = await page.$$eval("nav.app-nav a[href]", (anchors) => anchors.map((a) => a.getAttribute("href") ?? ""));
    expect(navLinks.length, "the navigation has links").toBeGreaterThan(0);
    let frontier = [...new Set(["/", "/account", ...navLinks])]
      .map((href) => classify(origin, { href, download: false }))
      .filter((c): c is { kind: "page"; url: string } => c?.kind === "page")
      .map((c) => c.url);

    for (let depth = 0; depth <= MAX_DEPTH && frontier.length > 0; depth++) {
      const candidates = new Map<string, string[]>(); // pattern -> urls found at this depth
      for (const url of frontier) {
        if (visited.has(url) || pages >= PER_ACCOUNT || totals.pages >= TOTAL_PAGES) continue;
        for (const found of await visit(url)) {
          const c = classify(origin, found);
          if (!c) continue;
          if (c.kind === "file") {
            if (!files.has(c.url)) files.set(c.url, url);
            continue;
          }
          if (visited.has(c.url)) continue;
          if (!foundOn.has(c.url)) foundOn.set(c.url, url);
          const p = patternOf(c.url);
          const list = candidates.get(p) ?? [];
          if (!list.includes(c.url)) list.push(c.url);
          candidates.set(p, list);
        }
      }
      // Next depth: a few URLs of every pattern, new patterns first so breadth wins over more ids of one kind.
      const next = [...candidates.entries()]
        .map(([p, urls]) => ({ p, urls: spread(urls, Math.max(0, PER_PATTERN - (perPattern.get(p) ?? 0))), seen: perPattern.get(p) ?? 0 }))
        .sort((a, b) => a.seen - b.seen);
      const rounds = Math.max(0, ...next.map((n) => n.urls.length));
      frontier = [];
      for (let i = 0; i < rounds; i++) for (const n of next) if (n.urls[i]) frontier.push(n.urls[i]);
    }

    // Every file link found: it must download (200, a file's content type or an attachment, a non-empty body).
    for (const [url, foundOn] of files) {
      totals.fileLinks++;
      const response = await page.request.get(url, { maxRedirects: 0, failOnStatusCode: false, timeout: 60_000 }).catch((e: Error) => e);
      if (response instanceof Error) {
        failures.push(`file link ${url} (on ${foundOn}): ${response.message.split("\n")[0]}`);
        continue;
      }
      const type = response.headers()["content-type"] ?? "";
      const disposition = response.headers()["content-disposition"] ?? "";
      const body = await response.body();
      if (response.status() !== 200) failures.push(`file link ${url} (on ${foundOn}) answered ${response.status()}`);
      else if (type.startsWith("text/html") && !/attachment/i.test(disposition))
        failures.push(`file link ${url} (on ${foundOn}) is an HTML page, not a file (${type})`);
      else if (body.byteLength === 0) failures.push(`file link ${url} (on ${foundOn}) is empty`);
    }

    totals.accounts++;
    totals.failures += failures.length;
    totals.byAccount[username] = { pages, fileLinks: files.size, failures: failures.length };
    mkdirSync(join(process.cwd(), "tests", ".tmp"), { recursive: true });
    writeFileSync(TOTALS_FILE, JSON.stringify(totals));
    // One line of JSON per account, with the running totals: the CI log and the closing report quote the last.
    console.log(
      `[crawl] ${JSON.stringify({ account: username, pages, fileLinks: files.size, failures: failures.length, total: { accounts: totals.accounts, pages: totals.pages, fileLinks: totals.fileLinks, failures: totals.failures } })}`,
    );
    expect(pages, "pages visited").toBeGreaterThan(1);
    expect([...new Set(failures)]).toEqual([]);
  });
}
