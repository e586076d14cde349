import { blob, index, integer, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { organizations, users } from "./core";

/**
 * How a signer's key is held (issue 13). `server_token`: a PKCS#11 token/HSM reachable from the server (module path,
 * token and key labels; the PIN is typed at each signature and never stored). `own_device`: the user's USB token,
 * used through the signing agent on their machine; the server only knows the certificate, to check that a
 * signature comes from the intended signer. No row holds a private key.
 */
export const SIGNING_DEVICE_KINDS = ["server_token", "own_device"] as const;
export type SigningDeviceKind = (typeof SIGNING_DEVICE_KINDS)[number];
/** A user's chosen signing method; `pkcs12` is the uploaded file (as before issue 13). */
export const SIGNING_METHODS = ["pkcs12", "server_token", "own_device"] as const;
export type SigningMethod = (typeof SIGNING_METHODS)[number];

export const signingDevices = sqliteTable(
  "signing_devices",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** Exactly one of organizationId (the seal, Decree 30 Art. 33) and userId is set. */
    organizationId: integer("organization_id").references(() => organizations.id),
    userId: integer("user_id").references(() => users.id),
    kind: text("kind", { enum: SIGNING_DEVICE_KINDS }).notNull(),
    modulePath: text("module_path"),
    tokenLabel: text("token_label"),
    keyLabel: text("key_label"),
    keyId: text("key_id"),
    /** JSON array of base64 DER certificates, signer first (read from the token or from the agent). */
    certificateChain: text("certificate_chain").notNull(),
    certificateSha256: text("certificate_sha256").notNull(),
    subjectName: text("subject_name").notNull(),
    notAfter: integer("not_after", { mode: "timestamp_ms" }).notNull(),
    createdBy: integer("created_by").references(() => users.id),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [uniqueIndex("signing_devices_org_kind").on(t.organizationId, t.kind), uniqueIndex("signing_devices_user_kind").on(t.userId, t.kind)],
);

export const userSigningMethods = sqliteTable("user_signing_methods", {
  userId: integer("user_id")
    .primaryKey()
    .references(() => users.id),
  method: text("method", { enum: SIGNING_METHODS }).notNull(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
});

/**
 * Two-phase signatures in progress (signing on the user's own device): the server built the revision with a zeroed
 * placeholder and waits for the signature value. Several preparations may exist on one base; the first finished
 * wins and the others become `superseded` (the late signer is told to reload). Expired ones are refused.
 */
export const SIGNING_PREPARATION_STATES = ["pending", "finished", "superseded", "expired", "cancelled"] as const;
export const signingPreparations = sqliteTable(
  "signing_preparations",
  {
    id: text("id").primaryKey(),
    documentId: integer("document_id").notNull(),
    purpose: text("purpose", { enum: ["sign", "issue"] }).notNull(),
    actorId: integer("actor_id")
      .notNull()
      .references(() => users.id),
    baseFileId: integer("base_file_id").notNull(),
    baseSha256: text("base_sha256").notNull(),
    baseVersion: integer("base_version").notNull(),
    state: text("state", { enum: SIGNING_PREPARATION_STATES }).notNull(),
    /** JSON: per-PDF pending signatures (main document first, then attachments) and issue details. */
    payload: text("payload").notNull(),
    /** The prepared files (zeroed placeholders), concatenated in payload order; cleared once finished. */
    preparedPdf: blob("prepared_pdf", { mode: "buffer" }),
    certificateSha256: text("certificate_sha256").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("signing_preparations_document").on(t.documentId, t.state)],
);
