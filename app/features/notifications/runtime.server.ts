// Starts the e-mail sender and the daily scheduler once per server process (like the edXML dispatcher). Several
// server workers may each run them: the outbox lease and the per-day event keys keep every message single.
import type { Db } from "#db/client";
import { getEnv } from "#app/env.server";
import { sendDueNotificationEmails, smtpTransport } from "./worker.server";
import { startDailyScheduler } from "./scheduler.server";

type Runtime = { stop: () => void };
const KEY = Symbol.for("vpdt.notifications.runtime");

export function ensureNotificationRuntime(db: Db): void {
  const g = globalThis as unknown as Record<symbol, Runtime | undefined>;
  if (g[KEY]) return;
  const env = getEnv();
  if (env.NOTIFICATIONS_WORKER === "0" || env.NODE_ENV === "test") {
    g[KEY] = { stop: () => undefined };
    return;
  }
  const stopScheduler = startDailyScheduler(db, { cron: env.NOTIFY_DAILY_CRON, dueSoonWorkingDays: env.NOTIFY_DUE_SOON_WORKING_DAYS });
  let timer: NodeJS.Timeout | undefined;
  let stopped = false;
  const transport = env.SMTP_URL ? smtpTransport(env.SMTP_URL) : null;
  const tick = async () => {
    if (transport) {
      try {
        await sendDueNotificationEmails(db, transport, { from: env.SMTP_FROM });
      } catch (error) {
        console.error("[notifications] send tick failed:", error instanceof Error ? error.message : error);
      }
    }
    if (!stopped) {
      timer = setTimeout(tick, env.NOTIFICATIONS_TICK_MS);
      timer.unref();
    }
  };
  timer = setTimeout(tick, 500);
  timer.unref();
  g[KEY] = {
    stop: () => {
      stopped = true;
      if (timer) clearTimeout(timer);
      stopScheduler();
      transport?.close();
    },
  };
}
