// Case files and the archive (issue 17): danh mục import, open, add, close, export and offline verify.
// JSON on stdout; expected failures as {"error": "..."} on stderr with exit 1 (scripts/cli.ts).
import { readFile } from "node:fs/promises";
import { basename, resolve } from "node:path";
import {
  addDocumentsToCaseFile,
  approveCaseFileList,
  closeCaseFile,
  copyCaseFileList,
  exportCaseFilePackage,
  importCaseFileList,
  openCaseFile,
  verifyCaseFilePackage,
} from "#app/features/casefiles/index";
import { isAppError } from "#app/utils/errors";
import { CliError, optionalOption, requireOption, type CliCommand } from "../cli-types";

function intOption(args: Parameters<CliCommand["run"]>[0], name: string): number {
  const raw = requireOption(args, name);
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new CliError(`Tham số --${name} phải là số nguyên dương`);
  return n;
}

/** Service errors become CLI errors (their Vietnamese message, exit 1). */
async function service<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (error) {
    if (isAppError(error)) throw new CliError(error.message);
    throw error;
  }
}

export const commands: Record<string, CliCommand> = {
  "casefile:list-import": {
    description: "Nhập danh mục hồ sơ của năm (CSV/XLSX, các cột theo Phụ lục V Nghị định 30)",
    usage: "casefile:list-import --as USERNAME --file F --year Y",
    async run(args, ctx) {
      const file = requireOption(args, "file");
      const year = intOption(args, "year");
      const sctx = await ctx.as(requireOption(args, "as"));
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(file));
      } catch {
        throw new CliError(`Không đọc được tệp "${file}"`);
      }
      const result = await service(() => importCaseFileList(sctx, { year, bytes, originalName: basename(file) }));
      return { entries: result.entries, headings: result.headings, listId: result.listId, year: result.year };
    },
  },
  "casefile:list-copy": {
    description: "Lập danh mục hồ sơ năm mới từ danh mục năm trước",
    usage: "casefile:list-copy --as USERNAME --from YEAR --year YEAR",
    async run(args, ctx) {
      const sctx = await ctx.as(requireOption(args, "as"));
      const result = await service(() => copyCaseFileList(sctx, { fromYear: intOption(args, "from"), toYear: intOption(args, "year") }));
      return { entries: result.entries, headings: result.headings, listId: result.listId, year: result.year };
    },
  },
  "casefile:list-approve": {
    description: "Duyệt danh mục hồ sơ của năm (lãnh đạo cơ quan)",
    usage: "casefile:list-approve --as USERNAME --year Y",
    async run(args, ctx) {
      const sctx = await ctx.as(requireOption(args, "as"));
      return service(() => approveCaseFileList(sctx, { year: intOption(args, "year") }));
    },
  },
  "casefile:open": {
    description: "Mở hồ sơ theo danh mục (hoặc ngoài danh mục với --title và --retention)",
    usage: "casefile:open --as USERNAME --year Y --code CODE [--title T --retention \"10 năm\"|\"Vĩnh viễn\"]",
    async run(args, ctx) {
      const sctx = await ctx.as(requireOption(args, "as"));
      const opened = await service(() =>
        openCaseFile(sctx, { year: intOption(args, "year"), code: requireOption(args, "code"), title: optionalOption(args, "title"), retention: optionalOption(args, "retention") }),
      );
      return { id: opened.id, fileCode: opened.fileCode, adHoc: opened.adHoc };
    },
  },
  "casefile:add": {
    description: "Đưa văn bản đến (--incoming) hoặc văn bản đi (--outgoing) vào hồ sơ",
    usage: "casefile:add --as USERNAME --id ID (--incoming DOC | --outgoing DOC)",
    async run(args, ctx) {
      const incoming = optionalOption(args, "incoming");
      const outgoing = optionalOption(args, "outgoing");
      if ((incoming === undefined) === (outgoing === undefined)) throw new CliError("Chọn đúng một trong --incoming DOC hoặc --outgoing DOC");
      const kind = incoming !== undefined ? "incoming" : "outgoing";
      const documentId = intOption(args, kind);
      const caseFileId = intOption(args, "id");
      const sctx = await ctx.as(requireOption(args, "as"));
      const result = await service(() => addDocumentsToCaseFile(sctx, { caseFileId, documents: [{ kind, documentId }] }));
      return { order: result.added[0].order };
    },
  },
  "casefile:close": {
    description: "Kết thúc hồ sơ (nội dung hồ sơ không thay đổi được nữa)",
    usage: "casefile:close --as USERNAME --id ID",
    async run(args, ctx) {
      const caseFileId = intOption(args, "id");
      const sctx = await ctx.as(requireOption(args, "as"));
      return service(() => closeCaseFile(sctx, { caseFileId }));
    },
  },
  "casefile:export": {
    description: "Xuất gói lưu trữ của hồ sơ (PDF, metadata, nhật ký, manifest SHA-256) vào một thư mục trống",
    usage: "casefile:export --as USERNAME --id ID --out DIR",
    async run(args, ctx) {
      const caseFileId = intOption(args, "id");
      const out = resolve(requireOption(args, "out"));
      const sctx = await ctx.as(requireOption(args, "as"));
      const result = await service(() => exportCaseFilePackage(sctx, { caseFileId, outDir: out }));
      return { out: result.out, parts: result.parts, fileCode: result.fileCode };
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
        const named = result.problems.map((p) => `${p.part} (${p.problem === "altered" ? "bị thay đổi" : p.problem === "missing" ? "bị thiếu" : "không có trong manifest"})`);
        throw new CliError(`Gói không toàn vẹn: ${named.join("; ") || "manifest không có phần nào"}`);
      }
      return { ok: true, fileCode: result.fileCode, parts: result.parts };
    },
  },
};
