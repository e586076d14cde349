// edXML exchange (QCVN 102:2016) and document lists: `edxml:import`, `edxml:export`, `edxml:peer:add`,
// `edxml:org:add`, `edxml:dispatch`, `outgoing:list`, `incoming:list`. JSON on stdout (issue 12 §7).
import { readFile, writeFile, rename } from "node:fs/promises";
import { resolve } from "node:path";
import type { Db } from "#db/client";
import { exportEdxmlForCli, importEdxmlForCli, listIncomingForCli, listOutgoingForCli } from "#app/features/exchange/cli.server";
import { addDirectoryOrganization, upsertEdxmlPeer } from "#app/features/exchange/peers.server";
import { runEdxmlDispatcherOnce } from "#app/features/exchange/dispatcher.server";
import { closeUntrustedPool } from "#app/platform/untrusted/pool.server";
import { searchOutgoingDocuments } from "#app/features/outgoing/index";
import { listIncomingDocuments } from "#app/features/incoming/index";
import { CliError, mapAppErrors, optionalOption, requireOption, type CliArgs, type CliCommand, type CliContext } from "../cli-types";

function actorOf(args: CliArgs, ctx: CliContext) {
  return ctx.as(requireOption(args, "as"));
}

const STATUSES = (db: Db, table: "incoming_documents" | "outgoing_documents") =>
  (db.$client.prepare(`select distinct status from ${table}`).all() as Array<{ status: string }>).map((r) => r.status);

export const commands: Record<string, CliCommand> = {
  "edxml:import": {
    description: "Nhận một gói tin edXML (văn bản, thu hồi, cập nhật, trạng thái) vào cơ quan của người dùng",
    usage: "edxml:import --as USERNAME FILE.edxml",
    async run(args, ctx) {
      const file = args.positionals[0];
      if (!file) throw new CliError("Thiếu tệp gói tin: edxml:import --as USERNAME FILE");
      const deps = await actorOf(args, ctx);
      let bytes: Uint8Array;
      try {
        bytes = new Uint8Array(await readFile(file));
      } catch {
        throw new CliError(`Không đọc được tệp "${file}"`);
      }
      try {
        return await mapAppErrors(() => importEdxmlForCli(deps, bytes));
      } finally {
        await closeUntrustedPool();
      }
    },
  },
  "edxml:export": {
    description: "Xuất gói tin edXML (ký số XML bằng chứng thư của cơ quan) của văn bản đi đã phát hành",
    usage: "edxml:export --as USERNAME --document ID --to ORGANID --out FILE [--passphrase PW]",
    async run(args, ctx) {
      const deps = await actorOf(args, ctx);
      const id = Number(requireOption(args, "document"));
      if (!Number.isInteger(id) || id < 1) throw new CliError("--document phải là số");
      const out = resolve(requireOption(args, "out"));
      const { xml, documentId } = await mapAppErrors(() =>
        exportEdxmlForCli(deps, { documentId: id, toOrganId: requireOption(args, "to"), passphrase: optionalOption(args, "passphrase") }),
      );
      const temp = `${out}.tmp-${process.pid}`;
      await writeFile(temp, xml, "utf8");
      await rename(temp, out);
      return { out, documentId };
    },
  },
  "outgoing:list": {
    description: "Danh sách văn bản đi người dùng được xem",
    usage: "outgoing:list --as USERNAME [--status S] [--q TEXT]",
    async run(args, ctx) {
      const deps = await actorOf(args, ctx);
      const status = optionalOption(args, "status");
      if (status && !["draft", "dept_review", "office_review", "leader_review", "signed", "issued", "recalled"].includes(status))
        throw new CliError(`Trạng thái "${status}" không hợp lệ (có: ${STATUSES(deps.db, "outgoing_documents").join(", ")})`);
      const q = optionalOption(args, "q");
      // --q: accent-free full-text search (issue 16 §6), the same folding as the page's search box.
      if (q !== undefined) return searchOutgoingDocuments(deps, { q, status: (status as never) ?? null, limit: 1000 }).items;
      return listOutgoingForCli(deps, status);
    },
  },
  "incoming:list": {
    description: "Danh sách văn bản đến người dùng được xem",
    usage: "incoming:list --as USERNAME [--status S] [--q TEXT]",
    async run(args, ctx) {
      const deps = await actorOf(args, ctx);
      const status = optionalOption(args, "status");
      if (status && !["received", "registered", "awaiting_routing", "awaiting_direction", "in_progress", "completed", "returned"].includes(status))
        throw new CliError(`Trạng thái "${status}" không hợp lệ`);
      const q = optionalOption(args, "q");
      if (q !== undefined) {
        // --q: the list page's accent-free full-text search, every page of it.
        const items = [];
        let cursor: string | null = null;
        do {
          const page = listIncomingDocuments(deps, { q, status: (status as never) ?? null, cursor, limit: 100 });
          items.push(
            ...page.items.map((i) => ({
              id: i.id,
              numberSymbol: i.numberSymbol,
              status: i.status,
              summary: i.summary,
              issuerName: i.issuerName,
              issuedDate: i.issuedDate,
              arrivalNumber: i.arrivalNumber,
              urgency: i.urgency,
            })),
          );
          cursor = page.nextCursor;
        } while (cursor && items.length < 10_000);
        return items;
      }
      return listIncomingForCli(deps, status);
    },
  },
  "edxml:peer:add": {
    description: "Thêm/cập nhật kết nối edXML: HTTP (URL + mã xác thực dùng chung) hoặc thư mục trao đổi",
    usage: "edxml:peer:add --name N (--url URL --token T | --dir DIR)",
    async run(args, ctx) {
      const { db } = await ctx.system();
      const url = optionalOption(args, "url");
      const dir = optionalOption(args, "dir");
      if (!url === !dir) throw new CliError("Chọn một trong --url (HTTP) hoặc --dir (thư mục)");
      const peer = await mapAppErrors(() =>
        upsertEdxmlPeer(db, {
          name: requireOption(args, "name"),
          transport: url ? "http" : "directory",
          url: url ?? null,
          directory: dir ? resolve(dir) : null,
          token: optionalOption(args, "token") ?? null,
        }),
      );
      return { id: peer.id, name: peer.name, transport: peer.transport, url: peer.url, directory: peer.directory };
    },
  },
  "edxml:org:add": {
    description: "Thêm cơ quan (mã định danh) vào danh bạ: do hệ thống này quản lý, hoặc ở hệ thống khác (--peer)",
    usage:
      'edxml:org:add --organ-id 000.00.00.H05 --name "UBND tỉnh …" [--peer NAME] [--abbreviation UBND] [--place "…"] [--kind province|department|commune] [--heading "…"]',
    async run(args, ctx) {
      const { db } = await ctx.system();
      const kind = optionalOption(args, "kind") ?? "province";
      if (!["province", "department", "commune"].includes(kind)) throw new CliError("--kind: province, department hoặc commune");
      return mapAppErrors(() =>
        addDirectoryOrganization(db, {
          organId: requireOption(args, "organ-id"),
          name: requireOption(args, "name"),
          kind: kind as "province",
          abbreviation: optionalOption(args, "abbreviation"),
          placeName: optionalOption(args, "place") ?? null,
          parentHeading: optionalOption(args, "heading") ?? null,
          peerName: optionalOption(args, "peer") ?? null,
        }),
      );
    },
  },
  "edxml:dispatch": {
    description: "Chạy một lượt gửi/nhận edXML ngay (trạng thái, thư mục trao đổi, gói tin đến hạn gửi)",
    usage: "edxml:dispatch",
    async run(_args, ctx) {
      const system = await ctx.system();
      try {
        return await runEdxmlDispatcherOnce(system);
      } finally {
        await closeUntrustedPool();
      }
    },
  },
};
