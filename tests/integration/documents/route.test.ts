import { beforeAll, describe, expect, it } from 'vitest';
import { resolveDocumentParam } from '../../../src/lib/documents/route';
import { insertDocument, renameSlug } from '../../../src/lib/documents/store';
import { HttpError } from '../../../src/lib/http/errors';
import type { Viewer } from '../../../src/lib/auth/viewer';
import { makeActor, sampleData } from './helpers';

function visit(slug: string, viewer: Viewer | null) {
  return resolveDocumentParam({
    params: { kommune: 'duelmen', slug },
    url: new URL(`http://hub.test/duelmen/beitraege/${slug}`),
    locals: { viewer } as App.Locals,
  });
}

describe('resolveDocumentParam', () => {
  let oldSlug = '';
  let newSlug = '';
  beforeAll(() => {
  const author = makeActor('duelmen', 'redakteur');
  const doc = insertDocument({
    tenant: 'duelmen',
    source: 'web',
    status: 'veroeffentlicht',
    createdBy: author.viewer.id,
    revisions: [{ data: sampleData({ title: 'Interne Bewertung der Schulträger', visibility: 'kommune' }), bodyMd: 'Text', status: 'veroeffentlicht', authorId: author.viewer.id, authorLabel: 'x', note: '' }],
  });
  oldSlug = doc.slug;
  newSlug = renameSlug(doc, 'Vertrauliche Kündigung des IT-Dienstleisters');
  });

  it('redirects an old slug of a "nur Kommune" Beitrag for members of that Kommune', () => {
    expect(visit(oldSlug, makeActor('duelmen', 'mitarbeiter').viewer)).toEqual({ redirect: `/duelmen/beitraege/${newSlug}` });
  });

  it('answers 404, not a redirect that spells the new title, to anonymous visitors and other Kommunen', () => {
    for (const viewer of [null, makeActor('senden', 'admin').viewer]) {
      expect(() => visit(oldSlug, viewer)).toThrow(HttpError);
      try {
        visit(oldSlug, viewer);
      } catch (err) {
        expect((err as HttpError).status).toBe(404);
      }
    }
  });
});
