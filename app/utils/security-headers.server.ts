import { randomBytes } from "node:crypto";
import { signingAgentUrl } from "#app/platform/signing/agent-url.server";

export function createNonce(): string {
  return randomBytes(16).toString("base64");
}

/**
 * Content-Security-Policy for every HTML page (OWASP ASVS 14.4.3): scripts only from this origin or
 * inline with this response's nonce, so an injected <script> or on* handler does not run. The embedded
 * pdfjs viewer loads its module and worker from /resources/pdfjs (same origin; `worker-src 'self' blob:`
 * because pdfjs may start its worker from a blob URL) and renders pages into <canvas> from blob/data
 * URLs. Styles stay 'unsafe-inline' because React style attributes and pdfjs set inline styles; they
 * cannot run code.
 */
export function contentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}'`,
    "script-src-attr 'none'",
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    // The signing agent on the user's own machine ("Ký bằng thiết bị của tôi", issue 13).
    `connect-src 'self' ${signingAgentUrl()}`,
    "worker-src 'self' blob:",
    "frame-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join("; ");
}
