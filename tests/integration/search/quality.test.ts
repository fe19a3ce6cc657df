import { beforeAll, describe, expect, it } from 'vitest';
import { QUALITY_BEITRAEGE } from '../../fixtures/search-quality/beitraege';
import { buildQualityIndex, formatReport, measureQuality, publishQualityBeitraege, type QualityReport } from '../../fixtures/search-quality/measure';
import { QUALITY_CLASSES, QUALITY_QUERIES } from '../../fixtures/search-quality/queries';

/**
 * The share of the suite's queries that must succeed (every expected Beitrag in the top 10,
 * no excluded one), without distractors. Set to what the search reaches today; raise it
 * whenever the search gets better, never lower it to let a change pass.
 */
export const SEARCH_QUALITY_FLOOR = 0.98;

const textOf = (b: (typeof QUALITY_BEITRAEGE)[number]) => [b.title, b.summary, b.tags.join(' '), b.body].join('\n');

let report: QualityReport;
beforeAll(async () => {
  const urls = publishQualityBeitraege();
  const buildMs = await buildQualityIndex();
  report = await measureQuality(urls, 0, buildMs);
  process.stdout.write(`\nSearch quality suite:\n${formatReport(report, true)}\n`);
}, 180_000);

describe('the search quality suite', () => {
  it('holds at least 150 queries over at least 60 Beiträge, at least five per class, each naming Beiträge that exist', () => {
    expect(QUALITY_QUERIES.length).toBeGreaterThanOrEqual(150);
    expect(QUALITY_BEITRAEGE.length).toBeGreaterThanOrEqual(60);
    expect(new Set(QUALITY_BEITRAEGE.map((b) => b.id)).size).toBe(QUALITY_BEITRAEGE.length);
    const ids = new Set(QUALITY_BEITRAEGE.map((b) => b.id));
    for (const c of Object.keys(QUALITY_CLASSES)) expect(QUALITY_QUERIES.filter((q) => q.class === c).length, c).toBeGreaterThanOrEqual(5);
    for (const q of QUALITY_QUERIES) for (const id of [...q.expect, ...(q.exclude ?? [])]) expect(ids.has(id), `${q.q}: ${id}`).toBe(true);
  });

  it('queries a compound part that occurs in no text of the suite as a word of its own', () => {
    for (const q of QUALITY_QUERIES.filter((x) => x.onlyInCompounds)) {
      const alone = new RegExp(`(?<!\\p{L})${q.q}(e|en|n|s|es|er)?(?!\\p{L})`, 'iu');
      for (const b of QUALITY_BEITRAEGE) expect(alone.test(textOf(b)), `"${q.q}" stands alone in ${b.id}`).toBe(false);
      for (const id of q.expect) expect(textOf(QUALITY_BEITRAEGE.find((b) => b.id === id)!).toLowerCase(), `${id} holds "${q.q}" in a compound`).toContain(q.q.toLowerCase());
    }
  });

  it('asks for a synonym only where the expected Beiträge never use the word itself', () => {
    for (const q of QUALITY_QUERIES.filter((x) => x.class === 'synonym')) {
      for (const id of q.expect) expect(textOf(QUALITY_BEITRAEGE.find((b) => b.id === id)!).toLowerCase(), `${id} for "${q.q}"`).not.toContain(q.q.toLowerCase());
    }
  });

  it(`succeeds for at least ${SEARCH_QUALITY_FLOOR * 100} % of the queries (every expected Beitrag in the top 10)`, () => {
    expect(report.all.queries).toBe(QUALITY_QUERIES.length);
    expect(report.all.success, formatReport(report, true)).toBeGreaterThanOrEqual(SEARCH_QUALITY_FLOOR);
  });
});
