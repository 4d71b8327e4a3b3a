// The manifest agrees with the code: every command the code registers is declared, settings with
// bounds are integers, every file it names is there, and no placeholder URL is left.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';

const root = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? sourceFiles(full) : entry.name.endsWith('.ts') ? [full] : [];
  });
}

test('every command the code registers is declared in the manifest', () => {
  const declared = new Set<string>(manifest.contributes.commands.map((c: { command: string }) => c.command));
  const registered = new Set<string>();
  for (const file of sourceFiles(path.join(root, 'src'))) {
    for (const m of fs.readFileSync(file, 'utf8').matchAll(/register(?:Command)?\(\s*'(apprunner\.[A-Za-z.]+)'/g)) registered.add(m[1]);
  }
  assert.ok(registered.size > 10);
  assert.deepEqual([...registered].filter((id) => !declared.has(id)).sort(), []);
});

test('settings with bounds are integers or numbers with a reason, and every default is within its bounds', () => {
  for (const [name, setting] of Object.entries<Record<string, unknown>>(manifest.contributes.configuration.properties)) {
    if (setting.minimum === undefined && setting.maximum === undefined) continue;
    assert.equal(setting.type, 'integer', `${name} has bounds and should be an integer`);
    const value = setting.default as number;
    assert.ok(value >= (setting.minimum as number) && value <= (setting.maximum as number), `${name} default ${value} is out of bounds`);
  }
});

test('the icon, the walkthrough media and the view icons exist, and no placeholder URL is left', () => {
  const files = [manifest.icon, ...manifest.contributes.viewsContainers.activitybar.map((c: { icon: string }) => c.icon)];
  for (const walkthrough of manifest.contributes.walkthroughs) {
    for (const step of walkthrough.steps) files.push(step.media.markdown ?? step.media.image);
  }
  for (const file of files) assert.ok(fs.existsSync(path.join(root, file)), `${file} is missing`);
  assert.doesNotMatch(JSON.stringify(manifest), /example\.(invalid|com)|TODO|placeholder/i);
});

test('commands that share a menu have distinct icons', () => {
  const iconOf = new Map<string, string>(manifest.contributes.commands.map((c: { command: string; icon?: string }) => [c.command, c.icon]));
  const byGroup = new Map<string, string[]>();
  for (const entries of Object.values<Array<{ command: string; when?: string; group?: string }>>(manifest.contributes.menus)) {
    for (const entry of entries) {
      if (!entry.group?.startsWith('inline') && !entry.group?.startsWith('navigation')) continue;
      const key = `${entry.when}|${entry.group.split('@')[0]}`;
      byGroup.set(key, [...(byGroup.get(key) ?? []), entry.command]);
    }
  }
  const all = [...new Set(manifest.contributes.commands.map((c: { icon?: string }) => c.icon).filter(Boolean))];
  assert.ok(all.length >= 15, 'most commands have an icon of their own');
  for (const commands of byGroup.values()) {
    const icons = commands.map((c) => iconOf.get(c));
    assert.equal(new Set(icons).size, icons.length, `shared icon among ${commands.join(', ')}`);
  }
});

test('every user-facing string of the manifest is a key of package.nls.json, and every key is used', () => {
  const strings: Record<string, string> = JSON.parse(fs.readFileSync(path.join(root, 'package.nls.json'), 'utf8'));
  const text = fs.readFileSync(path.join(root, 'package.json'), 'utf8');
  const used = new Set([...text.matchAll(/"%([^"%]+)%"/g)].map((m) => m[1]));
  assert.deepEqual(
    [...used].filter((key) => !(key in strings)),
    [],
    'keys without a string',
  );
  assert.deepEqual(
    Object.keys(strings).filter((key) => !used.has(key)),
    [],
    'strings no manifest entry uses',
  );
  const literal = [
    ...text.matchAll(/"(title|description|markdownDescription|name|contents|altText|displayName|contextualTitle|category)": "([^"]*)"/g),
  ]
    .filter((m) => !(m[1] === 'name' && m[2] === manifest.name) && !/^%[^%]+%$/.test(m[2]))
    .map((m) => `${m[1]}: ${m[2]}`);
  assert.deepEqual(literal, [], 'user-facing strings written in package.json instead of package.nls.json');
  const vscodeignore = fs.readFileSync(path.join(root, '.vscodeignore'), 'utf8');
  assert.match(vscodeignore, /^!package\.nls\.json$/m, 'the .vsix must carry package.nls.json');
});
