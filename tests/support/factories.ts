import type { Db } from "#db/client";
import { writeTransaction } from "#db/client";
import { insertDemoDirectory } from "#app/features/demo/directory.server";
import { loadActor } from "#app/platform/auth/actor.server";
import { createUser } from "#app/platform/users.server";
import { systemActor, type ServiceContext } from "#app/platform/context.server";
import type { Actor } from "#app/platform/auth/actor";
import type { RoleKey } from "#db/reference-data";

/** The demo organisation directory (province, departments, communes) without users. */
export function seedDirectory(db: Db, now = new Date()): Map<string, number> {
  return writeTransaction(db, (tx) => insertDemoDirectory(tx, now));
}

export async function makeUser(
  db: Db,
  dataDir: string,
  options: { username: string; unitId: number; roles: RoleKey[]; fullName?: string; title?: string; password?: string },
): Promise<Actor> {
  const user = await createUser(
    { db, actor: systemActor(), dataDir },
    {
      username: options.username,
      fullName: options.fullName ?? options.username,
      title: options.title ?? null,
      unitId: options.unitId,
      roles: options.roles,
      password: options.password ?? "demo",
      allowWeakPassword: true,
    },
  );
  return loadActor(db, user.id)!;
}

export function contextFor(db: Db, dataDir: string, actor: Actor, now?: () => Date): ServiceContext {
  return { db, dataDir, actor, ipAddress: "127.0.0.1", now };
}
