import http from "node:http";
import { gunzipSync } from "node:zlib";
import { expect, test } from "playwright/test";
import { loginAs, withE2eDb } from "./support";

// Issue 10: CSP with a per-request nonce on every page (and the pdfjs viewer still works under it);
// cross-site mutations answered 403 before Remix.

test("every inline script carries this response's nonce, and the CSP allows no other", async ({ request }) => {
  const first = await request.get("/login");
  const csp = first.headers()["content-security-policy"] ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1];
  expect(nonce).toBeTruthy();
  expect(csp).toContain("object-src 'none'");
  expect(csp).not.toContain("'unsafe-inline' 'nonce"); // script-src has no unsafe-inline
  expect(/script-src [^;]*'unsafe-inline'/.test(csp)).toBe(false);
  const html = await first.text();
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  expect(scripts.length).toBeGreaterThan(0);
  for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
  // A fresh nonce per response.
  const second = await request.get("/login");
  expect(/'nonce-([^']+)'/.exec(second.headers()["content-security-policy"] ?? "")?.[1]).not.toBe(nonce);
});

test("the embedded pdfjs viewer renders under the CSP without violations", async ({ page }) => {
  const violations: string[] = [];
  page.on("console", (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) violations.push(m.text());
  });
  await loginAs(page, "chanhvanphong");
  const id = withE2eDb(
    (db) =>
      (
        db
          .prepare(
            "select d.id from incoming_documents d join users u on u.username = 'chanhvanphong' where d.file_id is not null and d.organization_id = u.organization_id and d.is_secret = 0 order by d.id limit 1",
          )
          .get() as { id: number }
      ).id,
  );
  await page.goto(`/incoming/${id}`);
  await expect(page.locator(".pdf-viewer canvas").first()).toBeVisible();
  expect(violations).toEqual([]);
});

test("a cross-site or Origin: null POST is answered 403 with a short Vietnamese message", async ({ request, baseURL }) => {
  for (const origin of ["https://evil.example", "null"]) {
    const response = await request.post("/login", { headers: { Origin: origin }, form: { username: "vanthu", password: "demo" }, maxRedirects: 0 });
    expect(response.status()).toBe(403);
    expect(await response.text()).toBe("Yêu cầu bị từ chối: khác nguồn gốc (cross-site).");
  }
  const same = await request.post("/login", { headers: { Origin: baseURL! }, form: { username: "vanthu", password: "sai-mat-khau" }, maxRedirects: 0 });
  expect(same.status()).toBe(401);
});

test("a private file download is no-store; /resources/pdfjs/constructor is a 404", async ({ page }) => {
  await loginAs(page, "chanhvanphong");
  const id = withE2eDb(
    (db) =>
      (
        db
          .prepare(
            "select d.id from incoming_documents d join users u on u.username = 'chanhvanphong' where d.file_id is not null and d.organization_id = u.organization_id and d.is_secret = 0 order by d.id limit 1",
          )
          .get() as { id: number }
      ).id,
  );
  const file = await page.request.get(`/resources/incoming/${id}/file`);
  expect(file.status()).toBe(200);
  expect(file.headers()["cache-control"]).toContain("no-store");
  for (const name of ["constructor", "__proto__", "toString"]) {
    expect((await page.request.get(`/resources/pdfjs/${name}`)).status()).toBe(404);
  }
});

const withoutNonces = (html: string) => html.replace(/nonce="[^"]*"/g, 'nonce=""');

/** A GET that returns the bytes as sent (Playwright's request context would decode them). */
function rawGet(url: string, acceptEncoding: string | null): Promise<{ headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = http.get(url, { headers: acceptEncoding === null ? {} : { "Accept-Encoding": acceptEncoding } }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (c: Buffer) => chunks.push(c));
      response.on("end", () => resolve({ headers: response.headers, body: Buffer.concat(chunks) }));
      response.on("error", reject);
    });
    request.on("error", reject);
  });
}

// Issue 18: pages are gzipped in one call in entry.server (not by the middleware's stream); the bytes on the
// wire must still be exactly what the headers say.
test("a page is sent gzipped to a browser that takes gzip, as it is otherwise, with an exact Content-Length", async ({ baseURL }) => {
  const browser = await rawGet(`${baseURL}/login`, "gzip, deflate, br, zstd");
  expect(browser.headers["content-encoding"]).toBe("gzip");
  expect(browser.headers.vary).toMatch(/Accept-Encoding/i);
  expect(Number(browser.headers["content-length"])).toBe(browser.body.length);
  const html = gunzipSync(browser.body).toString("utf8");
  expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
  expect(html).toContain("Đăng nhập");

  for (const refusing of [null, "identity", "gzip;q=0"]) {
    const plain = await rawGet(`${baseURL}/login`, refusing);
    expect(plain.headers["content-encoding"] ?? "identity", String(refusing)).toBe("identity");
    expect(Number(plain.headers["content-length"])).toBe(plain.body.length);
    // The same page (each response has its own CSP nonce).
    expect(withoutNonces(plain.body.toString("utf8"))).toBe(withoutNonces(html));
  }

  // Two bytes are not worth a gzip stream.
  const health = await rawGet(`${baseURL}/healthcheck`, "gzip");
  expect(health.headers["content-encoding"]).toBeUndefined();
  expect(health.body.toString()).toBe("OK");
});

// Issue 18: every page says where its time went (db, render, the wait for a turn: ADR 0018, total).
test("pages carry Server-Timing with db, render, queue and total, total covering the rest", async ({ page }) => {
  await loginAs(page, "chanhvanphong");
  for (const path of ["/", "/incoming", "/outgoing", "/login"]) {
    const response = await page.request.get(path);
    expect(response.status(), path).toBe(200);
    const header = response.headers()["server-timing"] ?? "";
    const durations = Object.fromEntries([...header.matchAll(/(\w+);dur=([\d.]+)/g)].map((m) => [m[1], Number(m[2])]));
    expect(Object.keys(durations).sort(), `${path}: ${header}`).toEqual(["db", "queue", "render", "total"]);
    expect(durations.render, path).toBeGreaterThan(0);
    expect(durations.total, path).toBeGreaterThanOrEqual(durations.db + durations.render + durations.queue - 0.3);
  }
});
