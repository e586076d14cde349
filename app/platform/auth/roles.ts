// The role and permission vocabulary for the app layer (routes may not import #db/ directly).
export { PERMISSIONS, ROLES, ROLE_KEYS, type PermissionKey, type RoleKey } from "#db/reference-data";
