import { afterAll, describe, expect, it } from 'vitest';
import { getConfig } from '../../../src/lib/config';
import { runBuild } from '../../../src/lib/search/build';
import { writePointer } from '../../../src/lib/search/layout';
import { openSearch } from '../../fixtures/search-client';
import { publishBeitrag } from '../../fixtures/beitraege';

afterAll(() => {
  delete process.env['WISSENSNETZ_SEARCH_SHARD_SIZE'];
});

describe('sharded indexes', () => {
  it('splits a large audience into shards and still finds and counts across all of them', async () => {
    process.env['WISSENSNETZ_SEARCH_SHARD_SIZE'] = '2';
    const tenants = ['duelmen', 'senden', 'olfen', 'coesfeld', 'nottuln'];
    for (const tenant of tenants) publishBeitrag({ tenant, title: `Holunderhecke in ${tenant}`, body: 'Die Holunderhecke wird gepflegt.' });
    const outcome = await runBuild('full');
    writePointer(outcome.pointer!);
    expect(outcome.pointer!.baseBundles.map((b) => b.split('/')[1]).filter((b) => b!.startsWith('public'))).toEqual(['public', 'public.2', 'public.3', 'public.4']);
    const session = await openSearch(getConfig().dataDir, ['public']);
    try {
      expect(await session.search('Holunderhecke')).toHaveLength(5);
      expect(await session.search('Holunderhecke', { kommune: 'Senden' })).toEqual([expect.objectContaining({ url: expect.stringMatching(/^\/senden\//) })]);
    } finally {
      await session.close();
    }
  });
});
