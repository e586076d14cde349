// Packets in (QCVN 102:2016): every packet is parsed in the untrusted-file pool, then either refused (only
// the reason is recorded) or accepted once — a second delivery of the same (DocumentId, recipient, business
// key) is counted, not stored again. A document packet becomes a `received` incoming document in the
// addressed organisation's queue exactly like an internal delivery (incoming-delivery.server.ts); recall and
// update packets act on that copy; status packets move the sender's delivery status.
import { and, eq, sql } from "drizzle-orm";
import { durableWriteTransaction, preparedOnce, writeTransaction, type Db, type Tx } from "#db/client";
import {
  edxmlInbox,
  edxmlReceivedAttachments,
  edxmlReceivedDocuments,
  incomingDocuments,
  organizations,
  type EdxmlPacketKind,
  type IncomingDocument,
} from "#db/schema/index";
import {
  DEFAULT_PARSE_LIMITS,
  docTypeCodeOf,
  liftCandidates,
  materializeAttachments,
  urgencyOfPriority,
  type DocumentPacket,
  type ParsedPacket,
} from "#edxml/index";
import { getEnv } from "#app/env.server";
import { URGENCY_RANK } from "#app/domain/incoming/incoming";
import { hasPdfHeader } from "#app/domain/shared/file-content";
import { appendAuditEvent } from "#app/platform/audit.server";
import { trustAnchors } from "#app/platform/signing/document-signing.server";
import {
  commitStagedBlobs,
  discardStagedBlob,
  insertFileRow,
  nameStagedBlob,
  stageBlob,
  sha256Hex,
  stageUnnamedBlob,
  syncCreatedFolders,
  syncStagedBlob,
  type StagedBlob,
  type WrittenBlob,
} from "#app/platform/files/files.server";
import type { EdxmlParseOutput } from "#app/platform/untrusted/edxml-parse.task";
import { checkIncomingPdfSignatures, INCOMING_ENTITY, indexIncomingForSearch } from "#app/features/incoming/index";
import { incomingChangedBySender } from "#app/features/notifications/index";
import { NotificationMessages } from "#app/messages/notifications";
import { PDF_CHECK_LIMITS } from "#app/platform/files/upload-content.server";
import type { FileCheckResult } from "#app/platform/files/file-check.task";
import {
  carriedStatusCode,
  changeLacksDocumentsProof,
  packetSignatureWords,
  redeliveredCopyFate,
  replacesStoredPacket,
} from "#app/domain/incoming/edxml-redelivery";
import { runUntrusted, UntrustedTaskError } from "#app/platform/untrusted/pool.server";
import {
  applyEdxmlStatus,
  buildEdxmlStatusBytes,
  edxmlDeliveryRecipients,
  EDXML_MIME,
  enqueueEdxmlStatusBlob,
  organInfoOf,
} from "#app/features/exchange/outbox.server";
import { hostedOrganizationByOrganId, peerOfOrganId } from "#app/features/exchange/peers.server";
import { present } from "#app/utils/errors";
import { applyRecallOrUpdate, mainFileName, Refused, updateReceivedCopy, type CorrectedPdfCheck } from "#app/features/exchange/recall-update.server";

export type EdxmlChannel = "http" | "directory" | "cli";

export type ReceiveOptions = {
  channel: EdxmlChannel;
  /** The authenticated peer it came from (HTTP token, watched directory); null for a manual import. */
  peerId?: number | null;
  /** CLI import by a clerk: only this organisation's copy is accepted. */
  onlyOrganizationId?: number | null;
  at?: Date;
  /** Called as each step ends, with its name (tests/bench/edxml-profile.ts times the steps with it). */
  onStep?: (step: string) => void;
};

export type ReceiveResult =
  | { state: "refused"; inboxId: number; code: string; reason: string }
  | {
      state: "accepted" | "duplicate";
      inboxId: number;
      kind: EdxmlPacketKind;
      documentId: string;
      statusCode?: string;
      /** Document packets: the incoming documents created (per addressed organisation hosted here). */
      incomingDocumentIds: number[];
      /** Recall/update packets: the received copies affected. */
      affected: number[];
      xmlSignature: "valid" | "invalid" | "absent" | null;
      xmlSignatureTrusted: boolean | null;
      /** A genuine packet that took the place of a stored copy that was not (ADR 0019): that copy's inbox row. */
      supersededInboxId?: number;
    };

const PRIORITY_TEXT = (p: number) => String(p);

const claimsPdf = (a: { name: string; contentType: string }) => a.contentType.toLowerCase().includes("pdf") || /\.pdf$/i.test(a.name);

/**
 * The attachment that becomes the document's PDF: one whose bytes are a PDF (%PDF- within the first 1024 bytes, as
 * every upload is checked), preferring one that says it is a PDF. One that only claims to be (ContentType
 * application/pdf, a .pdf name) but is not stays an ordinary attachment; with no real PDF the packet is refused, as a
 * packet carrying only a DOCX is: an executable stored as the document's PDF could not be shown or checked.
 */
function mainPdfIndex(attachments: PacketFile[]): number {
  const index = realPdfIndex(attachments);
  if (index >= 0) return index;
  const fake = attachments.find(claimsPdf);
  if (fake) throw new Refused("NOT_PDF", `Tệp "${fake.name}" khai báo là PDF nhưng nội dung không phải tệp PDF; gói tin văn bản không có tệp PDF của văn bản.`);
  throw new Refused("NO_PDF", "Gói tin văn bản không có tệp PDF của văn bản.");
}

type PacketFile = { name: string; contentType: string; bytes: Uint8Array };

function realPdfIndex(attachments: PacketFile[]): number {
  const real = attachments.map((a) => hasPdfHeader(a.bytes));
  const claimed = attachments.findIndex((a, i) => real[i] && claimsPdf(a));
  return claimed >= 0 ? claimed : real.indexOf(true);
}

/**
 * The corrected PDF of an update packet (BussinessDocType 2), by the rule of a document packet's PDF; -1 when the
 * update carries none (metadata only, or appendixes only). One whose file claims to be the PDF and is not is refused
 * as a document packet would be: applying the rest and answering "cập nhật" would leave the old PDF in place while
 * the sender believes it corrected.
 */
function updatePdfIndex(attachments: PacketFile[]): number {
  const index = realPdfIndex(attachments);
  if (index >= 0) return index;
  const fake = attachments.find(claimsPdf);
  if (fake) throw new Refused("NOT_PDF", `Tệp "${fake.name}" khai báo là PDF nhưng nội dung không phải tệp PDF; không cập nhật văn bản theo gói tin này.`);
  return -1;
}

/** What a received PDF is checked for before it replaces one (an update): its signatures, its page count. */
async function checkCorrectedPdf(dataDir: string, bytes: Uint8Array): Promise<CorrectedPdfCheck> {
  // The page count is read by opening the PDF in the pool, as an upload is; a PDF that will not open keeps the
  // packet's PageAmount (a document packet with such a PDF is accepted too: the clerk sees it on the page).
  const pageCount = await runUntrusted<FileCheckResult>(
    "file-check",
    { kind: "pdf", bytes, maxPages: PDF_CHECK_LIMITS.maxPages },
    { timeoutMs: PDF_CHECK_LIMITS.timeoutMs, maxMemoryMb: PDF_CHECK_LIMITS.maxMemoryMb },
  ).then(
    (r) => r.pageCount,
    () => null,
  );
  return { pageCount, signature: await checkIncomingPdfSignatures(dataDir, bytes) };
}

/** An accepted packet's superseding lost to a concurrent delivery of the same packet (then counted its duplicate). */
class LostRace extends Error {}

function recordRefusal(
  db: Db,
  input: { sha256: string; bytes: number; channel: EdxmlChannel; peerId: number | null; code: string; reason: string; parsed?: ParsedPacket | null; at: Date },
): ReceiveResult {
  const p = input.parsed;
  const row = writeTransaction(db, (tx) =>
    tx
      .insert(edxmlInbox)
      .values({
        sha256: input.sha256,
        bytes: input.bytes,
        channel: input.channel,
        peerId: input.peerId,
        state: "refused",
        kind: p ? (p.kind === "status" ? "status" : (["document", "recall", "update"] as const)[p.packet.businessDocType]) : null,
        documentId: p ? (p.kind === "status" ? p.packet.responseFor.documentId : p.packet.documentId) : null,
        senderOrganId: p ? p.packet.from.organId : null,
        refusalCode: input.code,
        refusalReason: input.reason,
        receivedAt: input.at,
      })
      .returning({ id: edxmlInbox.id })
      .get(),
  );
  return { state: "refused", inboxId: row.id, code: input.code, reason: input.reason };
}

/** The largest packet taken on any channel (EDXML_MAX_PACKET_MB): the HTTP endpoint, the watched folders, the CLI. */
export function edxmlMaxPacketBytes(): number {
  return getEnv().EDXML_MAX_PACKET_MB * 1024 * 1024;
}

/** Receives one packet from any channel. Never throws for a bad packet: it is refused and recorded. */
export async function receiveEdxmlPacket(deps: { db: Db; dataDir: string }, bytes: Uint8Array, options: ReceiveOptions): Promise<ReceiveResult> {
  const at = options.at ?? new Date();
  const step = options.onStep ?? (() => undefined);
  const peerId = options.peerId ?? null;
  // The packet goes to the file store's staging folder at once, unsynced and not yet hashed: the pool child reads
  // it from there (no 14 MB message over IPC), and an accepted packet is then only fsynced and renamed into its
  // content-addressed place (it is kept as evidence). A refused one is removed; after a crash the orphan collector
  // removes the temp file.
  const unnamed = await stageUnnamedBlob(deps.dataDir, bytes);
  step("stage_packet");
  // Its fsync runs on the thread pool while the child parses (wasted only for a refused packet).
  const asDone = (sync: Promise<void>) =>
    sync.then(
      () => true,
      () => false,
    );
  const fileSynced = asDone(syncStagedBlob(unnamed));
  // Once the packet is named: the entries of the hash folders its naming created, fsynced while the child parses too.
  let foldersSynced: Promise<boolean> = Promise.resolve(true);
  let early: EarlyAttachment[] = [];
  let sha256 = "";
  try {
    let parsed: ParsedPacket;
    let staged: StagedBlob;
    try {
      const parsing = runUntrusted<EdxmlParseOutput>(
        "edxml-parse",
        // EDXML_MAX_PACKET_MB bounds every channel alike (the HTTP endpoint stops reading there; a file in a watched
        // folder or given to the CLI is refused here, by the same reason).
        {
          path: unnamed.path,
          trustAnchorsPem: trustAnchors(deps.dataDir),
          at,
          limits: { ...DEFAULT_PARSE_LIMITS, maxPacketBytes: edxmlMaxPacketBytes() },
        },
        { timeoutMs: 60_000, maxMemoryMb: 1024 },
      );
      // Awaited below; this only keeps a rejection from counting as unhandled if a step before that throws.
      parsing.catch(() => undefined);
      // While the child parses: the packet's hash (its name in the store, the inbox's record of it) and the
      // likely attachments.
      sha256 = await sha256Hex(bytes);
      staged = nameStagedBlob(deps.dataDir, unnamed, sha256);
      foldersSynced = asDone(syncCreatedFolders(staged));
      step("hash_packet");
      early = stageEarly(deps.dataDir, bytes);
      step("stage_early");
      const out = await parsing;
      step("pool_parse");
      // Lifted attachments come back as ranges of the packet the child validated as strict base64; those decoded
      // early are taken as they are.
      parsed = materializeAttachments(out.parsed, out.ranges, bytes, new Map(early.map((e) => [`${e.start}:${e.end}`, e.bytes])));
      step("decode_attachments");
    } catch (error) {
      if (error instanceof UntrustedTaskError)
        return recordRefusal(deps.db, {
          sha256,
          bytes: bytes.byteLength,
          channel: options.channel,
          peerId,
          code: error.remoteCode ?? error.code,
          reason: error.message,
          at,
        });
      throw error;
    }
    try {
      return await accept(deps, parsed, {
        sha256,
        size: bytes.byteLength,
        staged,
        packetSynced: Promise.all([fileSynced, foldersSynced]).then(([file, folders]) => file && folders),
        early: new Map(early.map((e) => [e.bytes, e])),
        peerId,
        options,
        at,
      });
    } catch (error) {
      if (error instanceof Refused)
        return recordRefusal(deps.db, {
          sha256,
          bytes: bytes.byteLength,
          channel: options.channel,
          peerId,
          code: error.code,
          reason: error.message,
          parsed,
          at,
        });
      throw error;
    }
  } finally {
    await Promise.all([fileSynced, foldersSynced]);
    discardStagedBlob(unnamed);
    // Early blobs not committed (not attachments after all, a refused or duplicate packet, a failure) are removed;
    // discarding a committed one is harmless (its temp file is gone).
    for (const e of early) {
      await e.synced;
      discardStagedBlob(e.staged);
    }
  }
}

type EarlyAttachment = {
  start: number;
  end: number;
  bytes: Uint8Array;
  staged: StagedBlob;
  /** Its fsync, started at once: true once its bytes are on disk. */
  synced: Promise<boolean>;
};

/**
 * While the pool child parses the packet, the server has nothing to do but wait (~5–10 ms for a 1 MB PDF): it
 * decodes every run the child may lift (edxml/lift.ts liftCandidates), stages it in the file store and starts its
 * fsync, so that once the child answers, the attachment's hash, write and fsync are done and only the 01 status,
 * the renames and the folders remain before the commit (docs/benchmarks/edxml.md, session 4). Nothing here is
 * trusted: a decoded run is used only when the child returns the same byte range as a strict-base64 attachment
 * (materializeAttachments, accept); the rest is discarded. The cost for a refused or duplicate packet is one more
 * decode, write and fsync of its runs, bounded by the packet size limit. Never throws: staging is only a head start.
 */
function stageEarly(dataDir: string, bytes: Uint8Array): EarlyAttachment[] {
  const out: EarlyAttachment[] = [];
  try {
    const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    for (const { start, end } of liftCandidates(bytes)) {
      // Node's decoder, as decodeRun: for a run the child proves strict base64 the result is the same bytes.
      const decoded = Buffer.from(buffer.toString("latin1", start, end), "base64");
      const blob = new Uint8Array(decoded.buffer, decoded.byteOffset, decoded.byteLength);
      const staged = stageBlob(dataDir, blob);
      out.push({
        start,
        end,
        bytes: blob,
        staged,
        synced: syncStagedBlob(staged).then(
          () => true,
          () => false,
        ),
      });
    }
  } catch {
    // Out of space, a file-store error: the accept stages what it needs itself (and meets the error there).
  }
  return out;
}

type AcceptContext = {
  sha256: string;
  size: number;
  staged: StagedBlob;
  /** The packet's own fsync, started before the parse: true once its bytes are on disk. */
  packetSynced: Promise<boolean>;
  /** Attachments decoded and staged while the child parsed, by their decoded bytes (the attachment's `bytes`). */
  early: ReadonlyMap<Uint8Array, EarlyAttachment>;
  peerId: number | null;
  options: ReceiveOptions;
  at: Date;
};

function keyOf(db: Db, parsed: ParsedPacket, ctx: AcceptContext) {
  if (parsed.kind === "status") {
    const p = parsed.packet;
    // A clerk's import acts for their own organisation only, as for document packets: a status answers a document
    // that organisation issued (its OrganId opens the DocumentId) and is addressed to it.
    if (ctx.options.onlyOrganizationId) {
      const own = [p.responseFor.documentId.split(",")[0], p.to.organId].map((organId) => hostedOrganizationByOrganId(db, organId.trim())?.id);
      if (own.some((id) => id !== ctx.options.onlyOrganizationId))
        throw new Refused("NOT_ADDRESSED_HERE", `Gói tin trạng thái không trả lời văn bản của cơ quan người nhập (${p.responseFor.documentId}).`);
    }
    return {
      kind: "status" as const,
      documentId: p.responseFor.documentId,
      recipientKey: `${p.responseFor.organId}<${p.from.organId}`,
      businessKey: `status:${p.statusCode}`,
      hosted: [] as Array<typeof organizations.$inferSelect>,
    };
  }
  const p = parsed.packet;
  let hosted = p.to.map((t) => hostedOrganizationByOrganId(db, t.organId)).filter((o): o is NonNullable<typeof o> => o !== null);
  if (ctx.options.onlyOrganizationId) hosted = hosted.filter((o) => o.id === ctx.options.onlyOrganizationId);
  if (hosted.length === 0) {
    const message = ctx.options.onlyOrganizationId
      ? `Gói tin không gửi cho cơ quan của người nhập (To: ${p.to.map((t) => t.organId).join(", ")}).`
      : `Gói tin không gửi cho cơ quan nào thuộc hệ thống này (To: ${p.to.map((t) => t.organId).join(", ")}).`;
    throw new Refused("NOT_ADDRESSED_HERE", message);
  }
  const kind = (["document", "recall", "update"] as const)[p.businessDocType];
  const latest = p.traces.reduce((max, t) => Math.max(max, t.timestamp.getTime()), 0);
  return {
    kind,
    documentId: p.documentId,
    recipientKey: hosted
      .map((o) => o.identifier)
      .sort()
      .join(";"),
    // Updates may follow one another: each is keyed by its trace time (a re-sent update keeps its time); an update
    // with no readable trace time is keyed by its bytes, so a second one is applied and only the same packet is a
    // duplicate (keyed "2@0", every such update after the first was dropped).
    businessKey: kind === "update" ? (latest > 0 ? `2@${latest}` : `2#${ctx.sha256}`) : kind === "recall" ? "1" : "0",
    hosted,
  };
}

/**
 * Stores an accepted packet. Durability before the answer (the HTTP adapter answers 200 only after this resolves,
 * and the sender then never sends the packet again): the packet, every attachment and the "01 Đã đến" status
 * packet are written, fsynced (at once, on the thread pool), renamed into the file store and their folders fsynced
 * (commitStagedBlobs); only then does one transaction insert every row — inbox row, documents, files, audit,
 * outbox row of the status — and its commit fsyncs the WAL (durableWriteTransaction). A crash before the commit
 * leaves files without rows (collected later), never a row without its file; the sender, having no answer, sends
 * again and the packet is stored then. Idempotent: a second delivery finds the inbox row (or loses the race on its
 * unique index) and is counted as a duplicate. docs/decisions/0016-edxml-durable-accept.md.
 */
async function accept(deps: { db: Db; dataDir: string }, parsed: ParsedPacket, ctx: AcceptContext): Promise<ReceiveResult> {
  const { db } = deps;
  const step = ctx.options.onStep ?? (() => undefined);
  const from = parsed.packet.from.organId;
  // A peer speaks for the organisations it hosts (or relays, for an LGSP): it may not impersonate one
  // that this directory routes to another peer.
  if (ctx.peerId) {
    const owner = peerOfOrganId(db, from);
    if (owner && owner.id !== ctx.peerId) throw new Refused("WRONG_PEER", `Cơ quan gửi ${from} không thuộc kết nối đã gửi gói tin.`);
  }
  const key = keyOf(db, parsed, ctx);
  // The queries of a reception are prepared once (preparedOnce): drizzle's query building was most of their cost
  // (docs/benchmarks/edxml.md, session 5).
  // The accepted packet under this packet's key (its re-delivery), or under `businessKey` ("0": the document itself).
  const duplicateOf = (businessKey = key.businessKey) =>
    preparedOnce(db, "edxml.inbox.accepted", (d) =>
      d
        .select()
        .from(edxmlInbox)
        .where(
          and(
            eq(edxmlInbox.state, "accepted"),
            eq(edxmlInbox.documentId, sql.placeholder("documentId")),
            eq(edxmlInbox.recipientOrganId, sql.placeholder("recipientKey")),
            eq(edxmlInbox.businessKey, sql.placeholder("businessKey")),
          ),
        )
        .prepare(),
    ).get({ documentId: key.documentId, recipientKey: key.recipientKey, businessKey });
  const previous = duplicateOf();
  // A re-delivery is stored once, except a genuine packet arriving after a copy that was not (tampered in transit,
  // unsigned): it takes the stored one's place (ADR 0019). Document and update packets only: a recall does the same
  // whatever copy of it arrived, and status packets are unsigned by design.
  const supersedes =
    previous &&
    (key.kind === "document" || key.kind === "update") &&
    replacesStoredPacket(
      { sha256: previous.sha256, xmlSignature: previous.xmlSignature, trusted: previous.xmlSignatureTrusted },
      { sha256: ctx.sha256, xmlSignature: parsed.signature.status, trusted: parsed.signature.trusted },
    )
      ? previous
      : null;
  if (previous && !supersedes) return duplicate(db, previous, parsed.signature);
  // A recall or an update changes what the clerk already holds. One whose XML signature is present but does not
  // verify was altered after signing (or signed with a broken key): applying it would let whoever altered it in
  // transit withdraw or rewrite an official document, so it is refused and the sender can send it again. An
  // unsigned one is applied, as an unsigned document packet is accepted (many LGSP clients do not sign); its
  // verdict is in the trail — except an update of a document that came genuine (changeLacksDocumentsProof).
  if ((key.kind === "recall" || key.kind === "update") && parsed.signature.status === "invalid")
    throw new Refused(
      "INVALID_SIGNATURE",
      `Gói tin ${key.kind === "recall" ? "thu hồi" : "cập nhật"} văn bản ${key.documentId} có chữ ký số XML không hợp lệ (nội dung đã bị thay đổi sau khi ký); không áp dụng. Đề nghị cơ quan gửi gửi lại gói tin.`,
    );
  if (key.kind === "update") {
    const original = duplicateOf("0");
    const originalVerdict = original ? { xmlSignature: original.xmlSignature, trusted: original.xmlSignatureTrusted } : null;
    const verdict = { xmlSignature: parsed.signature.status, trusted: parsed.signature.trusted };
    if (changeLacksDocumentsProof(originalVerdict, verdict))
      throw new Refused(
        "UNSIGNED_CHANGE",
        `Văn bản ${key.documentId} đã nhận với chữ ký số hợp lệ, được tin cậy; gói tin cập nhật này có chữ ký số ${packetSignatureWords(verdict)} nên không áp dụng. Đề nghị cơ quan gửi ký số gói tin rồi gửi lại.`,
      );
  }
  // A status must answer a document that left here for the organisation it comes from: one for an unknown document,
  // or from an organisation the document was never sent to, changes nothing and was answered "accepted".
  if (parsed.kind === "status") {
    const recipients = edxmlDeliveryRecipients(db, key.documentId);
    if (recipients.length === 0) throw new Refused("UNKNOWN_DOCUMENT", `Không có văn bản ${key.documentId} đã gửi đi để nhận trạng thái.`);
    if (!recipients.includes(from))
      throw new Refused("NOT_A_RECIPIENT", `Cơ quan ${from} không phải nơi nhận văn bản ${key.documentId}; không nhận trạng thái do cơ quan này gửi.`);
  }
  step("lookups");

  const isDocument = parsed.kind === "document" && parsed.packet.businessDocType === 0;
  const isUpdate = parsed.kind === "document" && parsed.packet.businessDocType === 2;
  const pdfIndex = isDocument ? mainPdfIndex(parsed.packet.attachments) : isUpdate ? updatePdfIndex(parsed.packet.attachments) : -1;
  // A genuine document packet after a stored one that was not: the copies the stored one made, per recipient here.
  const earlierCopies = supersedes && isDocument ? receivedCopiesOf(db, key.documentId, key.hosted) : new Map<string, ReceivedCopy>();
  // An update's corrected PDF is checked before it is applied, as the document page checks a received PDF: its
  // signatures (in the untrusted-file pool, the verdict cached by its hash for the page) and its page count.
  const corrected = isUpdate && pdfIndex >= 0 ? await checkCorrectedPdf(deps.dataDir, parsed.packet.attachments[pdfIndex].bytes) : null;
  const staged: StagedBlob[] = [];
  try {
    const attachments =
      isDocument || isUpdate
        ? parsed.packet.attachments.map((a) => {
            // Staged early (same bytes object: materializeAttachments took the early decode), or now.
            const blob = ctx.early.get(a.bytes)?.staged ?? stageBlob(deps.dataDir, a.bytes);
            staged.push(blob);
            return { staged: blob, name: a.name, contentType: a.contentType };
          })
        : [];
    // "01 Đã đến" leaves at once (Decree 30 Art. 21 k.2 c: the sender is told the same day): its packet is written
    // with the others and enqueued in the transaction that creates the copy, as reconcileEdxmlStatuses would have.
    const statusPeerId = isDocument ? (ctx.peerId ?? peerOfOrganId(db, from)?.id ?? null) : null;
    const arrivals = new Map<number, StagedBlob>();
    if (statusPeerId)
      for (const org of key.hosted.filter((o) => !earlierCopies.has(present(o.identifier, "a hosted OrganId")))) {
        const blob = stageBlob(
          deps.dataDir,
          buildEdxmlStatusBytes({
            origin: originOf(parsed.packet as DocumentPacket, org),
            from: organInfoOf(org),
            code: "01",
            description: ARRIVED_DESCRIPTION,
            at: ctx.at,
          }),
        );
        staged.push(blob);
        arrivals.set(org.id, blob);
      }
    step("stage_blobs");
    // Blobs whose fsync already completed (the packet's, started before the parse; the early attachments') are not
    // fsynced again; any other, or one whose early fsync failed, is fsynced by commitStagedBlobs.
    const synced = new Set<StagedBlob>();
    if (await ctx.packetSynced) synced.add(ctx.staged);
    for (const e of ctx.early.values()) if (staged.includes(e.staged) && (await e.synced)) synced.add(e.staged);
    const all = [ctx.staged, ...staged];
    const written = await commitStagedBlobs(deps.dataDir, all, { synced });
    const writtenOf = (blob: StagedBlob): WrittenBlob => present(written[all.indexOf(blob)], "a written blob");
    step("blobs_durable");

    try {
      const result = durableWriteTransaction(db, (tx) => {
        // The stored packet keeps its row and file (the evidence of what arrived first) as `superseded`; a concurrent
        // delivery of the same genuine packet that got here first has already done so: this one is its duplicate.
        if (supersedes) {
          const moved = tx
            .update(edxmlInbox)
            .set({ state: "superseded" })
            .where(and(eq(edxmlInbox.id, supersedes.id), eq(edxmlInbox.state, "accepted")))
            .run();
          if (moved.changes === 0) throw new LostRace();
        }
        // The packet itself is kept (accepted packets only): it is the evidence of what arrived, signature included.
        const packetFile = insertFileRow(tx, { blob: writtenOf(ctx.staged), mimeType: EDXML_MIME, originalName: "packet.edxml", at: ctx.at });
        const inbox = preparedOnce(tx, "edxml.inbox.insertAccepted", (d) =>
          d
            .insert(edxmlInbox)
            .values({
              sha256: sql.placeholder("sha256"),
              bytes: sql.placeholder("bytes"),
              channel: sql.placeholder("channel"),
              peerId: sql.placeholder("peerId"),
              state: "accepted",
              kind: sql.placeholder("kind"),
              documentId: sql.placeholder("documentId"),
              senderOrganId: sql.placeholder("senderOrganId"),
              recipientOrganId: sql.placeholder("recipientOrganId"),
              businessKey: sql.placeholder("businessKey"),
              statusCode: sql.placeholder("statusCode"),
              fileId: sql.placeholder("fileId"),
              xmlSignature: sql.placeholder("xmlSignature"),
              xmlSignatureTrusted: sql.placeholder("xmlSignatureTrusted"),
              receivedAt: sql.placeholder("receivedAt"),
            })
            .returning({ id: edxmlInbox.id })
            .prepare(),
        ).get({
          sha256: ctx.sha256,
          bytes: ctx.size,
          channel: ctx.options.channel,
          peerId: ctx.peerId,
          kind: key.kind,
          documentId: key.documentId,
          senderOrganId: from,
          recipientOrganId: key.recipientKey,
          businessKey: key.businessKey,
          statusCode: parsed.kind === "status" ? parsed.packet.statusCode : null,
          fileId: packetFile.id,
          xmlSignature: parsed.signature.status,
          xmlSignatureTrusted: parsed.signature.trusted,
          receivedAt: ctx.at,
        }) as { id: number };
        let incomingDocumentIds: number[] = [];
        let affected: number[] = [];
        if (parsed.kind === "status") {
          affected = applyEdxmlStatus(tx, {
            documentId: key.documentId,
            fromOrganId: from,
            code: parsed.packet.statusCode,
            description: parsed.packet.description,
            at: ctx.at,
          })
            ? [1]
            : [];
        } else if (key.kind === "document") {
          const blobs = attachments.map((a) => ({ blob: writtenOf(a.staged), name: a.name, contentType: a.contentType }));
          incomingDocumentIds = key.hosted.flatMap((org) => {
            const delivery = {
              packet: parsed.packet as DocumentPacket,
              signature: parsed.signature,
              org,
              main: blobs[pdfIndex].blob,
              blobs,
              inboxId: inbox.id,
              peerId: ctx.peerId,
              at: ctx.at,
            };
            const earlier = supersedes ? currentCopy(tx, key.documentId, present(org.identifier, "a hosted OrganId")) : undefined;
            if (earlier && supersedes) return redeliverGenuine(tx, delivery, earlier, supersedes);
            const id = deliverPacket(tx, delivery);
            const arrival = arrivals.get(org.id);
            if (arrival && statusPeerId)
              enqueueEdxmlStatusBlob(tx, {
                peerId: statusPeerId,
                origin: originOf(parsed.packet as DocumentPacket, org),
                code: "01",
                blob: writtenOf(arrival),
                at: ctx.at,
              });
            return [id];
          });
        } else {
          const files = attachments.map((a) => ({ blob: writtenOf(a.staged), name: a.name, contentType: a.contentType }));
          affected = applyRecallOrUpdate(tx, deps.dataDir, {
            packet: parsed.packet as DocumentPacket,
            hosted: key.hosted,
            peerId: ctx.peerId,
            at: ctx.at,
            businessKey: key.businessKey,
            files: files.length ? { pdfIndex, list: files, check: corrected } : null,
            supersedes: supersedes ? { sha256: supersedes.sha256, xmlSignature: supersedes.xmlSignature } : null,
          });
        }
        preparedOnce(tx, "edxml.inbox.setResult", (d) =>
          d
            .update(edxmlInbox)
            .set({ result: sql`${sql.placeholder("result")}` })
            .where(eq(edxmlInbox.id, sql.placeholder("id")))
            .prepare(),
        ).run({ result: JSON.stringify({ incomingDocumentIds, affected }), id: inbox.id });
        return { inboxId: inbox.id, incomingDocumentIds, affected };
      });
      step("transaction");
      return {
        state: "accepted",
        supersededInboxId: supersedes?.id,
        inboxId: result.inboxId,
        kind: key.kind,
        documentId: key.documentId,
        statusCode: parsed.kind === "status" ? parsed.packet.statusCode : undefined,
        incomingDocumentIds: result.incomingDocumentIds,
        affected: result.affected,
        xmlSignature: parsed.signature.status,
        xmlSignatureTrusted: parsed.signature.trusted,
      };
    } catch (error) {
      // Two deliveries of one packet raced: the unique index (or the superseding above) let one in; the other is a
      // duplicate.
      if (error instanceof LostRace || /UNIQUE constraint failed: edxml_(inbox|received_documents)/.test(String(error))) {
        const winner = duplicateOf();
        if (winner) return duplicate(db, winner, parsed.signature);
      }
      throw error;
    }
  } finally {
    for (const blob of staged) discardStagedBlob(blob);
  }
}

function originOf(packet: DocumentPacket, org: typeof organizations.$inferSelect) {
  return {
    documentId: packet.documentId,
    senderOrganId: packet.from.organId,
    senderName: packet.from.organName,
    recipientOrganId: present(org.identifier, "the recipient OrganId"),
  };
}

/**
 * A re-delivery: counted on the first copy's row. Its answer carries this packet's own signature verdict, never the
 * first copy's (a tampered re-delivery of a genuine packet was answered "valid", the genuine one after a tampered
 * one "invalid").
 */
function duplicate(db: Db, previous: typeof edxmlInbox.$inferSelect, signature: ParsedPacket["signature"]): ReceiveResult {
  writeTransaction(db, (tx) =>
    tx
      .update(edxmlInbox)
      .set({ duplicates: sql`${edxmlInbox.duplicates} + 1` })
      .where(eq(edxmlInbox.id, previous.id))
      .run(),
  );
  const result = previous.result
    ? (JSON.parse(previous.result) as { incomingDocumentIds: number[]; affected: number[] })
    : { incomingDocumentIds: [], affected: [] };
  return {
    state: "duplicate",
    inboxId: previous.id,
    kind: previous.kind ?? "document",
    documentId: previous.documentId ?? "",
    statusCode: previous.statusCode ?? undefined,
    incomingDocumentIds: result.incomingDocumentIds,
    affected: result.affected,
    xmlSignature: signature.status,
    xmlSignatureTrusted: signature.trusted,
  };
}

type Delivery = {
  packet: DocumentPacket;
  signature: ParsedPacket["signature"];
  org: typeof organizations.$inferSelect;
  main: WrittenBlob;
  blobs: Array<{ blob: WrittenBlob; name: string; contentType: string }>;
  inboxId: number;
  peerId: number | null;
  at: Date;
};

/** The register fields a received copy takes from its packet (a new copy, or one a genuine packet replaces). */
function copyFieldsOf(tx: Tx, p: DocumentPacket) {
  const sender = preparedOnce(tx, "edxml.organizationIdByOrganId", (d) =>
    d
      .select({ id: organizations.id })
      .from(organizations)
      .where(eq(organizations.identifier, sql.placeholder("organId")))
      .prepare(),
  ).get({ organId: p.from.organId });
  const urgency = urgencyOfPriority(p.priority);
  return {
    numberSymbol: `${p.codeNumber}/${p.codeNotation}`.replace(/\s+/g, "").replace(/\/$/, ""),
    docTypeCode: docTypeCodeOf(p.docType.type, p.docType.typeName),
    issuedDate: p.promulgationDate,
    issuerName: p.from.organName,
    summary: p.subject,
    signerName: p.signer.fullName || null,
    signerTitle: [p.signer.competence, p.signer.position].filter(Boolean).join(" ") || null,
    pageCount: p.pageAmount,
    urgency,
    urgencyRank: URGENCY_RANK[urgency],
    handlingDeadline: p.dueDate,
    extractedText: [p.subject, p.content ?? ""].filter(Boolean).join("\n"),
    senderOrganizationId: sender?.id ?? null,
  };
}

/** The packet's files, in packet order, as the document page lists them (readIncomingAttachment). */
function insertReceivedAttachments(tx: Tx, incomingDocumentId: number, blobs: Delivery["blobs"], at: Date): void {
  blobs.forEach((b, position) => {
    const file = insertFileRow(tx, { blob: b.blob, mimeType: b.contentType || "application/octet-stream", originalName: b.name, at });
    preparedOnce(tx, "edxml.receivedAttachments.insert", (d) =>
      d
        .insert(edxmlReceivedAttachments)
        .values({
          incomingDocumentId: sql.placeholder("incomingDocumentId"),
          fileId: sql.placeholder("fileId"),
          name: sql.placeholder("name"),
          contentType: sql.placeholder("contentType"),
          position: sql.placeholder("position"),
        })
        .prepare(),
    ).run({ incomingDocumentId, fileId: file.id, name: b.name, contentType: b.contentType, position });
  });
}

/**
 * The same row an internal delivery makes (deliverToIncomingQueue), with the packet's fields. `earlier`: the copy
 * the clerk had registered before this genuine packet came (ADR 0019): this copy is flagged against it and carries
 * its status progress.
 */
function deliverPacket(tx: Tx, input: Delivery & { earlier?: { incomingDocumentId: number; lastStatusCode: string } }): number {
  const p = input.packet;
  const fields = copyFieldsOf(tx, p);
  const mainFile = insertFileRow(tx, { blob: input.main, mimeType: "application/pdf", originalName: mainFileName(fields.numberSymbol), at: input.at });
  const row = preparedOnce(tx, "edxml.incoming.insertReceived", (d) =>
    d
      .insert(incomingDocuments)
      .values({
        organizationId: sql.placeholder("organizationId"),
        status: "received",
        channel: "electronic",
        receivedAt: sql.placeholder("at"),
        numberSymbol: sql.placeholder("numberSymbol"),
        docTypeCode: sql.placeholder("docTypeCode"),
        issuedDate: sql.placeholder("issuedDate"),
        issuerName: sql.placeholder("issuerName"),
        summary: sql.placeholder("summary"),
        signerName: sql.placeholder("signerName"),
        signerTitle: sql.placeholder("signerTitle"),
        pageCount: sql.placeholder("pageCount"),
        urgency: sql.placeholder("urgency"),
        urgencyRank: sql.placeholder("urgencyRank"),
        confidentiality: "normal",
        isSecret: false,
        handlingDeadline: sql.placeholder("handlingDeadline"),
        fileId: sql.placeholder("fileId"),
        extractedText: sql.placeholder("extractedText"),
        senderOrganizationId: sql.placeholder("senderOrganizationId"),
        createdAt: sql.placeholder("at"),
        updatedAt: sql.placeholder("at"),
      })
      .returning()
      .prepare(),
  ).get({ ...fields, organizationId: input.org.id, at: input.at, fileId: mainFile.id }) as IncomingDocument;
  indexIncomingForSearch(tx, row, true);
  insertReceivedAttachments(tx, row.id, input.blobs, input.at);
  preparedOnce(tx, "edxml.receivedDocuments.insert", (d) =>
    d
      .insert(edxmlReceivedDocuments)
      .values({
        incomingDocumentId: sql.placeholder("incomingDocumentId"),
        inboxId: sql.placeholder("inboxId"),
        documentId: sql.placeholder("documentId"),
        senderOrganId: sql.placeholder("senderOrganId"),
        senderName: sql.placeholder("senderName"),
        recipientOrganId: sql.placeholder("recipientOrganId"),
        peerId: sql.placeholder("peerId"),
        xmlSignature: sql.placeholder("xmlSignature"),
        xmlSignatureTrusted: sql.placeholder("xmlSignatureTrusted"),
        xmlSignerName: sql.placeholder("xmlSignerName"),
        // 01 is enqueued by the caller in this transaction (or, with no peer to tell, owed to nobody), as the
        // reconcile would; a copy flagged against an earlier one carries that one's progress.
        lastStatusCode: sql.placeholder("lastStatusCode"),
        earlierIncomingDocumentId: sql.placeholder("earlierIncomingDocumentId"),
      })
      .prepare(),
  ).run({
    incomingDocumentId: row.id,
    inboxId: input.inboxId,
    documentId: p.documentId,
    senderOrganId: p.from.organId,
    senderName: p.from.organName,
    recipientOrganId: present(input.org.identifier, "the recipient OrganId"),
    peerId: input.peerId,
    xmlSignature: input.signature.status,
    xmlSignatureTrusted: input.signature.trusted,
    xmlSignerName: input.signature.signerName,
    lastStatusCode: input.earlier?.lastStatusCode ?? "01",
    earlierIncomingDocumentId: input.earlier?.incomingDocumentId ?? null,
  });
  appendAuditEvent(tx, {
    at: input.at,
    actorId: null,
    organizationId: input.org.id,
    action: "incoming.deliver",
    entityType: INCOMING_ENTITY,
    entityId: row.id,
    fromState: null,
    toState: "received",
    detail: {
      edxml: {
        documentId: p.documentId,
        from: p.from.organId,
        priority: PRIORITY_TEXT(p.priority),
        xmlSignature: input.signature.status,
        trusted: input.signature.trusted,
      },
      recipientOrganizationId: input.org.id,
      ...(input.earlier ? { earlierIncomingDocumentId: input.earlier.incomingDocumentId } : {}),
    },
  });
  return row.id;
}

type ReceivedCopy = { link: typeof edxmlReceivedDocuments.$inferSelect; doc: IncomingDocument };

/** The copy of `documentId` that the organisation `organId` holds now (the one not superseded), if any. */
function currentCopy(db: Db | Tx, documentId: string, organId: string): ReceivedCopy | undefined {
  return db
    .select({ link: edxmlReceivedDocuments, doc: incomingDocuments })
    .from(edxmlReceivedDocuments)
    .innerJoin(incomingDocuments, eq(incomingDocuments.id, edxmlReceivedDocuments.incomingDocumentId))
    .where(
      and(
        eq(edxmlReceivedDocuments.documentId, documentId),
        eq(edxmlReceivedDocuments.recipientOrganId, organId),
        eq(edxmlReceivedDocuments.superseded, false),
      ),
    )
    .get();
}

/** The copies a stored packet made, by recipient OrganId (read before the transaction: which "01" to prepare). */
function receivedCopiesOf(db: Db, documentId: string, hosted: Array<typeof organizations.$inferSelect>): Map<string, ReceivedCopy> {
  const out = new Map<string, ReceivedCopy>();
  for (const org of hosted) {
    const organId = present(org.identifier, "a hosted OrganId");
    const copy = currentCopy(db, documentId, organId);
    if (copy) out.set(organId, copy);
  }
  return out;
}

/**
 * A genuine document packet for a copy made from a packet that was not (ADR 0019), read again in the transaction:
 * a copy still awaiting registration takes the genuine content; one already registered stays as it is and the
 * genuine packet becomes a new copy flagged against it, its handlers and the clerks told; a recalled copy is left.
 * Returns the copies now holding the genuine packet.
 */
function redeliverGenuine(tx: Tx, delivery: Delivery, earlier: ReceivedCopy, stored: typeof edxmlInbox.$inferSelect): number[] {
  const fate = redeliveredCopyFate({ status: earlier.doc.status, isRecalled: earlier.link.recalled || earlier.doc.recalledAt !== null });
  if (fate === "keep") return [];
  const storedWords = packetSignatureWords({ xmlSignature: stored.xmlSignature, trusted: stored.xmlSignatureTrusted });
  const genuineWords = packetSignatureWords({ xmlSignature: delivery.signature.status, trusted: delivery.signature.trusted });
  const doc = earlier.doc;
  if (fate === "replace") {
    const fields = copyFieldsOf(tx, delivery.packet);
    const mainFile = insertFileRow(tx, { blob: delivery.main, mimeType: "application/pdf", originalName: mainFileName(fields.numberSymbol), at: delivery.at });
    const next = { ...fields, fileId: mainFile.id };
    const { before } = updateReceivedCopy(tx, doc, next, delivery.at);
    // The stored packet's files stay in the store with its inbox row (the evidence); the page lists the genuine ones.
    tx.delete(edxmlReceivedAttachments).where(eq(edxmlReceivedAttachments.incomingDocumentId, doc.id)).run();
    insertReceivedAttachments(tx, doc.id, delivery.blobs, delivery.at);
    tx.update(edxmlReceivedDocuments)
      .set({
        inboxId: delivery.inboxId,
        senderName: delivery.packet.from.organName,
        xmlSignature: delivery.signature.status,
        xmlSignatureTrusted: delivery.signature.trusted,
        xmlSignerName: delivery.signature.signerName,
      })
      .where(eq(edxmlReceivedDocuments.incomingDocumentId, doc.id))
      .run();
    appendAuditEvent(tx, {
      at: delivery.at,
      actorId: null,
      organizationId: doc.organizationId,
      action: "incoming.edxml_replaced",
      entityType: INCOMING_ENTITY,
      entityId: doc.id,
      fromState: doc.status,
      toState: doc.status,
      comment: `Nhận lại gói tin có chữ ký số ${genuineWords}; thay nội dung bản nhận trước, có chữ ký số gói tin ${storedWords}.`,
      detail: { edxmlDocumentId: delivery.packet.documentId, supersededInboxId: stored.id, inboxId: delivery.inboxId, before, after: next },
    });
    return [doc.id];
  }
  // Registered already: what the register holds stays as registered; the genuine packet is a new copy beside it.
  tx.update(edxmlReceivedDocuments).set({ superseded: true }).where(eq(edxmlReceivedDocuments.incomingDocumentId, doc.id)).run();
  const id = deliverPacket(tx, { ...delivery, earlier: { incomingDocumentId: doc.id, lastStatusCode: carriedStatusCode(earlier.link.lastStatusCode) } });
  appendAuditEvent(tx, {
    at: delivery.at,
    actorId: null,
    organizationId: doc.organizationId,
    action: "incoming.edxml_resent",
    entityType: INCOMING_ENTITY,
    entityId: doc.id,
    fromState: doc.status,
    toState: doc.status,
    comment: `Cơ quan gửi gửi lại văn bản với chữ ký số gói tin ${genuineWords}; bản này (chữ ký số gói tin ${storedWords}) đã vào sổ nên bản hợp lệ được nhận thành văn bản đến mới, chờ vào sổ.`,
    detail: { edxmlDocumentId: delivery.packet.documentId, supersededInboxId: stored.id, inboxId: delivery.inboxId, laterIncomingDocumentId: id },
  });
  incomingChangedBySender(tx, doc, {
    title: NotificationMessages.INCOMING_RESENT_GENUINE(doc.numberSymbol),
    link: `/incoming/${id}`,
    at: delivery.at,
    eventSeed: `resent:${delivery.inboxId}`,
  });
  return [id];
}

import { ARRIVED_DESCRIPTION, reconcileEdxmlStatuses } from "#app/features/exchange/statuses.server";
export { reconcileEdxmlStatuses };
export { getReceivedPacketInfo, type ReceivedPacketInfo } from "#app/features/exchange/statuses.server";
