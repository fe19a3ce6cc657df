import { getConfig } from '../config';
import { securityHeaders } from '../http/headers';

/**
 * The policy of the search page: the site-wide one plus 'wasm-unsafe-eval', which pagefind
 * needs to compile its WebAssembly. It allows no inline or foreign script.
 */
export function searchPagePolicy(): string {
  const base = securityHeaders(getConfig().secure)['Content-Security-Policy']!;
  return base.replace("script-src 'self'", "script-src 'self' 'wasm-unsafe-eval'");
}
