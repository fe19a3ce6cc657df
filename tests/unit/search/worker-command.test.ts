import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { workerCommand } from '../../../src/lib/search/worker';

describe('workerCommand', () => {
  const root = '/srv/wissensnetz';
  it('starts the bundled worker with plain node when the server runs from the bundle', () => {
    expect(workerCommand(root, '/srv/wissensnetz/dist/cli/start.mjs')).toEqual([path.join(root, 'dist/cli/search-worker.mjs')]);
    expect(workerCommand(root, '/srv/wissensnetz/dist/cli/index.mjs')).toEqual([path.join(root, 'dist/cli/search-worker.mjs')]);
  });
  it('runs the worker from source through tsx when the server runs from source', () => {
    expect(workerCommand(root, '/srv/wissensnetz/src/cli/start.ts')).toEqual(['--import', 'tsx', path.join(root, 'src/cli/search-worker.ts')]);
    expect(workerCommand(root, '/srv/wissensnetz/tests/bench/search.ts')).toEqual(['--import', 'tsx', path.join(root, 'src/cli/search-worker.ts')]);
  });
});
