import type { ListPosition } from '../documents/keyset';
import { ApiProblem } from './problem';

// A cursor is opaque to clients: base64url of a small JSON array [version, publishedAt, id].
// It carries no rights: whatever it says, the list only ever holds what the caller may read,
// so a forged cursor can at most skip to another place in the caller's own list. Anything
// that is not exactly what encodeCursor writes is a 400.
const VERSION = 1;
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const MAX_LENGTH = 200;

export function encodeCursor(position: ListPosition): string {
  return Buffer.from(JSON.stringify([VERSION, position.publishedAt, position.id]), 'utf8').toString('base64url');
}

const invalid = () =>
  new ApiProblem('invalid-parameter', 'Der Parameter „cursor“ ist ungültig. Verwenden Sie den Wert aus „next“ einer vorigen Antwort unverändert.', {
    errors: [{ parameter: 'cursor', detail: 'kein gültiger Cursor' }],
  });

/** The position a cursor names; throws a 400 problem for anything malformed. */
export function decodeCursor(cursor: string): ListPosition {
  if (cursor.length === 0 || cursor.length > MAX_LENGTH || !/^[A-Za-z0-9_-]+$/.test(cursor)) throw invalid();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw invalid();
  }
  if (!Array.isArray(value) || value.length !== 3) throw invalid();
  const [version, publishedAt, id] = value as unknown[];
  if (version !== VERSION || typeof publishedAt !== 'string' || !ISO_TIME.test(publishedAt) || Number.isNaN(Date.parse(publishedAt))) throw invalid();
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1) throw invalid();
  return { publishedAt, id };
}
