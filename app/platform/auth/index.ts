// Authentication and authorisation, one module set:
//   actor.ts          the signed-in user's shape and UI-only checks (client-safe; components import it directly)
//   roles.ts          the role and permission vocabulary (client-safe)
//   actor.server.ts   loading an actor with its roles and permissions
//   password.server.ts  hashing (argon2id) and the new-password policy
//   sessions.server.ts  the signed cookie, session rows, lifetimes, listing and ending sessions
//   sign-in.server.ts   throttled authentication, sign-in and sign-out
//   auth.server.ts      request guards (requireAuth, requirePermission, same-origin) and the request's services
// This index is the server-side public surface for the rest of the app.
export type { Actor } from "#app/platform/auth/actor";
export { userHasPermission, userHasRole } from "#app/platform/auth/actor";
export { PERMISSIONS, ROLES, ROLE_KEYS, type PermissionKey, type RoleKey } from "#app/platform/auth/roles";
export { loadActor, loadActorByUsername } from "#app/platform/auth/actor.server";
export { checkNewPassword, hashPassword, verifyPassword, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "#app/platform/auth/password.server";
export {
  endOtherSessions,
  getSessionSecret,
  listActiveSessions,
  revokeUserSessions,
  SESSION_ABSOLUTE_MS,
  SESSION_IDLE_MS,
  type SessionListItem,
} from "#app/platform/auth/sessions.server";
export { authenticate, LOGIN_POLICY, signIn, signOut, type SignInResult } from "#app/platform/auth/sign-in.server";
export {
  assertSameOrigin,
  getClientAddress,
  getOptionalAuth,
  requestServices,
  requireActor,
  requireAuth,
  requirePermission,
  serviceContextFor,
  type RequestAuth,
  type RequestServices,
} from "#app/platform/auth/auth.server";
