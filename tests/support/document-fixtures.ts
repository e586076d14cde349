// Builds the PDF corpus for extraction tests at test time: Vietnamese administrative documents laid out per
// Decree 30/2020/NĐ-CP Appendix I, printed by Debian chromium from HTML and drawn directly with pdf-lib
// (two producers, so the rules are not tuned to one), plus a scan without text layer, an encrypted file,
// a truncated file and a non-PDF. Content is taken from the seed documents in shared/seeds.
import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import fontkit from "@pdf-lib/fontkit";
import { PDFDocument, type PDFFont, type PDFPage } from "pdf-lib";

const run = promisify(execFile);

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const TINOS_DIR = fileURLToPath(new URL("../../node_modules/@expo-google-fonts/tinos/", import.meta.url));
const TINOS = {
  regular: join(TINOS_DIR, "400Regular/Tinos_400Regular.ttf"),
  bold: join(TINOS_DIR, "700Bold/Tinos_700Bold.ttf"),
  italic: join(TINOS_DIR, "400Regular_Italic/Tinos_400Regular_Italic.ttf"),
  boldItalic: join(TINOS_DIR, "700Bold_Italic/Tinos_700Bold_Italic.ttf"),
};

export type ExpectedFields = {
  numberSymbol: string | null;
  docTypeName: string | null;
  issuedDate: string | null;
  place: string | null;
  issuer: string | null;
  parentIssuer: string | null;
  summary: string | null;
  signerName: string | null;
  signerTitle: string | null;
  signingAuthority: string | null;
  pageCount: number;
  hasTextLayer: boolean;
};

/** Layout of one document; both renderers draw the same elements in the Decree 30 positions. */
type DocumentSpec = {
  parentIssuer?: string;
  issuerLines: string[];
  /** Printed after "Số: ", stray spaces included. */
  number: string;
  /** Công văn trích yếu lines under the number; the first starts with "V/v". */
  officialLetterSummary?: string[];
  dateLine: string;
  typeName?: string;
  summaryLines?: string[];
  /** Quyết định: the issuing authority line printed under the trích yếu. */
  authorityLine?: string;
  greeting?: string;
  /** Body paragraphs; "\f" forces a page break. */
  body: string[];
  recipients: string[];
  signatureLines: string[];
  signerName: string;
};

export type FixtureKind = "chromium" | "pdf-lib" | "image-only" | "encrypted" | "truncated" | "not-pdf";

export type DocumentFixture = {
  id: string;
  description: string;
  kind: FixtureKind;
  spec?: DocumentSpec;
  /** Chromium only: which font the HTML asks for (Tinos via @font-face, or the system Liberation Serif). */
  font?: "tinos" | "liberation";
  /** Chromium only: narrow header columns that wrap the national motto onto two lines (seed 004). */
  isNarrowHeader?: boolean;
  /** pdf-lib only: draw each word as its own text item, as word processors do. */
  isWordByWord?: boolean;
  /** Fixture this one is derived from (image-only, encrypted, truncated). */
  source?: string;
  expected?: ExpectedFields;
  expectedError?: "ENCRYPTED" | "MALFORMED" | "NOT_PDF";
};

export type RenderedFixture = DocumentFixture & { path: string };

// ---------------------------------------------------------------------------------------------------
// Real content (shared/seeds 000, 002, 003, 004)

const SEED_004_BODY = [
  "Thực hiện Kết luận số 163-KL/TW ngày 06/6/2025 của Bộ Chính trị, Ban Bí thư về việc thực hiện một số nội dung, nhiệm vụ khi sắp xếp tổ chức bộ máy và đơn vị hành chính theo các nghị quyết, kết luận của Trung ương, Bộ Chính trị, Ban Bí thư.",
  "Ủy ban nhân dân tỉnh Cà Mau xây dựng Kế hoạch tổ chức vận hành thử nghiệm tổ chức Chính quyền cấp xã sau sắp xếp và thực hiện chính quyền địa phương 2 cấp:",
  "1. Mục đích",
  "- Tổ chức vận hành thử nghiệm mô hình tổ chức bộ máy chính quyền cấp xã sau sắp xếp nhằm đánh giá khả năng tổ chức, điều hành, xử lý công việc và phục vụ người dân khi kết thúc hoạt động của cấp huyện.",
  "- Làm cơ sở rút kinh nghiệm trước khi vận hành chính thức từ ngày 01/7/2025.",
];
const SEED_000_BODY = [
  "Căn cứ Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và Cổng Dịch vụ công quốc gia; Chủ tịch Ủy ban nhân dân tỉnh ban hành Kế hoạch thực hiện thủ tục hành chính không phụ thuộc vào địa giới hành chính trong phạm vi tỉnh Cà Mau, cụ thể như sau:",
  "I. MỤC ĐÍCH, YÊU CẦU",
  "1. Mục đích",
  "- Đa dạng hóa các hình thức tiếp nhận, giải quyết hồ sơ thủ tục hành chính để người dân, doanh nghiệp có nhiều lựa chọn; giảm thời gian đi lại, tiết kiệm chi phí và tạo thuận lợi cho người dân, doanh nghiệp trong thực hiện thủ tục hành chính.",
  "- Nâng cao hiệu lực, hiệu quả quản lý nhà nước; nâng cao mức độ hài lòng của người dân, doanh nghiệp đối với sự phục vụ của các cơ quan hành chính nhà nước của tỉnh.",
  "2. Yêu cầu",
  "- Xác định cụ thể từng công việc gắn với trách nhiệm của từng cơ quan, đơn vị; bảo đảm: “rõ người, rõ việc, rõ thời gian, rõ kết quả, rõ trách nhiệm”; đảm bảo việc triển khai thực hiện có trọng tâm, trọng điểm, kịp thời, hiệu quả, đúng quy định.",
];
const SEED_000_BODY_2 = [
  "II. PHẠM VI, ĐỐI TƯỢNG, THỜI GIAN VÀ CÁCH THỨC THỰC HIỆN",
  "1. Phạm vi: Thực hiện tiếp nhận và trả kết quả phi địa giới đối với tất cả thủ tục hành chính đã được triển khai trên Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh.",
  "2. Đối tượng: Tổ chức, cá nhân có nhu cầu thực hiện thủ tục hành chính trên địa bàn tỉnh Cà Mau.",
  "III. TỔ CHỨC THỰC HIỆN",
  "1. Sở Tài chính: Thẩm định, tham mưu bố trí kinh phí đảm bảo cho các hoạt động theo Kế hoạch; hướng dẫn thanh quyết toán kinh phí theo quy định.",
  "2. Báo và Phát thanh - Truyền hình Cà Mau, Cổng Thông tin điện tử tỉnh: Dành thời lượng thỏa đáng để tổ chức thông tin, tuyên truyền rộng rãi việc thực hiện thủ tục hành chính không phụ thuộc vào địa giới hành chính trong phạm vi tỉnh.",
];
const SEED_000_BODY_3 = [
  "Trong quá trình triển khai thực hiện, nếu có khó khăn, vướng mắc vượt thẩm quyền, các cơ quan, đơn vị kịp thời phản ánh về Văn phòng Ủy ban nhân dân tỉnh để tổng hợp, báo cáo Chủ tịch Ủy ban nhân dân tỉnh xem xét, chỉ đạo./.",
];
const SEED_002_BODY = [
  "I. CÔNG TÁC CHỈ ĐẠO, ĐIỀU HÀNH",
  "Hàng tháng, Ủy ban nhân dân tỉnh tổ chức Hội nghị kiểm điểm công tác chỉ đạo điều hành kinh tế - xã hội và công tác cải cách hành chính, với sự tham dự của đại diện lãnh đạo các sở, ban, ngành tỉnh, Ủy ban nhân dân các huyện, thành phố.",
];
const SEED_003_BODY = [
  "Căn cứ Nghị định số 118/2025/NĐ-CP ngày 09/6/2025 của Chính phủ về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông tại Bộ phận Một cửa và Cổng Dịch vụ công quốc gia;",
  "Ủy ban nhân dân phường Mỹ Xuyên ban hành Kế hoạch triển khai thực hiện tiếp nhận và trả kết quả giải quyết không phụ thuộc vào địa giới hành chính trên địa bàn phường Mỹ Xuyên, cụ thể như sau:",
  "I. MỤC TIÊU, YÊU CẦU",
];
const PROVINCE_RECIPIENTS = ["- Như trên;", "- CT, các PCT UBND tỉnh;", "- Sở, ban, ngành tỉnh;", "- UBND cấp xã;", "- Lưu: VT."];

// ---------------------------------------------------------------------------------------------------
// The corpus

const KH_172: DocumentSpec = {
  issuerLines: ["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU"],
  number: "172/KH-UBND",
  dateLine: "Cà Mau, ngày 15 tháng 6 năm 2025",
  typeName: "KẾ HOẠCH",
  summaryLines: ["Vận hành thử nghiệm tổ chức chính quyền cấp xã sau sắp xếp", "và thực hiện chính quyền địa phương 2 cấp"],
  body: SEED_004_BODY,
  recipients: ["- Văn phòng Chính phủ;", "- Bộ Nội vụ;", "- TT Tỉnh ủy, HĐND tỉnh;", "- Sở, ban, ngành tỉnh;", "- Lưu: VT."],
  signatureLines: ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
  signerName: "Lâm Văn Bi",
};

export const DOCUMENT_FIXTURES: DocumentFixture[] = [
  {
    id: "kh-172-province",
    description: "Kế hoạch 172/KH-UBND (seed 004), two-line issuer, KT. signature",
    kind: "chromium",
    spec: KH_172,
    expected: {
      numberSymbol: "172/KH-UBND",
      docTypeName: "Kế hoạch",
      issuedDate: "2025-06-15",
      place: "Cà Mau",
      issuer: "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
      parentIssuer: null,
      summary: "Vận hành thử nghiệm tổ chức chính quyền cấp xã sau sắp xếp và thực hiện chính quyền địa phương 2 cấp",
      signerName: "Lâm Văn Bi",
      signerTitle: "PHÓ CHỦ TỊCH",
      signingAuthority: "KT.",
      pageCount: 1,
      hasTextLayer: true,
    },
  },
  {
    id: "qd-legal-year",
    description: "Quyết định 12/2025/QĐ-UBND with the year in the number, authority line after the summary, TM. signature",
    kind: "chromium",
    spec: {
      issuerLines: ["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU"],
      number: "12/2025/QĐ-UBND",
      dateLine: "Cà Mau, ngày 20 tháng 3 năm 2025",
      typeName: "QUYẾT ĐỊNH",
      summaryLines: ["Ban hành Quy chế tổ chức và hoạt động của Trung tâm", "Phục vụ hành chính công tỉnh Cà Mau"],
      authorityLine: "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
      body: [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;",
        "Căn cứ Nghị định số 118/2025/NĐ-CP ngày 09 tháng 6 năm 2025 của Chính phủ về thực hiện thủ tục hành chính theo cơ chế một cửa, một cửa liên thông;",
        "QUYẾT ĐỊNH:",
        "Điều 1. Ban hành kèm theo Quyết định này Quy chế tổ chức và hoạt động của Trung tâm Phục vụ hành chính công tỉnh Cà Mau.",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày 01 tháng 4 năm 2025.",
      ],
      recipients: ["- Như Điều 3;", "- Bộ Tư pháp (Cục KTVB);", "- TT Tỉnh ủy, HĐND tỉnh;", "- Lưu: VT."],
      signatureLines: ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
      signerName: "Phạm Thành Ngại",
    },
    expected: {
      numberSymbol: "12/2025/QĐ-UBND",
      docTypeName: "Quyết định",
      issuedDate: "2025-03-20",
      place: "Cà Mau",
      issuer: "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
      parentIssuer: null,
      summary: "Ban hành Quy chế tổ chức và hoạt động của Trung tâm Phục vụ hành chính công tỉnh Cà Mau",
      signerName: "Phạm Thành Ngại",
      signerTitle: "CHỦ TỊCH",
      signingAuthority: "TM.",
      pageCount: 1,
      hasTextLayer: true,
    },
  },
  {
    id: "cv-don-doc",
    description: "Công văn 1234/UBND-KSTT with a three-line V/v summary, TL. signature",
    kind: "chromium",
    spec: {
      issuerLines: ["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU"],
      number: "1234/UBND-KSTT",
      officialLetterSummary: ["V/v đôn đốc triển khai thực hiện", "thủ tục hành chính không phụ thuộc", "vào địa giới hành chính"],
      dateLine: "Cà Mau, ngày 08 tháng 8 năm 2025",
      greeting: "Kính gửi: Các sở, ban, ngành tỉnh; Ủy ban nhân dân các xã, phường.",
      body: [
        "Thực hiện Kế hoạch thực hiện thủ tục hành chính không phụ thuộc vào địa giới hành chính trong phạm vi tỉnh Cà Mau, Chủ tịch Ủy ban nhân dân tỉnh yêu cầu các cơ quan, đơn vị khẩn trương triển khai thực hiện, báo cáo kết quả trước ngày 30/8/2025./.",
      ],
      recipients: ["- Như trên;", "- CT, các PCT UBND tỉnh;", "- Lưu: VT, KSTT."],
      signatureLines: ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"],
      signerName: "Trần Văn Hiếu",
    },
    expected: {
      numberSymbol: "1234/UBND-KSTT",
      docTypeName: "Công văn",
      issuedDate: "2025-08-08",
      place: "Cà Mau",
      issuer: "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
      parentIssuer: null,
      summary: "đôn đốc triển khai thực hiện thủ tục hành chính không phụ thuộc vào địa giới hành chính",
      signerName: "Trần Văn Hiếu",
      signerTitle: "CHÁNH VĂN PHÒNG",
      signingAuthority: "TL.",
      pageCount: 1,
      hasTextLayer: true,
    },
  },
  {
    id: "bc-343-stray-space",
    description: "Báo cáo 343 /BC-UBND (seed 002, stray space), TM. + KT. signature",
    kind: "chromium",
    font: "liberation",
    spec: {
      issuerLines: ["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU"],
      number: "343 /BC-UBND",
      dateLine: "Cà Mau, ngày 13 tháng 11 năm 2020",
      typeName: "BÁO CÁO",
      summaryLines: ["Kết quả thực hiện công tác cải cách hành chính năm 2020", "và phương hướng, nhiệm vụ năm 2021 của tỉnh Cà Mau"],
      body: SEED_002_BODY,
      recipients: PROVINCE_RECIPIENTS,
      signatureLines: ["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
      signerName: "Lê Văn Sử",
    },
    expected: {
      numberSymbol: "343/BC-UBND",
      docTypeName: "Báo cáo",
      issuedDate: "2020-11-13",
      place: "Cà Mau",
      issuer: "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
      parentIssuer: null,
      summary: "Kết quả thực hiện công tác cải cách hành chính năm 2020 và phương hướng, nhiệm vụ năm 2021 của tỉnh Cà Mau",
      signerName: "Lê Văn Sử",
      signerTitle: "PHÓ CHỦ TỊCH",
      signingAuthority: "KT.",
      pageCount: 1,
      hasTextLayer: true,
    },
  },
  {
    id: "ttr-so-noi-vu",
    description: "Tờ trình of Sở Nội vụ under UBND tỉnh (governing body + issuer), Kính gửi, no prefix",
    kind: "chromium",
    spec: {
      parentIssuer: "UBND TỈNH CÀ MAU",
      issuerLines: ["SỞ NỘI VỤ"],
      number: "45/TTr-SNV",
      dateLine: "Cà Mau, ngày 02 tháng 7 năm 2025",
      typeName: "TỜ TRÌNH",
      summaryLines: ["Về việc đề nghị phê duyệt Kế hoạch cải cách hành chính năm 2025"],
      greeting: "Kính gửi: Ủy ban nhân dân tỉnh Cà Mau.",
      body: [
        "Căn cứ Nghị quyết số 76/NQ-CP ngày 15 tháng 7 năm 2021 của Chính phủ ban hành Chương trình tổng thể cải cách hành chính nhà nước giai đoạn 2021 - 2030;",
        "Sở Nội vụ kính trình Ủy ban nhân dân tỉnh xem xét, phê duyệt./.",
      ],
      recipients: ["- Như trên;", "- Lưu: VT, CCHC."],
      signatureLines: ["GIÁM ĐỐC"],
      signerName: "Nguyễn Thị Hồng Nhung",
    },
    expected: {
      numberSymbol: "45/TTr-SNV",
      docTypeName: "Tờ trình",
      issuedDate: "2025-07-02",
      place: "Cà Mau",
      issuer: "SỞ NỘI VỤ",
      parentIssuer: "UBND TỈNH CÀ MAU",
      summary: "Về việc đề nghị phê duyệt Kế hoạch cải cách hành chính năm 2025",
      signerName: "Nguyễn Thị Hồng Nhung",
      signerTitle: "GIÁM ĐỐC",
      signingAuthority: null,
      pageCount: 1,
      hasTextLayer: true,
    },
  },
  {
    id: "tb-phuong-unpadded-day",
    description: "Thông báo of a ward (ỦY BAN NHÂN DÂN / PHƯỜNG TÂN THÀNH), date with an unpadded day",
    kind: "chromium",
    spec: {
      issuerLines: ["ỦY BAN NHÂN DÂN", "PHƯỜNG TÂN THÀNH"],
      number: "05/TB-UBND",
      dateLine: "Tân Thành, ngày 5 tháng 01 năm 2025",
      typeName: "THÔNG BÁO",
      summaryLines: ["Kết luận của Chủ tịch Ủy ban nhân dân phường", "tại cuộc họp giao ban tháng 12 năm 2024"],
      body: [
        "Ngày 30 tháng 12 năm 2024, Chủ tịch Ủy ban nhân dân phường chủ trì cuộc họp giao ban công tác tháng 12 năm 2024. Sau khi nghe báo cáo và ý kiến của các đại biểu, Chủ tịch Ủy ban nhân dân phường kết luận như sau:",
        "1. Các phòng chuyên môn khẩn trương hoàn thành nhiệm vụ được giao trong năm 2024.",
      ],
      recipients: ["- CT, các PCT UBND phường;", "- Các phòng chuyên môn;", "- Lưu: VT."],
      signatureLines: ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
      signerName: "Võ Minh Trí",
    },
    expected: {
      numberSymbol: "05/TB-UBND",
      docTypeName: "Thông báo",
      issuedDate: "2025-01-05",
      place: "Tân Thành",
      issuer: "ỦY BAN NHÂN DÂN PHƯỜNG TÂN THÀNH",
      parentIssuer: null,
      summary: "Kết luận của Chủ tịch Ủy ban nhân dân phường tại cuộc họp giao ban tháng 12 năm 2024",
      signerName: "Võ Minh Trí",
      signerTitle: "CHỦ TỊCH",
      signingAuthority: "TM.",
      pageCount: 1,
      hasTextLayer: true,
    },
  },
  {
    id: "gm-my-xuyen",
    description: "Giấy mời of UBND phường Mỹ Xuyên (seed 003), TL. signature",
    kind: "chromium",
    spec: {
      issuerLines: ["ỦY BAN NHÂN DÂN", "PHƯỜNG MỸ XUYÊN"],
      number: "09/GM-UBND",
      dateLine: "Mỹ Xuyên, ngày 20 tháng 10 năm 2025",
      typeName: "GIẤY MỜI",
      summaryLines: ["Dự Hội nghị triển khai tiếp nhận và trả kết quả giải quyết", "không phụ thuộc vào địa giới hành chính"],
      body: [
        "Ủy ban nhân dân phường Mỹ Xuyên trân trọng kính mời đại diện lãnh đạo các phòng chuyên môn, Trung tâm Phục vụ hành chính công phường đến dự Hội nghị.",
        "Thời gian: 08 giờ 00 phút, ngày 24 tháng 10 năm 2025.",
        "Địa điểm: Hội trường Ủy ban nhân dân phường Mỹ Xuyên.",
      ],
      recipients: ["- Như thành phần mời;", "- Lưu: VT."],
      signatureLines: ["TL. CHỦ TỊCH", "CHÁNH VĂN PHÒNG"],
      signerName: "Đặng Thị Kim Loan",
    },
    expected: {
      numberSymbol: "09/GM-UBND",
      docTypeName: "Giấy mời",
      issuedDate: "2025-10-20",
      place: "Mỹ Xuyên",
      issuer: "ỦY BAN NHÂN DÂN PHƯỜNG MỸ XUYÊN",
      parentIssuer: null,
      summary: "Dự Hội nghị triển khai tiếp nhận và trả kết quả giải quyết không phụ thuộc vào địa giới hành chính",
      signerName: "Đặng Thị Kim Loan",
      signerTitle: "CHÁNH VĂN PHÒNG",
      signingAuthority: "TL.",
      pageCount: 1,
      hasTextLayer: true,
    },
  },
  {
    id: "kh-multipage-caps-summary",
    description: "Kế hoạch (seed 000) over three pages, upper-case summary, signature block on page 3",
    kind: "chromium",
    spec: {
      issuerLines: ["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU"],
      number: "189/KH-UBND",
      dateLine: "Cà Mau, ngày 31 tháng 7 năm 2025",
      typeName: "KẾ HOẠCH",
      summaryLines: ["THỰC HIỆN THỦ TỤC HÀNH CHÍNH KHÔNG PHỤ THUỘC VÀO ĐỊA GIỚI", "HÀNH CHÍNH TRONG PHẠM VI TỈNH CÀ MAU"],
      body: [...SEED_000_BODY, "\f", ...SEED_000_BODY_2, "\f", ...SEED_000_BODY_3],
      recipients: ["- CT UBND tỉnh (b/c);", "- Các PCT UBND tỉnh (để biết);", "- Sở, ban, ngành tỉnh;", "- UBND cấp xã;", "- Lưu: VT."],
      signatureLines: ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
      signerName: "Nguyễn Minh Luân",
    },
    expected: {
      numberSymbol: "189/KH-UBND",
      docTypeName: "Kế hoạch",
      issuedDate: "2025-07-31",
      place: "Cà Mau",
      issuer: "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
      parentIssuer: null,
      summary: "THỰC HIỆN THỦ TỤC HÀNH CHÍNH KHÔNG PHỤ THUỘC VÀO ĐỊA GIỚI HÀNH CHÍNH TRONG PHẠM VI TỈNH CÀ MAU",
      signerName: "Nguyễn Minh Luân",
      signerTitle: "PHÓ CHỦ TỊCH",
      signingAuthority: "KT.",
      pageCount: 3,
      hasTextLayer: true,
    },
  },
  {
    id: "kh-my-xuyen-narrow-header",
    description: "Kế hoạch (seed 003) with a narrow header that wraps the national motto, title-only signature",
    kind: "chromium",
    isNarrowHeader: true,
    spec: {
      issuerLines: ["ỦY BAN NHÂN DÂN", "PHƯỜNG MỸ XUYÊN"],
      number: "112/KH-UBND",
      dateLine: "Mỹ Xuyên, ngày 10 tháng 10 năm 2025",
      typeName: "KẾ HOẠCH",
      summaryLines: ["Triển khai thực hiện tiếp nhận và trả kết quả giải quyết không phụ thuộc", "vào địa giới hành chính trên địa bàn phường Mỹ Xuyên"],
      body: SEED_003_BODY,
      recipients: ["- Văn phòng UBND thành phố;", "- Thường trực Đảng ủy phường;", "- Lưu: VT."],
      signatureLines: ["CHỦ TỊCH"],
      signerName: "Ngô Thanh Toàn",
    },
    expected: {
      numberSymbol: "112/KH-UBND",
      docTypeName: "Kế hoạch",
      issuedDate: "2025-10-10",
      place: "Mỹ Xuyên",
      issuer: "ỦY BAN NHÂN DÂN PHƯỜNG MỸ XUYÊN",
      parentIssuer: null,
      summary: "Triển khai thực hiện tiếp nhận và trả kết quả giải quyết không phụ thuộc vào địa giới hành chính trên địa bàn phường Mỹ Xuyên",
      signerName: "Ngô Thanh Toàn",
      signerTitle: "CHỦ TỊCH",
      signingAuthority: null,
      pageCount: 1,
      hasTextLayer: true,
    },
  },
  {
    id: "qd-stray-space-commune",
    description: 'Quyết định cá biệt "Số: 05 /QĐ-UBND" of a commune, KT. signature',
    kind: "chromium",
    spec: {
      issuerLines: ["ỦY BAN NHÂN DÂN", "XÃ TÂN THÀNH"],
      number: "05 /QĐ-UBND",
      dateLine: "Tân Thành, ngày 09 tháng 3 năm 2025",
      typeName: "QUYẾT ĐỊNH",
      summaryLines: ["Về việc thành lập Tổ công tác cải cách hành chính xã Tân Thành"],
      authorityLine: "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN THÀNH",
      body: [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;",
        "Theo đề nghị của Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã.",
        "QUYẾT ĐỊNH:",
        "Điều 1. Thành lập Tổ công tác cải cách hành chính xã Tân Thành.",
      ],
      recipients: ["- Như Điều 3;", "- Lưu: VT."],
      signatureLines: ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
      signerName: "Huỳnh Văn Tâm",
    },
    expected: {
      numberSymbol: "05/QĐ-UBND",
      docTypeName: "Quyết định",
      issuedDate: "2025-03-09",
      place: "Tân Thành",
      issuer: "ỦY BAN NHÂN DÂN XÃ TÂN THÀNH",
      parentIssuer: null,
      summary: "Về việc thành lập Tổ công tác cải cách hành chính xã Tân Thành",
      signerName: "Huỳnh Văn Tâm",
      signerTitle: "PHÓ CHỦ TỊCH",
      signingAuthority: "KT.",
      pageCount: 1,
      hasTextLayer: true,
    },
  },
  {
    id: "cv-van-phong",
    description: "Công văn of Văn phòng UBND tỉnh (UBND TỈNH CÀ MAU / VĂN PHÒNG), one-line V/v",
    kind: "chromium",
    spec: {
      parentIssuer: "UBND TỈNH CÀ MAU",
      issuerLines: ["VĂN PHÒNG"],
      number: "3456/VP-KSTT",
      officialLetterSummary: ["V/v báo cáo kết quả cải cách hành chính quý III"],
      dateLine: "Cà Mau, ngày 25 tháng 9 năm 2025",
      greeting: "Kính gửi: Các sở, ban, ngành tỉnh.",
      body: ["Văn phòng Ủy ban nhân dân tỉnh đề nghị các cơ quan, đơn vị báo cáo kết quả thực hiện trước ngày 05/10/2025./."],
      recipients: ["- Như trên;", "- Lưu: VT."],
      signatureLines: ["KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG"],
      signerName: "Lý Thị Thu Hà",
    },
    expected: {
      numberSymbol: "3456/VP-KSTT",
      docTypeName: "Công văn",
      issuedDate: "2025-09-25",
      place: "Cà Mau",
      issuer: "VĂN PHÒNG",
      parentIssuer: "UBND TỈNH CÀ MAU",
      summary: "báo cáo kết quả cải cách hành chính quý III",
      signerName: "Lý Thị Thu Hà",
      signerTitle: "PHÓ CHÁNH VĂN PHÒNG",
      signingAuthority: "KT.",
      pageCount: 1,
      hasTextLayer: true,
    },
  },
  {
    id: "ctr-mixed-case",
    description: "Chương trình 07/CTr-UBND (mixed-case abbreviation)",
    kind: "chromium",
    spec: {
      issuerLines: ["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU"],
      number: "07/CTr-UBND",
      dateLine: "Cà Mau, ngày 02 tháng 02 năm 2025",
      typeName: "CHƯƠNG TRÌNH",
      summaryLines: ["Công tác năm 2025 của Ủy ban nhân dân tỉnh"],
      body: ["I. MỤC TIÊU", "Tập trung lãnh đạo, chỉ đạo thực hiện hoàn thành các chỉ tiêu phát triển kinh tế - xã hội năm 2025."],
      recipients: PROVINCE_RECIPIENTS,
      signatureLines: ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
      signerName: "Phạm Thành Ngại",
    },
    expected: {
      numberSymbol: "07/CTr-UBND",
      docTypeName: "Chương trình",
      issuedDate: "2025-02-02",
      place: "Cà Mau",
      issuer: "ỦY BAN NHÂN DÂN TỈNH CÀ MAU",
      parentIssuer: null,
      summary: "Công tác năm 2025 của Ủy ban nhân dân tỉnh",
      signerName: "Phạm Thành Ngại",
      signerTitle: "CHỦ TỊCH",
      signingAuthority: "TM.",
      pageCount: 1,
      hasTextLayer: true,
    },
  },
  {
    id: "pdflib-qd-xa",
    description: "pdf-lib Quyết định of a commune, Tinos embedded, TM. signature",
    kind: "pdf-lib",
    spec: {
      issuerLines: ["ỦY BAN NHÂN DÂN", "XÃ ĐẤT MŨI"],
      number: "27/QĐ-UBND",
      dateLine: "Đất Mũi, ngày 14 tháng 5 năm 2025",
      typeName: "QUYẾT ĐỊNH",
      summaryLines: ["Về việc công bố danh mục thủ tục hành chính", "tiếp nhận không phụ thuộc địa giới hành chính"],
      authorityLine: "ỦY BAN NHÂN DÂN XÃ ĐẤT MŨI",
      body: [
        "Căn cứ Luật Tổ chức chính quyền địa phương ngày 19 tháng 02 năm 2025;",
        "QUYẾT ĐỊNH:",
        "Điều 1. Công bố kèm theo Quyết định này danh mục thủ tục hành chính.",
      ],
      recipients: ["- Như Điều 3;", "- Lưu: VT."],
      signatureLines: ["TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH"],
      signerName: "Tô Văn Khải",
    },
    expected: {
      numberSymbol: "27/QĐ-UBND",
      docTypeName: "Quyết định",
      issuedDate: "2025-05-14",
      place: "Đất Mũi",
      issuer: "ỦY BAN NHÂN DÂN XÃ ĐẤT MŨI",
      parentIssuer: null,
      summary: "Về việc công bố danh mục thủ tục hành chính tiếp nhận không phụ thuộc địa giới hành chính",
      signerName: "Tô Văn Khải",
      signerTitle: "CHỦ TỊCH",
      signingAuthority: "TM.",
      pageCount: 1,
      hasTextLayer: true,
    },
  },
  {
    id: "pdflib-cv-word-by-word",
    description: "pdf-lib công văn 12/UBND-VP drawn word by word, two-line V/v, KT. signature",
    kind: "pdf-lib",
    isWordByWord: true,
    spec: {
      parentIssuer: "UBND TỈNH CÀ MAU",
      issuerLines: ["SỞ TƯ PHÁP"],
      number: "12/STP-VP",
      officialLetterSummary: ["V/v góp ý dự thảo Quy chế", "phối hợp quản lý văn bản điện tử"],
      dateLine: "Cà Mau, ngày 05 tháng 01 năm 2025",
      greeting: "Kính gửi: Sở Nội vụ tỉnh Cà Mau.",
      body: ["Sở Tư pháp nhận được dự thảo Quy chế phối hợp quản lý văn bản điện tử; sau khi nghiên cứu, Sở Tư pháp thống nhất với nội dung dự thảo./."],
      recipients: ["- Như trên;", "- Lưu: VT, VP."],
      signatureLines: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
      signerName: "Châu Ngọc Hân",
    },
    expected: {
      numberSymbol: "12/STP-VP",
      docTypeName: "Công văn",
      issuedDate: "2025-01-05",
      place: "Cà Mau",
      issuer: "SỞ TƯ PHÁP",
      parentIssuer: "UBND TỈNH CÀ MAU",
      summary: "góp ý dự thảo Quy chế phối hợp quản lý văn bản điện tử",
      signerName: "Châu Ngọc Hân",
      signerTitle: "PHÓ GIÁM ĐỐC",
      signingAuthority: "KT.",
      pageCount: 1,
      hasTextLayer: true,
    },
  },
  {
    id: "pdflib-bc-two-pages-acting",
    description: 'pdf-lib Báo cáo over two pages, signature on page 2 signed "Q. CHỦ TỊCH"',
    kind: "pdf-lib",
    spec: {
      issuerLines: ["ỦY BAN NHÂN DÂN", "PHƯỜNG TÂN THÀNH"],
      number: "118/BC-UBND",
      dateLine: "Tân Thành, ngày 01 tháng 12 năm 2025",
      typeName: "BÁO CÁO",
      summaryLines: ["Kết quả công tác văn thư, lưu trữ năm 2025"],
      body: [...SEED_002_BODY, ...SEED_000_BODY.slice(3), "\f", ...SEED_000_BODY_3],
      recipients: ["- UBND tỉnh (b/c);", "- Lưu: VT."],
      signatureLines: ["Q. CHỦ TỊCH"],
      signerName: "Mai Quốc Việt",
    },
    expected: {
      numberSymbol: "118/BC-UBND",
      docTypeName: "Báo cáo",
      issuedDate: "2025-12-01",
      place: "Tân Thành",
      issuer: "ỦY BAN NHÂN DÂN PHƯỜNG TÂN THÀNH",
      parentIssuer: null,
      summary: "Kết quả công tác văn thư, lưu trữ năm 2025",
      signerName: "Mai Quốc Việt",
      signerTitle: "CHỦ TỊCH",
      signingAuthority: "Q.",
      pageCount: 2,
      hasTextLayer: true,
    },
  },
  {
    id: "scan-image-only",
    description: "Scan: the Kế hoạch 172 page as an image, no text layer",
    kind: "image-only",
    source: "kh-172-province",
    expected: {
      numberSymbol: null,
      docTypeName: null,
      issuedDate: null,
      place: null,
      issuer: null,
      parentIssuer: null,
      summary: null,
      signerName: null,
      signerTitle: null,
      signingAuthority: null,
      pageCount: 1,
      hasTextLayer: false,
    },
  },
  {
    id: "encrypted",
    description: "Kế hoạch 172 encrypted with a user password (qpdf AES-256)",
    kind: "encrypted",
    source: "kh-172-province",
    expectedError: "ENCRYPTED",
  },
  { id: "truncated", description: "Kế hoạch 172 cut after 2 KB", kind: "truncated", source: "kh-172-province", expectedError: "MALFORMED" },
  { id: "not-pdf", description: "An HTML page saved with a .pdf name", kind: "not-pdf", expectedError: "NOT_PDF" },
];

// ---------------------------------------------------------------------------------------------------
// HTML → PDF with chromium

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function fontFaces(): string {
  const face = (file: string, weight: number, style: string) =>
    `@font-face{font-family:"Tinos";src:url("file://${file}");font-weight:${weight};font-style:${style}}`;
  return [face(TINOS.regular, 400, "normal"), face(TINOS.bold, 700, "normal"), face(TINOS.italic, 400, "italic"), face(TINOS.boldItalic, 700, "italic")].join(
    "\n",
  );
}

export function renderDocumentHtml(fixture: DocumentFixture): string {
  const spec = fixture.spec!;
  const family = fixture.font === "liberation" ? `"Liberation Serif", serif` : `"Tinos", "Liberation Serif", serif`;
  const leftWidth = fixture.isNarrowHeader ? "34%" : "40%";
  const rightHeader = fixture.isNarrowHeader ? `<b>CỘNG HÒA XÃ HỘI</b><br><b>CHỦ NGHĨA VIỆT NAM</b>` : `<b>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</b>`;
  const left = [spec.parentIssuer ? escapeHtml(spec.parentIssuer) : "", ...spec.issuerLines.map((l) => `<b>${escapeHtml(l)}</b>`)].filter(Boolean);
  const officialLetter = spec.officialLetterSummary ? `<div class="vv">${spec.officialLetterSummary.map(escapeHtml).join("<br>")}</div>` : "";
  const bodyParts = spec.body.map((p) => (p === "\f" ? `<div class="break"></div>` : `<p class="body">${escapeHtml(p)}</p>`)).join("\n");
  const heading = spec.typeName
    ? `<p class="type"><b>${escapeHtml(spec.typeName)}</b></p><p class="summary"><b>${(spec.summaryLines ?? []).map(escapeHtml).join("<br>")}</b></p>`
    : "";
  return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
${fixture.font === "liberation" ? "" : fontFaces()}
@page{size:A4;margin:20mm 15mm 20mm 30mm}
body{font-family:${family};font-size:14pt;line-height:1.2;margin:0}
table{width:100%;border-collapse:collapse} td{vertical-align:top;text-align:center;font-size:13pt;padding:0}
.rule{width:30%;margin:2pt auto 8pt;border-top:1px solid #000}
.vv{font-size:12pt;margin-top:4pt}
.date{font-style:italic;margin-top:10pt}
.type{text-align:center;font-size:14pt;margin:18pt 0 0}
.summary{text-align:center;font-size:14pt;margin:0 0 14pt}
.authority{text-align:center;font-weight:bold;margin:6pt 0 12pt}
.greeting{text-align:center;margin:12pt 0}
p.body{text-align:justify;text-indent:1cm;margin:0 0 6pt}
.break{break-after:page}
.sign td{font-size:13pt} .recipients{text-align:left;font-size:11pt} .recipients b{font-size:12pt}
.signer{font-weight:bold} .name{margin-top:70pt;font-weight:bold}
</style></head><body>
<table class="header"><tr>
<td style="width:${leftWidth}">${left.join("<br>")}<div class="rule"></div>Số: ${escapeHtml(spec.number)}${officialLetter}</td>
<td>${rightHeader}<br><b>Độc lập - Tự do - Hạnh phúc</b><div class="rule"></div><div class="date">${escapeHtml(spec.dateLine)}</div></td>
</tr></table>
${heading}
${spec.authorityLine ? `<p class="authority">${escapeHtml(spec.authorityLine)}</p>` : ""}
${spec.greeting ? `<p class="greeting">${escapeHtml(spec.greeting)}</p>` : ""}
${bodyParts}
<table class="sign" style="margin-top:12pt;break-inside:avoid"><tr>
<td class="recipients" style="width:50%"><b><i>Nơi nhận:</i></b><br>${spec.recipients.map(escapeHtml).join("<br>")}</td>
<td><div class="signer">${spec.signatureLines.map(escapeHtml).join("<br>")}</div><div class="name">${escapeHtml(spec.signerName)}</div></td>
</tr></table>
</body></html>`;
}

function chromiumArgs(userDataDir: string): string[] {
  return [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--no-pdf-header-footer",
    `--user-data-dir=${userDataDir}`,
  ];
}

async function printHtmlToPdf(htmlPath: string, pdfPath: string, workDir: string): Promise<void> {
  const profile = await mkdtemp(join(workDir, "chromium-profile-"));
  try {
    await run(CHROMIUM_PATH, [...chromiumArgs(profile), `--print-to-pdf=${pdfPath}`, `file://${htmlPath}`], { timeout: 60_000 });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

async function screenshotHtml(htmlPath: string, pngPath: string, workDir: string): Promise<void> {
  const profile = await mkdtemp(join(workDir, "chromium-profile-"));
  try {
    // A4 at 150 dpi, like a desk scanner's default.
    await run(CHROMIUM_PATH, [...chromiumArgs(profile), "--hide-scrollbars", "--window-size=1240,1754", `--screenshot=${pngPath}`, `file://${htmlPath}`], {
      timeout: 60_000,
    });
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------------
// Direct drawing with pdf-lib (a second producer: own text matrices, one item per string or per word)

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { left: 85, right: 42.5, top: 57 };

function wrapText(text: string, font: PDFFont, size: number, width: number): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(" ")) {
    const candidate = current ? `${current} ${word}` : word;
    if (current && font.widthOfTextAtSize(candidate, size) > width) {
      lines.push(current);
      current = word;
    } else current = candidate;
  }
  if (current) lines.push(current);
  return lines;
}

async function drawWithPdfLib(fixture: DocumentFixture): Promise<Uint8Array> {
  const spec = fixture.spec!;
  const doc = await PDFDocument.create();
  doc.registerFontkit(fontkit);
  const [regular, bold, italic] = await Promise.all(
    // No subsetting: pdf-lib 1.17's fontkit subsets drop glyphs when a font is drawn in many small runs
    // (poppler then renders blanks, although the text layer survives).
    [TINOS.regular, TINOS.bold, TINOS.italic].map(async (file) => doc.embedFont(await readFile(file), { subset: false })),
  );
  let page: PDFPage = doc.addPage([A4.width, A4.height]);
  let y = A4.height - MARGIN.top;
  const contentWidth = A4.width - MARGIN.left - MARGIN.right;

  const draw = (text: string, x: number, baseline: number, font: PDFFont, size: number) => {
    if (!fixture.isWordByWord) {
      page.drawText(text, { x, y: baseline, font, size });
      return;
    }
    let cursor = x;
    for (const word of text.split(" ")) {
      page.drawText(word, { x: cursor, y: baseline, font, size });
      cursor += font.widthOfTextAtSize(`${word} `, size);
    }
  };
  const drawCentered = (text: string, centerX: number, baseline: number, font: PDFFont, size: number) =>
    draw(text, centerX - font.widthOfTextAtSize(text, size) / 2, baseline, font, size);

  // Header: left column 40 % of the text width, right column the rest (Decree 30 App. I, ô 1–4).
  const leftCenter = MARGIN.left + contentWidth * 0.2;
  const rightCenter = MARGIN.left + contentWidth * 0.7;
  let leftY = y;
  if (spec.parentIssuer) {
    drawCentered(spec.parentIssuer, leftCenter, leftY, regular, 13);
    leftY -= 15;
  }
  for (const line of spec.issuerLines) {
    drawCentered(line, leftCenter, leftY, bold, 13);
    leftY -= 15;
  }
  drawCentered("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", rightCenter, y, bold, 12);
  drawCentered("Độc lập - Tự do - Hạnh phúc", rightCenter, y - 15, bold, 13);
  const numberY = Math.min(leftY - 12, y - 45);
  drawCentered(`Số: ${spec.number}`, leftCenter, numberY, regular, 13);
  drawCentered(spec.dateLine, rightCenter, numberY, italic, 13);
  y = numberY - 16;
  for (const line of spec.officialLetterSummary ?? []) {
    drawCentered(line, leftCenter, y, regular, 12);
    y -= 14;
  }
  y -= 18;
  if (spec.typeName) {
    drawCentered(spec.typeName, A4.width / 2 + 20, y, bold, 14);
    y -= 17;
    for (const line of spec.summaryLines ?? []) {
      drawCentered(line, A4.width / 2 + 20, y, bold, 14);
      y -= 17;
    }
    y -= 14;
  }
  if (spec.authorityLine) {
    drawCentered(spec.authorityLine, A4.width / 2 + 20, y, bold, 14);
    y -= 28;
  }
  if (spec.greeting) {
    drawCentered(spec.greeting, A4.width / 2 + 20, y, regular, 14);
    y -= 28;
  }
  for (const paragraph of spec.body) {
    if (paragraph === "\f" || y < 120) {
      page = doc.addPage([A4.width, A4.height]);
      y = A4.height - MARGIN.top;
      if (paragraph === "\f") continue;
    }
    for (const line of wrapText(paragraph, regular, 14, contentWidth - 28)) {
      draw(line, MARGIN.left + 28, y, regular, 14);
      y -= 17;
    }
    y -= 6;
  }
  // Signature block: "Nơi nhận" on the left, authority/title/name centred on the right (ô 7, ô 9).
  y -= 12;
  draw("Nơi nhận:", MARGIN.left, y, bold, 12);
  let recipientY = y - 14;
  for (const line of spec.recipients) {
    draw(line, MARGIN.left, recipientY, regular, 11);
    recipientY -= 13;
  }
  let signY = y;
  for (const line of spec.signatureLines) {
    drawCentered(line, rightCenter, signY, bold, 13);
    signY -= 15;
  }
  drawCentered(spec.signerName, rightCenter, signY - 70, bold, 13);
  return doc.save();
}

async function imageOnlyPdf(pngPath: string): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const image = await doc.embedPng(await readFile(pngPath));
  const page = doc.addPage([A4.width, A4.height]);
  page.drawImage(image, { x: 0, y: 0, width: A4.width, height: A4.height });
  return doc.save();
}

// ---------------------------------------------------------------------------------------------------

async function mapWithConcurrency<T, R>(items: T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index]);
    }
  });
  await Promise.all(workers);
  return results;
}

/**
 * Renders every fixture into a fresh directory under os.tmpdir() (or `directory`) and returns them with
 * their paths. Needs /usr/bin/chromium and qpdf. Takes a few seconds (chromium runs 2 at a time).
 */
export async function renderDocumentFixtures(directory?: string): Promise<RenderedFixture[]> {
  const dir = directory ?? (await mkdtemp(join(tmpdir(), "document-fixtures-")));
  const pathOf = (id: string) => join(dir, `${id}.pdf`);
  const primary = DOCUMENT_FIXTURES.filter((f) => f.kind === "chromium" || f.kind === "pdf-lib");
  await mapWithConcurrency(primary, 2, async (fixture) => {
    if (fixture.kind === "pdf-lib") {
      await writeFile(pathOf(fixture.id), await drawWithPdfLib(fixture));
      return;
    }
    const htmlPath = join(dir, `${fixture.id}.html`);
    await writeFile(htmlPath, renderDocumentHtml(fixture));
    await printHtmlToPdf(htmlPath, pathOf(fixture.id), dir);
  });
  for (const fixture of DOCUMENT_FIXTURES) {
    const sourcePath = fixture.source ? pathOf(fixture.source) : "";
    if (fixture.kind === "image-only") {
      const pngPath = join(dir, `${fixture.id}.png`);
      await screenshotHtml(join(dir, `${fixture.source}.html`), pngPath, dir);
      await writeFile(pathOf(fixture.id), await imageOnlyPdf(pngPath));
    } else if (fixture.kind === "encrypted") {
      // User password "u", owner password "o", AES-256: no text can be read without "u".
      await run("qpdf", ["--encrypt", "u", "o", "256", "--", sourcePath, pathOf(fixture.id)]);
    } else if (fixture.kind === "truncated") {
      await writeFile(pathOf(fixture.id), (await readFile(sourcePath)).subarray(0, 2048));
    } else if (fixture.kind === "not-pdf") {
      await writeFile(pathOf(fixture.id), "<!doctype html><html><body>Không phải PDF</body></html>\n");
    }
  }
  return DOCUMENT_FIXTURES.map((fixture) => ({ ...fixture, path: pathOf(fixture.id) }));
}

/** Deletes the directory renderDocumentFixtures created (call from afterAll). */
export async function removeDocumentFixtures(fixtures: RenderedFixture[]): Promise<void> {
  if (fixtures.length) await rm(dirname(fixtures[0].path), { recursive: true, force: true });
}
