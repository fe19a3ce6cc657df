/**
 * True when an error (or one of its causes) is SQLite saying the database is locked by
 * someone else for longer than busy_timeout. drizzle wraps driver errors, so the chain
 * is searched.
 */
export function isDatabaseBusy(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED'))) return true;
  }
  return false;
}
