// The archive package of one case file (issue 17 §5): a self-contained directory that verifies offline.
//   documents/NNN-<kind>-<id>.pdf  the documents' PDFs byte for byte as stored (every signature intact); a filed
//                                  task evidence keeps its own type (NNN-evidence-<id>.pdf|docx|xlsx|png|jpg)
//   metadata.json                  Thông tư 01/2019/TT-BNV / Decree 30 Phụ lục VI metadata of the file and each document
//   audit-trail.json               the audit rows of the file and of each document (with their hash chain links)
//   README.txt                     how to verify
//   manifest.json                  SHA-256 and size of every part above
//   SHA256SUMS                     the same in `sha256sum -c` form (verification without this product)
// `verifyCaseFilePackage(dir)` recomputes every hash and names each part that was altered, is missing, or was added.
// The same package downloads from the web as one ZIP (openCaseFilePackageZip), streamed part by part.
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { and, asc, eq, inArray, or } from "drizzle-orm";
import { auditEvents, caseFileDestructions, users } from "#db/schema/index";
import { formatDocumentCode, formatRetention } from "#app/domain/casefiles/casefiles";
import { formatIsoOffset } from "#app/domain/shared/dates";
import { appendAuditEvent } from "#app/platform/audit.server";
import { auditActorOf, nowOf, type ServiceContext } from "#app/platform/context.server";
import { getFileRow, readStoredFile } from "#app/platform/files/files.server";
import { zipStream, type ZipSource } from "#app/platform/files/zip.server";
import { writeTransaction } from "#db/client";
import { INCOMING_ENTITY } from "#app/features/incoming/index";
import { OUTGOING_ENTITY } from "#app/features/outgoing/index";
import { PLAN_TASK_ENTITY } from "#app/features/plans/index";
import { AppError, AppErrorCode } from "#app/utils/errors";
import { CaseFileMessages } from "#app/messages/casefiles";
import { CASE_FILE_ENTITY, findVisibleCaseFile, mayExportCaseFile, organIdOf } from "./access.server";
import { describeFiledDocuments, refKey } from "./documents.server";
import { filedDocumentRows } from "./files.server";

export const MANIFEST_NAME = "manifest.json";
export const SUMS_NAME = "SHA256SUMS";
export const PACKAGE_FORMAT = "vpdt-casefile-package/1";

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

export type ExportedPackage = { out: string; parts: number; fileCode: string };

const README = (fileCode: string) => `Gói lưu trữ hồ sơ ${fileCode}

Nội dung:
  documents/        tệp PDF của các văn bản trong hồ sơ, giữ nguyên từng byte (chữ ký số còn nguyên giá trị),
                    và tệp minh chứng nhiệm vụ (nếu có) đúng như khi đính kèm
  metadata.json     thông tin đầu vào của hồ sơ và văn bản (Thông tư 01/2019/TT-BNV, Nghị định 30/2020/NĐ-CP Phụ lục VI)
  audit-trail.json  nhật ký xử lý (vết xử lý) của hồ sơ và của từng văn bản, kèm mã băm chuỗi nhật ký
  manifest.json     mã băm SHA-256 và kích thước của từng phần
  SHA256SUMS        như manifest.json, theo định dạng của lệnh sha256sum

Kiểm tra (không cần mạng):
  sha256sum -c SHA256SUMS
  hoặc: npm run -s cli -- casefile:verify <thư mục gói>
`;

type PackagePart = { path: string; sha256: string; size: number; load: () => Uint8Array };

type PackagePlan = { caseFileId: number; fileCode: string; parts: PackagePart[]; manifest: Uint8Array; sums: Uint8Array; createdAt: Date };

const inMemory = (path: string, bytes: Uint8Array): PackagePart => ({ path, sha256: sha256(bytes), size: bytes.byteLength, load: () => bytes });

/**
 * A stored file as a part: hash and size come from the content-addressed store, the bytes are read only when the
 * part is written, and a blob that no longer matches its hash (damaged on disk) is refused rather than packaged.
 */
function storedPart(ctx: ServiceContext, path: string, stored: { sha256: string; size: number }): PackagePart {
  return {
    path,
    sha256: stored.sha256,
    size: stored.size,
    load: () => {
      const bytes = new Uint8Array(readStoredFile(ctx.dataDir, stored));
      if (sha256(bytes) !== stored.sha256) throw new AppError(AppErrorCode.INVALID_STATE, CaseFileMessages.EXPORT_PART_DAMAGED(path));
      return bytes;
    },
  };
}

const EXTENSIONS: Record<string, string> = {
  "application/pdf": "pdf",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "docx",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "xlsx",
  "image/png": "png",
  "image/jpeg": "jpg",
};

/**
 * Everything in the package of a closed (handed-over, destroyed) file the actor may read, with the manifest and
 * SHA256SUMS computed; document bytes are loaded later, one part at a time, by whoever writes the package.
 */
function planCaseFilePackage(ctx: ServiceContext, caseFileId: number): PackagePlan {
  const db = ctx.db;
  const file = findVisibleCaseFile(db, ctx.actor, caseFileId);
  if (!mayExportCaseFile(file)) throw new AppError(AppErrorCode.INVALID_STATE, CaseFileMessages.EXPORT_NOT_CLOSED);
  const now = nowOf(ctx);
  const { organId, name: organName } = organIdOf(db, file.organizationId);
  const rows = filedDocumentRows(db, file.id);
  const info = describeFiledDocuments(db, rows);
  const parts: PackagePart[] = [];
  const documents = rows.map((r) => {
    const d = info.get(refKey(r.kind, r.documentId));
    const ordinal = String(r.ordinal).padStart(3, "0");
    let path: string | null = null;
    const stored = d?.fileId ? getFileRow(db, d.fileId) : undefined;
    if (stored) {
      path = `documents/${ordinal}-${r.kind}-${r.documentId}.${EXTENSIONS[stored.mimeType] ?? "bin"}`;
      parts.push(storedPart(ctx, path, stored));
    }
    const [codeNumber, codeNotation] = splitNumberSymbol(d?.numberSymbol ?? "");
    return {
      // Phụ lục VI / Thông tư 01/2019 elements of a document in a file.
      DocCode: formatDocumentCode(file.fileCode, r.ordinal),
      FileCode: file.fileCode,
      DocOrdinal: r.ordinal,
      Direction: r.kind,
      DocumentId: r.documentId,
      TypeName: d?.typeName ?? "",
      CodeNumber: codeNumber,
      CodeNotation: codeNotation,
      IssuedDate: d?.issuedDate ?? null,
      OrganName: d?.issuerName ?? "",
      Subject: d?.summary ?? "",
      Language: file.language,
      PageAmount: d?.pageCount ?? null,
      SignerInfo: d?.signerName || d?.signerTitle ? { Position: d?.signerTitle ?? "", FullName: d?.signerName ?? "" } : null,
      ...(d?.evidenceOf ? { EvidenceOf: d.evidenceOf } : {}),
      File: path,
      FileSha256: stored?.sha256 ?? null,
    };
  });
  const creator = db.select({ name: users.fullName }).from(users).where(eq(users.id, file.creatorId)).get()?.name ?? "";
  const destruction = file.destructionId ? db.select().from(caseFileDestructions).where(eq(caseFileDestructions.id, file.destructionId)).get() : undefined;
  const metadata = {
    format: PACKAGE_FORMAT,
    standard: "Thông tư 01/2019/TT-BNV; Nghị định 30/2020/NĐ-CP Phụ lục VI",
    exportedAt: formatIsoOffset(now),
    file: {
      FileCode: file.fileCode,
      OrganId: organId,
      OrganName: organName,
      FileCatalog: file.year,
      FileNotation: file.fileNotation,
      Title: file.title,
      Maintenance: formatRetention(file),
      Rights: file.access === "open" ? "Sử dụng rộng rãi trong cơ quan" : "Hạn chế sử dụng",
      Language: file.language,
      StartDate: file.startDate,
      EndDate: file.endDate,
      DocTotal: rows.length,
      PageTotal: file.pageCount,
      Creator: creator,
      AdHoc: file.adHoc,
      Status: file.status,
      Description: file.note,
      ...(destruction
        ? {
            Destruction: {
              DecisionNumber: destruction.decisionNumber,
              DecisionDate: destruction.decisionDate,
              Signer: destruction.signerName,
              Basis: destruction.basis,
              Reason: destruction.reason,
            },
          }
        : {}),
    },
    documents,
  };
  const entityClauses = [and(eq(auditEvents.entityType, CASE_FILE_ENTITY), eq(auditEvents.entityId, String(file.id)))];
  const idsOf = (kind: string) => rows.filter((r) => r.kind === kind).map((r) => String(r.documentId));
  const inIds = idsOf("incoming");
  const outIds = idsOf("outgoing");
  const taskIds = [
    ...new Set(
      rows
        .flatMap((r) => (r.kind === "evidence" ? [info.get(refKey(r.kind, r.documentId))?.evidenceOf?.TaskId] : []))
        .filter((id): id is number => typeof id === "number")
        .map(String),
    ),
  ];
  if (inIds.length) entityClauses.push(and(eq(auditEvents.entityType, INCOMING_ENTITY), inArray(auditEvents.entityId, inIds)));
  if (outIds.length) entityClauses.push(and(eq(auditEvents.entityType, OUTGOING_ENTITY), inArray(auditEvents.entityId, outIds)));
  if (taskIds.length) entityClauses.push(and(eq(auditEvents.entityType, PLAN_TASK_ENTITY), inArray(auditEvents.entityId, taskIds)));
  const trail = db
    .select({ e: auditEvents, actorName: users.fullName })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .where(or(...entityClauses))
    .orderBy(asc(auditEvents.id))
    .all()
    .map(({ e, actorName }) => ({
      id: e.id,
      at: formatIsoOffset(e.at),
      actor: actorName ?? null,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      fromState: e.fromState,
      toState: e.toState,
      comment: e.comment,
      detail: e.detail ? JSON.parse(e.detail) : null,
      prevHash: e.prevHash,
      hash: e.hash,
    }));
  parts.push(inMemory("metadata.json", enc(metadata)));
  parts.push(inMemory("audit-trail.json", enc({ fileCode: file.fileCode, events: trail })));
  parts.push(inMemory("README.txt", new TextEncoder().encode(README(file.fileCode))));
  parts.sort((a, b) => a.path.localeCompare(b.path));
  const listed = parts.map(({ path, sha256, size }) => ({ path, sha256, size }));
  const manifest = enc({ format: PACKAGE_FORMAT, algorithm: "SHA-256", fileCode: file.fileCode, createdAt: formatIsoOffset(now), parts: listed });
  const sums = new TextEncoder().encode(listed.map((p) => `${p.sha256}  ${p.path}\n`).join(""));
  return { caseFileId: file.id, fileCode: file.fileCode, parts, manifest, sums, createdAt: now };
}

const enc = (v: unknown) => new TextEncoder().encode(`${JSON.stringify(v, null, 2)}\n`);

function auditExport(ctx: ServiceContext, plan: PackagePlan, format: "directory" | "zip"): void {
  writeTransaction(ctx.db, (tx) =>
    appendAuditEvent(tx, {
      at: plan.createdAt,
      ...auditActorOf(ctx),
      action: "casefile.export",
      entityType: CASE_FILE_ENTITY,
      entityId: plan.caseFileId,
      detail: { format, parts: plan.parts.length, manifestSha256: sha256(plan.manifest) },
    }),
  );
}

/** Writes the package of a closed (or handed-over) file into an empty directory; audited as casefile.export. */
export function exportCaseFilePackage(ctx: ServiceContext, options: { caseFileId: number; outDir: string }): ExportedPackage {
  const plan = planCaseFilePackage(ctx, options.caseFileId);
  if (existsSync(options.outDir) && readdirSync(options.outDir).length > 0)
    throw new AppError(AppErrorCode.VALIDATION, CaseFileMessages.EXPORT_DIR_NOT_EMPTY(options.outDir));
  mkdirSync(join(options.outDir, "documents"), { recursive: true });
  for (const part of plan.parts) writeFileSync(join(options.outDir, part.path), part.load());
  writeFileSync(join(options.outDir, MANIFEST_NAME), plan.manifest);
  writeFileSync(join(options.outDir, SUMS_NAME), plan.sums);
  auditExport(ctx, plan, "directory");
  return { out: options.outDir, parts: plan.parts.length, fileCode: plan.fileCode };
}

export type CaseFilePackageZip = { fileName: string; fileCode: string; parts: number; stream: ReadableStream<Uint8Array> };

/**
 * The same package as one ZIP, streamed part by part (web download): unzipped, it is exactly the directory
 * exportCaseFilePackage writes and passes verifyCaseFilePackage. Audited as casefile.export (format "zip") when the
 * download starts.
 */
export function openCaseFilePackageZip(ctx: ServiceContext, options: { caseFileId: number }): CaseFilePackageZip {
  const plan = planCaseFilePackage(ctx, options.caseFileId);
  auditExport(ctx, plan, "zip");
  const sources: ZipSource[] = [
    { path: "documents/", directory: true },
    ...plan.parts.map((part): ZipSource => ({ path: part.path, load: part.load })),
    { path: MANIFEST_NAME, load: () => plan.manifest },
    { path: SUMS_NAME, load: () => plan.sums },
  ];
  return {
    fileName: `ho-so-${plan.fileCode}.zip`,
    fileCode: plan.fileCode,
    parts: plan.parts.length,
    stream: zipStream(sources, { modifiedAt: plan.createdAt }),
  };
}

/** "12/QĐ-UBND" → ["12", "QĐ-UBND"]; text without a number stays as the notation. */
function splitNumberSymbol(numberSymbol: string): [string, string] {
  const m = /^\s*([0-9]+[a-zA-Z]?)\s*\/\s*(.+)$/.exec(numberSymbol);
  return m ? [m[1], m[2].trim()] : ["", numberSymbol.trim()];
}

export type VerifyProblem = { part: string; problem: "altered" | "missing" | "unlisted" };
export type VerifyResult = { ok: boolean; fileCode: string | null; parts: number; problems: VerifyProblem[] };

function walk(dir: string, root = dir): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full, root));
    else out.push(relative(root, full).split(sep).join("/"));
  }
  return out;
}

/** Offline verification: no database, only the package. A missing or unreadable manifest is itself a problem. */
export function verifyCaseFilePackage(dir: string): VerifyResult {
  let manifest: { fileCode?: string; parts?: Array<{ path: string; sha256: string; size: number }> };
  try {
    manifest = JSON.parse(readFileSync(join(dir, MANIFEST_NAME), "utf8"));
  } catch {
    return { ok: false, fileCode: null, parts: 0, problems: [{ part: MANIFEST_NAME, problem: existsSync(join(dir, MANIFEST_NAME)) ? "altered" : "missing" }] };
  }
  const listed = Array.isArray(manifest.parts) ? manifest.parts : [];
  const problems: VerifyProblem[] = [];
  for (const part of listed) {
    const path = join(dir, part.path);
    if (part.path.includes("..") || !existsSync(path)) {
      problems.push({ part: part.path, problem: "missing" });
      continue;
    }
    const bytes = readFileSync(path);
    if (bytes.byteLength !== part.size || sha256(bytes) !== part.sha256) problems.push({ part: part.path, problem: "altered" });
  }
  const known = new Set([...listed.map((p) => p.path), MANIFEST_NAME, SUMS_NAME]);
  for (const path of existsSync(dir) ? walk(dir) : []) if (!known.has(path)) problems.push({ part: path, problem: "unlisted" });
  return { ok: problems.length === 0 && listed.length > 0, fileCode: manifest.fileCode ?? null, parts: listed.length, problems };
}
