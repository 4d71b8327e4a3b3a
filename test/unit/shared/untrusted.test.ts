import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { marked } from 'marked';
import { forMarkdown, forNotification, forQuickPick, forTerminal, LIMITS, markInvisible, truncate } from '../../../src/shared/untrusted';

interface HostileString {
  id: string;
  text: string | [string, number][];
}

const corpusFile = join(__dirname, '../../../../test/fixtures/hostile/strings.json');
const corpus = (JSON.parse(readFileSync(corpusFile, 'utf8')) as { strings: HostileString[] }).strings.map(({ id, text }) => ({
  id,
  text: typeof text === 'string' ? text : text.map(([piece, times]) => piece.repeat(times)).join(''),
}));
const text = (id: string): string => corpus.find((s) => s.id === id)!.text;

/** What must never reach a renderer raw: controls, format characters (bidi, zero-width, tags), separators, fillers. */
const HIDDEN = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\u3164\uFFA0]|\u115F|\u1160/u;

/** VS Code's Markdown renderer is marked; this is what a hover or MarkdownString would show. */
function renderMarkdown(md: string): string {
  return (marked.parse(md, { async: false, gfm: true }) as string).trim();
}

function decodeEntities(html: string): string {
  return html.replace(/&(lt|gt|quot|#39|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', '#39': "'", amp: '&' })[e]!);
}

test('the corpus holds every kind of hostile string the issue names', () => {
  const ids = corpus.map((s) => s.id);
  for (const id of [
    'command-link',
    'command-link-angle',
    'command-link-reference',
    'html-img',
    'markdown-image',
    'escape-title',
    'forged-line',
  ]) {
    assert.ok(ids.includes(id), id);
  }
  assert.ok(text('very-long').length >= 100_000);
  assert.ok(text('deeply-nested-brackets').startsWith('['.repeat(5000)));
  assert.ok(text('tag-characters').includes('\u{E0041}'));
});

test('notification text: no square bracket, so no link of any spelling; no hidden character; bounded', () => {
  for (const { id, text: raw } of corpus) {
    const out = forNotification(raw);
    assert.doesNotMatch(out, /[[\]]/, id);
    assert.doesNotMatch(out, HIDDEN, id);
    assert.ok(Array.from(out).length <= LIMITS.notification, id);
  }
});

test('notification text stays readable: label, target and surrounding words are all still there', () => {
  assert.equal(forNotification('[Fix it](command:workbench.action.quit)'), '‹Fix it›(command:workbench.action.quit)');
  assert.equal(forNotification('deploy 🚀 done'), 'deploy 🚀 done');
  assert.equal(forNotification('listening\non port 8080\r\n'), 'listening on port 8080 ');
  assert.equal(forNotification(text('bidi-override')), 'invoice\\u202egnp.exe');
  assert.equal(forNotification(text('tag-characters')), 'hidden:\\u{e0041}\\u{e0042}\\u{e0043}\\u{e007f}');
  assert.equal(forNotification(text('hangul-fillers')), '\\u115f\\u1160\\u3164\\uffa0');
  assert.equal(forNotification(text('escape-title')), '\\x1b›0;pwned\\x07title');
});

test('markdown text renders as exactly its own characters: no link, image, HTML or structure', () => {
  for (const { id, text: raw } of corpus) {
    const md = forMarkdown(raw);
    const html = renderMarkdown(md);
    const inner = /^<p>([\s\S]*)<\/p>$/.exec(html);
    assert.ok(inner, `${id}: rendered as more than one paragraph: ${html.slice(0, 200)}`);
    assert.doesNotMatch(inner[1], /</, id);
    const shown = decodeEntities(inner[1]);
    assert.equal(shown, truncate(markInvisible(raw.replace(/\r\n|[\r\n\u2028\u2029\u0085\t]/g, ' ')).trimStart(), LIMITS.markdown), id);
    assert.doesNotMatch(shown, HIDDEN, id);
  }
});

test('marked itself would render the raw corpus as links and images (the check above can fail)', () => {
  assert.match(renderMarkdown(text('command-link')), /<a href="command:/);
  assert.match(renderMarkdown(text('markdown-image')), /<img /);
  assert.match(renderMarkdown(text('bare-url')), /<a href="https:/);
});

test('quick pick text: every $( is escaped, one line, no hidden character, bounded', () => {
  for (const { id, text: raw } of corpus) {
    const out = forQuickPick(raw);
    assert.doesNotMatch(out, /(^|[^\\])\$\(/, id);
    assert.doesNotMatch(out, HIDDEN, id);
    assert.ok(Array.from(out).length <= LIMITS.quickPick, id);
  }
  assert.equal(forQuickPick('$(alert) web'), '\\$(alert) web');
});

test('terminal text: no control character, escape sequence or line break passes; they are spelled out', () => {
  for (const { id, text: raw } of corpus) {
    const out = forTerminal(raw);
    assert.doesNotMatch(out, HIDDEN, id);
    assert.ok(Array.from(out).length <= LIMITS.terminal, id);
  }
  assert.equal(forTerminal(text('escape-title')), '\\x1b]0;pwned\\x07title');
  assert.equal(forTerminal(text('forged-line')), 'value\\napprunner.yaml:1:1: info: all good [forged]');
  assert.equal(forTerminal(text('carriage-return')), 'safe\\rEVIL');
  assert.equal(forTerminal(text('c1-csi')), '\\x9b31mred');
});

test('truncation keeps surrogate pairs whole and says it cut', () => {
  assert.equal(truncate('🚀🚀🚀', 2), '🚀…');
  assert.equal(truncate('abc', 3), 'abc');
  assert.equal(forNotification('x'.repeat(1000)).length, LIMITS.notification);
});
