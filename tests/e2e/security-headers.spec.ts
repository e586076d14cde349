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
