import { index, integer, primaryKey, sqliteTable, text, uniqueIndex, type AnySQLiteColumn } from "drizzle-orm/sqlite-core";

/**
 * Kinds of organisation in the directory. `province`, `department` and `commune` issue documents in
 * their own name (they own register books and a seal); `unit` is an internal unit (Văn phòng, Phòng).
 */
export const ORGANIZATION_KINDS = ["province", "department", "commune", "unit"] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const organizations = sqliteTable(
  "organizations",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    parentId: integer("parent_id").references((): AnySQLiteColumn => organizations.id),
    name: text("name").notNull(),
    kind: text("kind", { enum: ORGANIZATION_KINDS }).notNull(),
    // Used in document symbols: "172/KH-UBND", "12/UBND-VP" (Decree 30/2020, Phụ lục I).
    abbreviation: text("abbreviation").notNull(),
    // Place name for the date line: "Tân Thành, ngày 05 tháng 01 năm 2025".
    placeName: text("place_name"),
    // Electronic identifier (mã định danh, QCVN 102:2016 / Decision 20/2020/QĐ-TTg): "000.00.00.H12".
    identifier: text("identifier"),
    // Name of the governing body printed above the issuer in the header (e.g. "UBND TỈNH CÀ MAU").
    parentHeading: text("parent_heading"),
    sealFileId: integer("seal_file_id").references((): AnySQLiteColumn => files.id),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    version: integer("version").notNull().default(1),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("organizations_identifier_unique").on(t.identifier), index("organizations_parent_idx").on(t.parentId)],
);

export const users = sqliteTable(
  "users",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    username: text("username").notNull(),
    fullName: text("full_name").notNull(),
    // Job title as printed under a signature: "CHỦ TỊCH", "Chánh Văn phòng".
    title: text("title"),
    // The unit the user works in (an internal unit or the issuing organisation itself).
    unitId: integer("unit_id")
      .notNull()
      .references(() => organizations.id),
    // The issuing organisation the user belongs to (nearest issuer ancestor of unitId): the scope of
    // every query. Denormalised so that scoping never walks the tree.
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id),
    passwordHash: text("password_hash").notNull(),
    isActive: integer("is_active", { mode: "boolean" }).notNull().default(true),
    mustChangePassword: integer("must_change_password", { mode: "boolean" }).notNull().default(false),
    email: text("email"),
    // Handwritten-signature image (PNG) and the signer's PKCS#12 (stored encrypted by its own passphrase).
    signatureImageFileId: integer("signature_image_file_id").references((): AnySQLiteColumn => files.id),
    certificateFileId: integer("certificate_file_id").references((): AnySQLiteColumn => files.id),
    version: integer("version").notNull().default(1),
    passwordChangedAt: integer("password_changed_at", { mode: "timestamp_ms" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("users_username_unique").on(t.username), index("users_organization_idx").on(t.organizationId), index("users_unit_idx").on(t.unitId)],
);

export const roles = sqliteTable("roles", {
  key: text("key").primaryKey(),
  name: text("name").notNull(),
  description: text("description"),
});

export const permissions = sqliteTable("permissions", {
  key: text("key").primaryKey(),
  description: text("description"),
});

export const rolePermissions = sqliteTable(
  "role_permissions",
  {
    roleKey: text("role_key")
      .notNull()
      .references(() => roles.key, { onDelete: "cascade" }),
    permissionKey: text("permission_key")
      .notNull()
      .references(() => permissions.key, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.roleKey, t.permissionKey] })],
);

export const userRoles = sqliteTable(
  "user_roles",
  {
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    roleKey: text("role_key")
      .notNull()
      .references(() => roles.key),
  },
  (t) => [primaryKey({ columns: [t.userId, t.roleKey] })],
);

export const sessions = sqliteTable(
  "sessions",
  {
    // SHA-256 of the cookie token: a copy of the database does not hand out live sessions.
    id: text("id").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    revokedAt: integer("revoked_at", { mode: "timestamp_ms" }),
    ipAddress: text("ip_address"),
    userAgent: text("user_agent"),
  },
  (t) => [index("sessions_user_idx").on(t.userId)],
);

export const loginAttempts = sqliteTable(
  "login_attempts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    username: text("username").notNull(),
    ipAddress: text("ip_address").notNull(),
    isSuccess: integer("is_success", { mode: "boolean" }).notNull(),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [index("login_attempts_username_at_idx").on(t.username, t.at), index("login_attempts_ip_at_idx").on(t.ipAddress, t.at)],
);

/**
 * Append-only, hash-chained journal of every state change (ASVS 16.4.2: logs cannot be modified
 * without detection). `hash = SHA-256(prevHash || canonical JSON of the row's content)`.
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    actorId: integer("actor_id").references(() => users.id),
    organizationId: integer("organization_id").references(() => organizations.id),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    fromState: text("from_state"),
    toState: text("to_state"),
    comment: text("comment"),
    detail: text("detail"),
    ipAddress: text("ip_address"),
    prevHash: text("prev_hash").notNull(),
    hash: text("hash").notNull(),
  },
  (t) => [
    index("audit_events_entity_idx").on(t.entityType, t.entityId, t.id),
    index("audit_events_actor_idx").on(t.actorId, t.id),
    // Handling statistics: the returns (outgoing.return) of a period and a document's first submission
    // (outgoing.submit) from the index alone, without scanning the journal.
    index("audit_events_action_entity_idx").on(t.action, t.entityId, t.at),
  ],
);

/** Content-addressed file store: bytes live at DATA_DIR/files/ab/cd/<sha256>, never overwritten. */
export const files = sqliteTable(
  "files",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    sha256: text("sha256").notNull(),
    size: integer("size").notNull(),
    mimeType: text("mime_type").notNull(),
    originalName: text("original_name"),
    createdBy: integer("created_by"),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  // Not unique: one row per upload (uploader, name, MIME); blobs on disk are shared by hash.
  (t) => [index("files_sha256_idx").on(t.sha256)],
);

export const CALENDAR_DAY_KINDS = ["holiday", "working"] as const;

/**
 * Exceptions to the Monday–Friday working week: public holidays (Labour Code 2019 Art. 112, incl.
 * the Tết days) and yearly swaps (a Saturday worked in exchange for a bridge day off).
 */
export const calendarDays = sqliteTable("calendar_days", {
  date: text("date").primaryKey(), // YYYY-MM-DD, Asia/Ho_Chi_Minh
  kind: text("kind", { enum: CALENDAR_DAY_KINDS }).notNull(),
  name: text("name").notNull(),
  updatedBy: integer("updated_by"),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

export const REGISTER_DIRECTIONS = ["incoming", "outgoing"] as const;
export const REGISTER_SECURITY = ["normal", "secret"] as const;

/**
 * Register books (sổ đăng ký văn bản). Numbers restart at 01 every 1 January (Decree 30/2020 Art. 15,
 * Art. 22). Secret documents have their own books. `docTypeCode` non-empty = a per-type series.
 */
export const registerBooks = sqliteTable(
  "register_books",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    organizationId: integer("organization_id")
      .notNull()
      .references(() => organizations.id),
    year: integer("year").notNull(),
    direction: text("direction", { enum: REGISTER_DIRECTIONS }).notNull(),
    security: text("security", { enum: REGISTER_SECURITY }).notNull().default("normal"),
    // "" = one series for every type; a type code (e.g. "QĐ") = that type's own series.
    docTypeCode: text("doc_type_code").notNull().default(""),
    name: text("name").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("register_books_unique").on(t.organizationId, t.year, t.direction, t.security, t.docTypeCode)],
);

export type Organization = typeof organizations.$inferSelect;
export type NewOrganization = typeof organizations.$inferInsert;
export type User = typeof users.$inferSelect;
export type NewUser = typeof users.$inferInsert;
export type Session = typeof sessions.$inferSelect;
export type AuditEvent = typeof auditEvents.$inferSelect;
export type StoredFile = typeof files.$inferSelect;
export type CalendarDay = typeof calendarDays.$inferSelect;
export type RegisterBook = typeof registerBooks.$inferSelect;
