import fs from 'node:fs';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { formatBytes } from '../format';
import { discardTemp, newTempPath } from './blobs';
import { checkFileName, NAME_PROBLEM_MESSAGES } from './names';
import { ContentError, verifyContent, type ContentProblem } from './sniff';
import { ALLOWED_EXTENSIONS_TEXT, FILE_KINDS, kindForExtension } from './types';
import { ZIP_LIMITS } from './zip';
import type { ReceiveProblem, ReceivedFile } from './upload';
import type { StoredFile } from './artefacts';

/**
 * Turns a received (or local) file into a StoredFile ready to persist, or a German
 * message. On any refusal the temp file is gone before this returns.
 */

export function receiveProblemMessage(problem: ReceiveProblem, limitBytes: number): string {
  switch (problem) {
    case 'too_large':
      return `Die Datei ist größer als die erlaubten ${formatBytes(limitBytes)}. Es wurde nichts gespeichert. Bitte verkleinern Sie die Datei oder teilen Sie sie auf.`;
    case 'no_file':
      return 'Bitte wählen Sie eine Datei aus.';
    case 'disk_full':
      return 'Auf dem Server ist gerade nicht genug Speicherplatz frei. Die Datei wurde nicht gespeichert. Bitte versuchen Sie es später erneut oder wenden Sie sich an den Betrieb.';
    case 'bad_request':
      return 'Die Datei ist nicht vollständig angekommen. Es wurde nichts gespeichert. Bitte versuchen Sie es erneut.';
  }
}

function contentMessage(problem: ContentProblem, ext: string, label: string): string {
  switch (problem) {
    case 'mismatch':
      return `Der Inhalt der Datei passt nicht zur Endung „.${ext}“: Sie ist keine gültige ${label}-Datei. Bitte speichern Sie die Datei im richtigen Format und laden Sie sie erneut hoch.`;
    case 'bomb':
      return `Das Archiv würde entpackt zu groß werden oder enthält zu viele Einträge (höchstens ${ZIP_LIMITS.maxEntries.toLocaleString('de-DE')} Einträge und ${formatBytes(ZIP_LIMITS.maxUncompressedBytes)} entpackt). Es wird aus Sicherheitsgründen nicht angenommen.`;
    case 'damaged':
      return `Die Datei ist beschädigt und lässt sich nicht als ${label} öffnen. Bitte prüfen Sie die Datei und laden Sie sie erneut hoch.`;
    case 'macro':
      return 'Die Datei enthält Makros. Dokumente mit Makros werden aus Sicherheitsgründen nicht angenommen; bitte speichern Sie sie ohne Makros.';
    case 'encrypted':
      return 'Die Datei ist verschlüsselt oder passwortgeschützt. Bitte laden Sie eine Fassung ohne Passwort hoch.';
  }
}

export type IntakeResult = { ok: true; file: StoredFile } | { ok: false; message: string };

/** Checks name and content of a received file; the temp file is removed on refusal. */
export async function checkReceivedFile(received: ReceivedFile): Promise<IntakeResult> {
  const refuse = (message: string): IntakeResult => {
    discardTemp(received.tmpPath);
    return { ok: false, message };
  };
  const checked = checkFileName(received.rawName);
  if (checked.problem) return refuse(NAME_PROBLEM_MESSAGES[checked.problem]);
  const kind = kindForExtension(checked.name);
  if (!kind) {
    const dot = checked.name.lastIndexOf('.');
    const ext = dot >= 0 ? `„${checked.name.slice(dot)}“` : 'ohne Endung';
    return refuse(`Dateien ${dot >= 0 ? 'mit der Endung ' : ''}${ext} werden nicht angenommen. Erlaubt sind: ${ALLOWED_EXTENSIONS_TEXT}.`);
  }
  try {
    await verifyContent(received.tmpPath, kind);
  } catch (err) {
    if (!(err instanceof ContentError)) {
      discardTemp(received.tmpPath);
      throw err;
    }
    const ext = checked.name.slice(checked.name.lastIndexOf('.') + 1).toLowerCase();
    return refuse(contentMessage(err.problem, ext, FILE_KINDS[kind].label));
  }
  return { ok: true, file: { tmpPath: received.tmpPath, sha256: received.sha256, size: received.size, kind, fileName: checked.name } };
}

/** Copies a file from disk (demo content) into a temp file and checks it like an upload. */
export async function intakeLocalFile(source: string, name: string): Promise<IntakeResult> {
  const tmpPath = newTempPath();
  const hash = createHash('sha256');
  let size = 0;
  const input = fs.createReadStream(source);
  input.on('data', (chunk) => {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  });
  await pipeline(input, fs.createWriteStream(tmpPath, { flags: 'wx', mode: 0o600 }));
  return checkReceivedFile({ tmpPath, size, sha256: hash.digest('hex'), rawName: name });
}
