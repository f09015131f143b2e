import { createContext, useContext } from "react";

/**
 * Per-request Content-Security-Policy nonce. The server puts it here (from the load context's
 * `cspNonce`, when a server sets one) and the root passes it to <Scripts>/<ScrollRestoration>,
 * so a strict CSP can be switched on without touching every route.
 */
export const NonceContext = createContext<string | undefined>(undefined);

export function useNonce() {
  return useContext(NonceContext);
}
