import { createContext, useContext, type ReactNode } from "react";

/**
 * The per-request CSP nonce (generated in entry.server). Rendered into the inline scripts Remix emits
 * (<Scripts>, <ScrollRestoration>); in the browser the value is hidden from the DOM, so it reads "".
 */
const NonceContext = createContext("");

export function NonceProvider({ nonce, children }: { nonce: string; children: ReactNode }) {
  return <NonceContext.Provider value={nonce}>{children}</NonceContext.Provider>;
}

export function useNonce(): string {
  return useContext(NonceContext);
}
