import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { gitState } from '../../../src/deploy/git';

test('the commit and whether tracked files changed; outside git, neither', async () => {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'deploy-git-'));
  try {
    assert.deepEqual(await gitState(dir), { dirty: false });
    const git = (...args: string[]) =>
      execFileSync('git', ['-C', dir, '-c', 'user.email=t@example.invalid', '-c', 'user.name=t', ...args], { encoding: 'utf8' }).trim();
    git('init', '-q');
    await fs.writeFile(path.join(dir, 'server.js'), 'v1');
    git('add', '.');
    git('commit', '-q', '-m', 'one');
    const head = git('rev-parse', '--short=7', 'HEAD');
    assert.deepEqual(await gitState(dir), { commit: head, dirty: false });
    await fs.writeFile(path.join(dir, 'untracked.txt'), 'x');
    assert.deepEqual(await gitState(dir), { commit: head, dirty: false }, 'untracked files do not make the build dirty');
    await fs.writeFile(path.join(dir, 'server.js'), 'v2');
    assert.deepEqual(await gitState(dir), { commit: head, dirty: true });
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
});
