import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { completeAt } from '../../../src/config/completion';
import type { Position } from '../../../src/config/types';

/** Completes at the `|` marker, which is removed from the text. */
function complete(textWithCursor: string) {
  const offset = textWithCursor.indexOf('|');
  const text = textWithCursor.slice(0, offset) + textWithCursor.slice(offset + 1);
  const before = text.slice(0, offset).split('\n');
  const position: Position = { line: before.length - 1, character: before[before.length - 1].length };
  return completeAt(text, position);
}

const labels = (textWithCursor: string) => complete(textWithCursor).map((entry) => entry.label);

describe('completion: keys', () => {
  it('offers the top-level keys in an empty file', () => {
    assert.deepEqual(labels('|'), ['version', 'runtime', 'build', 'run']);
  });

  it('leaves out keys that are already there, above and below', () => {
    assert.deepEqual(labels('version: 1.0\n|\nrun:\n  command: x\n'), ['runtime', 'build']);
  });

  it('offers the keys of run, by indentation, while the file is half-typed', () => {
    assert.deepEqual(labels('version: 1.0\nrun:\n  command: x\n  |'), ['runtime-version', 'pre-run', 'network', 'env', 'secrets']);
    assert.deepEqual(labels('version: 1.0\nrun:\n  com|'), ['runtime-version', 'pre-run', 'command', 'network', 'env', 'secrets']);
  });

  it('offers nested keys under build.commands and run.network', () => {
    assert.deepEqual(labels('build:\n  commands:\n    |'), ['pre-build', 'build', 'post-build']);
    assert.deepEqual(labels('run:\n  network:\n    port: 80\n    |'), ['env']);
  });

  it('offers the keys of list items after "- " and on following lines', () => {
    assert.deepEqual(labels('run:\n  env:\n    - |'), ['name', 'value']);
    assert.deepEqual(labels('run:\n  env:\n    - name: A\n      |'), ['value']);
    assert.deepEqual(labels('run:\n  secrets:\n  - name: A\n    |'), ['value-from'], 'a list indented like its key');
    assert.deepEqual(labels('run:\n  env:\n    - name: A\n      value: b\n    - |'), ['name', 'value']);
  });

  it('works with 1-space indentation and comments in between', () => {
    assert.deepEqual(labels('run:\n # the start command\n command: x\n\n |'), ['runtime-version', 'pre-run', 'network', 'env', 'secrets']);
  });

  it('offers nothing where keys cannot go', () => {
    assert.deepEqual(labels('run: |'), []);
    assert.deepEqual(labels('build:\n  commands:\n    build:\n      - |'), [], 'a list of commands');
    assert.deepEqual(labels('run:\n  env:\n    |'), [], 'a list needs "- " first');
    assert.deepEqual(labels('run: x\n  |'), [], 'under a key that has a value');
    assert.deepEqual(labels('# comment |'), []);
    assert.deepEqual(labels('nonsense:\n  |'), []);
  });

  it('documents each key from the schema and marks required ones', () => {
    const command = complete('run:\n  |').find((entry) => entry.label === 'command');
    assert.ok(command);
    assert.equal(command.kind, 'key');
    assert.equal(command.detail, 'string (required)');
    assert.match(command.documentation ?? '', /The command that starts the service/);
  });

  it('inserts snippets shaped like the value', () => {
    const snippets = Object.fromEntries(complete('|').map((entry) => [entry.label, entry.insertSnippet]));
    assert.equal(snippets.version, 'version: 1.0');
    assert.match(snippets.runtime, /^runtime: \$\{1\|python3,python311,.*,go1\|\}$/);
    assert.equal(snippets.build, 'build:\n\t$0');
    const runSnippets = Object.fromEntries(complete('run:\n  |').map((entry) => [entry.label, entry.insertSnippet]));
    assert.equal(runSnippets['pre-run'], 'pre-run:\n\t- $0');
    assert.equal(runSnippets.env, 'env:\n\t- name: $1\n\t  value: $2');
    assert.equal(runSnippets.secrets, 'secrets:\n\t- name: $1\n\t  value-from: $2');
    const port = complete('run:\n  network:\n    |').find((entry) => entry.label === 'port');
    assert.equal(port?.insertSnippet, 'port: ${1:8080}');
  });

  it('replaces the typed prefix', () => {
    const [entry] = complete('run:\n  com|');
    assert.deepEqual(entry.replaceRange, { start: { line: 1, character: 2 }, end: { line: 1, character: 5 } });
  });
});

describe('completion: values', () => {
  it('offers the runtimes with their build process and end of support', () => {
    const entries = complete('runtime: |');
    assert.equal(entries.length, 13);
    const nodejs16 = entries.find((entry) => entry.label === 'nodejs16');
    assert.equal(nodejs16?.kind, 'value');
    assert.match(nodejs16?.documentation ?? '', /original build\. End of support 2025-12-01/);
    assert.deepEqual(entries[0].replaceRange, { start: { line: 0, character: 9 }, end: { line: 0, character: 9 } });
  });

  it('replaces a partly typed value and adds the space after a bare colon', () => {
    const [entry] = complete('runtime: node|');
    assert.deepEqual(entry.replaceRange, { start: { line: 0, character: 9 }, end: { line: 0, character: 13 } });
    assert.equal(complete('runtime:|')[0].insertSnippet, ' python3');
  });

  it("offers the runtime-version values of the file's runtime", () => {
    assert.deepEqual(labels('version: 1.0\nruntime: nodejs22\nrun:\n  runtime-version: |'), ['22.14.0', '22.16.0', '22.17.0']);
    assert.deepEqual(labels('runtime: corretto11\nrun:\n  runtime-version: |'), ['11.0.13.08.1']);
    assert.deepEqual(labels('runtime: nodejs99\nrun:\n  runtime-version: |'), []);
  });

  it('offers the version and the default port', () => {
    assert.deepEqual(labels('version: |'), ['1.0']);
    assert.deepEqual(labels('run:\n  network:\n    port: |'), ['8080']);
  });

  it('offers no values for free text and unknown keys', () => {
    assert.deepEqual(labels('run:\n  env:\n    - name: |'), []);
    assert.deepEqual(labels('nonsense: |'), []);
  });
});
