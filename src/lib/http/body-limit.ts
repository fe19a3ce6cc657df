import type http from 'node:http';
import { signedInViewer } from '../auth/audience';
import { hasRole, type Viewer } from '../auth/viewer';
import { formatBytes } from '../format';

/**
 * How much of a request body the hub reads, by kind of route. A form (sign-in, review,
 * members, Nachnutzung…) is a few KB. The editor's largest form — a Beitrag at every length
 * limit (100,000 characters of text, five Markdown fields of 20,000) in a script whose
 * letters take 6 bytes each once URL-encoded — stays below EDITOR_LIMIT_BYTES. The upload
 * form takes WISSENSNETZ_UPLOAD_LIMIT_MB plus room for its text fields and multipart framing.
 * The larger limits hold only for people who may use the form; everyone else gets FORM_LIMIT_BYTES.
 */
export const FORM_LIMIT_BYTES = 256 * 1024;
export const EDITOR_LIMIT_BYTES = 2 * 1024 * 1024;
export const UPLOAD_OVERHEAD_BYTES = 64 * 1024;

export type BodyKind = 'form' | 'editor' | 'upload';

const ROUTES: { pattern: RegExp; kind: Exclude<BodyKind, 'form'> }[] = [
  { pattern: /^\/([^/]+)\/beitraege\/[^/]+\/dateien\/?$/, kind: 'upload' },
  { pattern: /^\/([^/]+)\/beitraege\/neu\/?$/, kind: 'editor' },
  { pattern: /^\/([^/]+)\/beitraege\/[^/]+\/bearbeiten\/?$/, kind: 'editor' },
];

/**
 * The kind of body a POST to this URL may carry, and the Kommune whose Redakteur:innen may
 * send it. Unknown paths and undecodable names are plain forms (the smaller limit).
 */
export function bodyRoute(url: string): { kind: BodyKind; tenant: string | null } {
  const pathname = url.split('?')[0]!;
  for (const { pattern, kind } of ROUTES) {
    const m = pattern.exec(pathname);
    if (!m) continue;
    try {
      return { kind, tenant: decodeURIComponent(m[1]!) };
    } catch {
      break;
    }
  }
  return { kind: 'form', tenant: null };
}

/** Bytes a body of this kind may have. */
export function bodyLimit(kind: BodyKind, uploadLimitBytes: number): number {
  if (kind === 'upload') return uploadLimitBytes + UPLOAD_OVERHEAD_BYTES;
  return kind === 'editor' ? EDITOR_LIMIT_BYTES : FORM_LIMIT_BYTES;
}

/** What is known about a request body while it streams in. */
export interface BodyState {
  limit: number;
  received: number;
  /** The client sent more than `limit`; reading stopped there. */
  tooLarge: boolean;
}

export class BodyTooLargeError extends Error {
  constructor(readonly limit: number) {
    super(`request body larger than ${limit} bytes`);
  }
}

/** The declared Content-Length, or null (chunked, absent or malformed; Node refuses malformed ones itself). */
export function declaredLength(req: http.IncomingMessage): number | null {
  const raw = req.headers['content-length'];
  return raw !== undefined && /^\d+$/.test(raw) ? Number(raw) : null;
}

/**
 * The request body as the app reads it, counted as it streams: past the limit the stream
 * fails instead of handing on more bytes, whatever the client declared (chunked bodies
 * declare nothing). The Astro adapter takes `req.body` when it is an async iterable.
 */
export async function* countedBody(req: http.IncomingMessage, state: BodyState): AsyncGenerator<Buffer> {
  // Stopping early must not destroy the request: that would take the connection, and with it
  // the answer (a 413, say), down too.
  for await (const chunk of req.iterator({ destroyOnReturn: false }) as AsyncIterable<Buffer>) {
    state.received += chunk.length;
    if (state.received > state.limit) {
      state.tooLarge = true;
      throw new BodyTooLargeError(state.limit);
    }
    yield chunk;
  }
}

/** What one request may send: the kind of body the route takes from this sender, and its limit. */
export interface BodyAllowance {
  kind: BodyKind;
  limit: number;
}

/**
 * The body allowance of one request: the larger limits of the upload and editor forms hold
 * only for Redakteur:innen (and admins) of the Kommune the form belongs to, so an anonymous
 * or unauthorised client never gets more than FORM_LIMIT_BYTES read.
 */
export function bodyAllowance(req: http.IncomingMessage, uploadLimitBytes: number, viewerOf: (cookies: string | undefined) => Viewer | null = signedInViewer): BodyAllowance {
  const form: BodyAllowance = { kind: 'form', limit: FORM_LIMIT_BYTES };
  const route = req.method === 'POST' ? bodyRoute(req.url ?? '/') : null;
  if (!route || route.kind === 'form' || !route.tenant) return form;
  let viewer: Viewer | null;
  try {
    viewer = viewerOf(req.headers.cookie);
  } catch {
    // The database did not answer: the app will say so; meanwhile only a form's worth is read.
    return form;
  }
  return hasRole(viewer, route.tenant, 'redakteur') ? { kind: route.kind, limit: bodyLimit(route.kind, uploadLimitBytes) } : form;
}

/** The German message for a form body over `limit`. */
export function tooLargeMessage(limit: number): string {
  return `Die gesendeten Daten sind größer als die erlaubten ${formatBytes(limit)} und wurden nicht angenommen. Bitte kürzen Sie Ihre Eingaben.`;
}
