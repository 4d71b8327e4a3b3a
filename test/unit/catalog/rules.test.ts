// The rules with one home: the manifest's menus follow the catalog's status table, and features
// depend on the catalog, never on the explorer.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ACTION_COMMANDS, SERVICE_STATUSES, ServiceAction, serviceContextValue, statusesAllowing } from '../../../src/catalog/status';

const ROOT = join(__dirname, '../../../..');

interface MenuEntry {
  command: string;
  when?: string;
}

/** The statuses whose tree item shows `entry`, by evaluating its `viewItem =~ /…/` clause on each status's context value. */
function statusesShowing(entry: MenuEntry): string[] {
  const m = /viewItem =~ \/(.+?)\/(?:\s|$)/.exec(entry.when ?? '');
  assert.ok(m, `${entry.command}: the when-clause ${entry.when} does not test viewItem`);
  const pattern = new RegExp(m[1]);
  return SERVICE_STATUSES.filter((s) => pattern.test(serviceContextValue(s)));
}

test("each service action's menu entries show exactly for the statuses the catalog allows", () => {
  const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const entries: MenuEntry[] = manifest.contributes.menus['view/item/context'];
  for (const [action, command] of Object.entries(ACTION_COMMANDS) as Array<[ServiceAction, string]>) {
    const forCommand = entries.filter((e) => e.command === command);
    assert.ok(forCommand.length > 0, `${command} has no entry in view/item/context`);
    for (const entry of forCommand) {
      assert.deepEqual(statusesShowing(entry), statusesAllowing(action), `${command}: ${entry.when}`);
    }
  }
});

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith('.ts') ? [path] : [];
  });
}

test('no feature imports src/explorer: deploy, monitor and later features depend on the catalog', () => {
  const features = readdirSync(join(ROOT, 'src')).filter(
    (d) => statSync(join(ROOT, 'src', d)).isDirectory() && !['explorer', 'aws', 'shared', 'catalog', 'ui'].includes(d),
  );
  assert.ok(features.includes('deploy') && features.includes('monitor'), features.join(', '));
  const offenders = features
    .flatMap((f) => sourceFiles(join(ROOT, 'src', f)))
    .filter((file) => /from\s+['"](\.\.\/)+explorer(\/|['"])|require\(['"](\.\.\/)+explorer/.test(readFileSync(file, 'utf8')))
    .map((file) => file.slice(ROOT.length + 1));
  assert.deepEqual(offenders, []);
});

test('the catalog is pure: it imports neither vscode nor the AWS SDK', () => {
  const offenders = sourceFiles(join(ROOT, 'src/catalog')).filter((file) =>
    /from\s+['"](vscode|@aws-sdk\/[^'"]+)['"]|require\(['"](vscode|@aws-sdk)/.test(
      readFileSync(file, 'utf8').replace(/^import type .*$/gm, ''),
    ),
  );
  assert.deepEqual(offenders, []);
});
