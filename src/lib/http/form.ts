import { FORM_LIMIT_BYTES, tooLargeMessage } from './body-limit';
import { HttpError } from './errors';
import { currentBodyState } from './request-context';

const UNREADABLE = 'Das Formular konnte nicht gelesen werden. Bitte laden Sie die Seite neu und senden Sie es erneut.';
const WRONG_FORMAT = 'Die Anfrage enthält kein Formular, wie es diese Seite erwartet. Bitte laden Sie die Seite neu und senden Sie das Formular erneut.';

function tooLarge(limit: number): HttpError {
  return new HttpError(413, tooLargeMessage(limit));
}

/** The form encoding of a Content-Type header, or null when it is none a browser form sends. */
function formEncoding(contentType: string): 'urlencoded' | 'multipart' | null {
  const [type = '', ...params] = contentType.split(';').map((s) => s.trim());
  const media = type.toLowerCase();
  if (media === 'application/x-www-form-urlencoded') return 'urlencoded';
  // Without a boundary a multipart body cannot be split into fields.
  const boundary = params.find((p) => /^boundary\s*=/i.test(p))?.replace(/^boundary\s*=\s*/i, '').replace(/^"(.*)"$/, '$1');
  if (media === 'multipart/form-data' && boundary && /^[\x20-\x7e]{1,70}$/.test(boundary)) return 'multipart';
  return null;
}

/** Reads at most `limit` bytes of the body; more is a 413, a broken stream a 400. */
async function readBody(request: Request, limit: number): Promise<Buffer> {
  const declared = request.headers.get('content-length');
  if (declared && /^\d+$/.test(declared) && Number(declared) > limit) throw tooLarge(limit);
  if (!request.body) return Buffer.alloc(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        void reader.cancel().catch(() => {});
        throw tooLarge(limit);
      }
      chunks.push(value);
    }
  } catch (err) {
    if (err instanceof HttpError) throw err;
    // The server stopped the stream at its own limit, or the client broke off.
    const state = currentBodyState();
    throw state?.tooLarge ? tooLarge(state.limit) : new HttpError(400, UNREADABLE);
  }
  return Buffer.concat(chunks, size);
}

/**
 * The one way routes read a form: a urlencoded or multipart body of at most `limit` bytes
 * (FORM_LIMIT_BYTES unless the route needs more). Anything else — another content type such
 * as JSON or XML, multipart without a usable boundary, a truncated or malformed body — is a
 * German 400 and a body that is too large a German 413, never a stack trace.
 */
export async function readForm(request: Request, options: { limit?: number } = {}): Promise<FormData> {
  const limit = options.limit ?? FORM_LIMIT_BYTES;
  const contentType = request.headers.get('content-type') ?? '';
  const encoding = formEncoding(contentType);
  if (!encoding) throw new HttpError(400, WRONG_FORMAT);
  const body = await readBody(request, limit);
  if (encoding === 'urlencoded') {
    const form = new FormData();
    for (const [name, value] of new URLSearchParams(body.toString('utf8'))) form.append(name, value);
    return form;
  }
  try {
    return await new Response(new Uint8Array(body), { headers: { 'content-type': contentType } }).formData();
  } catch {
    throw new HttpError(400, UNREADABLE);
  }
}

/** A single text field, trimmed; missing or a file counts as ''. Length-capped to keep memory bounded. */
export function field(form: FormData, name: string, max = 10_000): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.trim().slice(0, max) : '';
}

/** A password field: not trimmed (spaces may be part of it). */
export function rawField(form: FormData, name: string, max = 1_000): string {
  const value = form.get(name);
  return typeof value === 'string' ? value.slice(0, max) : '';
}
