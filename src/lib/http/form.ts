import { HttpError } from './errors';

/** Reads a urlencoded or multipart form; a malformed body is a German 400, never a stack trace. */
export async function readForm(request: Request): Promise<FormData> {
  try {
    return await request.formData();
  } catch {
    throw new HttpError(400, 'Das Formular konnte nicht gelesen werden. Bitte laden Sie die Seite neu und senden Sie es erneut.');
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
