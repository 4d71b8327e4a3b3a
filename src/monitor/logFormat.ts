// How a log message looks in the monitor: its level, a readable one-line form for JSON
// messages, pretty-printed JSON for the detail pane, and the text split into segments where
// invisible or display-changing characters (controls, bidi and other format characters, tag
// characters, fillers, lone surrogates) become visible marks. The webview puts every segment into the DOM as text, never as markup; the
// original message stays untouched for copy and save.

export type LogLevel = 'error' | 'warn' | 'info' | 'debug' | 'none';

export interface TextSegment {
  text: string;
  /** A visible stand-in for a character that would otherwise be invisible or reorder text. */
  mark?: true;
}

const LEVEL_WORD = /\b(FATAL|PANIC|CRIT(?:ICAL)?|EMERG(?:ENCY)?|ERROR|ERR|EXCEPTION|WARN(?:ING)?|INFO|NOTICE|DEBUG|TRACE)\b/i;
const LEVEL_SCAN_CHARS = 240;
/** JSON lines longer than this are shown as text (parsing them on every render costs too much). */
const MAX_JSON_CHARS = 20_000;

function levelOfWord(word: string): LogLevel {
  const w = word.toUpperCase();
  if (/^(FATAL|PANIC|CRIT|CRITICAL|EMERG|EMERGENCY|ERROR|ERR|EXCEPTION)$/.test(w)) return 'error';
  if (w.startsWith('WARN')) return 'warn';
  if (w === 'INFO' || w === 'NOTICE') return 'info';
  return 'debug';
}

/** pino/bunyan numeric levels: 10 trace, 20 debug, 30 info, 40 warn, 50 error, 60 fatal. */
function levelOfNumber(n: number): LogLevel {
  if (n >= 50) return 'error';
  if (n >= 40) return 'warn';
  if (n >= 30) return 'info';
  return 'debug';
}

/** The object a JSON log line holds, or undefined for anything else (or anything longer than `maxChars`). */
export function parseJsonLine(message: string, maxChars = MAX_JSON_CHARS): Record<string, unknown> | undefined {
  const text = message.trim();
  if (text.length < 2 || text.length > maxChars || text[0] !== '{' || text[text.length - 1] !== '}') return undefined;
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const LEVEL_KEYS = ['level', 'severity', 'lvl', 'loglevel', 'log_level', 'levelname'];
const MESSAGE_KEYS = ['msg', 'message'];

export function detectLevel(message: string, json?: Record<string, unknown>): LogLevel {
  if (json) {
    for (const key of LEVEL_KEYS) {
      const value = json[key];
      if (typeof value === 'number') return levelOfNumber(value);
      if (typeof value === 'string') {
        const m = LEVEL_WORD.exec(value);
        if (m) return levelOfWord(m[1]);
      }
    }
  }
  const m = LEVEL_WORD.exec(message.length > LEVEL_SCAN_CHARS ? message.slice(0, LEVEL_SCAN_CHARS) : message);
  return m ? levelOfWord(m[1]) : 'none';
}

function fieldText(value: string): string {
  return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
}

/** The index just past the JSON value that starts at `pos`, or -1 if none does (iterative: any depth). */
function valueEnd(text: string, pos: number): number {
  const ch = text[pos];
  if (ch === '"') return stringEnd(text, pos);
  if (ch === '{' || ch === '[') {
    let depth = 0;
    for (let i = pos; i < text.length; i++) {
      const c = text[i];
      if (c === '"') {
        i = stringEnd(text, i) - 1;
        if (i < 0) return -1;
      } else if (c === '{' || c === '[') depth++;
      else if ((c === '}' || c === ']') && --depth === 0) return i + 1;
    }
    return -1;
  }
  for (const re of [JSON_NUMBER, JSON_LITERAL]) {
    re.lastIndex = pos;
    const m = re.exec(text);
    if (m) return pos + m[0].length;
  }
  return -1;
}

/** JSON text without the whitespace between tokens. */
function compact(raw: string): string {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    if (raw[i] === '"') {
      const end = stringEnd(raw, i);
      out += raw.slice(i, end);
      i = end - 1;
    } else if (!/\s/.test(raw[i])) out += raw[i];
  }
  return out;
}

/** The top-level members of a JSON object line, each value as logged (compacted); undefined if not an object. */
function topLevelMembers(message: string): Array<{ key: string; raw: string }> | undefined {
  const text = message.trim();
  if (text[0] !== '{') return undefined;
  const members: Array<{ key: string; raw: string }> = [];
  let pos = skipSpace(text, 1);
  if (text[pos] === '}') return members;
  for (;;) {
    const keyEnd = text[pos] === '"' ? stringEnd(text, pos) : -1;
    if (keyEnd < 0) return undefined;
    const key = JSON.parse(text.slice(pos, keyEnd)) as string;
    pos = skipSpace(text, keyEnd);
    if (text[pos] !== ':') return undefined;
    pos = skipSpace(text, pos + 1);
    const end = valueEnd(text, pos);
    if (end < 0) return undefined;
    members.push({ key, raw: text.slice(pos, end) });
    pos = skipSpace(text, end);
    if (text[pos] === '}') return members;
    if (text[pos] !== ',') return undefined;
    pos = skipSpace(text, pos + 1);
  }
}

/**
 * A JSON line as one readable line: its message first, then key=value for the other fields. Made
 * from the logged text, like the detail: numbers keep their digits, repeated keys all show.
 */
export function readableJson(message: string): string {
  let members: Array<{ key: string; raw: string }> | undefined;
  try {
    members = topLevelMembers(message);
  } catch {
    // A key with a broken escape: not JSON after all.
  }
  if (!members) return withoutTrailingNewline(message);
  const messageKey = MESSAGE_KEYS.find((k) => members.some((m) => m.key === k && m.raw[0] === '"'));
  const main = members.find((m) => m.key === messageKey);
  const parts: string[] = [];
  if (main) parts.push(JSON.parse(main.raw) as string);
  for (const member of members) {
    if (member === main) continue;
    parts.push(`${member.key}=${member.raw[0] === '"' ? fieldText(JSON.parse(member.raw) as string) : compact(member.raw)}`);
  }
  return parts.join('  ');
}

const C0_NAMES = [
  'NUL',
  'SOH',
  'STX',
  'ETX',
  'EOT',
  'ENQ',
  'ACK',
  'BEL',
  'BS',
  'HT',
  'LF',
  'VT',
  'FF',
  'CR',
  'SO',
  'SI',
  'DLE',
  'DC1',
  'DC2',
  'DC3',
  'DC4',
  'NAK',
  'SYN',
  'ETB',
  'CAN',
  'EM',
  'SUB',
  'ESC',
  'FS',
  'GS',
  'RS',
  'US',
];

/**
 * Characters that are invisible or change how the text around them shows: controls (C0, DEL,
 * C1; the tab stays), format characters (Unicode category Cf: bidi controls, zero-width space
 * and joiners, word joiner, soft hyphen, BOM, tag characters U+E0001-E007F), line and paragraph
 * separators, lone surrogates, and the Hangul fillers that render as blank letters.
 */
const SPECIAL = /(?!\t)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}\u115f\u3164\uffa0]|\u1160/gu;
const PICTOGRAPH = /\p{Extended_Pictographic}|[\u{1f3fb}-\u{1f3ff}]|\ufe0f/u;

/** A zero-width joiner between two pictographs is part of one emoji (👩‍💻), not hidden text. */
function joinsEmoji(source: string, index: number): boolean {
  if (index === 0 || index + 1 >= source.length) return false;
  const low = source.charCodeAt(index - 1);
  const start = low >= 0xdc00 && low <= 0xdfff && index >= 2 ? index - 2 : index - 1;
  const before = String.fromCodePoint(source.codePointAt(start) as number);
  const after = String.fromCodePoint(source.codePointAt(index + 1) as number);
  return PICTOGRAPH.test(before) && PICTOGRAPH.test(after);
}

function markFor(ch: string, keepNewlines: boolean): string {
  const code = ch.codePointAt(0) as number;
  if (ch === '\n') return keepNewlines ? '\n' : '↵';
  if (code < 0x20) return C0_NAMES[code];
  if (code === 0x7f) return 'DEL';
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

export interface SegmentOptions {
  /** Longer text is cut, with a mark saying how much was left out. */
  maxChars: number;
  /** Keep line breaks as they are (the detail pane); else they show as ↵ (one-line rows). */
  keepNewlines?: boolean;
}

/** The text as segments ready for the DOM (as text nodes), special characters made visible. */
export function displaySegments(text: string, options: SegmentOptions): TextSegment[] {
  let source = text;
  let cut = 0;
  if (source.length > options.maxChars) {
    let end = options.maxChars;
    // Do not split a surrogate pair at the cut.
    if (/[\ud800-\udbff]/.test(source[end - 1] ?? '')) end--;
    cut = source.length - end;
    source = source.slice(0, end);
  }
  const segments: TextSegment[] = [];
  let last = 0;
  SPECIAL.lastIndex = 0;
  for (let m = SPECIAL.exec(source); m; m = SPECIAL.exec(source)) {
    if (m[0] === '\u200d' && joinsEmoji(source, m.index)) continue;
    if (m.index > last) segments.push({ text: source.slice(last, m.index) });
    const mark = markFor(m[0], options.keepNewlines === true);
    segments.push(mark === '\n' ? { text: '\n' } : { text: mark, mark: true });
    last = m.index + m[0].length;
  }
  if (last < source.length) segments.push({ text: source.slice(last) });
  if (cut > 0) segments.push({ text: `… ${cut.toLocaleString('en-US')} more characters`, mark: true });
  return segments;
}

/** Characters a list row shows of one message; the detail pane shows the whole message. */
export const ROW_MAX_CHARS = 2_000;
export const DETAIL_MAX_CHARS = 200_000;

/** A message without the one trailing line break most loggers add. */
export function withoutTrailingNewline(message: string): string {
  return message.replace(/\r?\n$/, '');
}

/** What a list row shows for a message (before special characters are marked). */
export function rowText(message: string, json?: Record<string, unknown>): string {
  return json ? readableJson(message) : withoutTrailingNewline(message);
}

/** Segments of a list row, exactly as the webview renders them. */
export function rowSegments(message: string): TextSegment[] {
  return displaySegments(rowText(message, parseJsonLine(message)), { maxChars: ROW_MAX_CHARS });
}

export type JsonTokenKind = 'key' | 'string' | 'number' | 'literal' | 'punctuation' | 'mark';

export interface JsonToken {
  text: string;
  /** `mark` is the formatter's own note (a cut), not text from the line. */
  kind: JsonTokenKind;
}

export interface JsonFormatLimits {
  /** Deeper than this, nested values continue on one line (indentation would grow without bound). */
  maxDepth: number;
  /** The formatted view stops after about this many characters; the raw view has the whole line. */
  maxChars: number;
}

export const DETAIL_JSON_LIMITS: JsonFormatLimits = { maxDepth: 64, maxChars: 100_000 };

const JSON_NUMBER = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?/y;
const JSON_LITERAL = /true|false|null/y;

function skipSpace(text: string, pos: number): number {
  while (pos < text.length && (text[pos] === ' ' || text[pos] === '\t' || text[pos] === '\n' || text[pos] === '\r')) pos++;
  return pos;
}

/** The index just past the string that starts at `pos` (a quote), or -1 if it does not end. */
function stringEnd(text: string, pos: number): number {
  for (let i = pos + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i + 1;
  }
  return -1;
}

/**
 * A JSON object line, indented for reading and split into tokens for coloring. It works on the
 * logged text, not on a parsed value: every key and value is shown exactly as logged (large
 * integers keep their digits, repeated keys all show, escapes stay as written). It is iterative
 * and bounded by `limits`, whatever the nesting. Undefined if the text is not a JSON object.
 */
export function formatJsonLine(message: string, limits: JsonFormatLimits = DETAIL_JSON_LIMITS): JsonToken[] | undefined {
  const text = message.trim();
  if (text[0] !== '{') return undefined;
  const tokens: JsonToken[] = [];
  const closers: string[] = [];
  let chars = 0;
  let flattened = false;
  const emit = (t: string, kind: JsonTokenKind) => {
    tokens.push({ text: t, kind });
    chars += t.length;
  };
  const lineBreak = () => (closers.length <= limits.maxDepth ? `\n${'  '.repeat(closers.length)}` : '');
  let pos = 0;
  while ((pos = skipSpace(text, pos)) < text.length) {
    if (chars > limits.maxChars) {
      emit(`\n… the formatted view stops at ${limits.maxChars.toLocaleString('en-US')} characters; Raw shows the whole line`, 'mark');
      return tokens;
    }
    const ch = text[pos];
    if (ch === '{' || ch === '[') {
      const closer = ch === '{' ? '}' : ']';
      const next = skipSpace(text, pos + 1);
      if (text[next] === closer) {
        emit(ch + closer, 'punctuation');
        pos = next + 1;
        continue;
      }
      if (closers.length === limits.maxDepth && !flattened) {
        flattened = true;
        emit(`⟨nested deeper than ${limits.maxDepth} levels: shown on one line⟩`, 'mark');
      }
      closers.push(closer);
      emit(ch + lineBreak(), 'punctuation');
      pos++;
    } else if (ch === '}' || ch === ']') {
      if (closers.pop() !== ch) return undefined;
      emit(lineBreak() + ch, 'punctuation');
      pos++;
    } else if (ch === ',') {
      emit(`,${lineBreak()}`, 'punctuation');
      pos++;
    } else if (ch === ':') {
      emit(': ', 'punctuation');
      pos++;
    } else if (ch === '"') {
      const end = stringEnd(text, pos);
      if (end < 0) return undefined;
      emit(text.slice(pos, end), text[skipSpace(text, end)] === ':' ? 'key' : 'string');
      pos = end;
    } else {
      let kind: JsonTokenKind = 'number';
      JSON_NUMBER.lastIndex = pos;
      let m = JSON_NUMBER.exec(text);
      if (!m) {
        kind = 'literal';
        JSON_LITERAL.lastIndex = pos;
        m = JSON_LITERAL.exec(text);
      }
      if (!m) return undefined;
      emit(m[0], kind);
      pos += m[0].length;
    }
  }
  return closers.length === 0 ? tokens : undefined;
}

/** A plain-text line for copy and save: time, source and the original message. */
export function plainLine(timestamp: number, source: string, message: string): string {
  return `${new Date(timestamp).toISOString()} ${source} ${withoutTrailingNewline(message)}`;
}

/**
 * A short name for where a line comes from: `app 4f1c2a9b` (an instance), `events` (service
 * lifecycle), `deploy 1a2b3c4d` (one deployment's output).
 */
export function sourceLabel(group: 'application' | 'service', stream: string): string {
  if (group === 'application') {
    const instance = /^instance\/(.+)$/.exec(stream);
    return `app ${instance ? instance[1].slice(0, 8) : stream}`;
  }
  const deployment = /^deployment\/(.+)$/.exec(stream);
  if (deployment) return `deploy ${deployment[1].slice(0, 8)}`;
  return stream === 'events' ? 'events' : `service ${stream}`;
}
