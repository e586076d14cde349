// edXML configuration: the peers we exchange packets with (an LGSP, the national axis, another instance
// of this product) and which organisations of the directory each of them hosts. An organisation with an
// OrganId that is routed to a peer is "not hosted here": documents to it leave as edXML packets.
import { createHash, timingSafeEqual } from "node:crypto";
import { and, eq, ne, sql } from "drizzle-orm";
import { preparedOnce, writeTransaction, type Db, type DbOrTx } from "#db/client";
import { edxmlPeers, edxmlRemoteOrganizations, organizations, type EdxmlPeer, type EdxmlTransport, type OrganizationKind } from "#db/schema/index";
import { ORGAN_ID_PATTERN } from "#edxml/index";
import { appendAuditEvent } from "#app/platform/audit.server";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { ExchangeMessages } from "#app/messages/exchange";

export const sha256Hex = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

export type AddPeerOptions = {
  name: string;
  transport: EdxmlTransport;
  url?: string | null;
  directory?: string | null;
  token?: string | null;
  /** When updating an HTTP peer, an empty token keeps the one already stored (the admin page never shows it). */
  keepToken?: boolean;
  /** The administrator making the change (null: the CLI). */
  actorId?: number | null;
  at?: Date;
};

/** Adds or updates (by name) a peer. HTTP peers need a URL and a shared token of at least 32 characters. */
export function upsertEdxmlPeer(db: Db, options: AddPeerOptions): EdxmlPeer {
  const name = options.name.trim();
  if (!name) throw new AppError(AppErrorCode.VALIDATION, ExchangeMessages.PEER_NAME_REQUIRED);
  const kept =
    options.keepToken && !options.token
      ? (db.select({ token: edxmlPeers.token }).from(edxmlPeers).where(eq(edxmlPeers.name, name)).get()?.token ?? null)
      : null;
  if (kept) options = { ...options, token: kept };
  if (options.transport === "http") {
    if (!options.url || !/^https?:\/\//.test(options.url)) throw new AppError(AppErrorCode.VALIDATION, ExchangeMessages.PEER_URL_REQUIRED);
    if (!options.token || options.token.length < 32) throw new AppError(AppErrorCode.VALIDATION, ExchangeMessages.PEER_TOKEN_TOO_SHORT(32));
  }
  if (options.transport === "directory" && !options.directory) throw new AppError(AppErrorCode.VALIDATION, ExchangeMessages.PEER_DIRECTORY_REQUIRED);
  const at = options.at ?? new Date();
  return writeTransaction(db, (tx) => {
    const values = {
      name,
      transport: options.transport,
      url: options.url ?? null,
      directory: options.directory ?? null,
      token: options.token ?? null,
      tokenSha256: options.token ? sha256Hex(options.token) : null,
      isActive: true,
      updatedAt: at,
    };
    const existing = tx.select().from(edxmlPeers).where(eq(edxmlPeers.name, name)).get();
    const row = existing
      ? tx.update(edxmlPeers).set(values).where(eq(edxmlPeers.id, existing.id)).returning().get()
      : tx
          .insert(edxmlPeers)
          .values({ ...values, createdAt: at })
          .returning()
          .get();
    // The token itself is never written to the audit log.
    appendAuditEvent(tx, {
      at,
      actorId: options.actorId ?? null,
      organizationId: null,
      action: existing ? "edxml.peer_update" : "edxml.peer_add",
      entityType: "edxml_peer",
      entityId: row.id,
      detail: { name, transport: row.transport, url: row.url, directory: row.directory },
    });
    return row;
  });
}

export type AddOrganizationOptions = {
  organId: string;
  name: string;
  kind?: Exclude<OrganizationKind, "unit">;
  abbreviation?: string;
  placeName?: string | null;
  parentHeading?: string | null;
  /** Hosted on this peer (by name); omitted = hosted here (this instance's own organisation). */
  peerName?: string | null;
  actorId?: number | null;
  at?: Date;
};

/**
 * Adds an issuing organisation to the directory with its OrganId (QCVN 102:2016 mã định danh): either one
 * hosted here (e.g. the second province of a two-instance setup) or one hosted on a peer.
 */
export function addDirectoryOrganization(db: Db, options: AddOrganizationOptions): { organizationId: number; hostedHere: boolean; peerId: number | null } {
  if (!ORGAN_ID_PATTERN.test(options.organId)) throw new AppError(AppErrorCode.VALIDATION, ExchangeMessages.ORGAN_ID_MALFORMED(options.organId));
  const at = options.at ?? new Date();
  return writeTransaction(db, (tx) => {
    const peer = options.peerName ? tx.select().from(edxmlPeers).where(eq(edxmlPeers.name, options.peerName)).get() : null;
    if (options.peerName && !peer) throw new AppError(AppErrorCode.NOT_FOUND, ExchangeMessages.PEER_NOT_FOUND(options.peerName));
    let org = tx.select().from(organizations).where(eq(organizations.identifier, options.organId)).get();
    if (!org) {
      org = tx
        .insert(organizations)
        .values({
          name: options.name.trim(),
          kind: options.kind ?? "province",
          abbreviation: options.abbreviation ?? "UBND",
          placeName: options.placeName ?? null,
          identifier: options.organId,
          parentHeading: options.parentHeading ?? null,
          createdAt: at,
          updatedAt: at,
        })
        .returning()
        .get();
    }
    if (peer) {
      tx.insert(edxmlRemoteOrganizations)
        .values({ organizationId: org.id, peerId: peer.id })
        .onConflictDoUpdate({ target: edxmlRemoteOrganizations.organizationId, set: { peerId: peer.id } })
        .run();
    } else {
      tx.delete(edxmlRemoteOrganizations).where(eq(edxmlRemoteOrganizations.organizationId, org.id)).run();
    }
    appendAuditEvent(tx, {
      at,
      actorId: options.actorId ?? null,
      organizationId: null,
      action: "edxml.organization",
      entityType: "organization",
      entityId: org.id,
      detail: { organId: options.organId, name: org.name, peer: peer?.name ?? null },
    });
    return { organizationId: org.id, hostedHere: !peer, peerId: peer?.id ?? null };
  });
}

/** The peer hosting an organisation of the directory, or null when it is hosted here. */
export function peerOfOrganization(db: DbOrTx, organizationId: number): (EdxmlPeer & { organId: string | null }) | null {
  // Prepared once: every received packet asks it (edXML reception, docs/benchmarks/edxml.md).
  const row = preparedOnce(db, "exchange.peerOfOrganization", (d) =>
    d
      .select({ peer: edxmlPeers, organId: organizations.identifier })
      .from(edxmlRemoteOrganizations)
      .innerJoin(edxmlPeers, eq(edxmlPeers.id, edxmlRemoteOrganizations.peerId))
      .innerJoin(organizations, eq(organizations.id, edxmlRemoteOrganizations.organizationId))
      .where(and(eq(edxmlRemoteOrganizations.organizationId, sql.placeholder("organizationId")), eq(edxmlPeers.isActive, true)))
      .prepare(),
  ).get({ organizationId });
  return row ? { ...row.peer, organId: row.organId } : null;
}

/** The peer hosting the organisation with this OrganId, if it is a known remote one. */
export function peerOfOrganId(db: DbOrTx, organId: string): EdxmlPeer | null {
  const org = preparedOnce(db, "exchange.organizationIdByOrganId", (d) =>
    d
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.identifier, sql.placeholder("organId")))
      .prepare(),
  ).get({ organId });
  return org ? peerOfOrganization(db, org.id) : null;
}

/** An issuing organisation hosted on this instance with this OrganId (the addressee of a packet). */
export function hostedOrganizationByOrganId(db: DbOrTx, organId: string) {
  const org = preparedOnce(db, "exchange.hostedByOrganId", (d) =>
    d
      .select()
      .from(organizations)
      .where(and(eq(organizations.identifier, sql.placeholder("organId")), ne(organizations.kind, "unit"), eq(organizations.isActive, true)))
      .prepare(),
  ).get({ organId });
  if (!org) return null;
  const remote = preparedOnce(db, "exchange.remoteOfOrganization", (d) =>
    d
      .select({ id: edxmlRemoteOrganizations.organizationId })
      .from(edxmlRemoteOrganizations)
      .where(eq(edxmlRemoteOrganizations.organizationId, sql.placeholder("organizationId")))
      .prepare(),
  ).get({ organizationId: org.id });
  return remote ? null : org;
}

/** The peer presenting this bearer token (constant-time comparison of the SHA-256). */
export function peerByToken(db: DbOrTx, token: string | null): EdxmlPeer | null {
  if (!token || token.length < 32 || token.length > 512) return null;
  const digest = sha256Hex(token);
  const peer = db
    .select()
    .from(edxmlPeers)
    .where(and(eq(edxmlPeers.tokenSha256, digest), eq(edxmlPeers.isActive, true)))
    .get();
  if (!peer?.tokenSha256) return null;
  return timingSafeEqual(Buffer.from(peer.tokenSha256, "hex"), Buffer.from(digest, "hex")) ? peer : null;
}

export function listEdxmlPeers(db: DbOrTx): EdxmlPeer[] {
  return db.select().from(edxmlPeers).all();
}
