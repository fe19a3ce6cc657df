/**
 * Original file names are kept only as metadata (shown in lists, sent in
 * Content-Disposition) and never used as paths. A name that carries a path or
 * invisible control/bidi characters is refused, because it only occurs in crafted
 * requests or to disguise an extension ("rechnung‮fdp.exe"); everything else that
 * could trouble a desktop after download is cleaned.
 */
import { hasHiddenCharacters } from '../text/hidden-characters';

const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])$/i;
const MAX_LENGTH = 120;

export type NameProblem = 'empty' | 'path' | 'control';

export interface CheckedName {
  /** The cleaned name; meaningful only when problem is null. */
  name: string;
  problem: NameProblem | null;
}

export const NAME_PROBLEM_MESSAGES: Record<NameProblem, string> = {
  empty: 'Die Datei hat keinen Namen. Bitte wählen Sie eine Datei aus.',
  path: 'Der Dateiname darf keine Pfadangaben wie „/“, „\\“ oder „..“ enthalten. Bitte benennen Sie die Datei um.',
  control: 'Der Dateiname enthält unsichtbare Steuer- oder Schreibrichtungszeichen. Bitte benennen Sie die Datei um.',
};

/** Cuts a name to MAX_LENGTH characters while keeping its extension. */
function shorten(name: string): string {
  const chars = [...name];
  if (chars.length <= MAX_LENGTH) return name;
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 && name.length - dot <= 10 ? name.slice(dot) : '';
  return [...name.slice(0, name.length - ext.length)].slice(0, MAX_LENGTH - [...ext].length).join('').trimEnd() + ext;
}

export function checkFileName(raw: string): CheckedName {
  const nfc = raw.normalize('NFC');
  if (hasHiddenCharacters(nfc)) return { name: '', problem: 'control' };
  if (/[/\\]/.test(nfc) || /^\s*\.\.?\s*$/.test(nfc)) return { name: '', problem: 'path' };
  // Characters Windows refuses in names, then trailing dots and spaces (which Windows drops).
  let name = nfc.replace(/[<>:"|?*]/g, '_').replace(/\s+/g, ' ').trim().replace(/[. ]+$/, '');
  if (name === '') return { name: '', problem: 'empty' };
  const stem = name.split('.')[0]!;
  if (RESERVED.test(stem.trim())) name = `_${name}`;
  if (name.startsWith('.')) name = `_${name}`;
  return { name: shorten(name), problem: null };
}
