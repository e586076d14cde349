// Sample incoming documents for tests (content from seeds 000 and 004).
import { composeSampleDocumentPdf, type SampleDocumentSpec } from "#app/features/demo/sample-pdf.server";

export const KH_172_SPEC: SampleDocumentSpec = {
  issuerLines: ["ỦY BAN NHÂN DÂN", "TỈNH CÀ MAU"],
  number: "172/KH-UBND",
  dateLine: "Cà Mau, ngày 15 tháng 6 năm 2025",
  typeName: "KẾ HOẠCH",
  summaryLines: ["Vận hành thử nghiệm tổ chức chính quyền cấp xã sau sắp xếp", "và thực hiện chính quyền địa phương 2 cấp"],
  body: [
    "Thực hiện Kết luận số 163-KL/TW ngày 06/6/2025 của Bộ Chính trị, Ban Bí thư về việc thực hiện một số nội dung, nhiệm vụ khi sắp xếp tổ chức bộ máy và đơn vị hành chính.",
    "Ủy ban nhân dân tỉnh Cà Mau xây dựng Kế hoạch tổ chức vận hành thử nghiệm tổ chức Chính quyền cấp xã sau sắp xếp và thực hiện chính quyền địa phương 2 cấp.",
  ],
  recipients: ["- Sở, ban, ngành tỉnh;", "- UBND cấp xã;", "- Lưu: VT."],
  signatureLines: ["KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH"],
  signerName: "Lâm Văn Bi",
};

export function officialLetterSpec(n: number, summary = "Đôn đốc triển khai chuyển đổi số trong giải quyết thủ tục hành chính"): SampleDocumentSpec {
  return {
    parentIssuer: "UBND TỈNH CÀ MAU",
    issuerLines: ["SỞ NỘI VỤ"],
    number: `${String(n).padStart(2, "0")}/SNV-CCHC`,
    dateLine: "Cà Mau, ngày 02 tháng 6 năm 2025",
    officialLetterSummary: [`V/v ${summary}`],
    body: ["Kính gửi: Ủy ban nhân dân các xã, phường.", "Sở Nội vụ đề nghị các cơ quan, đơn vị khẩn trương triển khai thực hiện và báo cáo kết quả."],
    recipients: ["- Như trên;", "- Lưu: VT, CCHC."],
    signatureLines: ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC"],
    signerName: "Nguyễn Văn Bình",
  };
}

export function samplePdf(spec: SampleDocumentSpec = KH_172_SPEC): Promise<Uint8Array> {
  return composeSampleDocumentPdf(spec);
}
