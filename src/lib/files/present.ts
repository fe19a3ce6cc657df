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
