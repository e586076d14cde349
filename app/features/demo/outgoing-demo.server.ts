// Demo data for outgoing documents: the demo PKI (CA in DATA_DIR/keys/demo-ca.pem, certificates for
// the demo leaders and organisations, passphrase "demo") and documents in every state, created through
// the real services (composed, reviewed, signed, numbered, sealed, delivered). The one secret document
// (Mật) is metadata only: approved on paper by the leader and numbered in the secret book, no PDF.
import { eq } from "drizzle-orm";
import type { Db } from "#db/client";
import { organizations, users } from "#db/schema/index";
import { loadActor } from "#app/platform/auth/actor.server";
import type { ServiceContext } from "#app/platform/context.server";
import { DEMO_CERTIFICATE_PASSPHRASE, demoSealImage, demoSignatureImage, ensureDemoCa, issueDemoP12 } from "#app/platform/signing/document-signing.server";
import {
  approveOutgoingDocument,
  approveOutgoingOnPaper,
  createOutgoingDraft,
  issueOutgoingDocument,
  issueSecretOutgoingDocument,
  recallOutgoingDocument,
  returnOutgoingDocument,
  signOutgoingDocument,
  submitOutgoingDocument,
  type OutgoingDraftInput,
} from "#app/features/outgoing/index";
import { setOrganizationCertificate, uploadSigningCredentials } from "#app/platform/signing/credentials.server";
import { present } from "#app/utils/errors";

export const DEMO_SIGNING_LEADERS = ["chutich", "chutich.tanthanh"];
export const DEMO_SIGNING_ORGANIZATIONS = ["Ủy ban nhân dân tỉnh Cà Mau", "Ủy ban nhân dân phường Tân Thành"];

/** Certificates for the demo leaders and organisations (idempotent per DATA_DIR CA). */
export async function provisionDemoSigning(db: Db, dataDir: string, now: Date, systemCtx: ServiceContext): Promise<void> {
  const ca = ensureDemoCa(dataDir);
  for (const username of DEMO_SIGNING_LEADERS) {
    const user = db.select().from(users).where(eq(users.username, username)).get();
    if (!user) continue;
    const org = present(db.select().from(organizations).where(eq(organizations.id, user.organizationId)).get(), "the demo organisation");
    const p12 = issueDemoP12(ca, { commonName: user.fullName, organization: org.name, kind: "person", title: user.title ?? undefined });
    await uploadSigningCredentials(
      { ...systemCtx, now: () => now },
      {
        userId: user.id,
        certificate: { bytes: p12, name: `${username}.p12` },
        passphrase: DEMO_CERTIFICATE_PASSPHRASE,
        signatureImage: { bytes: demoSignatureImage(user.fullName) },
      },
    );
  }
  for (const name of DEMO_SIGNING_ORGANIZATIONS) {
    const org = db.select().from(organizations).where(eq(organizations.name, name)).get();
    if (!org) continue;
    const p12 = issueDemoP12(ca, { commonName: org.name, organization: org.name, kind: "organization" });
    await setOrganizationCertificate(systemCtx, {
      organizationId: org.id,
      certificate: { bytes: p12, name: `${org.abbreviation}-${org.id}.p12` },
      passphrase: DEMO_CERTIFICATE_PASSPHRASE,
      sealImage: demoSealImage(org.name),
    });
  }
}

export const DEMO_PLAN_BODY = [
  "Thực hiện Kết luận số 163-KL/TW ngày 06/6/2025 của Bộ Chính trị, Ban Bí thư về việc thực hiện một số nội dung, nhiệm vụ khi sắp xếp tổ chức bộ máy và đơn vị hành chính theo các nghị quyết, kết luận của Trung ương, Bộ Chính trị.",
  "Ủy ban nhân dân tỉnh Cà Mau xây dựng Kế hoạch tổ chức vận hành thử nghiệm tổ chức chính quyền cấp xã sau sắp xếp và thực hiện chính quyền địa phương 2 cấp:",
  "I. MỤC ĐÍCH, YÊU CẦU",
  "1. Mục đích",
  "- Tổ chức vận hành thử nghiệm mô hình tổ chức bộ máy chính quyền cấp xã sau sắp xếp nhằm đánh giá khả năng tổ chức, điều hành, xử lý công việc và phục vụ người dân.",
  "- Làm cơ sở rút kinh nghiệm trước khi vận hành chính thức từ ngày 01/7/2025.",
  "2. Yêu cầu",
  "- Các địa phương được chọn vận hành thử nghiệm phải xây dựng kế hoạch cụ thể, chi tiết kịch bản xử lý tình huống, xác định rõ mốc thời gian, các bước quy trình thực hiện.",
  "II. PHẠM VI VÀ THỜI GIAN THỰC HIỆN",
  "1. Phạm vi thực hiện: 17 đơn vị hành chính cấp xã mới, trong đó có phường Tân Thành.",
  "2. Thời gian thực hiện: Ngày 19, 20/6/2025.",
  "III. NỘI DUNG VẬN HÀNH THỬ NGHIỆM",
  "1. Quy trình văn bản đi",
  "- Bước 1: Chuyên viên dự thảo văn bản đi, trình lãnh đạo các phòng, ban kiểm duyệt, chuyển Văn phòng trình lãnh đạo UBND ký ban hành.",
  "- Bước 2: Lãnh đạo văn phòng kiểm tra nội dung bản dự thảo; nếu đảm bảo nội dung trình lãnh đạo UBND; nếu không thì chuyển lại cho người được phân công sửa đổi, bổ sung.",
  "- Bước 3: Lãnh đạo UBND kiểm tra bản dự thảo, nếu đảm bảo nội dung, lãnh đạo UBND ký số văn bản, chuyển văn bản đến văn thư.",
  "- Bước 4: Văn thư cấp số văn bản đi, ngày tháng năm; ký số cơ quan và phát hành văn bản điện tử.",
  "IV. TỔ CHỨC THỰC HIỆN",
  "Giao Sở Nội vụ chủ trì, phối hợp với các sở, ngành và UBND các xã, phường triển khai thực hiện Kế hoạch này; báo cáo kết quả về UBND tỉnh trước ngày 25/6/2025.",
].join("\n");

export const DEMO_LETTER_BODY = [
  "Thực hiện Kế hoạch vận hành thử nghiệm tổ chức chính quyền cấp xã sau sắp xếp, Ủy ban nhân dân tỉnh đề nghị Ủy ban nhân dân phường Tân Thành:",
  "1. Rà soát, bố trí trang thiết bị phục vụ vận hành Hệ thống quản lý văn bản và điều hành; cấp chứng thư số cho lãnh đạo và văn thư.",
  "2. Báo cáo kết quả thực hiện về Ủy ban nhân dân tỉnh (qua Văn phòng Ủy ban nhân dân tỉnh) trước ngày 25/6/2025.",
  "Đề nghị Ủy ban nhân dân phường quan tâm thực hiện./.",
].join("\n");

function actorCtx(db: Db, dataDir: string, username: string, now: Date): ServiceContext {
  const user = db.select({ id: users.id }).from(users).where(eq(users.username, username)).get();
  if (!user) throw new Error(`Demo user not found: ${username}`);
  return { db, dataDir, actor: present(loadActor(db, user.id), "the demo actor"), now: () => now };
}

/**
 * Documents in every state at UBND tỉnh Cà Mau; two issued to UBND phường Tân Thành (leader + seal
 * signatures); one secret Báo cáo approved on paper and registered in the secret outgoing book.
 */
export async function seedOutgoingDemo(db: Db, dataDir: string, now: Date, systemCtx: ServiceContext): Promise<{ documents: number }> {
  await provisionDemoSigning(db, dataDir, now, systemCtx);
  const specialist = actorCtx(db, dataDir, "chuyenvien", now);
  const deptLead = actorCtx(db, dataDir, "truongphong", now);
  const office = actorCtx(db, dataDir, "chanhvanphong", now);
  const leader = actorCtx(db, dataDir, "chutich", now);
  const clerk = actorCtx(db, dataDir, "vanthu", now);
  const tanThanh = db.select().from(organizations).where(eq(organizations.name, "Ủy ban nhân dân phường Tân Thành")).get();
  const base = (over: Partial<OutgoingDraftInput>): OutgoingDraftInput => ({
    docTypeCode: "CV",
    summary: "",
    signerId: leader.actor.id,
    signingAuthority: "TM.",
    urgency: "normal",
    confidentiality: "normal",
    internalRecipientIds: tanThanh ? [tanThanh.id] : [],
    externalRecipients: [],
    source: "composed",
    body: DEMO_LETTER_BODY,
    ...over,
  });
  const draft = (over: Partial<OutgoingDraftInput>) => createOutgoingDraft(specialist, base(over));
  const toLeader = async (id: number) => {
    submitOutgoingDocument(specialist, { documentId: id });
    approveOutgoingDocument(deptLead, { documentId: id });
    approveOutgoingDocument(office, { documentId: id, comment: "Đã kiểm tra thể thức." });
  };
  const issue = async (id: number) => {
    await toLeader(id);
    await signOutgoingDocument(leader, { documentId: id, passphrase: DEMO_CERTIFICATE_PASSPHRASE });
    return issueOutgoingDocument(clerk, { documentId: id, passphrase: DEMO_CERTIFICATE_PASSPHRASE });
  };
  let count = 0;

  // Issued to Tân Thành (liên thông): a Kế hoạch and a Công văn.
  const plan = await draft({
    docTypeCode: "KH",
    summary: "Vận hành thử nghiệm tổ chức chính quyền cấp xã sau sắp xếp và thực hiện chính quyền địa phương 2 cấp",
    body: DEMO_PLAN_BODY,
    distributionList: ["Bộ Nội vụ (b/c)", "TT. Tỉnh ủy, TT. HĐND tỉnh (b/c)", "CT, các PCT UBND tỉnh", "Sở Nội vụ", "UBND phường Tân Thành"],
  });
  await issue(plan.id);
  const letter = await draft({
    summary: "Chuẩn bị điều kiện vận hành Hệ thống quản lý văn bản và điều hành",
    recipientsHeading: ["Ủy ban nhân dân phường Tân Thành"],
    urgency: "urgent",
  });
  await issue(letter.id);
  count += 2;

  // A secret (Mật) report: register metadata only — paper original signed by hand, numbered in the
  // secret book, sent on paper (no file, no liên thông).
  const secretReport = await draft({
    docTypeCode: "BC",
    summary: "Tình hình bảo đảm an ninh, trật tự trong thời gian vận hành thử nghiệm chính quyền địa phương 2 cấp",
    confidentiality: "confidential",
    source: "paper",
    body: undefined,
    internalRecipientIds: [],
    externalRecipients: [{ name: "Công an tỉnh Cà Mau", address: "Gửi bản giấy qua giao liên" }],
    distributionList: ["TT. Tỉnh ủy (b/c)", "Công an tỉnh"],
  });
  await toLeader(secretReport.id);
  approveOutgoingOnPaper(leader, { documentId: secretReport.id, comment: "Đã ký bản gốc giấy." });
  issueSecretOutgoingDocument(clerk, { documentId: secretReport.id, copies: 3 });
  count++;

  // Issued then recalled (a Giấy mời with a wrong meeting date).
  const invitation = await draft({
    docTypeCode: "GM",
    summary: "Dự họp rút kinh nghiệm vận hành thử nghiệm",
    body: "Ủy ban nhân dân tỉnh trân trọng kính mời đại diện lãnh đạo Ủy ban nhân dân phường Tân Thành dự họp rút kinh nghiệm vận hành thử nghiệm.\nThời gian: 14 giờ 00, ngày 21/6/2025.\nĐịa điểm: Hội trường Ủy ban nhân dân tỉnh.",
  });
  await issue(invitation.id);
  recallOutgoingDocument(clerk, { documentId: invitation.id, reason: "Sai thời gian họp; sẽ ban hành giấy mời thay thế." });
  count++;

  // Signed, awaiting a number (Chờ cấp số).
  const notice = await draft({
    docTypeCode: "TB",
    summary: "Lịch tiếp công dân định kỳ tháng 7 năm 2025 của Chủ tịch UBND tỉnh",
    body: "Chủ tịch Ủy ban nhân dân tỉnh tiếp công dân định kỳ vào ngày 15/7/2025 tại Trụ sở Tiếp công dân tỉnh.\nĐề nghị các cơ quan, đơn vị liên quan chuẩn bị hồ sơ, tài liệu./.",
  });
  await toLeader(notice.id);
  await signOutgoingDocument(leader, { documentId: notice.id, passphrase: DEMO_CERTIFICATE_PASSPHRASE });
  count++;

  // Awaiting the leader's signature (Chờ ký).
  const proposal = await draft({
    docTypeCode: "TTr",
    summary: "Đề nghị phê duyệt danh mục thủ tục hành chính thực hiện tại Trung tâm Phục vụ hành chính công cấp xã",
    body: "Căn cứ Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ;\nVăn phòng Ủy ban nhân dân tỉnh kính trình Chủ tịch Ủy ban nhân dân tỉnh xem xét, phê duyệt danh mục thủ tục hành chính kèm theo./.",
    internalRecipientIds: [],
  });
  await toLeader(proposal.id);
  count++;

  // Office review, department review, a plain draft and a returned draft.
  const report = await draft({
    docTypeCode: "BC",
    summary: "Kết quả vận hành thử nghiệm Hệ thống quản lý văn bản và điều hành tại cấp xã",
    body: "I. KẾT QUẢ THỰC HIỆN\n- 17/17 đơn vị cấp xã đã vận hành thử nghiệm.\nII. KIẾN NGHỊ\n- Tiếp tục bồi dưỡng kỹ năng ký số cho văn thư cấp xã.",
    internalRecipientIds: [],
  });
  submitOutgoingDocument(specialist, { documentId: report.id });
  approveOutgoingDocument(deptLead, { documentId: report.id });
  const decision = await draft({
    docTypeCode: "QĐ",
    summary: "Thành lập Tổ giúp việc vận hành thử nghiệm chính quyền địa phương 2 cấp",
    body: "Điều 1. Thành lập Tổ giúp việc vận hành thử nghiệm.\nĐiều 2. Tổ giúp việc có nhiệm vụ theo dõi, tổng hợp kết quả vận hành thử nghiệm.\nĐiều 3. Quyết định có hiệu lực kể từ ngày ký.",
    internalRecipientIds: [],
  });
  submitOutgoingDocument(specialist, { documentId: decision.id });
  await draft({
    summary: "Đề nghị cung cấp thông tin đầu mối phụ trách chuyển đổi số",
    body: "Để kịp thời triển khai các nhiệm vụ chuyển đổi số, đề nghị các đơn vị cung cấp thông tin đầu mối phụ trách về Văn phòng Ủy ban nhân dân tỉnh trước ngày 30/6/2025./.",
  });
  const returned = await draft({
    docTypeCode: "KH",
    summary: "Tuyên truyền thực hiện chính quyền địa phương 2 cấp",
    body: "I. MỤC ĐÍCH\n- Nâng cao nhận thức của người dân về mô hình chính quyền địa phương 2 cấp.",
    internalRecipientIds: [],
  });
  submitOutgoingDocument(specialist, { documentId: returned.id });
  returnOutgoingDocument(deptLead, { documentId: returned.id, comment: "Bổ sung phần tổ chức thực hiện và kinh phí." });
  count += 5;
  return { documents: count };
}
