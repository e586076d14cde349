// Content negotiation for the one encoding the server produces itself (RFC 9110 §12.5.3 Accept-Encoding).

/**
 * Whether a client that sent this Accept-Encoding takes gzip: listed (or `*`) with a non-zero weight, and
 * not refused by an explicit `gzip;q=0`. No header means "no preference", which we answer uncompressed.
 */
export function acceptsGzip(header: string | null | undefined): boolean {
  if (!header) return false;
  let star: boolean | null = null;
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    const q = params.map((p) => p.trim()).find((p) => p.startsWith("q="));
    const weight = q === undefined ? 1 : Number(q.slice(2));
    const accepted = Number.isFinite(weight) && weight > 0;
    if (name.trim() === "gzip" || name.trim() === "x-gzip") return accepted;
    if (name.trim() === "*") star = accepted;
  }
  return star === true;
}
