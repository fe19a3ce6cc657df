import { escapeHtml } from '../format';

// Requests refused before our app sees them — by Node (oversized headers, a malformed request
// line or chunk) or by the server around the app (a method no route has, a body over the
// limit): still a German page, no stack trace, and the connection is closed.
export type RefusalStatus = 400 | 405 | 408 | 413 | 431;

const PAGES: Record<RefusalStatus, { reason: string; title: string; message: string }> = {
  400: { reason: 'Bad Request', title: 'Fehlerhafte Anfrage', message: 'Die Anfrage war fehlerhaft und konnte nicht gelesen werden. Bitte prüfen Sie die Adresse und versuchen Sie es erneut.' },
  405: { reason: 'Method Not Allowed', title: 'Anfrageart nicht erlaubt', message: 'Diese Adresse kann so nicht aufgerufen werden. Bitte öffnen Sie die Seite über einen Link oder die Adresszeile.' },
  408: { reason: 'Request Timeout', title: 'Zeitüberschreitung', message: 'Die Anfrage kam nicht rechtzeitig vollständig an. Bitte versuchen Sie es erneut.' },
  413: { reason: 'Payload Too Large', title: 'Zu große Anfrage', message: 'Die gesendeten Daten sind zu groß und wurden nicht angenommen.' },
  431: { reason: 'Request Header Fields Too Large', title: 'Anfrage zu groß', message: 'Die Kopfzeilen Ihrer Anfrage sind zu groß. Bitte löschen Sie die Cookies dieser Website und versuchen Sie es erneut.' },
};

/** Status for a Node clientError code. */
export function clientErrorStatus(code: string | undefined): 400 | 408 | 431 {
  if (code === 'HPE_HEADER_OVERFLOW') return 431;
  if (code === 'ERR_HTTP_REQUEST_TIMEOUT') return 408;
  return 400;
}

/**
 * A small self-contained German error page (no layout: the app did not run). `message`
 * replaces the standard text; `back` adds a link back to the page the request came from.
 */
export function clientErrorPage(status: RefusalStatus, options: { message?: string; back?: string } = {}): string {
  const page = PAGES[status];
  const back = options.back ? `<p><a href="${escapeHtml(options.back)}">Zurück zum Formular</a></p>` : '';
  return `<!doctype html>\n<html lang="de"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${page.title} – Wissensnetz</title></head><body><main><h1>${page.title}</h1><p>${options.message ?? page.message}</p><p>Fehlercode ${status}</p>${back}<p><a href="/">Zur Startseite</a></p></main></body></html>\n`;
}

/** The reason phrase of a refusal's status line. */
export function refusalReason(status: RefusalStatus): string {
  return PAGES[status].reason;
}

/** True when the URL's percent-escapes decode to valid UTF-8 (the app refuses anything else). */
export function isDecodablePath(url: string): boolean {
  try {
    decodeURI(url);
    return true;
  } catch {
    return false;
  }
}

/** A complete raw HTTP/1.1 response with the German page and the given headers. */
export function clientErrorResponse(status: RefusalStatus, headers: Record<string, string>): string {
  const page = PAGES[status];
  const html = clientErrorPage(status);
  const lines = [
    `HTTP/1.1 ${status} ${page.reason}`,
    'Content-Type: text/html; charset=utf-8',
    `Content-Length: ${Buffer.byteLength(html)}`,
    'Cache-Control: no-store',
    'Connection: close',
    ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`),
  ];
  return `${lines.join('\r\n')}\r\n\r\n${html}`;
}
