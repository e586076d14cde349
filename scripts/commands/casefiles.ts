// Case files and the archive (issue 17): danh mục import, open, add, edit, close, nộp lưu, export and offline
// verify, the retention review and destruction decisions.
// JSON on stdout; expected failures as {"error": "..."} on stderr with exit 1 (scripts/cli.ts).
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import {
  addDocumentsToCaseFile,
  approveCaseFileList,
  closeCaseFile,
  copyCaseFileList,
  destroyCaseFiles,
  exportCaseFilePackage,
  HANDOVER_PARTS,
  handOverCaseFiles,
  importCaseFileList,
  listCaseFilesDueForReview,
  openCaseFile,
  readHandoverPart,
  updateCaseFile,
  verifyCaseFilePackage,
} from "#app/features/casefiles/index";
import { parseVnDate } from "#app/domain/shared/form-input";
import { findUserByUsername } from "#app/platform/users.server";
import { CliError, mapAppErrors, optionalOption, positiveIntOption, requireOption, type CliCommand } from "../cli-types";

/** "1,2,3" → [1, 2, 3]: positive integers, at least one. */
function idsOption(args: Parameters<CliCommand["run"]>[0], name: string): number[] {
  const raw = requireOption(args, name);
  const ids = raw
    .split(",")
    .map((p) => p.trim())
    .filter(Boolean)
    .map(Number);
  if (ids.length === 0 || ids.some((n) => !Number.isInteger(n) || n <= 0))
    throw new CliError(`Tham số --${name} phải là danh sách số nguyên dương, ví dụ 1,2,3`);
  return ids;
}

/** A date option as ISO: YYYY-MM-DD (dd/mm/yyyy also accepted, as in the forms). */
function parseDateOption(name: string, value: string): string {
  const parsed = parseVnDate(value);
  if (!parsed.ok) throw new CliError(`Tham số --${name}: ${parsed.error}`);
  return parsed.value;
}

function optionalDateOption(args: Parameters<CliCommand["run"]>[0], name: string): string | undefined {
  const value = optionalOption(args, name);
  return value === undefined ? undefined : parseDateOption(name, value);
}

export const commands: Record<string, CliCommand> = {
  "casefile:list-import": {
    description: "Nhập danh mục hồ sơ của năm (CSV/XLSX, các cột theo Phụ lục V Nghị định 30)",
    usage: "casefile:list-import --as USERNAME --file F --year Y",
    async run(args, ctx) {
      const file = requireOption(args, "file");
      const year = positiveIntOption(args, "year");
      const sctx = await ctx.as(requireOption(args, "as"));
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(file));
      } catch {
        throw new CliError(`Không đọc được tệp "${file}"`);
      }
      const result = await mapAppErrors(() => importCaseFileList(sctx, { year, bytes, originalName: basename(file) }));
      return { entries: result.entries, headings: result.headings, listId: result.listId, year: result.year };
    },
  },
  "casefile:list-copy": {
    description: "Lập danh mục hồ sơ năm mới từ danh mục năm trước",
    usage: "casefile:list-copy --as USERNAME --from YEAR --year YEAR",
    async run(args, ctx) {
      const sctx = await ctx.as(requireOption(args, "as"));
      const result = await mapAppErrors(() => copyCaseFileList(sctx, { fromYear: positiveIntOption(args, "from"), toYear: positiveIntOption(args, "year") }));
      return { entries: result.entries, headings: result.headings, listId: result.listId, year: result.year };
    },
  },
  "casefile:list-approve": {
    description: "Duyệt danh mục hồ sơ của năm (lãnh đạo cơ quan)",
    usage: "casefile:list-approve --as USERNAME --year Y",
    async run(args, ctx) {
      const sctx = await ctx.as(requireOption(args, "as"));
      return mapAppErrors(() => approveCaseFileList(sctx, { year: positiveIntOption(args, "year") }));
    },
  },
  "casefile:open": {
    description: "Mở hồ sơ theo danh mục (hoặc ngoài danh mục với --title và --retention)",
    usage: 'casefile:open --as USERNAME --year Y --code CODE [--title T --retention "10 năm"|"Vĩnh viễn"]',
    async run(args, ctx) {
      const sctx = await ctx.as(requireOption(args, "as"));
      const opened = await mapAppErrors(() =>
        openCaseFile(sctx, {
          year: positiveIntOption(args, "year"),
          code: requireOption(args, "code"),
          title: optionalOption(args, "title"),
          retention: optionalOption(args, "retention"),
        }),
      );
      return { id: opened.id, fileCode: opened.fileCode, adHoc: opened.adHoc };
    },
  },
  "casefile:add": {
    description: "Đưa văn bản đến (--incoming), văn bản đi (--outgoing) hoặc minh chứng nhiệm vụ (--evidence) vào hồ sơ",
    usage: "casefile:add --as USERNAME --id ID (--incoming DOC | --outgoing DOC | --evidence ID)",
    async run(args, ctx) {
      const incoming = optionalOption(args, "incoming");
      const outgoing = optionalOption(args, "outgoing");
      const evidence = optionalOption(args, "evidence");
      const given = [incoming, outgoing, evidence].filter((v) => v !== undefined).length;
      if (given !== 1) throw new CliError("Chọn đúng một trong --incoming DOC, --outgoing DOC hoặc --evidence ID (minh chứng nhiệm vụ)");
      const kind = incoming !== undefined ? "incoming" : outgoing !== undefined ? "outgoing" : "evidence";
      const documentId = positiveIntOption(args, kind);
      const caseFileId = positiveIntOption(args, "id");
      const sctx = await ctx.as(requireOption(args, "as"));
      const result = await mapAppErrors(() => addDocumentsToCaseFile(sctx, { caseFileId, documents: [{ kind, documentId }] }));
      return { order: result.added[0].order };
    },
  },
  "casefile:edit": {
    description: "Sửa thông tin hồ sơ đang lập (tiêu đề, chế độ sử dụng, ghi chú; thời hạn bảo quản của hồ sơ ngoài danh mục)",
    usage: 'casefile:edit --as USERNAME --id ID [--title T] [--access open|restricted] [--note N] [--retention "10 năm"|"Vĩnh viễn"]',
    async run(args, ctx) {
      const caseFileId = positiveIntOption(args, "id");
      const access = optionalOption(args, "access");
      if (access !== undefined && access !== "open" && access !== "restricted") throw new CliError("Tham số --access phải là open hoặc restricted");
      const sctx = await ctx.as(requireOption(args, "as"));
      return mapAppErrors(() =>
        updateCaseFile(sctx, {
          caseFileId,
          title: optionalOption(args, "title"),
          access,
          note: optionalOption(args, "note"),
          retention: optionalOption(args, "retention"),
        }),
      );
    },
  },
  "casefile:close": {
    description: "Kết thúc hồ sơ (nội dung hồ sơ không thay đổi được nữa)",
    usage: "casefile:close --as USERNAME --id ID",
    async run(args, ctx) {
      const caseFileId = positiveIntOption(args, "id");
      const sctx = await ctx.as(requireOption(args, "as"));
      return mapAppErrors(() => closeCaseFile(sctx, { caseFileId }));
    },
  },
  "casefile:export": {
    description: "Xuất gói lưu trữ của hồ sơ (PDF, metadata, nhật ký, manifest SHA-256) vào một thư mục trống",
    usage: "casefile:export --as USERNAME --id ID --out DIR",
    async run(args, ctx) {
      const caseFileId = positiveIntOption(args, "id");
      const out = resolve(requireOption(args, "out"));
      const sctx = await ctx.as(requireOption(args, "as"));
      const result = await mapAppErrors(() => exportCaseFilePackage(sctx, { caseFileId, outDir: out }));
      return { out: result.out, parts: result.parts, fileCode: result.fileCode };
    },
  },
  "casefile:handover": {
    description: "Nhận nộp lưu các hồ sơ đã kết thúc vào Lưu trữ cơ quan: lập Biên bản giao nhận và Mục lục hồ sơ nộp lưu (PDF, XLSX)",
    usage: "casefile:handover --as USERNAME --ids 1,2,3 [--deliverer USERNAME] [--note N] [--out DIR]",
    async run(args, ctx) {
      const ids = idsOption(args, "ids");
      const out = optionalOption(args, "out");
      const sctx = await ctx.as(requireOption(args, "as"));
      // Bên giao: the named user, else (the service decides) the one person who formed every file.
      const delivererName = optionalOption(args, "deliverer");
      let delivererUserId: number | undefined;
      if (delivererName !== undefined) {
        const user = findUserByUsername(sctx.db, delivererName);
        if (!user) throw new CliError(`Không có người dùng "${delivererName}"`);
        delivererUserId = user.id;
      }
      const result = await mapAppErrors(() => handOverCaseFiles(sctx, { caseFileIds: ids, delivererUserId, note: optionalOption(args, "note") }));
      const parts = HANDOVER_PARTS.map((part) => {
        const file = readHandoverPart(sctx, { handoverId: result.handoverId, part });
        if (!out) return { part, fileName: file.fileName, bytes: file.bytes.byteLength };
        const dir = resolve(out);
        mkdirSync(dir, { recursive: true });
        const path = join(dir, file.fileName);
        if (existsSync(path)) throw new CliError(`Tệp "${path}" đã có; chọn thư mục khác (biên bản đã lập, mã ${result.handoverId})`);
        writeFileSync(path, file.bytes);
        return { part, fileName: file.fileName, bytes: file.bytes.byteLength, path };
      });
      return { handoverId: result.handoverId, files: result.files, parts };
    },
  },
  "casefile:retention-due": {
    description: "Danh sách hồ sơ đến hạn xem xét hủy (hết thời hạn bảo quản; không bao giờ gồm hồ sơ vĩnh viễn)",
    usage: "casefile:retention-due --as USERNAME [--date YYYY-MM-DD]",
    async run(args, ctx) {
      const today = optionalDateOption(args, "date");
      const sctx = await ctx.as(requireOption(args, "as"));
      const files = await mapAppErrors(() => listCaseFilesDueForReview(sctx, { today }));
      return {
        files: files.map((f) => ({
          id: f.id,
          fileCode: f.fileCode,
          title: f.title,
          status: f.status,
          retention: f.retentionText,
          startDate: f.startDate,
          endDate: f.endDate,
          reviewDate: f.reviewDate,
        })),
      };
    },
  },
  "casefile:destroy": {
    description: "Ghi nhận quyết định hủy hồ sơ hết giá trị (hồ sơ chuyển trạng thái “đã hủy”, văn bản và nhật ký vẫn giữ)",
    usage:
      'casefile:destroy --as USERNAME --id ID[,ID…] --decision-number "15/QĐ-UBND" --decision-date YYYY-MM-DD --reason "…" [--signer "Họ tên, chức vụ"] [--basis "Căn cứ …"]',
    async run(args, ctx) {
      const caseFileIds = idsOption(args, "id");
      const decisionDate = parseDateOption("decision-date", requireOption(args, "decision-date"));
      const decisionNumber = requireOption(args, "decision-number");
      const reason = requireOption(args, "reason");
      const sctx = await ctx.as(requireOption(args, "as"));
      return mapAppErrors(() =>
        destroyCaseFiles(sctx, {
          caseFileIds,
          decisionNumber,
          decisionDate,
          reason,
          signerName: optionalOption(args, "signer"),
          basis: optionalOption(args, "basis"),
        }),
      );
    },
  },
  "casefile:verify": {
    description: "Kiểm tra gói lưu trữ hồ sơ (không cần cơ sở dữ liệu): mã băm SHA-256 của từng phần",
    usage: "casefile:verify DIR",
    async run(args) {
      const dir = args.positionals[0] ?? optionalOption(args, "dir");
      if (!dir) throw new CliError("Thiếu thư mục gói: casefile:verify DIR");
      const result = verifyCaseFilePackage(resolve(dir));
      if (!result.ok) {
        const named = result.problems.map(
          (p) => `${p.part} (${p.problem === "altered" ? "bị thay đổi" : p.problem === "missing" ? "bị thiếu" : "không có trong manifest"})`,
        );
        throw new CliError(`Gói không toàn vẹn: ${named.join("; ") || "manifest không có phần nào"}`);
      }
      return { ok: true, fileCode: result.fileCode, parts: result.parts };
    },
  },
};
