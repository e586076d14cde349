import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { sql } from "drizzle-orm";
import { openDb, writeTransaction, type Db } from "#db/client";
import { withDatabaseLock } from "#db/lock";
import { migrateDatabase } from "#db/migrate";
import { calendarDays, users } from "#db/schema/index";
import { getSessionSecret } from "#app/platform/auth/sessions.server";
import { seedPublicCalendar } from "#app/platform/calendar.server";
import { seedDemoData, type DemoSeedResult } from "#app/features/demo/seed-demo.server";
import { ensureEdxmlDispatcher } from "#app/features/exchange/endpoint.server";
import { ensureNotificationRuntime } from "#app/features/notifications/index";
import { ensureServerJobWorker } from "#app/platform/jobs/server-worker.server";
import { appServices } from "#app/db.server";

export type BootstrapOptions = { dataDir: string; seedDemo: boolean; now?: Date };
export type BootstrapResult = { db: Db; dataDir: string; demo: DemoSeedResult | null };

/**
 * What `npm start` and the CLI do before anything else: create DATA_DIR, migrate, make the session
 * secret, seed the public-holiday calendar on first run, and seed demo data on an empty database.
 * All of it under the database's bootstrap lock (db/lock.ts): any number of processes may start together on a
 * new or old DATA_DIR; the first migrates and seeds, the others wait, then find the work done.
 */
export async function bootstrapApp(options: BootstrapOptions): Promise<BootstrapResult> {
  const dataDir = resolve(options.dataDir);
  mkdirSync(join(dataDir, "files"), { recursive: true });
  mkdirSync(join(dataDir, "keys"), { recursive: true, mode: 0o700 });
  const dbPath = join(dataDir, "app.db");
  return withDatabaseLock(dbPath, async () => {
    const db = openDb(dbPath);
    migrateDatabase(db);
    getSessionSecret(dataDir);
    const now = options.now ?? new Date();
    writeTransaction(db, (tx) => {
      const hasCalendar = (tx.select({ n: sql<number>`count(*)` }).from(calendarDays).get()?.n ?? 0) > 0;
      if (!hasCalendar) seedPublicCalendar(tx, now);
    });
    let demo: DemoSeedResult | null = null;
    const isEmpty = (db.select({ n: sql<number>`count(*)` }).from(users).get()?.n ?? 0) === 0;
    if (options.seedDemo && isEmpty) demo = await seedDemoData(db, dataDir, now);
    return { db, dataDir, demo };
  });
}

/**
 * Background jobs of a server process (the edXML sender, the notification sender and daily scheduler), started
 * once when the server loads its routes. Each guards itself against a second start and is off under NODE_ENV=test.
 */
export function startServerJobs(): void {
  ensureEdxmlDispatcher(appServices);
  ensureNotificationRuntime(appServices().db);
  // Background jobs (OCR of scans) run beside the requests, never in them.
  const { db, dataDir } = appServices();
  ensureServerJobWorker(db, dataDir);
}
