import { LICENCE_LABELS, LICENCES } from '../documents/vocabulary';
import { formatBytes } from '../format';
import { FILE_KINDS, isFileKind } from './types';
import type { VersionRow } from './artefacts';

/** Display helpers shared by the file components. */
export function licenceLabel(licence: string): string {
  return (LICENCES as readonly string[]).includes(licence) ? LICENCE_LABELS[licence as (typeof LICENCES)[number]] : licence;
}

export function kindLabel(kind: string): string {
  return isFileKind(kind) ? FILE_KINDS[kind].label : kind.toUpperCase();
}

export function downloadHref(tenant: string, version: Pick<VersionRow, 'id'>): string {
  return `/${tenant}/dateien/${version.id}`;
}

/** "DOCX, 24,1 KB" */
export function fileFacts(version: Pick<VersionRow, 'kind' | 'size'>): string {
  return `${isFileKind(version.kind) ? FILE_KINDS[version.kind].extensions[0]!.toUpperCase() : version.kind}, ${formatBytes(version.size)}`;
}

/** Kinds a browser shows as an image in the text (SVG is offered only as a download). */
export function isImageKind(kind: string): boolean {
  return kind === 'png' || kind === 'jpeg';
}

/** The Markdown that puts this image into the text; the file's title is the alt text to start from. */
export function imageMarkdown(tenant: string, title: string, version: Pick<VersionRow, 'id'>): string {
  return `![${title.replace(/[[\]\\]/g, '')}](${downloadHref(tenant, version)})`;
}

/** The images of a Beitrag an editor can put into its text (pending ones included), newest version each. */
export function imageSnippets(tenant: string, files: { id: number; title: string; versions: Pick<VersionRow, 'id' | 'kind' | 'removalPending'>[] }[]): { id: string; title: string; markdown: string }[] {
  return files.flatMap((a) => {
    const current = a.versions.find((v) => !v.removalPending);
    return current && isImageKind(current.kind) ? [{ id: String(a.id), title: a.title, markdown: imageMarkdown(tenant, a.title, current) }] : [];
  });
}
