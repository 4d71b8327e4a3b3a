// How a log message looks in the monitor: its level, a readable one-line form for JSON
// messages, pretty-printed JSON for the detail pane, and the text split into segments where
// invisible or display-changing characters (controls, bidi overrides, lone surrogates) become
// visible marks. The webview puts every segment into the DOM as text, never as markup; the
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

/** The object a JSON log line holds, or undefined for anything else. */
export function parseJsonLine(message: string): Record<string, unknown> | undefined {
  const text = message.trim();
  if (text.length < 2 || text.length > MAX_JSON_CHARS || text[0] !== '{' || text[text.length - 1] !== '}') return undefined;
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

function fieldText(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) || value === '' ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

/** A JSON line as one readable line: its message first, then key=value for the other fields. */
export function readableJson(json: Record<string, unknown>): string {
  const messageKey = MESSAGE_KEYS.find((k) => typeof json[k] === 'string');
  const parts: string[] = [];
  if (messageKey) parts.push(json[messageKey] as string);
  for (const [key, value] of Object.entries(json)) {
    if (key !== messageKey) parts.push(`${key}=${fieldText(value)}`);
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

/** Controls, DEL, C1 controls, bidi controls, line/paragraph separators and lone surrogates. */
const SPECIAL =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

function markFor(ch: string, keepNewlines: boolean): string {
  const code = ch.charCodeAt(0);
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
  return json ? readableJson(json) : withoutTrailingNewline(message);
}

/** Segments of a list row, exactly as the webview renders them. */
export function rowSegments(message: string): TextSegment[] {
  return displaySegments(rowText(message, parseJsonLine(message)), { maxChars: ROW_MAX_CHARS });
}

export type JsonTokenKind = 'key' | 'string' | 'number' | 'literal' | 'punctuation';

export interface JsonToken {
  text: string;
  kind: JsonTokenKind;
}

const JSON_TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)|(true|false|null)|([{}[\],:\s]+)/g;

/** Pretty-printed JSON split into tokens, for coloring in the detail pane. */
export function prettyJsonTokens(json: Record<string, unknown>): JsonToken[] {
  const text = JSON.stringify(json, null, 2);
  const tokens: JsonToken[] = [];
  JSON_TOKEN.lastIndex = 0;
  for (let m = JSON_TOKEN.exec(text); m; m = JSON_TOKEN.exec(text)) {
    if (m[1] !== undefined) {
      tokens.push({ text: m[1], kind: m[2] !== undefined ? 'key' : 'string' });
      if (m[2] !== undefined) tokens.push({ text: m[2], kind: 'punctuation' });
    } else if (m[3] !== undefined) {
      tokens.push({ text: m[3], kind: 'number' });
    } else if (m[4] !== undefined) {
      tokens.push({ text: m[4], kind: 'literal' });
    } else {
      tokens.push({ text: m[5], kind: 'punctuation' });
    }
  }
  return tokens;
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
