import fs from 'node:fs';
import path from 'node:path';

// Reads the .eml files the file transport writes (demo and development without SMTP), for the
// page that lists them. Only our own mails are read: multipart/alternative with a text/plain part.

export interface EmlSummary {
  name: string;
  to: string;
  subject: string;
  date: string;
}

export interface EmlMail extends EmlSummary {
  text: string;
  headers: [string, string][];
}

const NAME = /^[\w.-]+\.eml$/;

function decodeWords(value: string): string {
  return value.replace(/=\?([\w-]+)\?([BbQq])\?([^?]*)\?=(\s+(?==\?))?/g, (_m, _charset: string, enc: string, data: string) => {
    const bytes = enc.toUpperCase() === 'B' ? Buffer.from(data, 'base64') : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16))), 'latin1');
    return bytes.toString('utf8');
  });
}

function parseHeaders(block: string): [string, string][] {
  const unfolded = block.replace(/\r?\n[ \t]+/g, ' ');
  return unfolded.split(/\r?\n/).filter(Boolean).map((line) => {
    const colon = line.indexOf(':');
    return [line.slice(0, colon).trim(), decodeWords(line.slice(colon + 1).trim())] as [string, string];
  });
}

function split(raw: string): { headers: [string, string][]; body: string } {
  const at = raw.search(/\r?\n\r?\n/);
  if (at < 0) return { headers: parseHeaders(raw), body: '' };
  return { headers: parseHeaders(raw.slice(0, at)), body: raw.slice(at).replace(/^\r?\n\r?\n/, '') };
}

const header = (headers: [string, string][], name: string) => headers.find(([k]) => k.toLowerCase() === name.toLowerCase())?.[1] ?? '';

function decodeBody(body: string, encoding: string): string {
  const e = encoding.toLowerCase();
  if (e === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (e === 'quoted-printable') {
    const latin = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(latin, 'latin1').toString('utf8');
  }
  return body;
}

/** The text/plain part of one of our mails. */
function plainText(headers: [string, string][], body: string): string {
  const type = header(headers, 'Content-Type');
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!boundary) return decodeBody(body, header(headers, 'Content-Transfer-Encoding'));
  for (const part of body.split(`--${boundary}`)) {
    const { headers: h, body: b } = split(part.replace(/^\r?\n/, '').replace(/\r?\n$/, ''));
    const partType = header(h, 'Content-Type').toLowerCase();
    if (partType.startsWith('multipart/')) return plainText(h, b);
    if (partType.startsWith('text/plain')) return decodeBody(b, header(h, 'Content-Transfer-Encoding')).replace(/\r\n/g, '\n');
  }
  return '';
}

function summary(name: string, headers: [string, string][]): EmlSummary {
  return { name, to: header(headers, 'To'), subject: header(headers, 'Subject'), date: header(headers, 'Date') };
}

/** The newest mails in the folder, newest first (file names begin with the time the mail was queued). */
export function listEmlFiles(dir: string, limit = 200): EmlSummary[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((n) => NAME.test(n))
    .sort()
    .reverse()
    .slice(0, limit)
    .map((name) => {
      const raw = fs.readFileSync(path.join(dir, name), 'utf8');
      return summary(name, split(raw.slice(0, 64 * 1024)).headers);
    });
}

/** One mail by file name; undefined for names that are not plain .eml names in the folder. */
export function readEmlFile(dir: string, name: string): EmlMail | undefined {
  if (!NAME.test(name)) return undefined;
  const file = path.join(dir, name);
  if (!fs.existsSync(file)) return undefined;
  const { headers, body } = split(fs.readFileSync(file, 'utf8'));
  return { ...summary(name, headers), headers, text: plainText(headers, body) };
}
