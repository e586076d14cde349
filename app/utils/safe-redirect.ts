const PROBE_ORIGIN = "http://vpdt.invalid";

/**
 * Only a path on this site may follow a login (an open redirect is a phishing aid, OWASP ASVS 5.1.5).
 * Browsers drop tabs and newlines from URLs and read `\` as `/`, so `/\t/host` or `/\host` would leave
 * the site: any control character or backslash is refused, as is `//` (protocol-relative). What is
 * left must resolve to the same origin. A refused target becomes `fallback`.
 */
export function safeRedirect(to: string | null | undefined, fallback = "/"): string {
  if (typeof to !== "string" || to.length === 0 || to.length > 2048) return fallback;
  if (!to.startsWith("/") || to.startsWith("//")) return fallback;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point (header/URL injection)
  if (/[\x00-\x1f\x7f\\]/.test(to)) return fallback;
  let url: URL;
  try {
    url = new URL(to, PROBE_ORIGIN);
  } catch {
    return fallback;
  }
  return url.origin === PROBE_ORIGIN ? to : fallback;
}
