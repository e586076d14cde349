// Limits of the trust store's admin form, shared by the route's schema (which also runs in the browser)
// and the service: a value a route reads at module level must never come from a .server module.
export const TRUST_ANCHOR_LIMITS = { maxBytes: 256 * 1024, maxCertificates: 10, maxLabelLength: 200 } as const;
