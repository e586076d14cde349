import { sql } from "drizzle-orm";
import { writeTransaction, type Db } from "#db/client";
import { users } from "#db/schema/index";
import { appendAuditEvent } from "#app/platform/audit.server";
import { createUser } from "#app/platform/users.server";
import { systemActor, type ServiceContext } from "#app/platform/context.server";
import { seedDemoPlans } from "#app/features/demo/plans-demo.server";
import { DEMO_ACCOUNTS, DEMO_PASSWORD, insertDemoDirectory } from "#app/features/demo/directory.server";
import { seedIncomingDemo } from "#app/features/demo/incoming-demo.server";
import { seedOutgoingDemo } from "#app/features/demo/outgoing-demo.server";
import { seedCaseFilesDemo } from "#app/features/demo/casefiles-demo.server";

export type DemoSeedResult = { organizations: number; users: number; steps: string[] };

/**
 * Seeds the demo directory and accounts, then lets each feature add its demo data through its real
 * services (never pre-made rows). Runs only on an empty database (no users).
 */
export async function seedDemoData(db: Db, dataDir: string, now = new Date()): Promise<DemoSeedResult> {
  const byPath = writeTransaction(db, (tx) => {
    const map = insertDemoDirectory(tx, now);
    appendAuditEvent(tx, {
      at: now,
      actorId: null,
      organizationId: null,
      action: "demo.seed_directory",
      entityType: "system",
      detail: { organizations: map.size },
    });
    return map;
  });
  const ctx: ServiceContext = { db, actor: systemActor(), dataDir, now: () => now };
  for (const account of DEMO_ACCOUNTS) {
    const unitId = byPath.get(account.unit);
    if (!unitId) throw new Error(`Demo unit not found: ${account.unit}`);
    await createUser(ctx, {
      username: account.username,
      fullName: account.fullName,
      title: account.title,
      unitId,
      roles: account.roles,
      password: DEMO_PASSWORD,
      allowWeakPassword: true,
      // Demo mail goes to a domain reserved for examples; with SMTP_URL set the demo's reminders are delivered.
      email: `${account.username}@vpdt.example`,
    });
  }
  const steps: string[] = ["directory", "accounts"];
  await seedIncomingDemo(db, dataDir, now);
  steps.push("incoming");
  // Outgoing documents after incoming: issuing delivers into the incoming queues (liên thông).
  await seedOutgoingDemo(db, dataDir, now, ctx);
  steps.push("outgoing");
  await seedDemoPlans(db, dataDir);
  steps.push("plans");
  await seedCaseFilesDemo(db, dataDir, now);
  steps.push("casefiles");
  const count = db.select({ n: sql<number>`count(*)` }).from(users).get()?.n ?? 0;
  return { organizations: byPath.size, users: count, steps };
}
