import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { hoverAt } from '../../../src/config/hover';
import { at, fixture } from './helpers';

describe('hover', () => {
  const text = fixture('valid/all-keys.yaml');

  it('shows the schema description of a key, over the key', () => {
    const hover = hoverAt(text, { line: 17, character: 4 });
    assert.ok(hover);
    assert.match(hover.markdown, /^\*\*run\.command\*\*\n\nThe command that starts the service/);
    assert.equal(at(hover), '18:3-18:10');
  });

  it('shows nested and list-item keys by their path', () => {
    assert.match(
      hoverAt(text, { line: 4, character: 6 })?.markdown ?? '',
      /^\*\*build\.commands\.pre-build\*\*\n\nCommands that run before/,
    );
    assert.match(
      hoverAt(text, { line: 30, character: 8 })?.markdown ?? '',
      /^\*\*run\.secrets\[1\]\.value-from\*\*\n\nWhere the value comes from/,
    );
  });

  it('explains a runtime value with its enum description', () => {
    const hover = hoverAt(text, { line: 1, character: 12 });
    assert.ok(hover);
    assert.match(hover.markdown, /`python311`: Python 3\.11, revised build\./);
    assert.equal(at(hover), '2:10-2:19');
  });

  it("shows the key's description over other values, and for a cursor just after the word", () => {
    assert.match(hoverAt(text, { line: 19, character: 11 })?.markdown ?? '', /TCP port the service listens on/);
    assert.match(hoverAt(text, { line: 0, character: 7 })?.markdown ?? '', /Version of the configuration file format/);
  });

  it('works in flow style and with 1-space indentation', () => {
    const flow = fixture('valid/flow-style.yaml');
    assert.match(hoverAt(flow, { line: 3, character: 7 })?.markdown ?? '', /^\*\*run\.command\*\*/);
    assert.match(hoverAt(fixture('valid/one-space-indent.yaml'), { line: 9, character: 3 })?.markdown ?? '', /^\*\*run\.network\.port\*\*/);
  });

  it('shows nothing for unknown keys, comments, blank space and empty files', () => {
    assert.equal(hoverAt('run:\n  nonsense: 1\n', { line: 1, character: 4 }), undefined);
    assert.equal(hoverAt(fixture('valid/utf8-comments.yaml'), { line: 0, character: 5 }), undefined);
    assert.equal(hoverAt(text, { line: 40, character: 0 }), undefined);
    assert.equal(hoverAt('', { line: 0, character: 0 }), undefined);
  });
});
