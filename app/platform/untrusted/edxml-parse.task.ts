// Parses a received edXML packet (and checks its XML signature) in the untrusted-file pool: a hostile
// packet may burn CPU or memory there, never on the request thread. Refusals keep their code and
// Vietnamese message (EdxmlRefusal → UntrustedTaskError remoteName/remoteCode).
import { parsePacket, type ParseLimits, type ParsedPacket } from "#edxml/index";

export type EdxmlParseInput = { bytes: Uint8Array; trustAnchorsPem: string[]; limits?: ParseLimits; at?: Date };

export default async function edxmlParse(input: EdxmlParseInput): Promise<ParsedPacket> {
  return parsePacket(input.bytes, { trustAnchorsPem: input.trustAnchorsPem, limits: input.limits, at: input.at });
}
