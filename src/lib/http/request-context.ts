import { AsyncLocalStorage } from 'node:async_hooks';
import type { BodyState } from './body-limit';

// What a page tells the server around it about its own response. The server (src/cli/serve.ts)
// runs each request inside this context; the start script and the built Astro bundle carry
// their own copies of this module, so the storage lives on globalThis, like the database handle.
export interface RequestContext {
  /** The page declared that it depends on the viewer only through their audience (see audience.ts). */
  sharedWithAudience: boolean;
  /** How much of the request body the server lets through, and whether the client sent more. */
  body?: BodyState;
  /** PRAGMA data_version of a database handle as first read during this request (db/data-version.ts). */
  dataVersion?: { handle: number; value: number };
  /**
   * The response is sent. Timers and jobs the request started run on in this context (async
   * context follows them), so what is remembered for the request no longer applies to them.
   */
  answered?: boolean;
}

const slot = globalThis as typeof globalThis & { __wissensnetzRequestContext?: AsyncLocalStorage<RequestContext> };
const storage = (slot.__wissensnetzRequestContext ??= new AsyncLocalStorage<RequestContext>());

export function runWithRequestContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/**
 * Called by a page whose HTML for a signed-in person depends only on their memberships and
 * roles (and on their name in the header, which the cache puts in per person): everyone
 * with the same memberships may then be served the same rendered page until the next
 * database change. Pages that show anything tied to one person (their drafts, their own
 * revision awaiting review, their account) must not call it. Outside the server (astro dev) a no-op.
 */
export function shareWithAudience(): void {
  const context = storage.getStore();
  if (context) context.sharedWithAudience = true;
}

/** The body limit the server applies to this request; undefined outside the server (tests, astro dev). */
export function currentBodyState(): BodyState | undefined {
  return storage.getStore()?.body;
}

/** The context of the request being answered; undefined outside the server (tests, astro dev) and once it is answered. */
export function currentRequestContext(): RequestContext | undefined {
  const context = storage.getStore();
  return context?.answered ? undefined : context;
}
