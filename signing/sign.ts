// Signing flow: prepare (build the incremental revision with a placeholder, hash the byte ranges, build the signed
// attributes) and finish (embed the CMS). signPdf runs both with a local key. The prepared bytes must be kept
// until finish: /M and /ID[1] are inside them, so the digest cannot be recomputed later (signing.md §2).
import { createHash, randomUUID, X509Certificate, verify as nodeVerify } from "node:crypto";
import { PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFStream } from "pdf-lib";
import { extractTextLines, findIssueSlots, findSignatureBlock, findTextAnchor, type IssueSlots, lineSegments, type Rect } from "./appearance/anchors";
import { clampRect, EDGE_MARGIN, sealSquareBeside } from "./appearance/free-space";
import { type IssueStampKind, placeIssueStamp } from "./appearance/issue-stamps";
import { displayedSize, matrixFor, numberDateSlot, shownRectToUser, userRectToShown, type NumberDateSlot } from "./appearance/number-slots";
import { normalizeRect, placeSealCaption, unionRect } from "./appearance/seal-layout";
import { AppearanceBuilder, fitImage } from "./appearance/streams";
import { assembleSignedData, buildSignedAttributes, type CmsProfile } from "./cms/build";
import { SigningError } from "./errors";
import { certificationLevel } from "./verify/changes";
import type { Signer } from "./keystore/pkcs12";
import { IncrementalUpdate } from "./pdf/incremental";
import { appendToArray, ensureAcroForm, type FieldInfo, fieldWidgets, listFields, pageGeometry, uniqueFieldName } from "./pdf/fields";
import { PdfReader } from "./pdf/reader";
import { signatureTimestampAttribute, timestampSignatureValue, type TimestampOptions } from "./timestamp/rfc3161";

export type SignatureRole = "leader" | "organization";

export type SignatureAppearance = {
  visible: boolean;
  /** Leader: handwritten signature image (PNG with transparency). */
  signatureImagePng?: Uint8Array;
  /** Organisation: red seal image (PNG with transparency). */
  sealImagePng?: Uint8Array;
  signerName?: string;
  signerTitle?: string;
  organizationName?: string;
  /** TrueType font with Vietnamese coverage (e.g. Tinos); required for any text. */
  fontBytes?: Uint8Array;
  /**
   * Italic face of the same family, for form fields whose /DA names an italic font (the date line of Decree 30
   * Phụ lục I is italic). Without it such fields get the regular face slanted.
   */
  italicFontBytes?: Uint8Array;
  /** 0-based page index; default: found from the text or the last page. */
  page?: number;
  /** Widget rectangle in page space [x1, y1, x2, y2]; default: found through pdfjs text positions. */
  rect?: Rect;
  /**
   * Organisation: number and date lines printed under the seal, after its name and time. Set by prepareSignature
   * when the stamps cannot be annotations (a document certified "form filling and signing only", DocMDP P=2).
   */
  issueLines?: string[];
};

export type StampOptions = {
  text: string;
  /** 0-based page index (default: the anchor's page or the first page). */
  page?: number;
  rect?: Rect;
  /** Text after which the stamp is placed, e.g. "Số:". */
  anchorText?: string;
  fontSize?: number;
  /**
   * Cover the anchor text and the rest of its line with the stamp (white background), e.g. replace a template's
   * "ngày ... tháng ... năm ..." with the real date. The page content itself is never changed (pitfall 13).
   */
  replaceAnchor?: boolean;
  /**
   * When `anchorText` is not on the page (a scan, a document laid out otherwise): the Phụ lục I place of ô 3
   * ("number", top-left under the issuer) or ô 4 ("date", top-right, italic) on the first page, with `text`
   * (e.g. "Số: 58/KH-UBND", since the page prints no label). Default slot: "number" when the anchor starts
   * with "Số", else "date". The clerk can always number and seal: a missing anchor is never a refusal.
   */
  fallback?: { slot?: NumberDateSlot; text?: string };
};

export type PrepareSignatureOptions = {
  /** Signer certificate first, then intermediates. */
  certificateChainDer: Uint8Array[];
  role: SignatureRole;
  /** Default "pades" = ETSI.CAdES.detached (PAdES B-B); "adbe" = adbe.pkcs7.detached. */
  profile?: CmsProfile;
  /** Goes into /M (PAdES forbids the signing-time attribute). Default: now. */
  signingTime?: Date;
  reason?: string;
  location?: string;
  contactInfo?: string;
  /** Field name; default "LanhDao" (leader) / "CoQuan" (organisation), made unique with _2, _3… */
  fieldName?: string;
  appearance?: SignatureAppearance;
  /** Values for existing text fields (e.g. so_ky_hieu, ngay_thang), written in the same revision. */
  formValues?: Record<string, string>;
  /** FreeText annotations with their own appearance, written in the same revision. */
  stamps?: StampOptions[];
  /** SHA-256 (hex) the caller believes the input has; refused when it differs (optimistic lock). */
  expectedBaseSha256?: string;
  /** Bytes reserved for the CMS; default: dry-run size + room for an RFC 3161 token. */
  placeholderBytes?: number;
  /** A TSA token will be added (PAdES B-T): reserve another 8 KB for a TSA with a long certificate chain. */
  timestamped?: boolean;
  /** Prepared signatures expire (default 15 minutes). */
  ttlMs?: number;
};

export type PreparedSignature = {
  readonly id: string;
  readonly fieldName: string;
  readonly profile: CmsProfile;
  readonly signingTime: Date;
  /** SHA-256 (hex) and length of the input revision: the base this signature appends to. */
  readonly baseSha256: string;
  readonly baseLength: number;
  /** DER of the signed attributes (SET OF): what an RSASSA-PKCS1-v1_5/SHA-256 signer must sign. */
  readonly bytesToSign: Uint8Array;
  /** SHA-256 of bytesToSign, for signers that take a pre-computed digest (tokens, KMS). */
  readonly digestToSign: Uint8Array;
  /** SHA-256 of the signed byte ranges (the messageDigest attribute). */
  readonly documentDigest: Uint8Array;
  readonly expiresAt: Date;
  /** Internal state: the complete new file with a zeroed /Contents placeholder. */
  readonly pending: { pdf: Uint8Array; contentsStart: number; contentsEnd: number; certificateChainDer: Uint8Array[] };
  finished: boolean;
};

export type FinishSignatureOptions = {
  /** SHA-256 (hex) of the document's current revision as stored by the caller; must still equal the base. */
  currentBaseSha256?: string;
  now?: Date;
  /** RFC 3161 token over the signature value, put into the unsigned attributes (PAdES B-T). */
  signatureTimestampToken?: Uint8Array;
};

export type SignPdfOptions = Omit<PrepareSignatureOptions, "certificateChainDer"> & {
  signer: Signer;
  /** TSA to timestamp the signature with (PAdES B-T); a TSA failure fails the signature (no file is produced). */
  timestamp?: TimestampOptions;
};

export type SignPdfResult = { pdf: Uint8Array; fieldName: string };

const encoder = new TextEncoder();

export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

/** D:YYYYMMDDHHmmSS+07'00' in Asia/Ho_Chi_Minh (UTC+7, no daylight saving). */
export function formatPdfDate(date: Date): string {
  const t = new Date(date.getTime() + 7 * 3600 * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `D:${t.getUTCFullYear()}${p(t.getUTCMonth() + 1)}${p(t.getUTCDate())}${p(t.getUTCHours())}${p(t.getUTCMinutes())}${p(t.getUTCSeconds())}+07'00'`;
}

/** 2025-06-15T09:15:00+07:00, as printed next to the organisation's seal. */
export function formatVietnamIso(date: Date): string {
  const t = new Date(date.getTime() + 7 * 3600 * 1000);
  return `${t.toISOString().slice(0, 19)}+07:00`;
}

/** PDF text string: UTF-16BE with BOM as hex when not plain ASCII (ISO 32000-1 §7.9.2.2). */
function pdfText(text: string): string {
  if (/^[\x20-\x7e]*$/.test(text)) return `(${text.replace(/[\\()]/g, (c) => `\\${c}`)})`;
  return PDFHexString.fromText(text).toString();
}

/**
 * Placeholder size from a dry run: the real CMS with a dummy digest and a dummy signature of the key's size,
 * plus room for a later RFC 3161 signature-time-stamp token (B-T needs ~4–7 KB; pitfall 26), rounded up.
 */
const x509Cache = new WeakMap<Uint8Array, X509Certificate>();
const sizeCache = new WeakMap<Uint8Array, Map<string, number>>();

/** X509Certificate parsed once per certificate buffer (signers reuse the same chain arrays). */
function x509(der: Uint8Array): X509Certificate {
  let c = x509Cache.get(der);
  if (!c) x509Cache.set(der, (c = new X509Certificate(der)));
  return c;
}

function placeholderSize(chain: Uint8Array[], profile: CmsProfile, signingTime: Date): number {
  const key = `${profile}:${chain.length}:${chain.map((c) => c.length).join(",")}`;
  const cached = sizeCache.get(chain[0])?.get(key);
  if (cached) return cached;
  const size = dryRunSize(chain, profile, signingTime);
  if (!sizeCache.has(chain[0])) sizeCache.set(chain[0], new Map());
  sizeCache.get(chain[0])!.set(key, size);
  return size;
}

function dryRunSize(chain: Uint8Array[], profile: CmsProfile, signingTime: Date): number {
  const details = x509(chain[0]).publicKey.asymmetricKeyDetails;
  const signatureBytes = Math.ceil((details?.modulusLength ?? 4096) / 8) + 8; // + room for ECDSA DER overhead
  const attrs = buildSignedAttributes({ messageDigest: new Uint8Array(32), signerCertificateDer: chain[0], profile, signingTime });
  const dry = assembleSignedData({ signedAttributesDer: attrs, signatureValue: new Uint8Array(signatureBytes), certificateChainDer: chain }).length;
  return Math.ceil((dry + 8192 + 256) / 1024) * 1024;
}

async function buildAppearanceObjects(
  update: IncrementalUpdate,
  builder: AppearanceBuilder | undefined,
  options: PrepareSignatureOptions,
  pdf: Uint8Array,
  signingTime: Date,
): Promise<{ pageRef: PDFRef; rect: Rect; apRef: PDFRef }> {
  const reader = update.reader;
  const app = options.appearance;
  if (!app?.visible || !builder) {
    // Invisible: zero rect, but still an /AP /N (PDF/A; "necessary to avoid Acrobat bug", signing.md §1.4).
    const pageRef = reader.pageRef(0);
    const apRef = reader.context.register(reader.context.stream("", { Type: "XObject", Subtype: "Form", BBox: [0, 0, 0, 0], Resources: {} }));
    return { pageRef, rect: [0, 0, 0, 0], apRef };
  }
  let page = app.page;
  let rect = app.rect;
  // When the block was found between the printed title and name, the name is already on the page.
  let nameAlreadyPrinted = false;
  // Organisation, placed next to the leader's signature: the seal square and the leader's rect, so that the
  // caption can be laid out around the page's text (see appearance/seal-layout.ts).
  let sealNextTo: { seal: Rect; leader: Rect } | undefined;
  if (!rect) {
    if (options.role === "organization") {
      const placed = sealPlacement(reader);
      if (placed) {
        page = placed.page;
        rect = placed.rect;
        rect = sealSquareFor(reader, placed.page, placed.leader);
        sealNextTo = { seal: rect, leader: placed.leader };
      }
    }
    if (!rect) {
      // pdfjs may refuse what our reader accepts (a circular page tree…): the fallback place is used then.
      const block = await findSignatureBlock(pdf, { title: app.signerTitle, name: app.signerName }).catch(() => null);
      if (block && block.found !== "fallback") {
        nameAlreadyPrinted = block.nameFound;
        page ??= block.page;
        rect = fromViewOrigin(reader, block.page, block.rect);
        if (options.role === "organization") {
          sealNextTo = { seal: sealSquareFor(reader, block.page, rect), leader: rect };
          rect = sealNextTo.seal;
        }
      }
    }
  }
  const pageIndex = page ?? Math.max(0, reader.pageCount() - 1);
  const pageRef = reader.pageRef(pageIndex);
  const geometry = pageGeometry(reader, pageRef);
  if (!rect) {
    // Bottom right of the visible box (CropBox origin included) as the page is displayed (after /Rotate), shrunk
    // on pages smaller than the block.
    const size = displayedSize(geometry);
    const w = Math.min(170, size.width * 0.4);
    const h = Math.min(70, size.height * 0.2);
    const margin = Math.min(36, size.width * 0.05);
    const bottom = Math.min(60, size.height * 0.1);
    rect = shownRectToUser(geometry, [size.width - margin - w, bottom, size.width - margin, bottom + h]);
  }
  // A turned page: the appearance is laid out as displayed and turned with the page by its /Matrix (ISO 32000-1
  // §12.5.5), so that it reads upright like the page's text; the caption layout next to the leader works in
  // user space and is used on upright pages only.
  const rotate = geometry.rotate;
  if (options.role === "organization" && sealNextTo && builder.hasFont && !rotate) {
    return buildSealNextToLeader(builder, reader, pdf, { pageIndex, pageRef, ...sealNextTo }, sealCaptionLines(app, signingTime), app.sealImagePng);
  }
  const shown = rotate ? userRectToShown(geometry, normalizeRect(rect)) : rect;
  const width = Math.abs(shown[2] - shown[0]);
  const height = Math.abs(shown[3] - shown[1]);
  let content = "";
  const images: Record<string, PDFRef> = {};
  if (options.role === "leader") {
    const lines: string[] = [];
    if (app.signerName && !nameAlreadyPrinted) lines.push(app.signerName);
    const textSize = Math.min(10, height / 6);
    const textBlock = lines.length * (textSize + 2) + 2;
    if (app.signatureImagePng) {
      const img = await builder.image(app.signatureImagePng);
      images.Im0 = img.ref;
      content += `${fitImage(img.width, img.height, { x: 0, y: textBlock, width, height: height - textBlock })} /Im0 Do Q\n`;
    }
    if (builder.hasFont) {
      lines.forEach((line, i) => {
        const size = builder.fitSize(line, width - 4, textSize);
        content += builder.centeredTextOp(line, width / 2, 2 + (lines.length - 1 - i) * (textSize + 2) + 1, size, [0, 0, 0]);
      });
    }
  } else {
    // Given rect: seal square on top, organisation name and ISO-8601 time with +07:00 underneath (Nghị định
    // 30/2020 Phụ lục I), all inside the caller's rect.
    const lines = sealCaptionLines(app, signingTime);
    const textSize = Math.min(7, height / 10);
    const textBlock = builder.hasFont ? lines.length * (textSize + 1.5) + 2 : 0;
    if (app.sealImagePng) {
      const img = await builder.image(app.sealImagePng);
      images.Im0 = img.ref;
      content += `${fitImage(img.width, img.height, { x: 0, y: textBlock, width, height: height - textBlock })} /Im0 Do Q\n`;
    }
    if (builder.hasFont) {
      lines.forEach((line, i) => {
        const size = builder.fitSize(line, width - 2, textSize, 3);
        content += builder.centeredTextOp(line, width / 2, 1.5 + (lines.length - 1 - i) * (textSize + 1.5), size, [0.75, 0.05, 0.1]);
      });
    }
  }
  const apRef = builder.form(width, height, content, images);
  if (rotate) {
    const stream = reader.context.lookup(apRef);
    if (stream instanceof PDFStream) stream.dict.set(PDFName.of("Matrix"), reader.context.obj(matrixFor(rotate)));
  }
  return { pageRef, rect: [Math.min(rect[0], rect[2]), Math.min(rect[1], rect[3]), Math.max(rect[0], rect[2]), Math.max(rect[1], rect[3])], apRef };
}

/**
 * The end of the revision a signature dictionary signs (ByteRange [a b c d] → c + d), or -1 when it has none.
 * The organisation seals right after the leader: the leader's signature is the latest one in the file.
 */
function signedRevisionEnd(reader: PdfReader, value: unknown): number {
  const sig = reader.resolve(value as PDFRef);
  if (!(sig instanceof PDFDict)) return -1;
  const range = reader.getArray(sig, "ByteRange");
  const numbers = range?.asArray().map((n) => reader.resolve(n)) ?? [];
  if (numbers.length !== 4 || !numbers.every((n) => n instanceof PDFNumber)) return -1;
  return (numbers[2] as PDFNumber).asNumber() + (numbers[3] as PDFNumber).asNumber();
}

/**
 * Seal over the left third of the leader's visible signature widget (never modifying it, pitfall 20). The
 * leader's signature is the LATEST signed /Sig field (the revision the leader's step appended), not the first:
 * an uploaded PDF may carry signatures made before by others, and the seal must not sit on theirs. When the latest
 * signature has no visible widget, null: the seal goes to the signature block like any other placement.
 */
function sealPlacement(reader: PdfReader): { page: number; rect: Rect; leader: Rect } | null {
  let latest: { field: FieldInfo; end: number } | undefined;
  for (const field of listFields(reader)) {
    const value = field.dict.get(PDFName.of("V"));
    if (field.type !== "Sig" || !value) continue;
    const end = signedRevisionEnd(reader, value);
    if (!latest || end > latest.end) latest = { field, end };
  }
  for (const field of latest ? [latest.field] : []) {
    for (const w of fieldWidgets(reader, field)) {
      const r = reader.getArray(w.dict, "Rect");
      if (!r) continue;
      const [x1, y1, x2, y2] = r.asArray().map((n) => (reader.resolve(n) as PDFNumber).asNumber());
      if (Math.abs(x2 - x1) < 1 || Math.abs(y2 - y1) < 1) continue;
      const pRef = w.dict.get(PDFName.of("P"));
      let page = 0;
      const count = reader.pageCount();
      if (pRef instanceof PDFRef)
        for (let i = 0; i < count && i < 2000; i++)
          if (reader.pageRef(count - 1 - i) === pRef) {
            page = count - 1 - i;
            break;
          }
      const leader: Rect = [Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)];
      return { page, rect: sealSquareFor(reader, page, leader), leader };
    }
  }
  return null;
}

/**
 * The seal image square over the left third of the leader's signature (user space), sized for and kept inside the
 * page's visible box (appearance/free-space.ts sealSquareBeside). On a turned page (/Rotate) "the left third" is the
 * left third as the reader sees the page.
 */
function sealSquareFor(reader: PdfReader, page: number, leader: Rect): Rect {
  const g = pageGeometry(reader, reader.pageRef(page));
  if (!g.rotate) return sealSquareBeside(leader, visibleBox(g));
  const shown = displayedSize(g);
  return shownRectToUser(g, sealSquareBeside(userRectToShown(g, leader), [0, 0, shown.width, shown.height]));
}

/** Phụ lục I: the organisation's name and the signing time (ISO 8601, Vietnam time zone). */
function sealCaptionLines(app: SignatureAppearance, signingTime: Date): string[] {
  return [app.organizationName, formatVietnamIso(signingTime), ...(app.issueLines ?? [])].filter((l): l is string => !!l);
}

const SEAL_CAPTION_SIZE = 7;
const SEAL_CAPTION_COLOR: [number, number, number] = [0.75, 0.05, 0.1];

/**
 * The organisation's widget when the seal goes next to the leader's signature: the seal square over the left
 * third of the signature, the caption under it wherever it touches no text of the page and not the band at the
 * bottom of the leader's widget where the leader's appearance prints the name when the page has none. The
 * widget's rect is the union of both.
 */
async function buildSealNextToLeader(
  builder: AppearanceBuilder,
  reader: PdfReader,
  pdf: Uint8Array,
  where: { pageIndex: number; pageRef: PDFRef; seal: Rect; leader: Rect },
  lines: string[],
  sealImagePng: Uint8Array | undefined,
): Promise<{ pageRef: PDFRef; rect: Rect; apRef: PDFRef }> {
  const seal = normalizeRect(where.seal);
  const sealWidth = seal[2] - seal[0];
  const sizes = lines.map((line) => builder.fitSize(line, sealWidth - 2, SEAL_CAPTION_SIZE, 3));
  const lineHeight = SEAL_CAPTION_SIZE + 1.5;
  const caption = {
    width: Math.max(...lines.map((line, i) => builder.textWidth(line, sizes[i]))) + 2,
    height: lines.length * lineHeight + 2,
  };
  // The visible box (CropBox ∩ MediaBox): pdfjs's text positions are relative to its origin.
  const box = pageGeometry(reader, where.pageRef);
  const visible = visibleBox(box);
  // Room for the caption under the seal inside the visible page: a seal at the bottom edge is lifted by what the
  // caption needs (placeSealCaption only looks under the seal).
  const lift = visible[1] + EDGE_MARGIN + 4 + caption.height - seal[1];
  if (lift > 0) {
    const lifted = clampRect([seal[0], seal[1] + lift, seal[2], seal[3] + lift], visible);
    seal[1] = lifted[1];
    seal[3] = lifted[3];
  }
  const [text] = await extractTextLines(pdf, [where.pageIndex]);
  const obstacles: Rect[] = (text?.lines ?? []).map((l) => [box.x + l.x1, box.y + l.y - 0.3 * l.height, box.x + l.x2, box.y + l.y + 0.9 * l.height]);
  const leader = normalizeRect(where.leader);
  const leaderHeight = leader[3] - leader[1];
  obstacles.push([leader[0], leader[1], leader[2], leader[1] + Math.min(10, leaderHeight / 6) + 4]);
  const captionRect = placeSealCaption({ seal, caption, obstacles, page: visible });
  const rect = unionRect(seal, captionRect);
  const images: Record<string, PDFRef> = {};
  let content = "";
  if (sealImagePng) {
    const img = await builder.image(sealImagePng);
    images.Im0 = img.ref;
    content += `${fitImage(img.width, img.height, { x: seal[0] - rect[0], y: seal[1] - rect[1], width: sealWidth, height: seal[3] - seal[1] })} /Im0 Do Q\n`;
  }
  const centerX = (captionRect[0] + captionRect[2]) / 2 - rect[0];
  lines.forEach((line, i) => {
    const baseline = captionRect[1] - rect[1] + 1.5 + (lines.length - 1 - i) * lineHeight;
    content += builder.centeredTextOp(line, centerX, baseline, sizes[i], SEAL_CAPTION_COLOR);
  });
  const apRef = builder.form(rect[2] - rect[0], rect[3] - rect[1], content, images);
  return { pageRef: where.pageRef, rect, apRef };
}

function parseDaSize(da: string | undefined): number | undefined {
  const m = da ? /([\d.]+)\s+Tf/.exec(da) : null;
  const n = m ? Number(m[1]) : NaN;
  return n > 0 ? n : undefined;
}

/** The /DA font resource name ("/TinosI 13 Tf 0 g" -> "TinosI"). */
function parseDaFont(da: string | undefined): string | undefined {
  return da ? /\/([^\s/]+)\s+[\d.]+\s+Tf/.exec(da)?.[1] : undefined;
}

/**
 * Whether the /DA font (looked up in the widget's, then the form's /DR) is an italic face: an oblique
 * /ItalicAngle or the Italic flag in its descriptor, or "Italic"/"Oblique" in its name.
 */
function isItalicDaFont(reader: PdfReader, resourceDicts: Array<PDFDict | undefined>, name: string | undefined): boolean {
  if (!name) return false;
  for (const dr of resourceDicts) {
    const fonts = dr && reader.getDict(dr, "Font");
    const font = fonts && reader.resolve(fonts.get(PDFName.of(name)));
    if (!(font instanceof PDFDict)) continue;
    const descendants = reader.getArray(font, "DescendantFonts");
    const descendant = descendants ? reader.resolve(descendants.get(0)) : undefined;
    const holder = descendant instanceof PDFDict ? descendant : font;
    const baseFont = reader.resolve(font.get(PDFName.of("BaseFont")));
    if (baseFont instanceof PDFName && /italic|oblique/i.test(baseFont.asString())) return true;
    const descriptor = reader.getDict(holder, "FontDescriptor");
    if (!descriptor) return false;
    const angle = reader.resolve(descriptor.get(PDFName.of("ItalicAngle")));
    const flags = reader.resolve(descriptor.get(PDFName.of("Flags")));
    return (angle instanceof PDFNumber && angle.asNumber() !== 0) || (flags instanceof PDFNumber && (flags.asNumber() & 64) !== 0);
  }
  return false;
}

type FieldFonts = { regular: AppearanceBuilder | undefined; italic: () => Promise<AppearanceBuilder | undefined> };

async function fillTextFields(update: IncrementalUpdate, fonts: FieldFonts, values: Record<string, string>) {
  const reader = update.reader;
  const fields = listFields(reader);
  const acroForm = reader.getDict(reader.catalog, "AcroForm");
  const formDr = acroForm && reader.getDict(acroForm, "DR");
  for (const [name, value] of Object.entries(values)) {
    const field = fields.find((f) => f.fullName === name);
    if (!field || !field.ref) throw new SigningError("FIELD_NOT_FOUND", `Không tìm thấy trường "${name}" trong văn bản`);
    // Form fill: only /V and the widgets' /AP change (allowed after signing; no /Q or /DA added, hexapdf#328).
    field.dict.set(PDFName.of("V"), PDFHexString.fromText(value));
    update.markModified(field.ref);
    if (!fonts.regular?.hasFont) continue;
    for (const w of fieldWidgets(reader, field)) {
      const r = reader.getArray(w.dict, "Rect");
      if (!r) continue;
      const [x1, y1, x2, y2] = r.asArray().map((n) => (reader.resolve(n) as PDFNumber).asNumber());
      const width = Math.abs(x2 - x1);
      const height = Math.abs(y2 - y1);
      const daObject = reader.get(w.dict, "DA") ?? reader.get(field.dict, "DA");
      const da = daObject && "decodeText" in daObject ? (daObject as PDFHexString).decodeText() : undefined;
      const wanted = parseDaSize(da) ?? Math.min(12, height * 0.7);
      // The field's own font style is kept: an italic /DA font (the date line) gets the italic face, or the
      // regular one slanted by 12° when the caller gave no italic face.
      const italic = isItalicDaFont(reader, [reader.getDict(w.dict, "DR"), formDr], parseDaFont(da));
      const italicBuilder = italic ? await fonts.italic() : undefined;
      const builder = italicBuilder ?? fonts.regular;
      const size = builder.fitSize(value, width - 4, wanted);
      // /Q: 0 left, 1 centred, 2 right (ISO 32000-1 §12.7.3.3).
      const quadding = reader.resolve(w.dict.get(PDFName.of("Q")) ?? field.dict.get(PDFName.of("Q")));
      const q = quadding instanceof PDFNumber ? quadding.asNumber() : 0;
      const textWidth = builder.textWidth(value, size);
      const x = q === 1 ? (width - textWidth) / 2 : q === 2 ? width - 2 - textWidth : 2;
      const y = Math.max(1, (height - size * 0.72) / 2);
      const content = `/Tx BMC\nq\n${builder.textOp(value, x, y, size, [0, 0, 0], italic && !italicBuilder ? 0.21 : 0)}Q\nEMC\n`;
      w.dict.set(PDFName.of("AP"), reader.context.obj({ N: builder.form(width, height, content) }));
      if (w.ref) update.markModified(w.ref);
    }
  }
}

/** pdfjs text positions are relative to the visible box's origin; annotation rects are in user space. */
function fromViewOrigin(reader: PdfReader, page: number, rect: Rect): Rect {
  const g = pageGeometry(reader, reader.pageRef(page));
  return [rect[0] + g.x, rect[1] + g.y, rect[2] + g.x, rect[3] + g.y];
}

/** A stamp anchored at "Số:" is the number, at "ngày" the date: both are placed knowing what the page prints there. */
function issueStampKind(anchorText: string): IssueStampKind | undefined {
  const anchor = anchorText.normalize("NFC").trim().toLocaleUpperCase("vi");
  if (/^SỐ\s*:?$/u.test(anchor)) return "number";
  if (anchor === "NGÀY") return "date";
  return undefined;
}

/** The visible box (CropBox ∩ MediaBox) in user space. */
function visibleBox(g: { x: number; y: number; width: number; height: number }): Rect {
  return [g.x, g.y, g.x + g.width, g.y + g.height];
}

async function addStamps(update: IncrementalUpdate, builder: AppearanceBuilder | undefined, stamps: StampOptions[], pdf: Uint8Array, signingTime: Date) {
  if (!builder?.hasFont) throw new SigningError("INVALID_OPTIONS", "Cần phông chữ tiếng Việt (appearance.fontBytes) để đóng dấu số, ngày");
  const reader = update.reader;
  const pageCount = reader.pageCount();
  if (pageCount < 1) throw new SigningError("MALFORMED_PDF", "Tệp PDF không có trang nào");
  let firstPageText: Rect[] | undefined;
  const slotsByPage: Record<number, IssueSlots | null> = {};
  for (const stamp of stamps) {
    let size = stamp.fontSize ?? 12;
    let page = stamp.page !== undefined ? Math.min(Math.max(0, stamp.page), pageCount - 1) : undefined;
    let rect = stamp.rect;
    let text = stamp.text;
    let matrix: number[] | undefined;
    let form: { width: number; height: number } | undefined;
    let slant = 0;
    let opaque = !!stamp.replaceAnchor;
    const kind = stamp.anchorText ? issueStampKind(stamp.anchorText) : undefined;
    if (!rect && kind) {
      // "Số:" and "ngày": the page's own slots, with what is printed in them (appearance/issue-stamps.ts).
      const pageIndex = page ?? 0;
      const slots = (slotsByPage[pageIndex] ??= await findIssueSlots(pdf, pageIndex).catch(() => null));
      const slot = slots?.[kind];
      if (slots && slot) {
        const g = pageGeometry(reader, reader.pageRef(pageIndex));
        const obstacles = slots.page.lines.filter((l) => l !== slot.line).flatMap((l) => lineSegments(l).map((sg) => sg.rect));
        const annotations = annotationRects(reader, reader.pageRef(pageIndex)).map((r): Rect => [r[0] - g.x, r[1] - g.y, r[2] - g.x, r[3] - g.y]);
        const placed = placeIssueStamp({
          kind,
          slot,
          text: stamp.text,
          textWidth: (t, sz) => builder.textWidth(t, sz),
          fontSize: size,
          obstacles,
          annotations,
          box: [0, 0, slots.page.width, slots.page.height],
        });
        if (placed.action === "skip") continue;
        page = pageIndex;
        rect = fromViewOrigin(reader, pageIndex, placed.rect);
        size = placed.fontSize;
        opaque = placed.opaque;
        text = placed.text;
        if (kind === "date") slant = 0.21; // the date line is italic (Phụ lục I)
      }
    } else if (!rect && stamp.anchorText) {
      const anchor = await findTextAnchor(pdf, stamp.anchorText, page !== undefined ? [page] : undefined).catch(() => null);
      if (anchor) {
        page = anchor.page;
        const w = builder.textWidth(stamp.text, size) + 6;
        const x = stamp.replaceAnchor ? anchor.start - 1 : anchor.x + 2;
        const width = stamp.replaceAnchor ? Math.max(w, anchor.lineEnd - x + 2) : w;
        const g = pageGeometry(reader, reader.pageRef(page));
        rect = clampRect(fromViewOrigin(reader, page, [x, anchor.y - size * 0.3, x + width, anchor.y - size * 0.3 + size * 1.35]), visibleBox(g));
      }
    }
    if (!rect) {
      // No anchor on the page: Phụ lục I's place for the number (ô 3) or the date (ô 4) on the first page.
      const slot = stamp.fallback?.slot ?? (stamp.anchorText && /^s[oốố]/i.test(stamp.anchorText.normalize("NFC").trim()) ? "number" : "date");
      text = stamp.fallback?.text ?? stamp.text;
      page = 0;
      const geometry = pageGeometry(reader, reader.pageRef(0));
      firstPageText ??= [...(await pageTextBoxes(pdf, geometry)), ...annotationRects(reader, reader.pageRef(0))];
      const placed = numberDateSlot(geometry, slot, { textWidth: (s) => builder.textWidth(text, s), fontSize: stamp.fontSize ?? 13, occupied: firstPageText });
      rect = placed.rect;
      size = placed.fontSize;
      matrix = placed.matrix;
      form = { width: placed.formWidth, height: placed.formHeight };
      if (slot === "date") slant = 0.21; // the date line is italic (Phụ lục I)
    }
    const pageRef = reader.pageRef(page ?? 0);
    const width = form?.width ?? Math.abs(rect[2] - rect[0]);
    const height = form?.height ?? Math.abs(rect[3] - rect[1]);
    const fit = builder.fitSize(text, width - 4, size);
    const background = opaque && !form ? `q 1 1 1 rg 0 0 ${width} ${height} re f Q\n` : "";
    const apRef = builder.form(width, height, background + builder.textOp(text, 2, Math.max(1, (height - fit * 0.72) / 2), fit, [0, 0, 0], slant));
    if (matrix && matrix.join(" ") !== "1 0 0 1 0 0") {
      const stream = reader.context.lookup(apRef);
      if (stream instanceof PDFStream) stream.dict.set(PDFName.of("Matrix"), reader.context.obj(matrix));
    }
    const annot = reader.context.obj({
      Type: "Annot",
      Subtype: "FreeText",
      Rect: rect,
      Contents: PDFHexString.fromText(text),
      DA: PDFHexString.fromText("/Helv 12 Tf 0 g"),
      F: 4 + 128, // Print | Locked
      P: pageRef,
      M: PDFHexString.fromText(formatPdfDate(signingTime)),
      NM: PDFHexString.fromText(randomUUID()),
      Border: [0, 0, 0],
      AP: { N: apRef },
    });
    const annotRef = reader.context.register(annot);
    appendToArray(update, reader.resolveRef(pageRef) as PDFDict, pageRef, "Annots", annotRef);
  }
}

/**
 * Rectangles of the page's visible annotations (a signature appearance made before the upload, a stamp): the
 * number and date are not printed over them.
 */
function annotationRects(reader: PdfReader, pageRef: PDFRef): Rect[] {
  const page = reader.resolveRef(pageRef);
  const annots = page instanceof PDFDict ? reader.getArray(page, "Annots") : undefined;
  const out: Rect[] = [];
  for (const item of annots?.asArray() ?? []) {
    const annot = reader.resolve(item);
    if (!(annot instanceof PDFDict)) continue;
    const flags = reader.resolve(annot.get(PDFName.of("F")));
    if (flags instanceof PDFNumber && flags.asNumber() & 2) continue; // Hidden
    const r = reader
      .getArray(annot, "Rect")
      ?.asArray()
      .map((n) => reader.resolve(n));
    if (r?.length !== 4 || !r.every((n) => n instanceof PDFNumber)) continue;
    const [x1, y1, x2, y2] = r.map((n) => (n as PDFNumber).asNumber());
    if (Math.abs(x2 - x1) < 1 || Math.abs(y2 - y1) < 1) continue;
    out.push([Math.min(x1, x2), Math.min(y1, y2), Math.max(x1, x2), Math.max(y1, y2)]);
  }
  return out;
}

/** Boxes of the first page's text in user space (empty for a scan or a page pdfjs cannot read). */
async function pageTextBoxes(pdf: Uint8Array, geometry: { x: number; y: number }): Promise<Rect[]> {
  try {
    const [page] = await extractTextLines(pdf, [0]);
    return (page?.lines ?? []).map((l) => [l.x1 + geometry.x, l.y - l.height * 0.25 + geometry.y, l.x2 + geometry.x, l.y + l.height + geometry.y] as Rect);
  } catch {
    return [];
  }
}

function placeholderDict(options: {
  subFilter: string;
  byteRangeWidth: number;
  contentsHexLength: number;
  m: string;
  reason?: string;
  location?: string;
  contactInfo?: string;
  name?: string;
}) {
  // Everything is direct (ISO 32000-1 §12.8.1). No nested dictionary before /Contents: verifiers locate the
  // dictionary start as the nearest "<<" before the hex string.
  const head = `<<\n/Type /Sig\n/Filter /Adobe.PPKLite\n/SubFilter /${options.subFilter}\n/ByteRange `;
  const byteRange = `[0 ${" ".repeat(options.byteRangeWidth - 4)}]`;
  const contents = `\n/Contents <${"0".repeat(options.contentsHexLength)}>`;
  let tail = `\n/M (${options.m})`;
  if (options.name) tail += `\n/Name ${pdfText(options.name)}`;
  if (options.reason) tail += `\n/Reason ${pdfText(options.reason)}`;
  if (options.location) tail += `\n/Location ${pdfText(options.location)}`;
  if (options.contactInfo) tail += `\n/ContactInfo ${pdfText(options.contactInfo)}`;
  tail += "\n>>";
  const text = head + byteRange + contents + tail;
  return { bytes: encoder.encode(text), byteRangeAt: head.length, contentsAt: head.length + byteRange.length + "\n/Contents ".length };
}

export async function prepareSignature(pdf: Uint8Array, options: PrepareSignatureOptions): Promise<PreparedSignature> {
  if (!options.certificateChainDer?.length) throw new SigningError("INVALID_OPTIONS", "Thiếu chứng thư số của người ký");
  // The base revision is a prefix of the first signed range: hash it once and fork the hash state (Hash.copy)
  // instead of hashing a 10 MB file twice.
  const hasher = createHash("sha256").update(pdf);
  const baseSha256 = hasher.copy().digest("hex");
  if (options.expectedBaseSha256 && options.expectedBaseSha256.toLowerCase() !== baseSha256) throw new SigningError("CONCURRENT_REVISION");
  const signingTime = options.signingTime ?? new Date();
  const profile = options.profile ?? "pades";
  const reader = PdfReader.open(pdf);
  // A no-changes certification (DocMDP P=1) is broken by any further revision, our signature included.
  const certified = certificationLevel(reader);
  if (certified === 1) throw new SigningError("CERTIFIED_NO_CHANGES");
  const update = new IncrementalUpdate(reader);
  const ctx = reader.context;
  // A document certified for "form filling and signing" only (DocMDP P=2, what VGCA's service sets on issued
  // documents) is broken by any new annotation (ISO 32000-1 §12.8.2.2), and the number and date stamps are
  // annotations. Our signature is allowed: the register's number and date go under the seal in its own
  // appearance, so that the page still shows them (Decree 30 Art. 15) and the certification stays intact.
  const stampsInCaption = certified === 2 && !!options.stamps?.length && options.role === "organization" && !!options.appearance?.visible;
  const app = stampsInCaption ? { ...options.appearance!, issueLines: options.stamps!.map((s) => (s.fallback?.text ?? s.text).trim()) } : options.appearance;
  if (stampsInCaption) options = { ...options, appearance: app, stamps: undefined };
  const needsFont = !!app?.fontBytes && (app.visible || !!options.stamps?.length || !!options.formValues);
  const builder = needsFont || app?.visible ? await AppearanceBuilder.create(ctx, needsFont ? app?.fontBytes : undefined) : undefined;

  const fieldName = uniqueFieldName(reader, options.fieldName ?? (options.role === "leader" ? "LanhDao" : "CoQuan"));
  let italicBuilder: Promise<AppearanceBuilder | undefined> | undefined;
  const italicFont = () => (italicBuilder ??= app?.italicFontBytes ? AppearanceBuilder.create(ctx, app.italicFontBytes) : Promise.resolve(undefined));
  if (options.formValues && Object.keys(options.formValues).length) await fillTextFields(update, { regular: builder, italic: italicFont }, options.formValues);
  if (options.stamps?.length) await addStamps(update, builder, options.stamps, pdf, signingTime);
  const { pageRef, rect, apRef } = await buildAppearanceObjects(update, builder, options, pdf, signingTime);

  const sigRef = update.allocate();
  const widget = ctx.obj({
    Type: "Annot",
    Subtype: "Widget",
    FT: "Sig",
    T: PDFHexString.fromText(fieldName),
    V: sigRef,
    F: 132, // Print | Locked
    Rect: rect,
    P: pageRef,
    AP: { N: apRef },
  });
  const widgetRef = ctx.register(widget);
  const { acroForm, holderRef } = ensureAcroForm(update, { signatures: true });
  appendToArray(update, acroForm, holderRef, "Fields", widgetRef);
  appendToArray(update, reader.resolveRef(pageRef) as PDFDict, pageRef, "Annots", widgetRef);
  if (builder) await builder.finalize();
  await (await italicBuilder)?.finalize();

  const contentsBytes = options.placeholderBytes ?? placeholderSize(options.certificateChainDer, profile, signingTime) + (options.timestamped ? 8192 : 0);
  const signerCn = (() => {
    try {
      const s = x509(options.certificateChainDer[0]).subject;
      return /(?:^|\n)CN=(.*)/.exec(s)?.[1];
    } catch {
      return undefined;
    }
  })();
  const placeholder = placeholderDict({
    subFilter: profile === "pades" ? "ETSI.CAdES.detached" : "adbe.pkcs7.detached",
    byteRangeWidth: 48,
    contentsHexLength: contentsBytes * 2,
    m: formatPdfDate(signingTime),
    reason: options.reason,
    location: options.location,
    contactInfo: options.contactInfo,
    name: signerCn,
  });
  update.setRaw(sigRef, placeholder.bytes);
  const { bytes: out, offsets } = update.serialize();

  // Patch /ByteRange in place: the gap is exactly the hex string including its delimiters (§1.2).
  const objStart = offsets.get(sigRef.objectNumber)!;
  const headerLen = `${sigRef.objectNumber} 0 obj\n`.length;
  const contentsStart = objStart + headerLen + placeholder.contentsAt; // offset of '<'
  const contentsEnd = contentsStart + contentsBytes * 2 + 2; // just after '>'
  if (out[contentsStart] !== 0x3c || out[contentsEnd - 1] !== 0x3e) throw new Error("placeholder offsets are wrong");
  const byteRange = `[0 ${contentsStart} ${contentsEnd} ${out.length - contentsEnd}`;
  const brAt = objStart + headerLen + placeholder.byteRangeAt;
  out.set(encoder.encode(`${byteRange.padEnd(47, " ")}]`), brAt);

  // out[0, pdf.length) is the unchanged base, already in `hasher`.
  const documentDigest = new Uint8Array(hasher.update(out.subarray(pdf.length, contentsStart)).update(out.subarray(contentsEnd)).digest());
  const bytesToSign = buildSignedAttributes({ messageDigest: documentDigest, signerCertificateDer: options.certificateChainDer[0], profile, signingTime });
  return {
    id: randomUUID(),
    fieldName,
    profile,
    signingTime,
    baseSha256,
    baseLength: pdf.length,
    bytesToSign,
    digestToSign: new Uint8Array(createHash("sha256").update(bytesToSign).digest()),
    documentDigest,
    expiresAt: new Date(Date.now() + (options.ttlMs ?? 15 * 60 * 1000)),
    pending: { pdf: out, contentsStart, contentsEnd, certificateChainDer: options.certificateChainDer },
    finished: false,
  };
}

export function finishSignature(prepared: PreparedSignature, signatureValue: Uint8Array, options: FinishSignatureOptions = {}): Uint8Array {
  const now = options.now ?? new Date();
  if (prepared.finished || now.getTime() > prepared.expiresAt.getTime()) throw new SigningError("NOT_PREPARED");
  if (options.currentBaseSha256 !== undefined && options.currentBaseSha256.toLowerCase() !== prepared.baseSha256) {
    throw new SigningError("CONCURRENT_REVISION");
  }
  const { pdf, contentsStart, contentsEnd, certificateChainDer } = prepared.pending;
  // Check the value before embedding: a token returning garbage must not produce a broken file.
  const cert = x509(certificateChainDer[0]);
  if (!nodeVerify("sha256", prepared.bytesToSign, cert.publicKey, signatureValue)) throw new SigningError("INVALID_SIGNATURE_VALUE");
  const token = options.signatureTimestampToken;
  const cms = assembleSignedData({
    signedAttributesDer: prepared.bytesToSign,
    signatureValue,
    certificateChainDer,
    unsignedAttributesDer: token ? [signatureTimestampAttribute(token)] : undefined,
  });
  const room = (contentsEnd - contentsStart - 2) / 2;
  if (cms.length > room) {
    throw new SigningError(
      "PLACEHOLDER_TOO_SMALL",
      token
        ? `Chữ ký kèm dấu thời gian (${cms.length} byte) vượt quá vùng dành sẵn trong tệp PDF (${room} byte); hãy chuẩn bị chữ ký với vùng lớn hơn (timestamped)`
        : undefined,
    );
  }
  // Written in place: the prepared buffer is ours and a prepared signature can be finished only once,
  // so no second copy of a large file is needed.
  pdf.set(encoder.encode(Buffer.from(cms).toString("hex").toUpperCase()), contentsStart + 1);
  prepared.finished = true;
  return pdf;
}

/** finishSignature after fetching the signature-time-stamp token for the value from the TSA (PAdES B-T). */
export async function finishSignatureWithTimestamp(
  prepared: PreparedSignature,
  signatureValue: Uint8Array,
  tsa: TimestampOptions,
  options: FinishSignatureOptions = {},
): Promise<Uint8Array> {
  // Check the value before spending a TSA request on it (finishSignature checks again).
  if (!nodeVerify("sha256", prepared.bytesToSign, x509(prepared.pending.certificateChainDer[0]).publicKey, signatureValue))
    throw new SigningError("INVALID_SIGNATURE_VALUE");
  const { token } = await timestampSignatureValue(signatureValue, tsa);
  return finishSignature(prepared, signatureValue, { ...options, signatureTimestampToken: token });
}

export async function signPdf(pdf: Uint8Array, options: SignPdfOptions): Promise<SignPdfResult> {
  const { signer, timestamp, ...rest } = options;
  const prepared = await prepareSignature(pdf, { timestamped: !!timestamp, ...rest, certificateChainDer: signer.certificateChainDer });
  const signature = await signer.sign(prepared.bytesToSign);
  const out = timestamp ? await finishSignatureWithTimestamp(prepared, signature, timestamp) : finishSignature(prepared, signature);
  return { pdf: out, fieldName: prepared.fieldName };
}

export type SignatureSessionsOptions = { ttlMs?: number; now?: () => Date };

/**
 * In-memory store of prepared signatures for two-phase signing (USB token / remote service). At most one pending
 * signature per base revision: a second prepare on the same base is refused while the first is pending, and
 * finish re-checks the caller's current revision hash (pitfall 24).
 */
export class SignatureSessions {
  private readonly sessions = new Map<string, PreparedSignature>();
  private readonly ttlMs: number;
  private readonly now: () => Date;
  constructor(options: SignatureSessionsOptions = {}) {
    this.ttlMs = options.ttlMs ?? 15 * 60 * 1000;
    this.now = options.now ?? (() => new Date());
  }
  private sweep() {
    const t = this.now().getTime();
    for (const [id, p] of this.sessions) if (p.finished || p.expiresAt.getTime() < t) this.sessions.delete(id);
  }
  async prepare(pdf: Uint8Array, options: PrepareSignatureOptions): Promise<PreparedSignature> {
    this.sweep();
    const base = sha256Hex(pdf);
    for (const p of this.sessions.values()) if (p.baseSha256 === base) throw new SigningError("CONCURRENT_REVISION");
    const prepared = await prepareSignature(pdf, { ttlMs: this.ttlMs, ...options });
    // Re-check after the await: another prepare on the same base may have completed meanwhile.
    for (const p of this.sessions.values()) if (p.baseSha256 === base) throw new SigningError("CONCURRENT_REVISION");
    this.sessions.set(prepared.id, prepared);
    return prepared;
  }
  get(id: string): PreparedSignature | undefined {
    this.sweep();
    return this.sessions.get(id);
  }
  finish(id: string, signatureValue: Uint8Array, options: FinishSignatureOptions = {}): Uint8Array {
    this.sweep();
    const prepared = this.sessions.get(id);
    if (!prepared) throw new SigningError("NOT_PREPARED");
    try {
      return finishSignature(prepared, signatureValue, { now: this.now(), ...options });
    } finally {
      if (prepared.finished) this.sessions.delete(id);
    }
  }
  cancel(id: string) {
    this.sessions.delete(id);
  }
}
