// The one test document packet (UBND tỉnh Cà Mau → UBND tỉnh Bạc Liêu, Công văn n/UBND-VP) for tests and
// benchmarks that need many distinct packets carrying a given PDF.
import { formatDocumentId, type DocumentPacket } from "#edxml/index";

export const TEST_SENDER_ORGAN = "000.00.00.H12";
export const TEST_RECIPIENT_ORGAN = "000.00.00.H05";

/** A Công văn numbered `n` from Cà Mau to Bạc Liêu carrying `pdf` as its main file. */
export function testDocumentPacket(n: string, pdf: Uint8Array, subject = `V/v thử nghiệm số ${n}`): DocumentPacket {
  return {
    businessDocType: 0,
    from: { organId: TEST_SENDER_ORGAN, organName: "UBND tỉnh Cà Mau" },
    to: [{ organId: TEST_RECIPIENT_ORGAN, organName: "UBND tỉnh Bạc Liêu" }],
    codeNumber: n,
    codeNotation: "UBND-VP",
    place: "Cà Mau",
    promulgationDate: "2025-06-15",
    docType: { type: "18", typeName: "Công văn" },
    subject,
    signer: { competence: "TM.", position: "CHỦ TỊCH", fullName: "Nguyễn Văn An" },
    dueDate: null,
    priority: 0,
    pageAmount: 1,
    appendixes: [],
    toPlaces: [],
    documentId: formatDocumentId(TEST_SENDER_ORGAN, "2025-06-15", n, "UBND-VP"),
    traces: [{ organId: TEST_SENDER_ORGAN, timestamp: new Date() }],
    attachments: [{ contentId: "cid:vanban", name: `${n}.pdf`, contentType: "application/pdf", bytes: pdf }],
  };
}
