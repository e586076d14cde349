import type { ComposeDocumentInput } from "#documents/composer/index";
import { PLAN_172_BODY, PLAN_PAR_INDEX_2023_BODY } from "#tests/support/seed-document-bodies";

// Inputs for the seven templates, with content from the seeds (Kế hoạch 172/KH-UBND of UBND tỉnh
// Cà Mau) and realistic commune-level documents of UBND phường Tân Thành.

const TAN_THANH = "ỦY BAN NHÂN DÂN PHƯỜNG TÂN THÀNH";

export const PLAN_172: ComposeDocumentInput = {
  docType: { code: "KH", name: "Kế hoạch", abbreviation: "KH" },
  parentOrganizationName: null,
  organizationName: "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
  placeName: "Cà Mau",
  summary: "Vận hành thử nghiệm tổ chức chính quyền cấp xã sau sắp xếp và thực hiện chính quyền địa phương 2 cấp",
  body: PLAN_172_BODY,
  signingAuthority: "KT.",
  authorityLine: "CHỦ TỊCH",
  signerTitle: "PHÓ CHỦ TỊCH",
  signerName: "Lâm Văn Bi",
  recipients: [
    "Văn phòng Chính phủ (b/c);",
    "Bộ Nội vụ (b/c);",
    "TT. Tỉnh ủy, TT. HĐND tỉnh (b/c);",
    "CT, các PCT UBND tỉnh;",
    "Các sở, ban, ngành tỉnh;",
    "UBND các huyện, thành phố;",
    "Ban Trù bị 17 xã, phường vận hành thử nghiệm;",
    "Cổng TTĐT tỉnh;",
  ],
  archiveLine: "Lưu: VT, NC (D.M14/6).",
};

export const OFFICIAL_LETTER_TAN_THANH: ComposeDocumentInput = {
  docType: { code: "CV", name: "Công văn", abbreviation: null },
  parentOrganizationName: null,
  organizationName: TAN_THANH,
  placeName: "Tân Thành",
  summary: "đôn đốc thực hiện tiếp nhận, giải quyết thủ tục hành chính không phụ thuộc vào địa giới hành chính",
  recipientsHeading: ["Các phòng chuyên môn thuộc Ủy ban nhân dân phường;", "Trung tâm Phục vụ hành chính công phường;", "Ban nhân dân các khóm."],
  body: [
    "Thực hiện Kế hoạch số 172/KH-UBND ngày 15/6/2025 của Ủy ban nhân dân tỉnh Cà Mau về vận hành thử nghiệm tổ chức chính quyền cấp xã sau sắp xếp và thực hiện chính quyền địa phương 2 cấp; qua theo dõi, việc tiếp nhận hồ sơ thủ tục hành chính không phụ thuộc vào địa giới hành chính tại Trung tâm Phục vụ hành chính công phường còn chậm, một số hồ sơ trực tuyến chưa được xử lý đúng hạn.",
    "Để bảo đảm quyền lợi của người dân, doanh nghiệp, Chủ tịch Ủy ban nhân dân phường đề nghị các cơ quan, đơn vị khẩn trương thực hiện một số nội dung sau:",
    "1. Rà soát toàn bộ hồ sơ đang giải quyết trên Hệ thống thông tin giải quyết thủ tục hành chính tỉnh; xử lý dứt điểm hồ sơ trễ hạn, thực hiện xin lỗi người dân theo quy định trước ngày 30/6/2025.",
    "2. Trung tâm Phục vụ hành chính công phường bố trí công chức hướng dẫn người dân sử dụng dịch vụ công trực tuyến, thanh toán trực tuyến; niêm yết công khai mã QR các thủ tục hành chính ở vị trí thuận tiện.",
    "3. Ban nhân dân các khóm tuyên truyền để người dân biết, lựa chọn nơi nộp hồ sơ phù hợp, tránh đi lại nhiều lần.",
    "Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc triển khai thực hiện; báo cáo kết quả về Ủy ban nhân dân phường (qua Văn phòng HĐND và UBND phường) trước ngày 05/7/2025 để tổng hợp, báo cáo Ủy ban nhân dân tỉnh./.",
  ].join("\n"),
  signingAuthority: "KT.",
  signerTitle: "PHÓ CHỦ TỊCH",
  signerName: "Nguyễn Thị Hồng Nhung",
  recipients: ["Như trên;", "Thường trực Đảng ủy phường (b/c);", "CT, các PCT UBND phường;"],
  archiveLine: "Lưu: VT, VP.",
  urgency: "urgent",
};

export const REPORT_TAN_THANH: ComposeDocumentInput = {
  docType: { code: "BC", name: "Báo cáo", abbreviation: "BC" },
  parentOrganizationName: null,
  organizationName: TAN_THANH,
  placeName: "Tân Thành",
  summary: "Kết quả vận hành thử nghiệm chính quyền địa phương 2 cấp trên địa bàn phường",
  recipientsHeading: ["Ủy ban nhân dân tỉnh Cà Mau."],
  body: [
    "Thực hiện Kế hoạch số 172/KH-UBND ngày 15/6/2025 của Ủy ban nhân dân tỉnh Cà Mau, Ủy ban nhân dân phường Tân Thành báo cáo kết quả vận hành thử nghiệm như sau:",
    "I. KẾT QUẢ THỰC HIỆN",
    "1. Phiên họp thứ nhất của Ủy ban nhân dân phường",
    "Phiên họp được tổ chức đúng trình tự, thông qua Quy chế làm việc và Chương trình công tác của Ủy ban nhân dân phường; 100% thành viên dự họp, ý kiến thảo luận tập trung, đúng trọng tâm.",
    "2. Hệ thống Quản lý văn bản và điều hành",
    "- Tiếp nhận 47 văn bản đến, ban hành 12 văn bản đi có ký số; thời gian xử lý trung bình 1,5 ngày làm việc.",
    "- Văn thư cấp số, ký số cơ quan và phát hành văn bản điện tử đúng quy định tại Nghị định số 30/2020/NĐ-CP.",
    "II. KHÓ KHĂN, VƯỚNG MẮC",
    "Đường truyền Internet tại Trung tâm Phục vụ hành chính công chưa ổn định; một số công chức chưa thành thạo chữ ký số.",
    "III. ĐỀ XUẤT, KIẾN NGHỊ",
    "Đề nghị Sở Khoa học và Công nghệ hỗ trợ nâng cấp đường truyền và tập huấn bổ sung về ký số cho công chức phường./.",
  ].join("\n"),
  signingAuthority: "TM.",
  signerTitle: "CHỦ TỊCH",
  signerName: "Trần Quốc Dũng",
  recipients: ["Như trên;", "Sở Nội vụ;", "Thường trực Đảng ủy phường;"],
  archiveLine: "Lưu: VT, VP.",
};

export const SUBMISSION_TAN_THANH: ComposeDocumentInput = {
  docType: { code: "TTr", name: "Tờ trình", abbreviation: "TTr" },
  parentOrganizationName: null,
  organizationName: TAN_THANH,
  placeName: "Tân Thành",
  summary: "Về việc đề nghị phê duyệt danh mục thủ tục hành chính tiếp nhận không phụ thuộc địa giới hành chính",
  recipientsHeading: ["Kính gửi: Ủy ban nhân dân tỉnh Cà Mau."],
  body: [
    "Căn cứ Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và Cổng Dịch vụ công quốc gia;",
    "Ủy ban nhân dân phường Tân Thành kính trình Ủy ban nhân dân tỉnh xem xét, phê duyệt danh mục 126 thủ tục hành chính tiếp nhận không phụ thuộc địa giới hành chính tại Trung tâm Phục vụ hành chính công phường (kèm theo danh mục chi tiết).",
    "Kính trình Ủy ban nhân dân tỉnh xem xét, quyết định./.",
  ].join("\n"),
  signingAuthority: "TM.",
  signerTitle: "CHỦ TỊCH",
  signerName: "Trần Quốc Dũng",
  recipients: ["Như trên;", "Sở Nội vụ;", "Văn phòng UBND tỉnh;"],
  archiveLine: "Lưu: VT, VP.",
};

export const NOTICE_PROVINCIAL_OFFICE: ComposeDocumentInput = {
  docType: { code: "TB", name: "Thông báo", abbreviation: "TB" },
  parentOrganizationName: "UBND TỈNH CÀ MAU",
  organizationName: "VĂN PHÒNG",
  placeName: "Cà Mau",
  summary: "Kết luận của Phó Chủ tịch Ủy ban nhân dân tỉnh Lâm Văn Bi tại cuộc họp về vận hành thử nghiệm chính quyền địa phương 2 cấp",
  body: [
    "Ngày 18/6/2025, Phó Chủ tịch Ủy ban nhân dân tỉnh Lâm Văn Bi chủ trì cuộc họp nghe báo cáo công tác chuẩn bị vận hành thử nghiệm tổ chức chính quyền cấp xã sau sắp xếp. Sau khi nghe báo cáo và ý kiến của các đại biểu, Phó Chủ tịch Ủy ban nhân dân tỉnh kết luận như sau:",
    "1. Sở Nội vụ chủ trì, phối hợp các sở, ngành kiểm tra công tác chuẩn bị tại 17 xã, phường vận hành thử nghiệm; hoàn thành trước ngày 19/6/2025.",
    "2. Sở Khoa học và Công nghệ bảo đảm hạ tầng kỹ thuật, chữ ký số và tài khoản trên Hệ thống quản lý văn bản và điều hành cho các xã, phường.",
    "Văn phòng Ủy ban nhân dân tỉnh thông báo để các cơ quan, đơn vị biết, thực hiện./.",
  ].join("\n"),
  signingAuthority: "KT.",
  signerTitle: "PHÓ CHÁNH VĂN PHÒNG",
  signerName: "Huỳnh Thanh Hoàng",
  recipients: ["CT, các PCT UBND tỉnh;", "Sở Nội vụ;", "Sở Khoa học và Công nghệ;", "UBND 17 xã, phường;"],
  archiveLine: "Lưu: VT, NC.",
};

export const INVITATION_TAN_THANH: ComposeDocumentInput = {
  docType: { code: "GM", name: "Giấy mời", abbreviation: "GM" },
  parentOrganizationName: null,
  organizationName: TAN_THANH,
  placeName: "Tân Thành",
  summary: "Dự phiên họp thứ nhất của Ủy ban nhân dân phường Tân Thành",
  body: [
    "Ủy ban nhân dân phường Tân Thành trân trọng kính mời:",
    "[[meeting]]",
    "Đề nghị Văn phòng HĐND và UBND phường chuẩn bị hội trường, tài liệu phục vụ phiên họp. Rất mong các đồng chí tham dự đúng thành phần, thời gian./.",
  ].join("\n"),
  meetingDetails: {
    attendees: "Thành viên Ủy ban nhân dân phường; đại diện Đảng ủy, Thường trực HĐND, Ủy ban MTTQ Việt Nam phường; Trưởng ban nhân dân các khóm.",
    content: "Thông qua Quy chế làm việc và Chương trình công tác năm 2025 của Ủy ban nhân dân phường.",
    time: "07 giờ 30 phút, ngày 19/6/2025 (thứ Năm).",
    place: "Hội trường Ủy ban nhân dân phường Tân Thành.",
  },
  signingAuthority: "TL.",
  authorityLine: "CHỦ TỊCH",
  signerTitle: "CHÁNH VĂN PHÒNG",
  signerName: "Phạm Hữu Lộc",
  recipients: ["Như thành phần mời;", "CT, các PCT UBND phường;"],
  archiveLine: "Lưu: VT, VP.",
  urgency: "very_urgent",
};

export const DECISION_TAN_THANH: ComposeDocumentInput = {
  docType: { code: "QĐ", name: "Quyết định", abbreviation: "QĐ" },
  parentOrganizationName: null,
  organizationName: TAN_THANH,
  placeName: "Tân Thành",
  summary: "thành lập Tổ công tác vận hành Trung tâm Phục vụ hành chính công phường",
  body: [
    "Căn cứ Luật Tổ chức chính quyền địa phương ngày 16 tháng 6 năm 2025;",
    "Căn cứ Nghị định số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và Cổng Dịch vụ công quốc gia;",
    "Căn cứ Kế hoạch số 172/KH-UBND ngày 15 tháng 6 năm 2025 của Ủy ban nhân dân tỉnh Cà Mau;",
    "Theo đề nghị của Chánh Văn phòng HĐND và UBND phường.",
    "QUYẾT ĐỊNH:",
    "Điều 1. Thành lập Tổ công tác vận hành Trung tâm Phục vụ hành chính công phường Tân Thành gồm các thành viên có tên tại danh sách kèm theo.",
    "Điều 2. Tổ công tác có nhiệm vụ hướng dẫn, tiếp nhận, giải quyết và trả kết quả thủ tục hành chính; xử lý các tình huống phát sinh trong thời gian vận hành thử nghiệm; tự giải thể sau khi hoàn thành nhiệm vụ.",
    "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Chánh Văn phòng HĐND và UBND phường, Thủ trưởng các cơ quan, đơn vị có liên quan và các ông (bà) có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.",
  ].join("\n"),
  signingAuthority: "TM.",
  authorityLine: "ỦY BAN NHÂN DÂN",
  signerTitle: "CHỦ TỊCH",
  signerName: "Trần Quốc Dũng",
  recipients: ["Như Điều 3;", "UBND tỉnh (b/c);", "Thường trực Đảng ủy phường;"],
  archiveLine: "Lưu: VT, VP.",
};

// Sections I–III of the 2023 PAR-index plan, then sections III–IV of plan 172 renumbered IV–V:
// ten pages of real plan text.
function buildLongPlanBody(): string {
  const parIndex = PLAN_PAR_INDEX_2023_BODY.split("\n");
  const plan172 = PLAN_172_BODY.split("\n");
  const parIndexEnd = parIndex.findIndex((line) => line.startsWith("IV."));
  const contentStart = plan172.findIndex((line) => line.startsWith("III."));
  const organizationStart = plan172.findIndex((line) => line.startsWith("IV."));
  return [
    ...parIndex.slice(0, parIndexEnd),
    plan172[contentStart].replace(/^III\./, "IV."),
    ...plan172.slice(contentStart + 1, organizationStart),
    plan172[organizationStart].replace(/^IV\./, "V."),
    ...plan172.slice(organizationStart + 1),
  ].join("\n");
}

/** A ten-page Kế hoạch of UBND tỉnh Cà Mau. */
export const LONG_PLAN: ComposeDocumentInput = {
  ...PLAN_172,
  summary:
    "Cải thiện Chỉ số cải cách hành chính, Chỉ số hài lòng của người dân, tổ chức đối với sự phục vụ của cơ quan hành chính nhà nước năm 2023 của tỉnh Cà Mau",
  body: buildLongPlanBody(),
};

export const ALL_TEMPLATE_FIXTURES: [string, ComposeDocumentInput][] = [
  ["Công văn", OFFICIAL_LETTER_TAN_THANH],
  ["Kế hoạch", PLAN_172],
  ["Báo cáo", REPORT_TAN_THANH],
  ["Tờ trình", SUBMISSION_TAN_THANH],
  ["Thông báo", NOTICE_PROVINCIAL_OFFICE],
  ["Giấy mời", INVITATION_TAN_THANH],
  ["Quyết định", DECISION_TAN_THANH],
];
