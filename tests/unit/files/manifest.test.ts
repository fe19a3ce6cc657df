import { describe, expect, it } from 'vitest';
import { compareManifests, parseManifest, type ManifestEntry } from '../../../src/lib/files/manifest';

const entry = (artefactId: number, versionId: number, extra: Partial<ManifestEntry> = {}): ManifestEntry => ({
  artefactId,
  title: `Datei ${artefactId}`,
  description: '',
  licence: 'CC-BY-4.0',
  versionId,
  version: `${versionId}.0`,
  fileName: `datei-${artefactId}.pdf`,
  kind: 'pdf',
  size: 1000,
  sha256: `${artefactId}-${versionId}`,
  ...extra,
});

describe('compareManifests', () => {
  it('names each file of two revisions as unchanged, added, removed, replaced by a new version or with new details', () => {
    const older = [entry(1, 10), entry(2, 20), entry(3, 30), entry(4, 40)];
    const newer = [entry(1, 10), entry(2, 21), entry(4, 40, { licence: 'CC0-1.0' }), entry(5, 50)];
    const rows = compareManifests(older, newer);
    expect(rows.map((r) => [r.artefactId, r.difference])).toEqual([
      [1, 'gleich'],
      [2, 'neue-version'],
      [3, 'entfernt'],
      [4, 'angaben-geaendert'],
      [5, 'neu'],
    ]);
    expect(rows.find((r) => r.artefactId === 3)?.newer).toBeNull();
    expect(rows.find((r) => r.artefactId === 5)?.older).toBeNull();
  });

  it('reads a revision without recorded files as "not recorded", not as "no files"', () => {
    expect(parseManifest(null)).toBeNull();
    expect(parseManifest('[]')).toEqual([]);
  });
});
