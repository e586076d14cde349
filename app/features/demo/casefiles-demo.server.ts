// Demo data for case files (issue 17): UBND tỉnh Cà Mau's danh mục hồ sơ for the current year, imported as the clerk
// through the real import (Phụ lục V columns), approved by the chairman, and one file opened by the clerk with the
// province's registered incoming documents filed in it. Everything through the real services.
import { and, asc, eq, isNotNull, isNull, notInArray } from "drizzle-orm";
import type { Db } from "#db/client";
import { incomingDocuments } from "#db/schema/index";
import { toVietnamDate } from "#app/domain/shared/dates";
import { loadActor } from "#app/platform/auth/actor.server";
import type { ServiceContext } from "#app/platform/context.server";
import { findUserByUsername } from "#app/platform/users.server";
import { addDocumentsToCaseFile, approveCaseFileList, importCaseFileList, openCaseFile } from "#app/features/casefiles/index";
import { toCsv } from "#app/features/demo/plans-demo.server";
import { present } from "#app/utils/errors";

export function demoCaseFileListRows(year: number): string[][] {
  return [
    [`DANH MỤC HỒ SƠ CỦA ỦY BAN NHÂN DÂN TỈNH CÀ MAU NĂM ${year}`],
    ["Số, ký hiệu hồ sơ", "Tên đề mục và tiêu đề hồ sơ", "Thời hạn bảo quản", "Đơn vị/người lập hồ sơ", "Ghi chú"],
    ["", "I. CÔNG TÁC TỔNG HỢP, CẢI CÁCH HÀNH CHÍNH", "", "", ""],
    ["01.CCHC", `Hồ sơ xây dựng và triển khai Kế hoạch cải cách hành chính năm ${year} của tỉnh Cà Mau`, "Vĩnh viễn", "Sở Nội vụ", ""],
    ["02.CCHC", `Hồ sơ kiểm tra công tác cải cách hành chính năm ${year}`, "20 năm", "Sở Nội vụ", ""],
    ["", "II. CÔNG TÁC VĂN THƯ, LƯU TRỮ", "", "", ""],
    ["01.VT", `Tập văn bản đến trao đổi về công tác văn thư năm ${year}`, "10 năm", "Văn thư", ""],
    ["02.VT", `Hồ sơ chuyển đổi số, văn phòng điện tử năm ${year}`, "20 năm", "Văn phòng UBND tỉnh", "Theo Kế hoạch chuyển đổi số"],
  ];
}

export async function seedCaseFilesDemo(db: Db, dataDir: string, now: Date): Promise<void> {
  const actorOf = (username: string) => present(loadActor(db, present(findUserByUsername(db, username), username).id), username);
  const clerk: ServiceContext = { db, dataDir, actor: actorOf("vanthu"), now: () => now };
  const chairman: ServiceContext = { db, dataDir, actor: actorOf("chutich"), now: () => now };
  const year = Number(toVietnamDate(now).slice(0, 4));
  await importCaseFileList(clerk, { year, bytes: new TextEncoder().encode(toCsv(demoCaseFileListRows(year))), originalName: `danh-muc-ho-so-${year}.csv` });
  approveCaseFileList(chairman, { year });
  const file = openCaseFile(clerk, { year, code: "01.VT" });
  const docs = db
    .select({ id: incomingDocuments.id })
    .from(incomingDocuments)
    .where(
      and(
        eq(incomingDocuments.organizationId, clerk.actor.organizationId),
        isNotNull(incomingDocuments.arrivalNumber),
        eq(incomingDocuments.isSecret, false),
        notInArray(incomingDocuments.status, ["received", "returned"]),
        isNull(incomingDocuments.recalledAt),
      ),
    )
    .orderBy(asc(incomingDocuments.id))
    .limit(3)
    .all();
  if (docs.length) addDocumentsToCaseFile(clerk, { caseFileId: file.id, documents: docs.map((d) => ({ kind: "incoming" as const, documentId: d.id })) });
}
