// Lines of names in a Decree 30 document (Phụ lục I): the organisation in the header (ô 2), the signing
// authority above the signer (ô 7a) and the recipients (ô 9a "Kính gửi", ô 9b "Nơi nhận"). Pure, like layout.ts.
import { toVietnameseUpperCase, wrapText, type SigningAuthority } from "#documents/composer/layout";

const COLLECTIVE_BODY_PREFIXES = ["ỦY BAN NHÂN DÂN", "UỶ BAN NHÂN DÂN", "HỘI ĐỒNG NHÂN DÂN", "ỦY BAN MẶT TRẬN TỔ QUỐC VIỆT NAM"];

/**
 * Lines of an organisation name in the header's left column (ô 2). Explicit "\n" wins; otherwise a
 * collective-body prefix gets its own line, and anything still too wide is word-wrapped.
 */
export function splitOrganizationName(name: string, measure: (text: string) => number, maxWidth: number): string[] {
  const explicit = name
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter(Boolean);
  if (explicit.length > 1) return explicit.flatMap((line) => wrapText(line, measure, maxWidth));
  const single = explicit[0] ?? "";
  if (measure(single) <= maxWidth) return [single];
  const prefix = COLLECTIVE_BODY_PREFIXES.find((candidate) => single.startsWith(`${candidate} `) && measure(candidate) <= maxWidth);
  if (prefix) {
    return [prefix, ...wrapText(single.slice(prefix.length).trim(), measure, maxWidth)];
  }
  return wrapText(single, measure, maxWidth);
}

/**
 * The lines above the signer's title (ô 7a): "TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", or both for a
 * deputy of a collective body ("TM. ỦY BAN NHÂN DÂN" / "KT. CHỦ TỊCH", Decree 30 Đ.13 k.2).
 * `authorityLine` may hold several lines separated by "\n"; the prefix goes on the first one.
 */
export function buildAuthorityLines(options: {
  signingAuthority: SigningAuthority | null;
  authorityLine?: string | null;
  organizationName: string;
  signerTitle: string;
}): string[] {
  const { signingAuthority } = options;
  if (!signingAuthority) return [];
  const explicit = options.authorityLine?.trim();
  const defaultLine =
    signingAuthority === "TM." ? defaultCollectiveName(options.organizationName) : toVietnameseUpperCase(options.signerTitle).replace(/^PHÓ\s+/, "");
  const lines = (explicit || defaultLine)
    .split(/\r?\n/)
    .map((line) => toVietnameseUpperCase(line.trim()))
    .filter(Boolean);
  lines[0] = lines[0].startsWith(signingAuthority) ? lines[0] : `${signingAuthority} ${lines[0]}`;
  return lines;
}

/**
 * The whole title block above the signature (ô 7a–7b) as printed: the authority lines, then the signer's title in
 * upper case ("TM. ỦY BAN NHÂN DÂN" / "CHỦ TỊCH"). The PDF and the document page both show these lines.
 */
export function buildSignerTitleLines(options: Parameters<typeof buildAuthorityLines>[0]): string[] {
  return [...buildAuthorityLines(options), toVietnameseUpperCase(options.signerTitle.trim())];
}

function defaultCollectiveName(organizationName: string): string {
  const upper = toVietnameseUpperCase(organizationName.replace(/\s+/g, " ").trim());
  const prefix = COLLECTIVE_BODY_PREFIXES.find((candidate) => upper.startsWith(candidate));
  return prefix ?? upper;
}

/**
 * "Nơi nhận" lines (ô 9b): each recipient on its own line starting with "- ", the last line
 * "- Lưu: VT, <drafting unit>." (Phụ lục I).
 */
export function formatRecipientLines(recipients: string[], archiveLine?: string | null): string[] {
  const lines = recipients
    .map((recipient) => recipient.trim())
    .filter(Boolean)
    .filter((recipient) => !/^-?\s*Lưu\s*:/i.test(recipient) || !archiveLine)
    .map((recipient) => (/^[-–+]\s*/.test(recipient) ? recipient.replace(/^[-–+]\s*/, "- ") : `- ${recipient}`));
  const hasArchive = lines.some((line) => /^- Lưu\s*:/i.test(line));
  if (archiveLine || !hasArchive) {
    const archive = (archiveLine ?? "Lưu: VT.").trim().replace(/^-\s*/, "");
    lines.push(`- ${archive.endsWith(".") ? archive : `${archive}.`}`);
  }
  return lines;
}

/** "Kính gửi" recipients (ô 9a) without the label, whichever way the caller wrote them. */
export function normalizeAddressees(lines: string[] | undefined): string[] {
  return (lines ?? []).map((line) => line.replace(/^\s*Kính gửi\s*:?\s*/i, "").trim()).filter(Boolean);
}
