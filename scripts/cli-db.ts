import { resolve } from "node:path";
import type { Db } from "#db/client";
import { getEnv } from "#app/env.server";
import { bootstrapApp } from "#app/platform/bootstrap.server";
import { loadActorByUsername } from "#app/platform/auth/actor.server";
import { systemActor } from "#app/platform/context.server";
import { AuthMessages } from "#app/messages/auth";
import { CliError, type CliContext } from "./cli-types";

export function getDataDir(): string {
  return resolve(getEnv().DATA_DIR);
}

/** The CLI works on the server's DATA_DIR: migrated first, demo-seeded when empty unless SEED_DEMO=0. */
export async function getCliDb(): Promise<Db> {
  const { db } = await bootstrapApp({ dataDir: getDataDir(), seedDemo: getEnv().SEED_DEMO === "1" });
  return db;
}

/**
 * The CLI's edge: one lazily opened database per command and the ServiceContexts built on it
 * (`system` for maintenance, `as` for a named user, refused when unknown, inactive or lacking the permission).
 */
export function cliContext(): { context: CliContext; opened: () => Db | undefined } {
  const dataDir = getDataDir();
  let db: Db | undefined;
  const open = async () => (db ??= await getCliDb());
  const context: CliContext = {
    dataDir,
    system: async () => ({ db: await open(), actor: systemActor(), dataDir, ipAddress: "cli" }),
    as: async (username, permission) => {
      const opened = await open();
      const actor = loadActorByUsername(opened, username);
      if (!actor) throw new CliError(AuthMessages.USER_NOT_FOUND(username));
      if (permission && !actor.permissions.includes(permission.key)) throw new CliError(AuthMessages.USER_LACKS_PERMISSION(username, permission.what));
      return { db: opened, actor, dataDir, ipAddress: "cli" };
    },
  };
  return { context, opened: () => db };
}
