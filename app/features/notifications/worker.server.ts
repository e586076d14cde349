// The e-mail sender: claims due outbox rows under a lease, sends each through SMTP, and records the outcome.
// At-least-once with a stable Message-ID: a worker killed after claiming (before the SMTP server accepted the
// message) leaves rows whose lease expires and which the next worker sends; a message is marked sent only after
// the server accepted it. The only window for a double is a kill between the server's "250 OK" and our commit
// (milliseconds); the Message-ID derived from the delivery key lets a mail system drop that duplicate.
import { createHash } from "node:crypto";
import { and, asc, eq, inArray, lte, or, sql } from "drizzle-orm";
import nodemailer, { type Transporter } from "nodemailer";
import { writeTransaction, type Db } from "#db/client";
import { notificationDeliveries, type NotificationDelivery } from "#db/schema/index";
import { deliveryBackoffMs, MAX_DELIVERY_ATTEMPTS } from "#app/domain/shared/notifications";

export type MailSender = Pick<Transporter, "sendMail">;
export type WorkerOptions = { batch?: number; leaseMs?: number; from: string; backoffBaseMs?: number; backoffMaxMs?: number };

export function smtpTransport(url: string): Transporter {
  // Short timeouts: a hung SMTP server must not hold the batch; the row is retried later.
  const u = new URL(url);
  return nodemailer.createTransport({
    // One SMTP connection reused for a batch (a new connection per message costs a handshake each).
    pool: true,
    maxConnections: 2,
    maxMessages: 500,
    host: u.hostname,
    port: Number(u.port || (u.protocol === "smtps:" ? 465 : 25)),
    secure: u.protocol === "smtps:",
    auth: u.username ? { user: decodeURIComponent(u.username), pass: decodeURIComponent(u.password) } : undefined,
    // A loopback or internal relay without a certificate is common in commune offices; TLS is used when offered.
    tls: { rejectUnauthorized: u.searchParams.get("tlsVerify") !== "0" },
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 20_000,
  });
}

export function messageIdOf(deliveryKey: string): string {
  return `<${createHash("sha256").update(deliveryKey).digest("hex").slice(0, 40)}@vpdt.notifications>`;
}

/** Takes up to `batch` due rows (pending and due, or sending with an expired lease) and leases them to this worker. */
export function claimDueDeliveries(db: Db, now: Date, batch: number, leaseMs: number): NotificationDelivery[] {
  return writeTransaction(db, (tx) => {
    const due = tx
      .select()
      .from(notificationDeliveries)
      .where(
        or(
          and(eq(notificationDeliveries.state, "pending"), lte(notificationDeliveries.nextAttemptAt, now)),
          and(eq(notificationDeliveries.state, "sending"), lte(notificationDeliveries.leaseUntil, now)),
        ),
      )
      .orderBy(asc(notificationDeliveries.nextAttemptAt), asc(notificationDeliveries.id))
      .limit(batch)
      .all();
    if (due.length === 0) return [];
    tx.update(notificationDeliveries)
      .set({ state: "sending", leaseUntil: new Date(now.getTime() + leaseMs) })
      .where(
        inArray(
          notificationDeliveries.id,
          due.map((d) => d.id),
        ),
      )
      .run();
    return due;
  });
}

export type SendCounts = { sent: number; retried: number; dead: number };

export async function sendDueNotificationEmails(db: Db, sender: MailSender, options: WorkerOptions, now: Date = new Date()): Promise<SendCounts> {
  const batch = options.batch ?? 50;
  const counts: SendCounts = { sent: 0, retried: 0, dead: 0 };
  const rows = claimDueDeliveries(db, now, batch, options.leaseMs ?? 120_000);
  for (const row of rows) {
    let error: string | null = null;
    try {
      await sender.sendMail({
        from: options.from,
        to: row.toAddress,
        subject: row.subject,
        text: row.textBody,
        messageId: messageIdOf(row.deliveryKey),
        headers: { "X-VPDT-Event": row.eventType, "Auto-Submitted": "auto-generated" },
      });
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    const at = new Date();
    const attempts = row.attempts + 1;
    if (error === null) {
      db.update(notificationDeliveries)
        .set({ state: "sent", attempts, sentAt: at, leaseUntil: null, lastError: null })
        .where(eq(notificationDeliveries.id, row.id))
        .run();
      counts.sent++;
    } else if (attempts >= MAX_DELIVERY_ATTEMPTS) {
      db.update(notificationDeliveries)
        .set({ state: "dead", attempts, leaseUntil: null, lastError: error.slice(0, 500) })
        .where(eq(notificationDeliveries.id, row.id))
        .run();
      counts.dead++;
    } else {
      const next = new Date(at.getTime() + deliveryBackoffMs(attempts, options.backoffBaseMs, options.backoffMaxMs));
      db.update(notificationDeliveries)
        .set({ state: "pending", attempts, nextAttemptAt: next, leaseUntil: null, lastError: error.slice(0, 500) })
        .where(eq(notificationDeliveries.id, row.id))
        .run();
      counts.retried++;
    }
  }
  return counts;
}

/** Outbox figures for the admin and the health page. */
export function deliveryCounts(db: Db): Record<string, number> {
  const rows = db
    .select({ state: notificationDeliveries.state, n: sql<number>`count(*)` })
    .from(notificationDeliveries)
    .groupBy(notificationDeliveries.state)
    .all();
  return Object.fromEntries(rows.map((r) => [r.state, r.n]));
}
