// Packets in the layouts other QCVN 102 systems write (domain.md §8.3), for the tests of this product's reader.
// The VPCP SDK and the LGSPs built on it put an outer `edXML` element around edXMLEnvelope and AttachmentEncoded,
// write AttachmentEncoded after the envelope without a prefix, point the manifest at files with xlink:href and a
// ContentId child, and put the base64 inside ContentTransferEncoded; the Bkav eDoc library writes only the ContentId
// child and zips what is not a PDF, DOC, DOCX, XLS or ZIP. Written here from those descriptions, element by element.
import { EDXML_NS } from "#edxml/index";

const XLINK = "http://www.w3.org/1999/xlink";

export type ForeignFile = { id: string; name: string; type: string; bytes: Uint8Array };

/** What a test changes in the fixed header: a signature template, the sender, the DocumentId. */
export type ForeignHeader = { extraHeader?: string; fromOrganId?: string; documentId?: string };

const header = ({ extraHeader = "", fromOrganId = "000.00.00.G22", documentId = "000.00.00.G22,2025/06/15,4521/VPCP-KSTT" }: ForeignHeader = {}) => `
    <edXML:edXMLHeader>
      <edXML:MessageHeader>
        <edXML:From><edXML:OrganId>${fromOrganId}</edXML:OrganId><edXML:OrganizationInCharge>Chính phủ</edXML:OrganizationInCharge><edXML:OrganName>Văn phòng Chính phủ</edXML:OrganName></edXML:From>
        <edXML:To><edXML:OrganId>000.00.00.H05</edXML:OrganId><edXML:OrganName>UBND tỉnh Bạc Liêu</edXML:OrganName></edXML:To>
        <edXML:Code><edXML:CodeNumber>4521</edXML:CodeNumber><edXML:CodeNotation>VPCP-KSTT</edXML:CodeNotation></edXML:Code>
        <edXML:PromulgationInfo><edXML:Place>Hà Nội</edXML:Place><edXML:PromulgationDate>2025/06/15</edXML:PromulgationDate></edXML:PromulgationInfo>
        <edXML:DocumentType><edXML:Type>18</edXML:Type><edXML:TypeName>Công văn</edXML:TypeName><edXML:TypeDetail>0</edXML:TypeDetail></edXML:DocumentType>
        <edXML:Subject>V/v đẩy mạnh cải cách thủ tục hành chính năm 2025</edXML:Subject>
        <edXML:Content>V/v đẩy mạnh cải cách thủ tục hành chính năm 2025</edXML:Content>
        <edXML:SignerInfo><edXML:Competence>KT.</edXML:Competence><edXML:Position>PHÓ CHỦ NHIỆM</edXML:Position><edXML:FullName>Trần Văn Bình</edXML:FullName></edXML:SignerInfo>
        <edXML:DueDate>2025/07/01</edXML:DueDate>
        <edXML:ToPlaces><edXML:Place>UBND tỉnh Bạc Liêu</edXML:Place></edXML:ToPlaces>
        <edXML:OtherInfo><edXML:Priority>1</edXML:Priority><edXML:SphereOfPromulgation>Liên thông văn bản</edXML:SphereOfPromulgation><edXML:TyperNotation>TVC</edXML:TyperNotation><edXML:PromulgationAmount>1</edXML:PromulgationAmount><edXML:PageAmount>2</edXML:PageAmount><edXML:Appendixes><edXML:Appendix></edXML:Appendix></edXML:Appendixes></edXML:OtherInfo>
        <edXML:SteeringType>0</edXML:SteeringType>
        <edXML:DocumentId>${documentId}</edXML:DocumentId>
      </edXML:MessageHeader>
      <edXML:TraceHeaderList id="9f3a2c1b" version="1.0" mustUnderstand="1" actor="http://schemas.xmlsoap.org/soap/actor/next">
        <edXML:TraceHeader><edXML:OrganId>${fromOrganId}</edXML:OrganId><edXML:Timestamp>2025/06/15 08:30:00</edXML:Timestamp></edXML:TraceHeader>
        <edXML:Bussiness><edXML:BussinessDocType>0</edXML:BussinessDocType><edXML:BussinessDocReason>Văn bản điện tử mới</edXML:BussinessDocReason><edXML:Paper>0</edXML:Paper></edXML:Bussiness>
      </edXML:TraceHeaderList>
      <edXML:DigitalSignature />${extraHeader}
    </edXML:edXMLHeader>`;

/** The VPCP SDK's layout: default namespace on the outer edXML, xlink:href and ContentId, data in ContentTransferEncoded. */
export function vpcpPacket(files: ForeignFile[], headerOptions: ForeignHeader = {}): string {
  const refs = files
    .map(
      (f) =>
        `<edXML:Reference xmlns:xlink="${XLINK}" xlink:href="cid:${f.id}" xlink:role="XLinkRole" xlink:type="simple"><edXML:Description>Tệp đính kèm</edXML:Description><edXML:AttachmentName>${f.name}</edXML:AttachmentName><edXML:ContentType>${f.type}</edXML:ContentType><edXML:ContentId>cid:${f.id}</edXML:ContentId></edXML:Reference>`,
    )
    .join("\n        ");
  const encoded = files
    .map(
      (f) =>
        `<Attachment>\n      <ContentType>${f.type}</ContentType>\n      <ContentId>${f.id}</ContentId>\n      <ContentTransferEncoded>${Buffer.from(f.bytes).toString("base64")}</ContentTransferEncoded>\n      <AttachmentName>${f.name}</AttachmentName>\n    </Attachment>`,
    )
    .join("\n    ");
  return `<?xml version="1.0" encoding="utf-8"?>
<edXML xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns="${EDXML_NS}">
  <edXML:edXMLEnvelope xmlns:edXML="${EDXML_NS}">${header(headerOptions)}
    <edXML:edXMLBody>
      <edXML:edXMLManifest version="1.0">
        ${refs}
      </edXML:edXMLManifest>
    </edXML:edXMLBody>
  </edXML:edXMLEnvelope>
  <AttachmentEncoded>
    ${encoded}
  </AttachmentEncoded>
</edXML>
`;
}

/** The Bkav eDoc layout: a prefixed outer element, ContentId children only, the attachment part in no namespace. */
export function bkavPacket(files: ForeignFile[]): string {
  const refs = files
    .map(
      (f) =>
        `<edXML:Reference><edXML:ContentId>cid:${f.id}</edXML:ContentId><edXML:ContentType>${f.type}</edXML:ContentType><edXML:AttachmentName>${f.name}</edXML:AttachmentName></edXML:Reference>`,
    )
    .join("");
  const encoded = files
    .map(
      (f) =>
        `<Attachment><ContentId>cid:${f.id}</ContentId><AttachmentName>${f.name}</AttachmentName><ContentType>${f.type}</ContentType><ContentTransferEncoded>${Buffer.from(f.bytes).toString("base64")}</ContentTransferEncoded></Attachment>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?>\n<edXML:edXML xmlns:edXML="${EDXML_NS}"><edXML:edXMLEnvelope>${header()}<edXML:edXMLBody><edXML:edXMLManifest>${refs}</edXML:edXMLManifest></edXML:edXMLBody></edXML:edXMLEnvelope><AttachmentEncoded>${encoded}</AttachmentEncoded></edXML:edXML>`;
}
