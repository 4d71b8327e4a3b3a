import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LineIndex } from '../../../src/config/lineIndex';

describe('line index', () => {
  it('maps offsets to 0-based positions and back, for LF and CRLF', () => {
    for (const eol of ['\n', '\r\n']) {
      const text = ['version: 1.0', 'runtime: nodejs22', '', 'run:'].join(eol);
      const lines = new LineIndex(text);
      assert.equal(lines.lineCount, 4);
      const runtime = text.indexOf('nodejs22');
      assert.deepEqual(lines.positionAt(runtime), { line: 1, character: 9 });
      assert.equal(lines.offsetAt({ line: 1, character: 9 }), runtime);
      assert.deepEqual(lines.positionAt(text.length), { line: 3, character: 4 });
      assert.equal(lines.lineText(1), 'runtime: nodejs22');
      assert.equal(lines.lineText(2), '');
    }
  });

  it('treats an offset inside CRLF as the end of the line', () => {
    const lines = new LineIndex('ab\r\ncd');
    assert.deepEqual(lines.positionAt(2), { line: 0, character: 2 });
    assert.deepEqual(lines.positionAt(3), { line: 0, character: 2 });
    assert.deepEqual(lines.positionAt(4), { line: 1, character: 0 });
  });

  it('clamps positions outside the text', () => {
    const lines = new LineIndex('ab\ncd');
    assert.deepEqual(lines.positionAt(-5), { line: 0, character: 0 });
    assert.deepEqual(lines.positionAt(99), { line: 1, character: 2 });
    assert.equal(lines.offsetAt({ line: 0, character: 99 }), 2);
    assert.equal(lines.offsetAt({ line: 7, character: 0 }), 5);
    assert.equal(lines.offsetAt({ line: -1, character: 3 }), 0);
  });

  it('counts UTF-16 code units, as editors do', () => {
    const lines = new LineIndex('# 🚀 é\nx');
    assert.equal(lines.lineText(0).length, 6);
    assert.deepEqual(lines.positionAt(8), { line: 1, character: 1 });
  });
});
