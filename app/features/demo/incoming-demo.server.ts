// Demo incoming documents for UBND tỉnh Cà Mau and UBND phường Tân Thành, created through the real services
// from PDFs composed here, in every state of the workflow (registered, awaiting routing and direction, in
// progress with deadlines — one overdue, one due soon —, completed, returned, a secret one, an electronic
// delivery waiting for registration). Dates are relative to `now`, so the marks stay meaningful.
import { eq } from "drizzle-orm";
import { writeTransaction, type Db } from "#db/client";
import { organizations, users } from "#db/schema/index";
import type { Actor } from "#app/platform/auth/actor";
import { addDays, toVietnamDate, vietnamInstant } from "#app/domain/shared/dates";
import { findDocumentTypeByName } from "#app/domain/shared/document-types";
import { loadActor } from "#app/platform/auth/actor.server";
import type { ServiceContext } from "#app/platform/context.server";
import { composeSampleDocumentPdf, type SampleDocumentSpec } from "#app/features/demo/sample-pdf.server";
import { insertFileRow, writeBlob } from "#app/platform/files/files.server";
import {
  completeIncomingDocument,
  delegateIncomingAssignment,
  forwardIncomingDocument,
  prepareIncomingUpload,
  recordIncomingContribution,
  registerIncomingDocument,
  returnIncomingDocument,
  routeIncomingDocuments,
  type RegisterIncomingDocumentOptions,
} from "#app/features/incoming/index";
import { nowOf } from "#app/platform/context.server";

const ISSUER_NAMES: Record<string, string> = {
  "BỘ NỘI VỤ": "Bộ Nội vụ",
  "VĂN PHÒNG CHÍNH PHỦ": "Văn phòng Chính phủ",
  "SỞ GIÁO DỤC VÀ ĐÀO TẠO": "Sở Giáo dục và Đào tạo",
  "SỞ NỘI VỤ": "Sở Nội vụ",
  "SỞ TƯ PHÁP": "Sở Tư pháp",
  "SỞ KHOA HỌC VÀ CÔNG NGHỆ": "Sở Khoa học và Công nghệ",
  "SỞ Y TẾ": "Sở Y tế",
  "ỦY BAN NHÂN DÂN TỈNH CÀ MAU": "Ủy ban nhân dân tỉnh Cà Mau",
};

type Spec = {
  issuerLines: string[];
  parentIssuer?: string;
  number: string;
  place: string;
  typeName?: string;
  summary: string;
  body: string[];
  signatureLines: string[];
  signerName: string;
};

function dateLine(place: string, iso: string): string {
  const [y, m, d] = iso.split("-").map(Number);
  return `${place}, ngày ${String(d).padStart(2, "0")} tháng ${m < 3 ? String(m).padStart(2, "0") : m} năm ${y}`;
}

function toPdfSpec(spec: Spec, issuedDate: string): SampleDocumentSpec {
  const isLetter = !spec.typeName;
  return {
    parentIssuer: spec.parentIssuer,
    issuerLines: spec.issuerLines,
    number: spec.number,
    dateLine: dateLine(spec.place, issuedDate),
    typeName: spec.typeName,
    summaryLines: isLetter ? undefined : [spec.summary],
    officialLetterSummary: isLetter ? [`V/v ${spec.summary}`] : undefined,
    body: spec.body,
    recipients: ["- Như trên;", "- Lưu: VT."],
    signatureLines: spec.signatureLines,
    signerName: spec.signerName,
  };
}

const rawAt = (now: Date, daysAgo: number, hour = 8) => vietnamInstant(toVietnamDate(new Date(now.getTime() - daysAgo * 86_400_000)), `${hour}:30`);
const at = (now: Date, daysAgo: number, hour = 8) => notAfterNow(now, rawAt(now, daysAgo, hour));

const MORNING_MS = 12 * 3600_000;

/**
 * Today's demo events happen between 08:30 and 10:00 Vietnam time. Seeded earlier in the morning they
 * would lie in the future (and registration refuses an arrival in the future), so today's morning is
 * compressed into the time elapsed since midnight: same order, all before `now`, still today.
 */
export function notAfterNow(now: Date, t: Date): Date {
  const midnight = vietnamInstant(toVietnamDate(now)).getTime();
  const elapsed = now.getTime() - midnight;
  const offset = t.getTime() - midnight;
  if (elapsed >= MORNING_MS || offset < 0 || offset >= MORNING_MS) return t;
  return new Date(midnight + Math.floor((offset * elapsed) / MORNING_MS));
}

function actorOf(db: Db, username: string): Actor {
  const user = db.select({ id: users.id }).from(users).where(eq(users.username, username)).get();
  const actor = user ? loadActor(db, user.id) : null;
  if (!actor) throw new Error(`Demo account missing: ${username}`);
  return actor;
}

function unitId(db: Db, name: string, organizationId: number): number {
  const rows = db.select({ id: organizations.id, parentId: organizations.parentId }).from(organizations).where(eq(organizations.name, name)).all();
  const hit = rows.find((r) => r.parentId === organizationId) ?? rows.find((r) => r.parentId != null);
  if (!hit) throw new Error(`Demo unit missing: ${name}`);
  // Units may sit under the office ("Văn phòng UBND tỉnh > Phòng Kinh tế"): accept any unit of that name
  // inside the organisation by walking up.
  return hit.id;
}

function unitInside(db: Db, name: string, organizationId: number): number {
  const rows = db.select({ id: organizations.id, parentId: organizations.parentId }).from(organizations).where(eq(organizations.name, name)).all();
  for (const row of rows) {
    let parent = row.parentId;
    for (let depth = 0; parent && depth < 32; depth++) {
      if (parent === organizationId) return row.id;
      parent = db.select({ parentId: organizations.parentId }).from(organizations).where(eq(organizations.id, parent)).get()?.parentId ?? null;
    }
  }
  return unitId(db, name, organizationId);
}

export async function seedIncomingDemo(db: Db, dataDir: string, now: Date): Promise<number> {
  const ctxAt = (actor: Actor, when: Date): ServiceContext => ({ db, actor, dataDir, now: () => when });
  const clerk = actorOf(db, "vanthu");
  const officeLead = actorOf(db, "chanhvanphong");
  const leader = actorOf(db, "chutich");
  const deptLead = actorOf(db, "truongphong");
  const specialist = actorOf(db, "chuyenvien");
  const ttClerk = actorOf(db, "vanthu.tanthanh");
  const ttOfficeLead = actorOf(db, "chanhvanphong.tanthanh");
  const ttSpecialist = actorOf(db, "chuyenvien.tanthanh");
  const provinceId = clerk.organizationId;
  const economy = unitInside(db, "Phòng Kinh tế", provinceId);
  const culture = unitInside(db, "Phòng Văn hóa - Xã hội", provinceId);
  const ttEconomy = unitInside(db, "Phòng Kinh tế", ttClerk.organizationId);
  let count = 0;

  // Reading a PDF's text costs ~0.3 s; two documents go through the real extraction, the others are
  // registered with the fields typed from their spec (as a clerk does for a scan), to keep seeding fast.
  let extractionsLeft = 2;
  async function register(
    clerkActor: Actor,
    spec: Spec,
    options: {
      daysAgo: number;
      issuedDaysBefore?: number;
      urgency?: RegisterIncomingDocumentOptions["urgency"];
      submit?: boolean;
      channel?: RegisterIncomingDocumentOptions["channel"];
    },
  ) {
    const receivedAt = at(now, options.daysAgo, 8);
    const issuedDate = addDays(toVietnamDate(receivedAt), -(options.issuedDaysBefore ?? 2));
    const ctx = ctxAt(clerkActor, notAfterNow(now, new Date(rawAt(now, options.daysAgo, 8).getTime() + 30 * 60_000)));
    const bytes = await composeSampleDocumentPdf(toPdfSpec(spec, issuedDate));
    const originalName = `${spec.number.replace(/\//g, "-")}.pdf`;
    const upload =
      extractionsLeft-- > 0
        ? await prepareIncomingUpload(ctx, { bytes, originalName })
        : storeWithoutExtraction(db, dataDir, bytes, originalName, clerkActor, nowOf(ctx));
    const registered = await registerIncomingDocument(ctx, {
      fileId: upload.fileId,
      channel: options.channel ?? "postal",
      receivedAt,
      numberSymbol: upload.fields.numberSymbol || spec.number,
      docTypeCode: upload.fields.docTypeCode || (spec.typeName ? (findDocumentTypeByName(spec.typeName)?.code ?? "CV") : "CV"),
      issuedDate: upload.fields.issuedDate || issuedDate,
      issuerName: ISSUER_NAMES[spec.issuerLines.join(" ")] ?? (upload.fields.issuerName || spec.issuerLines.join(" ")),
      summary: upload.fields.summary || spec.summary,
      signerName: upload.fields.signerName || spec.signerName,
      signerTitle: upload.fields.signerTitle || null,
      pageCount: upload.pageCount,
      urgency: options.urgency ?? "normal",
      confidentiality: "normal",
      extractedFields: upload.extractedFields,
      extractedText: upload.extractedFields.length ? undefined : [spec.summary, ...spec.body].join("\n"),
      submitForRouting: options.submit ?? true,
    });
    count++;
    return { ...registered, receivedAt };
  }

  // --- UBND tỉnh Cà Mau -------------------------------------------------------------------------
  const sign = (title: string) => ["KT. BỘ TRƯỞNG", title];
  const completed = await register(
    clerk,
    {
      parentIssuer: "UBND TỈNH CÀ MAU",
      issuerLines: ["SỞ NỘI VỤ"],
      number: "215/BC-SNV",
      place: "Cà Mau",
      typeName: "BÁO CÁO",
      summary: "Kết quả công tác cải cách hành chính quý II năm 2025",
      body: [
        "Sở Nội vụ báo cáo kết quả thực hiện công tác cải cách hành chính quý II năm 2025 trên địa bàn tỉnh như sau.",
        "Tỷ lệ hồ sơ giải quyết đúng hạn đạt 98,5%; 100% cơ quan, đơn vị đã ban hành kế hoạch cải cách hành chính năm.",
      ],
      signatureLines: ["GIÁM ĐỐC"],
      signerName: "Huỳnh Quốc Việt",
    },
    { daysAgo: 20 },
  );
  routeIncomingDocuments(ctxAt(officeLead, at(now, 20, 11)), {
    documents: [{ id: completed.id }],
    main: { userId: specialist.id },
    workingDays: 7,
    note: "Nghiên cứu, tổng hợp vào báo cáo chung của UBND tỉnh.",
  });
  completeIncomingDocument(ctxAt(specialist, at(now, 16, 15)), {
    id: completed.id,
    result: "Đã tổng hợp số liệu vào Báo cáo công tác cải cách hành chính quý II của UBND tỉnh.",
  });

  const overdue = await register(
    clerk,
    {
      issuerLines: ["BỘ NỘI VỤ"],
      number: "1245/BNV-CCHC",
      place: "Hà Nội",
      summary: "Đôn đốc triển khai nhiệm vụ cải cách hành chính năm 2025",
      body: [
        "Kính gửi: Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương.",
        "Bộ Nội vụ đề nghị Ủy ban nhân dân các tỉnh đôn đốc các cơ quan, đơn vị triển khai đầy đủ nhiệm vụ cải cách hành chính năm 2025, báo cáo kết quả trước ngày 15 của tháng cuối quý.",
      ],
      signatureLines: sign("THỨ TRƯỞNG"),
      signerName: "Nguyễn Duy Thăng",
    },
    { daysAgo: 12, issuedDaysBefore: 3 },
  );
  routeIncomingDocuments(ctxAt(officeLead, at(now, 12, 10)), {
    documents: [{ id: overdue.id }],
    main: { userId: specialist.id },
    cooperating: [{ unitId: culture }],
    deadline: null,
    workingDays: 5,
    note: "Giao Phòng Kinh tế tham mưu văn bản đôn đốc các sở, ngành; Phòng Văn hóa - Xã hội phối hợp.",
  });

  const returned = await register(
    clerk,
    {
      parentIssuer: "UBND TỈNH CÀ MAU",
      issuerLines: ["SỞ Y TẾ"],
      number: "77/SYT-VP",
      place: "Cà Mau",
      summary: "Đề nghị cung cấp danh sách cán bộ tham gia tập huấn",
      body: ["Kính gửi: Trung tâm Y tế các huyện.", "Sở Y tế đề nghị các đơn vị cung cấp danh sách cán bộ tham gia tập huấn."],
      signatureLines: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
      signerName: "Phạm Văn Dũng",
    },
    { daysAgo: 3, submit: false },
  );
  returnIncomingDocument(ctxAt(clerk, at(now, 3, 9)), {
    id: returned.id,
    reason: "Gửi nhầm nơi nhận: văn bản gửi Trung tâm Y tế các huyện, không gửi UBND tỉnh.",
  });

  const dueSoon = await register(
    clerk,
    {
      parentIssuer: "UBND TỈNH CÀ MAU",
      issuerLines: ["SỞ GIÁO DỤC VÀ ĐÀO TẠO"],
      number: "301/KH-SGDĐT",
      place: "Cà Mau",
      typeName: "KẾ HOẠCH",
      summary: "Chuyển đổi số ngành giáo dục tỉnh Cà Mau giai đoạn 2025 - 2030",
      body: [
        "Thực hiện Chương trình chuyển đổi số quốc gia đến năm 2025, định hướng đến năm 2030, Sở Giáo dục và Đào tạo xây dựng Kế hoạch chuyển đổi số ngành giáo dục tỉnh Cà Mau.",
      ],
      signatureLines: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
      signerName: "Trần Thị Hồng Yến",
    },
    { daysAgo: 1, urgency: "urgent" },
  );
  routeIncomingDocuments(ctxAt(officeLead, at(now, 0, 8)), {
    documents: [{ id: dueSoon.id }],
    main: { unitId: economy },
    cooperating: [{ unitId: culture }],
    info: [{ userId: leader.id }],
    workingDays: 1,
    note: "Phòng Kinh tế chủ trì thẩm định, trình UBND tỉnh cho ý kiến.",
  });
  delegateIncomingAssignment(ctxAt(deptLead, at(now, 0, 9)), { documentId: dueSoon.id, userId: specialist.id, note: "Đồng chí Trang nghiên cứu, tham mưu." });

  const cooperating = await register(
    clerk,
    {
      parentIssuer: "UBND TỈNH CÀ MAU",
      issuerLines: ["SỞ TƯ PHÁP"],
      number: "88/TTr-STP",
      place: "Cà Mau",
      typeName: "TỜ TRÌNH",
      summary: "Đề nghị ban hành Kế hoạch kiểm soát thủ tục hành chính năm 2025",
      body: [
        "Căn cứ Nghị định số 63/2010/NĐ-CP ngày 08/6/2010 của Chính phủ về kiểm soát thủ tục hành chính, Sở Tư pháp kính trình Ủy ban nhân dân tỉnh xem xét, ban hành Kế hoạch kiểm soát thủ tục hành chính năm 2025.",
      ],
      signatureLines: ["GIÁM ĐỐC"],
      signerName: "Trần Văn Hùng",
    },
    { daysAgo: 0, urgency: "urgent" },
  );
  void cooperating;

  const forwarded = await register(
    clerk,
    {
      issuerLines: ["VĂN PHÒNG CHÍNH PHỦ"],
      number: "46/GM-VPCP",
      place: "Hà Nội",
      typeName: "GIẤY MỜI",
      summary: "Dự Hội nghị trực tuyến toàn quốc về chuyển đổi số và Đề án 06",
      body: [
        "Văn phòng Chính phủ trân trọng kính mời đồng chí Chủ tịch Ủy ban nhân dân tỉnh dự Hội nghị trực tuyến toàn quốc về chuyển đổi số, triển khai Đề án 06.",
      ],
      signatureLines: ["KT. BỘ TRƯỞNG, CHỦ NHIỆM", "PHÓ CHỦ NHIỆM"],
      signerName: "Nguyễn Sỹ Hiệp",
    },
    { daysAgo: 0, urgency: "flash", channel: "email" },
  );
  forwardIncomingDocument(ctxAt(officeLead, at(now, 0, 9)), {
    id: forwarded.id,
    leaderUserId: leader.id,
    note: "Kính trình đồng chí Chủ tịch cho ý kiến thành phần dự họp.",
  });

  await register(
    clerk,
    {
      parentIssuer: "UBND TỈNH CÀ MAU",
      issuerLines: ["SỞ KHOA HỌC VÀ CÔNG NGHỆ"],
      number: "532/SKHCN-VP",
      place: "Cà Mau",
      summary: "Triển khai nền tảng số dùng chung của tỉnh năm 2025",
      body: ["Kính gửi: Ủy ban nhân dân tỉnh Cà Mau.", "Sở Khoa học và Công nghệ báo cáo, đề xuất triển khai các nền tảng số dùng chung của tỉnh năm 2025."],
      signatureLines: ["GIÁM ĐỐC"],
      signerName: "Lê Văn Sử",
    },
    { daysAgo: 0, submit: false },
  );
  // A secret document: register metadata only, no file (Luật Bảo vệ bí mật nhà nước 2018 Art. 5).
  const secret = await registerIncomingDocument(ctxAt(clerk, at(now, 2, 9)), {
    channel: "direct",
    receivedAt: at(now, 2, 8),
    numberSymbol: "12/CAT-PV01",
    docTypeCode: "CV",
    issuedDate: toVietnamDate(at(now, 4)),
    issuerName: "Công an tỉnh Cà Mau",
    summary: "Về công tác bảo đảm an ninh, trật tự",
    urgency: "urgent",
    confidentiality: "confidential",
    submitForRouting: true,
  });
  routeIncomingDocuments(ctxAt(officeLead, at(now, 2, 10)), {
    documents: [{ id: secret.id }],
    main: { userId: leader.id },
    workingDays: 3,
    note: "Kính trình đồng chí Chủ tịch.",
  });
  count++;

  // --- UBND phường Tân Thành ---------------------------------------------------------------------
  const provinceSign = ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"];
  const ttCompleted = await register(
    ttClerk,
    {
      parentIssuer: "UBND TỈNH CÀ MAU",
      issuerLines: ["SỞ NỘI VỤ"],
      number: "25/TB-SNV",
      place: "Cà Mau",
      typeName: "THÔNG BÁO",
      summary: "Lịch kiểm tra công tác cải cách hành chính năm 2025",
      body: ["Sở Nội vụ thông báo lịch kiểm tra công tác cải cách hành chính năm 2025 tại các xã, phường."],
      signatureLines: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
      signerName: "Nguyễn Thanh Tùng",
    },
    { daysAgo: 15 },
  );
  routeIncomingDocuments(ctxAt(ttOfficeLead, at(now, 15, 10)), {
    documents: [{ id: ttCompleted.id }],
    main: { userId: ttSpecialist.id },
    cooperating: [{ unitId: ttEconomy }],
    workingDays: 5,
  });
  recordIncomingContribution(ctxAt(ttSpecialist, at(now, 13, 9)), {
    id: ttCompleted.id,
    note: "Phòng Kinh tế đã rà soát số liệu thủ tục hành chính của phường.",
  });
  completeIncomingDocument(ctxAt(ttSpecialist, at(now, 12, 16)), { id: ttCompleted.id, result: "Đã chuẩn bị đầy đủ hồ sơ, tài liệu phục vụ đoàn kiểm tra." });

  const ttInProgress = await register(
    ttClerk,
    {
      issuerLines: ["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU"],
      number: "172/KH-UBND",
      place: "Cà Mau",
      typeName: "KẾ HOẠCH",
      summary: "Vận hành thử nghiệm tổ chức chính quyền cấp xã sau sắp xếp và thực hiện chính quyền địa phương 2 cấp",
      body: [
        "Thực hiện Kết luận số 163-KL/TW ngày 06/6/2025 của Bộ Chính trị, Ban Bí thư, Ủy ban nhân dân tỉnh Cà Mau xây dựng Kế hoạch tổ chức vận hành thử nghiệm tổ chức Chính quyền cấp xã sau sắp xếp.",
        "Thực hiện tại 17 đơn vị hành chính cấp xã mới, trong đó có phường Tân Thành.",
      ],
      signatureLines: provinceSign,
      signerName: "Lâm Văn Bi",
    },
    { daysAgo: 4, channel: "electronic" },
  );
  routeIncomingDocuments(ctxAt(ttOfficeLead, at(now, 4, 10)), {
    documents: [{ id: ttInProgress.id }],
    main: { userId: ttSpecialist.id },
    cooperating: [{ unitId: ttEconomy }],
    workingDays: 2,
    note: "Chuẩn bị điều kiện vận hành thử nghiệm Hệ thống quản lý văn bản và điều hành.",
  });

  await register(
    ttClerk,
    {
      issuerLines: ["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU"],
      number: "1890/UBND-KSTT",
      place: "Cà Mau",
      summary: "Đôn đốc thực hiện tiếp nhận hồ sơ không phụ thuộc địa giới hành chính",
      body: [
        "Kính gửi: Ủy ban nhân dân các xã, phường.",
        "Ủy ban nhân dân tỉnh đôn đốc các xã, phường khẩn trương tiếp nhận và trả kết quả giải quyết thủ tục hành chính không phụ thuộc vào địa giới hành chính.",
      ],
      signatureLines: provinceSign,
      signerName: "Lâm Văn Bi",
    },
    { daysAgo: 0, urgency: "very_urgent", channel: "electronic" },
  );

  return count;
}

function storeWithoutExtraction(db: Db, dataDir: string, bytes: Uint8Array, originalName: string, actor: Actor, now: Date) {
  const blob = writeBlob(dataDir, bytes);
  const file = writeTransaction(db, (tx) => insertFileRow(tx, { blob, mimeType: "application/pdf", originalName, createdBy: actor.id, at: now }));
  return {
    fileId: file.id,
    pageCount: 1,
    extractedFields: [] as string[],
    fields: { numberSymbol: "", docTypeCode: "", issuedDate: "", issuerName: "", summary: "", signerName: "", signerTitle: "" },
  };
}
