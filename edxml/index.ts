// edXML (QCVN 102:2016/BTTTT + SĐ1:2022): packet model, builder, parser and XML-DSig. A pure library:
// bytes and key material in, bytes and reports out; no app, database or Remix imports.
export * from "./model";
export { buildDocumentPacketXml, buildStatusPacketXml, escapeXml } from "./build";
export { signPacketXml, verifyPacketSignature, type PacketSigner, type PacketSignatureReport } from "./sign";
export {
  parsePacket,
  parsePacketToRanges,
  materializeAttachments,
  type AttachmentRange,
  decodePacketText,
  EdxmlRefusal,
  DEFAULT_PARSE_LIMITS,
  type ParseLimits,
  type ParsedPacket,
  type ParsedDocumentPacket,
  type ParsedStatusPacket,
  type EdxmlRefusalCode,
} from "./parse";
export { liftCandidates, decodeRun as decodeAttachmentRange } from "./lift";
