import { resolve } from "node:path";
import type { Db } from "#db/client";
import { getEnv } from "#app/env.server";
import { bootstrapApp } from "#app/platform/bootstrap.server";

export function getDataDir(): string {
  return resolve(getEnv().DATA_DIR);
}

/** The CLI works on the server's DATA_DIR: migrated first, demo-seeded when empty unless SEED_DEMO=0. */
export async function getCliDb(): Promise<Db> {
  const { db } = await bootstrapApp({ dataDir: getDataDir(), seedDemo: getEnv().SEED_DEMO === "1" });
  return db;
}
