import { describe, expect, it } from 'vitest';
import { parseListQuery, readParameters, MAX_PAGE_SIZE } from '../../../src/lib/api/params';
import { ApiProblem } from '../../../src/lib/api/problem';

const url = (q: string) => new URL(`http://hub.test/api/v1/beitraege${q}`);
const problemOf = (fn: () => unknown): ApiProblem => {
  try {
    fn();
  } catch (err) {
    if (err instanceof ApiProblem) return err;
    throw err;
  }
  throw new Error('no problem thrown');
};

describe('parseListQuery', () => {
  it('reads every filter of the list', () => {
    const q = parseListQuery(url('?kommune=duelmen&themenfeld=schule&art=artefakt&jahr=2024&tag=Tablets&limit=5'));
    expect(q).toEqual({ filter: { tenant: 'duelmen', topic: 'schule', type: 'artefakt', year: 2024, tag: 'Tablets' }, after: null, limit: 5 });
  });

  it('caps an oversized page size instead of refusing it', () => {
    expect(parseListQuery(url('?limit=100000')).limit).toBe(MAX_PAGE_SIZE);
  });

  it('refuses an unknown filter, naming it, rather than answering with everything', () => {
    const p = problemOf(() => parseListQuery(url('?thema=schule')));
    expect(p.status).toBe(400);
    expect(p.extra.errors).toEqual([expect.objectContaining({ parameter: 'thema' })]);
  });

  it.each(['?kommune=muenster', '?art=roman', '?jahr=24', '?limit=0', '?limit=-3', '?limit=zehn', '?art=artefakt&art=leitfaden', '?tag='])('refuses %s with a 400', (q) => {
    expect(problemOf(() => parseListQuery(url(q))).status).toBe(400);
  });
});

describe('readParameters', () => {
  it('refuses any parameter on an address that takes none', () => {
    expect(problemOf(() => readParameters(new URL('http://hub.test/api/v1/kommunen?x=1'), [])).extra.errors?.[0]?.parameter).toBe('x');
  });
});
