// Shared helpers of the apprunner.yaml unit tests.
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LineIndex } from '../../../src/config/lineIndex';
import type { ConfigDiagnostic, TextEdit } from '../../../src/config/types';

/** The repository root, from out/test/unit/config. */
export const REPO_ROOT = resolve(__dirname, '../../../..');
export const FIXTURES = join(REPO_ROOT, 'test/fixtures/apprunner-yaml');

/** A date after every end of support in the runtime table, so that results do not depend on today. */
export const NOW = new Date('2026-06-01T00:00:00Z');

export function fixture(relativePath: string): string {
  return readFileSync(join(FIXTURES, relativePath), 'utf8');
}

export function fixtureNames(folder: 'valid' | 'invalid'): string[] {
  return readdirSync(join(FIXTURES, folder))
    .filter((name) => name.endsWith('.yaml'))
    .sort();
}

/** `line:col-line:col`, 1-based as editors show them, for readable expectations. */
export function at(diagnostic: Pick<ConfigDiagnostic, 'range'>): string {
  const { start, end } = diagnostic.range;
  return `${start.line + 1}:${start.character + 1}-${end.line + 1}:${end.character + 1}`;
}

/** [rule, severity, range] of each diagnostic, in order. */
export function summarize(diagnostics: readonly ConfigDiagnostic[]): [string, string, string][] {
  return diagnostics.map((d) => [d.rule, d.severity, at(d)]);
}

/** The source text a diagnostic points at. */
export function textAt(text: string, diagnostic: Pick<ConfigDiagnostic, 'range'>): string {
  const lines = new LineIndex(text);
  return text.slice(lines.offsetAt(diagnostic.range.start), lines.offsetAt(diagnostic.range.end));
}

/** Applies non-overlapping edits the way an editor does. */
export function applyEdits(text: string, edits: readonly TextEdit[]): string {
  const lines = new LineIndex(text);
  const offsets = edits
    .map((edit) => ({ start: lines.offsetAt(edit.range.start), end: lines.offsetAt(edit.range.end), newText: edit.newText }))
    .sort((a, b) => b.start - a.start);
  let result = text;
  for (const edit of offsets) result = result.slice(0, edit.start) + edit.newText + result.slice(edit.end);
  return result;
}
