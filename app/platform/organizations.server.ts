import { imageProblem } from "#app/domain/shared/file-content";
import { and, asc, eq, inArray, ne, sql } from "drizzle-orm";
import { cachedByVersion } from "#app/platform/cache-versions.server";
import { writeTransaction, type DbOrTx } from "#db/client";
import { organizations, type Organization, type OrganizationKind } from "#db/schema/index";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { appendAuditEvent } from "#app/platform/audit.server";
import { insertFileRow, writeBlob } from "#app/platform/files/files.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { PlatformMessages } from "#app/messages/platform";

export const ORGANIZATION_KIND_LABELS: Record<OrganizationKind, string> = {
  province: "UBND tỉnh",
  department: "Sở, ban, ngành",
  commune: "UBND xã, phường",
  unit: "Đơn vị nội bộ",
};

// Decision 20/2020/QĐ-TTg identifier shape, e.g. 000.00.00.H12 or 000.30.31.H12.
const IDENTIFIER_PATTERN = /^\d{3}\.\d{2}\.\d{2}\.[A-Z]\d{2}$/;

export function isIssuerKind(kind: OrganizationKind): boolean {
  return kind !== "unit";
}

/** Deeper than any real directory (province > department > unit > team); a walk past it is a cycle. */
export const MAX_ORGANIZATION_DEPTH = 32;

const CYCLE_MESSAGE = PlatformMessages.ORGANIZATION_CYCLE;

/**
 * The issuing organisation a unit belongs to: itself if it issues documents, else the nearest such ancestor.
 * The walk keeps the ids it visited: a cycle left in the data (saved before cycles were refused) answers
 * an error instead of looping forever and hanging the server.
 */
export function findIssuerOf(db: DbOrTx, unitId: number): Organization {
  const seen = new Set<number>();
  let current = db.select().from(organizations).where(eq(organizations.id, unitId)).get();
  while (current && !isIssuerKind(current.kind)) {
    if (!current.parentId) break;
    seen.add(current.id);
    if (seen.has(current.parentId) || seen.size > MAX_ORGANIZATION_DEPTH) throw new AppError(AppErrorCode.INVALID_STATE, CYCLE_MESSAGE);
    current = db.select().from(organizations).where(eq(organizations.id, current.parentId)).get();
  }
  if (!current) throw new AppError(AppErrorCode.NOT_FOUND, PlatformMessages.ORGANIZATION_NOT_FOUND);
  return current;
}

/** Whether making `parentId` the parent of `id` would close a loop: `id` is `parentId` or one of its ancestors. */
function wouldCreateCycle(db: DbOrTx, id: number, parentId: number): boolean {
  const seen = new Set<number>();
  let cursor: number | null = parentId;
  while (cursor != null) {
    if (cursor === id || seen.has(cursor) || seen.size > MAX_ORGANIZATION_DEPTH) return true;
    seen.add(cursor);
    cursor = db.select({ parentId: organizations.parentId }).from(organizations).where(eq(organizations.id, cursor)).get()?.parentId ?? null;
  }
  return false;
}

export function listOrganizations(db: DbOrTx): Organization[] {
  return db.select().from(organizations).orderBy(asc(organizations.parentId), asc(organizations.id)).all();
}

export type OrganizationNode = Organization & { depth: number };

/** Depth-first order with depth, for indented lists and selects. */
export function listOrganizationTree(db: DbOrTx, rootId?: number): OrganizationNode[] {
  return depthFirst(listOrganizations(db), rootId);
}

function depthFirst(all: Organization[], rootId?: number): OrganizationNode[] {
  const children = new Map<number | null, Organization[]>();
  for (const org of all) {
    const key = org.parentId ?? null;
    const siblings = children.get(key);
    if (siblings) siblings.push(org);
    else children.set(key, [org]);
  }
  const out: OrganizationNode[] = [];
  // Each organisation is listed once: a cycle in the data (see findIssuerOf) cannot recurse forever.
  const visited = new Set<number>();
  const visit = (org: Organization, depth: number) => {
    if (visited.has(org.id) || depth > MAX_ORGANIZATION_DEPTH) return;
    visited.add(org.id);
    out.push({ ...org, depth });
    for (const child of children.get(org.id) ?? []) visit(child, depth + 1);
  };
  const roots = rootId ? all.filter((o) => o.id === rootId) : (children.get(null) ?? []);
  for (const root of roots) visit(root, 0);
  return out;
}

/**
 * The units inside one issuing organisation (itself and its internal units, not child issuers). Kept per
 * process until the directory changes (cache-versions.server.ts): the incoming list and statistics ask on
 * every view. The nodes are shared between callers: read-only.
 */
export function listUnitsOf(db: DbOrTx, organizationId: number): readonly Readonly<OrganizationNode>[] {
  return cachedByVersion(db, "directory", `units:${organizationId}`, () => readUnitsOf(db, organizationId));
}

function readUnitsOf(db: DbOrTx, organizationId: number): readonly Readonly<OrganizationNode>[] {
  // Only the organisation's own subtree, not descending below a child issuer ('unit' is the one
  // non-issuer kind, isIssuerKind): loading all of the province's organisations to keep a dozen units
  // cost the routing queue 1.3 ms of its 2.1 ms of database time and ~1.4 ms of CPU per view (issue 18,
  // docs/benchmarks/http.md).
  const ids = db
    .all<{ id: number }>(
      sql`with recursive sub(id, kind, depth) as (
        select id, kind, 0 from organizations where id = ${organizationId}
        union select o.id, o.kind, sub.depth + 1 from organizations o join sub on o.parent_id = sub.id
        where sub.depth < ${MAX_ORGANIZATION_DEPTH} and (sub.depth = 0 or sub.kind = 'unit')
      ) select distinct id from sub`,
    )
    .map((r) => r.id);
  const rows = db.select().from(organizations).where(inArray(organizations.id, ids)).orderBy(asc(organizations.parentId), asc(organizations.id)).all();
  const tree = depthFirst(rows, organizationId);
  const out: OrganizationNode[] = [];
  const skipUnder = new Set<number>();
  for (const node of tree) {
    if (node.parentId && skipUnder.has(node.parentId)) {
      skipUnder.add(node.id);
      continue;
    }
    if (node.id !== organizationId && isIssuerKind(node.kind)) {
      skipUnder.add(node.id);
      continue;
    }
    out.push(Object.freeze(node));
  }
  return Object.freeze(out);
}

export type SaveOrganizationOptions = {
  id?: number;
  version?: number;
  parentId: number | null;
  name: string;
  kind: OrganizationKind;
  abbreviation: string;
  placeName: string | null;
  identifier: string | null;
  parentHeading: string | null;
};

function validate(db: DbOrTx, options: SaveOrganizationOptions) {
  const fieldErrors: Record<string, string> = {};
  if (options.identifier && !IDENTIFIER_PATTERN.test(options.identifier)) {
    fieldErrors.identifier = PlatformMessages.ORGAN_ID_FORMAT;
  }
  if (options.identifier) {
    const clash = db
      .select({ id: organizations.id })
      .from(organizations)
      .where(and(eq(organizations.identifier, options.identifier), options.id ? ne(organizations.id, options.id) : undefined))
      .get();
    if (clash) fieldErrors.identifier = PlatformMessages.ORGAN_ID_TAKEN;
  }
  if (options.kind === "unit" && !options.parentId) fieldErrors.parentId = PlatformMessages.UNIT_NEEDS_PARENT;
  if (options.parentId && !db.select({ id: organizations.id }).from(organizations).where(eq(organizations.id, options.parentId)).get()) {
    fieldErrors.parentId = PlatformMessages.PARENT_NOT_FOUND;
  }
  if (isIssuerKind(options.kind) && !options.placeName) fieldErrors.placeName = PlatformMessages.ISSUER_NEEDS_PLACE;
  if (Object.keys(fieldErrors).length) throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.ORGANIZATION_INVALID, fieldErrors);
}

/** Creates or renames/edits an organisation (admin). Optimistic concurrency through `version`. */
export function saveOrganization(ctx: ServiceContext, options: SaveOrganizationOptions): Organization {
  const now = nowOf(ctx);
  return writeTransaction(ctx.db, (tx) => {
    validate(tx, options);
    if (options.id) {
      const current = tx.select().from(organizations).where(eq(organizations.id, options.id)).get();
      if (!current) throw new AppError(AppErrorCode.NOT_FOUND, PlatformMessages.ORGANIZATION_NOT_FOUND);
      if (options.version !== undefined && current.version !== options.version) {
        throw new AppError(AppErrorCode.CONFLICT, PlatformMessages.ORGANIZATION_STALE);
      }
      if (options.parentId === current.id) throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.ORGANIZATION_OWN_PARENT);
      // Refused at write time: a child (or any descendant) as the parent closes a loop in the tree, and every
      // walk up the tree (routing, the issuing organisation of a user) would never end.
      if (options.parentId && wouldCreateCycle(tx, current.id, options.parentId)) {
        const message = PlatformMessages.ORGANIZATION_DESCENDANT_PARENT;
        throw new AppError(AppErrorCode.VALIDATION, message, { parentId: message });
      }
      const updated = tx
        .update(organizations)
        .set({ ...options, id: undefined, version: current.version + 1, updatedAt: now })
        .where(eq(organizations.id, current.id))
        .returning()
        .get();
      appendAuditEvent(tx, {
        at: now,
        ...auditActorOf(ctx),
        action: "organization.update",
        entityType: "organization",
        entityId: current.id,
        detail: {
          before: { name: current.name, abbreviation: current.abbreviation, identifier: current.identifier },
          after: { name: updated.name, abbreviation: updated.abbreviation, identifier: updated.identifier },
        },
      });
      return updated;
    }
    const created = tx
      .insert(organizations)
      .values({ ...options, id: undefined, createdAt: now, updatedAt: now })
      .returning()
      .get();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "organization.create",
      entityType: "organization",
      entityId: created.id,
      detail: { name: created.name, kind: created.kind },
    });
    return created;
  });
}

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
export const MAX_IMAGE_BYTES = 2 * 1024 * 1024;

export function isPng(bytes: Uint8Array): boolean {
  return bytes.length > 8 && PNG_MAGIC.every((b, i) => bytes[i] === b);
}

/** Stores the seal image (PNG with transparency) used on the organisation's signature appearance. */
export function setOrganizationSeal(ctx: ServiceContext, options: { organizationId: number; png: Uint8Array }): void {
  if (!isPng(options.png)) throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.SEAL_NOT_PNG, { seal: PlatformMessages.SEAL_NOT_PNG });
  if (options.png.byteLength > MAX_IMAGE_BYTES) throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.SEAL_TOO_LARGE(MAX_IMAGE_BYTES / 1024 / 1024));
  // Decodable and of sane dimensions: the signer decodes it into a pixel buffer at every issue.
  const problem = imageProblem(options.png, ["png"]);
  if (problem) throw new AppError(AppErrorCode.VALIDATION, PlatformMessages.SEAL_PROBLEM(problem), { seal: problem });
  const blob = writeBlob(ctx.dataDir, options.png);
  const now = nowOf(ctx);
  writeTransaction(ctx.db, (tx) => {
    const org = tx.select().from(organizations).where(eq(organizations.id, options.organizationId)).get();
    if (!org) throw new AppError(AppErrorCode.NOT_FOUND, PlatformMessages.ORGANIZATION_NOT_FOUND);
    const file = insertFileRow(tx, { blob, mimeType: "image/png", originalName: "seal.png", createdBy: auditActorOf(ctx).actorId, at: now });
    tx.update(organizations)
      .set({ sealFileId: file.id, updatedAt: now, version: org.version + 1 })
      .where(eq(organizations.id, org.id))
      .run();
    appendAuditEvent(tx, {
      at: now,
      ...auditActorOf(ctx),
      action: "organization.seal_upload",
      entityType: "organization",
      entityId: org.id,
      detail: { sha256: blob.sha256 },
    });
  });
}

export function getOrganizationForAdmin(db: DbOrTx, id: number): Organization & { hasSeal: boolean } {
  const org = db.select().from(organizations).where(eq(organizations.id, id)).get();
  if (!org) throw new AppError(AppErrorCode.NOT_FOUND, PlatformMessages.ORGANIZATION_NOT_FOUND);
  return { ...org, hasSeal: org.sealFileId != null };
}
