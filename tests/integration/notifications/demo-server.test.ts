// The demo, as issue "Nobody misses their work" item 6 describes it: a fresh demo start with SMTP_URL set
// delivers the demo plan's due-soon and overdue reminders to the lead units' users within a minute. A real
// production server (scripts/start.js) against a real SMTP server on loopback; the bell and the page over HTTP.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import { startTestSmtp, type TestSmtp } from "#tests/support/smtp-server";

const ROOT = resolve(".");
const PORT = Number(process.env.NOTIFY_TEST_PORT ?? 3483);
let dataDir: string;
let smtp: TestSmtp;
let server: ChildProcess | undefined;
let log = "";

beforeAll(async () => {
  smtp = await startTestSmtp();
  dataDir = mkdtempSync(join(tmpdir(), "vpdt-notify-demo-"));
  server = spawn(process.execPath, ["scripts/start.js"], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: "production",
      DATA_DIR: dataDir,
      PORT: String(PORT),
      HOST: "127.0.0.1",
      SEED_DEMO: "1",
      SMTP_URL: smtp.url,
      NOTIFICATIONS_TICK_MS: "500",
      EDXML_DISPATCHER: "0",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  server.stdout!.on("data", (d) => (log += d));
  server.stderr!.on("data", (d) => (log += d));
  const deadline = Date.now() + 240_000; // the first start may build the app
  for (;;) {
    if (server.exitCode !== null) throw new Error(`server exited: ${log}`);
    try {
      if ((await fetch(`http://127.0.0.1:${PORT}/healthcheck`)).ok) break;
    } catch {
      // not up yet
    }
    if (Date.now() > deadline) throw new Error(`server did not start: ${log}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}, 300_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((r) => server!.once("exit", r));
    server.kill("SIGTERM");
    await exited;
  }
  await smtp.close();
  rmSync(dataDir, { recursive: true, force: true });
});

test("a fresh demo start mails the plan's due-soon and overdue reminders to the lead units within a minute", async () => {
  const deadline = Date.now() + 60_000;
  const isTaskReminder = (subject: string) => /Nhiệm vụ (sắp đến hạn|đã quá hạn)/.test(subject);
  while (Date.now() < deadline && !smtp.messages.some((m) => isTaskReminder(m.subject))) await new Promise((r) => setTimeout(r, 500));
  const reminders = smtp.messages.filter((m) => isTaskReminder(m.subject));
  expect(reminders.length, log).toBeGreaterThan(0);
  for (const m of reminders) {
    expect(m.to[0]).toMatch(/@vpdt\.example$/);
    expect(m.text).toMatch(new RegExp(`http://127\\.0\\.0\\.1:${PORT}/tasks/\\d+`));
  }
  // One message per event and recipient: no Message-ID twice.
  expect(new Set(smtp.messages.map((m) => m.messageId)).size).toBe(smtp.messages.length);
}, 90_000);

test("the bell shows the unread count and the page lists the notifications (signed in over HTTP)", async () => {
  const recipient = smtp.messages.find((m) => /Nhiệm vụ/.test(m.subject))!.to[0].split("@")[0];
  const login = await fetch(`http://127.0.0.1:${PORT}/login`, {
    method: "POST",
    redirect: "manual",
    headers: { "Content-Type": "application/x-www-form-urlencoded", Origin: `http://127.0.0.1:${PORT}` },
    body: new URLSearchParams({ username: recipient, password: "demo" }),
  });
  const cookie = (login.headers.get("set-cookie") ?? "").split(";")[0];
  expect(cookie, `login as ${recipient}: ${login.status}`).toMatch(/=/);
  const page = await fetch(`http://127.0.0.1:${PORT}/notifications`, { headers: { Cookie: cookie } });
  expect(page.status).toBe(200);
  const html = await page.text();
  expect(html).toMatch(/Thông báo: \d+ chưa đọc/);
  expect(html).toMatch(/Nhiệm vụ (sắp đến hạn|đã quá hạn)/);
  // The live channel answers as an event stream with the count.
  const controller = new AbortController();
  const stream = await fetch(`http://127.0.0.1:${PORT}/notifications/stream`, { headers: { Cookie: cookie }, signal: controller.signal });
  expect(stream.headers.get("content-type")).toMatch(/text\/event-stream/);
  const reader = stream.body!.getReader();
  let text = "";
  while (!/event: unread/.test(text)) text += new TextDecoder().decode((await reader.read()).value);
  controller.abort();
  expect(text).toMatch(/data: \{"unread":\d+/);
}, 60_000);
