// Shared by server and UI: the signed-in user as loaders hand it to components.
// Holds no secret (no password hash, no session id).

export type Actor = {
  id: number;
  username: string;
  fullName: string;
  title: string | null;
  unitId: number;
  unitName: string;
  organizationId: number;
  organizationName: string;
  roles: string[];
  permissions: string[];
  /** Set after an admin reset: every page but the account page redirects there until changed. */
  mustChangePassword: boolean;
};

/** UI-side check used only to hide controls; the server enforces the same permission. */
export function userHasPermission(actor: Pick<Actor, "permissions"> | null | undefined, permission: string): boolean {
  return !!actor && actor.permissions.includes(permission);
}

export function userHasRole(actor: Pick<Actor, "roles"> | null | undefined, role: string): boolean {
  return !!actor && actor.roles.includes(role);
}
