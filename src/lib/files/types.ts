/**
 * The allowlist of file types. A file is accepted only when its extension
 * names one of these kinds and its content agrees (src/lib/files/sniff.ts).
 */
export const FILE_KINDS = {
  pdf: { label: 'PDF', mime: 'application/pdf', extensions: ['pdf'] },
  docx: { label: 'Word (DOCX)', mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extensions: ['docx'] },
  xlsx: { label: 'Excel (XLSX)', mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extensions: ['xlsx'] },
  pptx: { label: 'PowerPoint (PPTX)', mime: 'application/vnd.openxmlformats-officedocument.presentationml.presentation', extensions: ['pptx'] },
  odt: { label: 'OpenDocument Text (ODT)', mime: 'application/vnd.oasis.opendocument.text', extensions: ['odt'] },
  ods: { label: 'OpenDocument Tabelle (ODS)', mime: 'application/vnd.oasis.opendocument.spreadsheet', extensions: ['ods'] },
  odp: { label: 'OpenDocument Präsentation (ODP)', mime: 'application/vnd.oasis.opendocument.presentation', extensions: ['odp'] },
  csv: { label: 'CSV', mime: 'text/csv', extensions: ['csv'] },
  txt: { label: 'Text', mime: 'text/plain', extensions: ['txt'] },
  md: { label: 'Markdown', mime: 'text/markdown', extensions: ['md', 'markdown'] },
  png: { label: 'PNG-Bild', mime: 'image/png', extensions: ['png'] },
  jpeg: { label: 'JPEG-Bild', mime: 'image/jpeg', extensions: ['jpg', 'jpeg'] },
  svg: { label: 'SVG-Grafik', mime: 'image/svg+xml', extensions: ['svg'] },
  zip: { label: 'ZIP-Archiv', mime: 'application/zip', extensions: ['zip'] },
} as const satisfies Record<string, { label: string; mime: string; extensions: readonly string[] }>;

export type FileKind = keyof typeof FILE_KINDS;

export function isFileKind(value: string): value is FileKind {
  return Object.hasOwn(FILE_KINDS, value);
}

/** The kind an extension promises, or null when the extension is not on the allowlist. */
export function kindForExtension(fileName: string): FileKind | null {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return null;
  const ext = fileName.slice(dot + 1).toLowerCase();
  for (const [kind, def] of Object.entries(FILE_KINDS)) {
    if ((def.extensions as readonly string[]).includes(ext)) return kind as FileKind;
  }
  return null;
}

/** "PDF, DOCX, …" for hints and error messages. */
export const ALLOWED_EXTENSIONS_TEXT = Object.values(FILE_KINDS)
  .flatMap((d) => d.extensions.map((e) => e.toUpperCase()))
  .join(', ');

/** The accept attribute of the file input. */
export const ACCEPT_ATTRIBUTE = Object.values(FILE_KINDS)
  .flatMap((d) => d.extensions.map((e) => `.${e}`))
  .join(',');
