// Serialises edXML packets (QCVN 102:2016 + SĐ1:2022). Element order follows the field list of
// domain.md §8.3–8.4; every element is in the edXML namespace, the envelope's with the conventional `edXML:` prefix.
import { EDXML_NS, formatEdxmlDate, formatEdxmlTimestamp, type DocumentPacket, type OrganInfo, type StatusPacket } from "./model";

// Characters XML 1.0 does not allow at all: dropped rather than escaped (they cannot be represented).
// biome-ignore lint/suspicious/noControlCharactersInRegex: matching the control characters XML 1.0 forbids is the point
const XML_FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(text: string): string {
  return text.replace(XML_FORBIDDEN, "").replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[c]!);
}

const XLINK_NS = "http://www.w3.org/1999/xlink";

/**
 * The packet as the VPCP SDK writes it, which the national document axis and the LGSPs built on it read: an outer
 * `edXML` element declaring the edXML namespace as the default one, the prefixed edXMLEnvelope (header and manifest),
 * then AttachmentEncoded. Readers of that layout (the Bkav eDoc library among them) look for AttachmentEncoded among
 * the outer element's children and take each file's base64 from ContentTransferEncoded (domain.md §8.3).
 */
function wrap(envelopeContent: string, attachmentEncoded: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8"?>\n` +
    `<edXML xmlns="${EDXML_NS}"><edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}">${envelopeContent}</edXML:edXMLEnvelope>${attachmentEncoded}</edXML>`
  );
}

/** An element of the attachment part: unprefixed, in the outer element's default (edXML) namespace. */
const plain = (name: string, value: string | null | undefined) => (value == null || value === "" ? "" : `<${name}>${escapeXml(String(value))}</${name}>`);

const el = (name: string, value: string | number | null | undefined) =>
  value == null || value === "" ? `<edXML:${name}/>` : `<edXML:${name}>${escapeXml(String(value))}</edXML:${name}>`;

function organ(tag: string, o: OrganInfo): string {
  return (
    `<edXML:${tag}>` +
    el("OrganId", o.organId) +
    el("OrganizationInCharge", o.organizationInCharge) +
    el("OrganName", o.organName) +
    el("OrganAdd", o.organAdd) +
    el("Email", o.email) +
    el("Telephone", o.telephone) +
    el("Fax", o.fax) +
    el("Website", o.website) +
    `</edXML:${tag}>`
  );
}

function staffInfo(staff: DocumentPacket["staff"]): string {
  if (!staff) return "";
  return `<edXML:StaffInfo>${el("Department", staff.department)}${el("Staff", staff.staff)}${el("Mobile", staff.mobile)}${el("Email", staff.email)}</edXML:StaffInfo>`;
}

/** A document packet (gói tin văn bản): new (0), recall (1) or update (2), unsigned. */
export function buildDocumentPacketXml(p: DocumentPacket): string {
  const header =
    `<edXML:MessageHeader>` +
    organ("From", p.from) +
    p.to.map((t) => organ("To", t)).join("") +
    `<edXML:Code>${el("CodeNumber", p.codeNumber)}${el("CodeNotation", p.codeNotation)}</edXML:Code>` +
    `<edXML:PromulgationInfo>${el("Place", p.place)}${el("PromulgationDate", formatEdxmlDate(p.promulgationDate))}</edXML:PromulgationInfo>` +
    `<edXML:DocumentType>${el("Type", p.docType.type)}${el("TypeName", p.docType.typeName)}</edXML:DocumentType>` +
    el("Subject", p.subject) +
    el("Content", p.content) +
    `<edXML:SignerInfo>${el("Competence", p.signer.competence)}${el("Position", p.signer.position)}${el("FullName", p.signer.fullName)}</edXML:SignerInfo>` +
    el("DueDate", p.dueDate ? formatEdxmlDate(p.dueDate) : null) +
    `<edXML:ToPlaces>${p.toPlaces.map((x) => el("Place", x)).join("")}</edXML:ToPlaces>` +
    `<edXML:OtherInfo>${el("Priority", p.priority)}${el("SphereOfPromulgation", null)}${el("TyperNotation", null)}${el("PromulgationAmount", p.promulgationAmount ?? null)}${el("PageAmount", p.pageAmount)}` +
    `<edXML:Appendixes>${p.appendixes.map((a) => el("Appendix", a)).join("")}</edXML:Appendixes></edXML:OtherInfo>` +
    el("SteeringType", p.steeringType ?? "1") +
    el("DocumentId", p.documentId) +
    `</edXML:MessageHeader>`;
  const traces =
    `<edXML:TraceHeaderList>` +
    p.traces.map((t) => `<edXML:TraceHeader>${el("OrganId", t.organId)}${el("Timestamp", formatEdxmlTimestamp(t.timestamp))}</edXML:TraceHeader>`).join("") +
    `<edXML:Bussiness>${el("BussinessDocType", p.businessDocType)}${el("BussinessDocReason", p.businessReason)}${el("DocumentId", p.documentId)}${staffInfo(p.staff)}${el("Paper", 0)}</edXML:Bussiness>` +
    `</edXML:TraceHeaderList>`;
  const manifest =
    `<edXML:edXMLManifest version="1.0">` +
    p.attachments
      .map(
        (a) =>
          `<edXML:Reference xmlns:xlink="${XLINK_NS}" xlink:href="${escapeXml(a.contentId)}" xlink:type="simple">` +
          `${el("Description", a.description)}${el("AttachmentName", a.name)}${el("ContentType", a.contentType)}${el("ContentId", a.contentId)}</edXML:Reference>`,
      )
      .join("") +
    `</edXML:edXMLManifest>`;
  // After the envelope, unprefixed in the outer element's default namespace, the base64 inside ContentTransferEncoded.
  const encoded =
    `<AttachmentEncoded>` +
    p.attachments
      .map(
        (a) =>
          `<Attachment>${plain("ContentId", a.contentId)}${plain("AttachmentName", a.name)}${plain("Description", a.description)}${plain("ContentType", a.contentType)}` +
          `<ContentTransferEncoded>${Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength).toString("base64")}</ContentTransferEncoded></Attachment>`,
      )
      .join("") +
    `</AttachmentEncoded>`;
  return wrap(`<edXML:edXMLHeader>${header}${traces}</edXML:edXMLHeader><edXML:edXMLBody>${manifest}</edXML:edXMLBody>`, encoded);
}

/** A status packet (gói tin trạng thái, domain.md §8.4). */
export function buildStatusPacketXml(p: StatusPacket): string {
  const r = p.responseFor;
  return wrap(
    `<edXML:edXMLHeader><edXML:Status>` +
      `<edXML:ResponseFor>${el("OrganId", r.organId)}${el("Code", r.codeNumber || r.codeNotation ? `${r.codeNumber}/${r.codeNotation}` : null)}${el("PromulgationDate", r.promulgationDate ? formatEdxmlDate(r.promulgationDate) : null)}${el("DocumentId", r.documentId)}</edXML:ResponseFor>` +
      organ("From", p.from) +
      organ("To", p.to) +
      el("StatusCode", p.statusCode) +
      el("Description", p.description) +
      el("Timestamp", formatEdxmlTimestamp(p.timestamp)) +
      staffInfo(p.staff) +
      `</edXML:Status></edXML:edXMLHeader><edXML:edXMLBody/>`,
    "",
  );
}
