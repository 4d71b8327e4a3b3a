// Emulated CloudWatch Logs (awsJson1_1, target prefix Logs_20140328., camelCase members,
// timestamps in epoch milliseconds): log groups, streams and events per account+region,
// FilterLogEvents, GetLogEvents, DescribeLogStreams, DescribeLogGroups and StartLiveTail
// (an AWS event stream over a chunked HTTP/1.1 response).
//
// Feed: App Runner's bus events become log lines in the App Runner layout
//   /aws/apprunner/<name>/<id>/service      streams `events`, `deployment/<operation-id>`
//   /aws/apprunner/<name>/<id>/application  streams `instance/<instance-id>`, the group created
//                                           with the first application output (as on AWS; a seeded
//                                           service that ran before the seed has it from the start)
// Log groups stay after a service is deleted, as they do on AWS. Ingestion lags as on AWS: a line
// from the feed is stored, and so readable and tailed, `ingestionDelayMs` after it happened (its
// timestamp stays the time it happened). Lines written through the control routes are stored at once.
//
// Live Tail: results name their group as "<account>:<log group name>" (AWS's format there is
// unverified). A session ends on timeout, on the control routes below, or when the client
// closes the connection; with the JS SDK that takes aborting the request (abortSignal):
// leaving the for-await loop alone keeps the connection and the session open.
//
// Control routes (POST /_emulator/logs/<route>, JSON body; account/region default to
// 123456789012/us-east-1; a bad body answers 400):
//   put             { account?, region?, logGroupName, logStreamName, events: [{ message, timestamp? }] }
//                   creates the group and stream (also with no events); timestamp defaults to now
//                   -> { logGroupName, logStreamName, eventIds, firstTimestamp, lastTimestamp }
//   generate        { account?, region?, logGroupName, streams?=1, ratePerSecond, durationMs, hostile?=false }
//                   writes exactly round(ratePerSecond * durationMs / 1000) events (at most 500000;
//                   rate <= 50000/s, duration <= 10 min) round-robin over `streams` streams named
//                   instance/<32 hex>, lines as generatedLogLine(n, hostile), spread over the duration
//                   on the emulator's clock (POST /_emulator/clock forward writes the events then due);
//                   -> answers when done: { logGroupName, produced, firstTimestamp, lastTimestamp,
//                   streams, eventIds? } (eventIds only when produced <= 10000)
//   stats           { account?, region?, logGroupName } -> { logGroupName, exists, events,
//                   distinctEventIds, byStream, firstTimestamp, lastTimestamp }
//   session-timeout {} -> { ended }   every Live Tail session ends now with SessionTimeoutException
//   drop-streams    {} -> { dropped } every Live Tail connection is destroyed without a final message
//   config          { liveTailSessionTimeoutMs?, updateIntervalMs?, maxLiveTailSessions?, ingestionDelayMs? } ->
//                   the current config (applies to running sessions too; the timeout counts from each
//                   session's start on the emulator's clock). maxLiveTailSessions: concurrent sessions per account (an account quota on
//                   AWS [U]); one more answers LimitExceededException, as the model declares.
//                   ingestionDelayMs 0 makes the feed readable at once
//   sessions        {} -> { sessions: [{ sessionId, account, logGroupIdentifiers, startedAt }] }
//
// Seed (the `logs` key of a seed file):
//   { "logGroups": [ { "logGroupName": "...", "account"?: "...", "region"?: "...",
//       "streams": [ { "logStreamName": "...", "events": [ "text" | { "message": "...", "ageMs": 5000 } ] } ] } ] }
//   A plain string event is placed (n - 1 - i) seconds before the seed time, so a stream's
//   lines end at "now" one second apart; `ageMs` places an event that long before the seed time.
//
// Hostile text: the emulator stores JavaScript strings and answers with JSON.stringify, in
// plain JSON bodies and in Live Tail payloads alike. U+0000-U+001F go on the wire as JSON
// escapes, lone surrogates as \udXXX escapes, everything else (U+007F, C1 controls, U+FFFD,
// bidi overrides) as UTF-8. The SDK's JSON.parse gives back exactly the stored string.
// Invalid UTF-8 can't be stored as such: the generator's "raw bytes" line is those bytes
// decoded as latin1, so the client sees the matching U+0080-U+00FF characters (mojibake),
// next to a line that already carries U+FFFD as a real ingestion pipeline would produce it.
import { createHash, randomUUID } from 'crypto';
import type { ServerResponse } from 'http';
import type { EmulatorBus, ServiceRef } from './bus';
import { encodeEvent, encodeException } from './eventstream';
import { HandlerResult, RequestContext, ServiceError, ServiceModule } from './types';

export interface LogsModuleOptions {
  bus: EmulatorBus;
  /** Live Tail sessions end with SessionTimeoutException after this long (AWS: 3 hours). */
  liveTailSessionTimeoutMs?: number;
  /** Time between Live Tail sessionUpdate messages (AWS: 1 second). */
  updateIntervalMs?: number;
  /** Concurrent Live Tail sessions per account. */
  maxLiveTailSessions?: number;
  /** How long after it happened a line from App Runner becomes readable (default 2 s). */
  ingestionDelayMs?: number;
}

/** Concurrent Live Tail sessions per account unless configured (AWS's quota is 15 [U]). */
const DEFAULT_MAX_LIVE_TAIL_SESSIONS = 15;
/** CloudWatch Logs makes events readable some seconds after they were written. */
export const DEFAULT_INGESTION_DELAY_MS = 2000;

const DEFAULT_ACCOUNT = '123456789012';
const DEFAULT_REGION = 'us-east-1';
const THREE_HOURS_MS = 3 * 60 * 60 * 1000;
const DEFAULT_UPDATE_INTERVAL_MS = 1000;
/** A response page holds at most 1 MB, counting each event as its UTF-8 size plus 26 bytes. */
const MAX_PAGE_BYTES = 1_048_576;
const EVENT_OVERHEAD_BYTES = 26;
const MAX_EVENTS_PER_UPDATE = 500;
/** What a Live Tail session keeps for a client that does not read (AWS: 5000 events). */
const MAX_BUFFERED_EVENTS = 5000;
const GENERATOR_TICK_MS = 50;
const MAX_GENERATED_EVENTS = 500_000;
const MAX_RETURNED_EVENT_IDS = 10_000;
/** Node timers overflow above 2^31-1 ms. */
const MAX_TIMER_MS = 2_147_483_647;

interface StoredEvent {
  timestamp: number;
  ingestionTime: number;
  message: string;
  /** Order of ingestion across the module; breaks timestamp ties and makes eventIds unique. */
  seq: number;
  eventId: string;
}

interface LogStream {
  name: string;
  creationTime: number;
  /** Sorted by (timestamp, seq). */
  events: StoredEvent[];
  lastIngestionTime?: number;
  storedBytes: number;
}

interface LogGroup {
  account: string;
  region: string;
  name: string;
  creationTime: number;
  streams: Map<string, LogStream>;
}

/** A position between events: everything ordered after (timestamp, seq) or before it. */
interface EventKey {
  timestamp: number;
  seq: number;
}

type MessageMatcher = (message: string) => boolean;

interface LiveTailResult {
  logStreamName: string;
  logGroupIdentifier: string;
  message: string;
  timestamp: number;
  ingestionTime: number;
}

interface LiveTailSession {
  sessionId: string;
  account: string;
  logGroupIdentifiers: string[];
  groupKeys: Set<string>;
  streamNames?: Set<string>;
  streamNamePrefixes?: string[];
  matches: MessageMatcher;
  pending: LiveTailResult[];
  res?: ServerResponse;
  /** On the emulator's clock: moving it forward brings the session's timeout closer, as time passing would. */
  startedAtMs: number;
  updateTimer?: NodeJS.Timeout;
  timeoutTimer?: NodeJS.Timeout;
}

interface Generator {
  cancel(): void;
}

interface GenerateResult {
  logGroupName: string;
  produced: number;
  firstTimestamp?: number;
  lastTimestamp?: number;
  streams: string[];
  eventIds?: string[];
}

function invalid(message: string): ServiceError {
  return new ServiceError('InvalidParameterException', message);
}

function notFound(message: string): ServiceError {
  return new ServiceError('ResourceNotFoundException', message);
}

/** A control route's caller error; the server answers 400. */
function badControlRequest(message: string): ServiceError {
  return new ServiceError('InvalidControlRequest', `logs control: ${message}`);
}

function badSeed(message: string): ServiceError {
  return new ServiceError('InvalidSeed', `logs seed: ${message}`);
}

function groupKey(account: string, region: string, name: string): string {
  return `${account}|${region}|${name}`;
}

function groupArn(group: LogGroup): string {
  return `arn:aws:logs:${group.region}:${group.account}:log-group:${group.name}`;
}

function compareKeys(a: EventKey, b: EventKey): number {
  return a.timestamp - b.timestamp || a.seq - b.seq;
}

/** First index whose event orders strictly after `key`. */
function indexAfter(events: StoredEvent[], key: EventKey): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareKeys(events[mid], key) <= 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** First index whose event is not ordered before `key`. */
function indexNotBefore(events: StoredEvent[], key: EventKey): number {
  let lo = 0;
  let hi = events.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (compareKeys(events[mid], key) < 0) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function eventBytes(e: StoredEvent): number {
  return Buffer.byteLength(e.message, 'utf8') + EVENT_OVERHEAD_BYTES;
}

function encodeToken(value: object): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decodeToken(token: unknown): Record<string, unknown> {
  if (typeof token !== 'string' || token === '') throw invalid('The specified nextToken is invalid.');
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (value && typeof value === 'object') return value;
  } catch {
    // falls through to the error below
  }
  throw invalid('The specified nextToken is invalid.');
}

function optionalInteger(value: unknown, name: string, min: number, max: number): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw invalid(
      `1 validation error detected: Value '${String(value)}' at '${name}' failed to satisfy constraint: Member must be an integer between ${min} and ${max}`,
    );
  }
  return value;
}

function optionalTime(value: unknown, name: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 0) {
    throw invalid(`${name} must be a non-negative number of epoch milliseconds`);
  }
  return value;
}

function optionalString(value: unknown, name: string, maxLength = 512): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length === 0 || value.length > maxLength) {
    throw invalid(`${name} must be a string of 1 to ${maxLength} characters`);
  }
  return value;
}

function optionalStringList(value: unknown, name: string, maxItems: number): string[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value) || value.length < 1 || value.length > maxItems || !value.every((v) => typeof v === 'string' && v.length > 0)) {
    throw invalid(`${name} must be a list of 1 to ${maxItems} non-empty strings`);
  }
  return value;
}

const matchAll: MessageMatcher = () => true;

/**
 * CloudWatch Logs filter patterns, the parts viewers use:
 * - terms and "quoted phrases": every one must occur (case-sensitive substring match);
 * - ?term: at least one of the ?-terms must occur; -term: must not occur;
 * - %regex%: a JavaScript regular expression;
 * - JSON patterns { $.a.b = "x*" && $.status >= 500 || ... } without parentheses.
 * Anything else (space-delimited [..] patterns, parentheses, IS NULL, ...) is rejected with
 * InvalidParameterException rather than silently matching differently from AWS.
 */
export function compileFilterPattern(pattern: unknown): MessageMatcher {
  if (pattern === undefined || pattern === null) return matchAll;
  if (typeof pattern !== 'string' || pattern.length > 1024) {
    throw invalid('The filter pattern must be a string of at most 1024 characters.');
  }
  const text = pattern.trim();
  if (text === '') return matchAll;
  if (text.startsWith('{')) return compileJsonPattern(text);
  if (text.startsWith('[')) throw invalid('Space-delimited filter patterns ([...]) are not supported by the emulator.');
  if (text.length >= 2 && text.startsWith('%') && text.endsWith('%')) return compileRegexPattern(text.slice(1, -1));
  return compileTermPattern(text);
}

function compileRegexPattern(source: string): MessageMatcher {
  let regex: RegExp;
  try {
    regex = new RegExp(source);
  } catch {
    throw invalid(`Invalid regular expression in filter pattern: %${source}%`);
  }
  return (message) => regex.test(message);
}

function compileTermPattern(text: string): MessageMatcher {
  const required: string[] = [];
  const optional: string[] = [];
  const excluded: string[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    let list = required;
    if (text[i] === '?' || text[i] === '-') {
      list = text[i] === '?' ? optional : excluded;
      i++;
    }
    let term = '';
    if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"') {
        if (text[i] === '\\' && i + 1 < text.length) i++;
        term += text[i++];
      }
      if (i >= text.length) throw invalid(`Invalid filter pattern (unterminated quote): ${text}`);
      i++;
    } else {
      while (i < text.length && !/\s/.test(text[i])) term += text[i++];
    }
    if (term !== '') list.push(term);
  }
  return (message) =>
    required.every((t) => message.includes(t)) &&
    (optional.length === 0 || optional.some((t) => message.includes(t))) &&
    !excluded.some((t) => message.includes(t));
}

type JsonComparison = (root: unknown) => boolean;

function compileJsonPattern(text: string): MessageMatcher {
  if (!text.endsWith('}')) throw invalid(`Invalid JSON filter pattern: ${text}`);
  const body = text.slice(1, -1);
  const comparison = /^\s*\$((?:\.[A-Za-z0-9_@-]+|\[\d+\])+)\s*(!=|>=|<=|=|>|<)\s*("(?:[^"\\]|\\.)*"|[^\s&|()"]+)\s*/;
  const alternatives: JsonComparison[][] = [[]];
  let rest = body;
  for (;;) {
    const m = comparison.exec(rest);
    if (!m) throw invalid(`JSON filter pattern not supported by the emulator (only $.path <op> value joined by && or ||): ${text}`);
    alternatives[alternatives.length - 1].push(jsonComparison(m[1], m[2], m[3]));
    rest = rest.slice(m[0].length);
    if (rest === '') break;
    if (rest.startsWith('&&')) {
      rest = rest.slice(2);
    } else if (rest.startsWith('||')) {
      rest = rest.slice(2);
      alternatives.push([]);
    } else {
      throw invalid(`JSON filter pattern not supported by the emulator: ${text}`);
    }
  }
  return (message) => {
    let root: unknown;
    try {
      root = JSON.parse(message);
    } catch {
      return false;
    }
    if (!root || typeof root !== 'object') return false;
    return alternatives.some((all) => all.every((compare) => compare(root)));
  };
}

function jsonComparison(path: string, operator: string, rawValue: string): JsonComparison {
  const steps = path.match(/\.[A-Za-z0-9_@-]+|\[\d+\]/g) ?? [];
  const lookup = (root: unknown): unknown =>
    steps.reduce<unknown>((node, step) => {
      if (node === null || typeof node !== 'object') return undefined;
      const key = step.startsWith('.') ? step.slice(1) : Number(step.slice(1, -1));
      return (node as Record<string | number, unknown>)[key];
    }, root);
  const quoted = rawValue.startsWith('"');
  const literal = quoted ? (JSON.parse(rawValue) as string) : rawValue;
  const numeric = !quoted && /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(rawValue) ? Number(rawValue) : undefined;
  if (numeric === undefined && operator !== '=' && operator !== '!=') {
    throw invalid(`JSON filter pattern: ${operator} needs a number, got ${rawValue}`);
  }
  if (numeric !== undefined) {
    return (root) => {
      const actual = lookup(root);
      if (typeof actual !== 'number') return false;
      switch (operator) {
        case '=':
          return actual === numeric;
        case '!=':
          return actual !== numeric;
        case '>':
          return actual > numeric;
        case '<':
          return actual < numeric;
        case '>=':
          return actual >= numeric;
        default:
          return actual <= numeric;
      }
    };
  }
  const wildcard = new RegExp(
    `^${literal
      .split('*')
      .map((part) => part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
      .join('.*')}$`,
    's',
  );
  return (root) => {
    const actual = lookup(root);
    if (typeof actual !== 'string') return false;
    return operator === '=' ? wildcard.test(actual) : !wildcard.test(actual);
  };
}

/** `count` items spread evenly over `items` (deterministic sampling for Live Tail). */
function sampleEvenly<T>(items: T[], count: number): T[] {
  const picked: T[] = [];
  for (let i = 0; i < count; i++) picked.push(items[Math.floor((i * items.length) / count)]);
  return picked;
}

/** 32 hex digits derived from text, like App Runner's instance ids. */
function hex32(text: string): string {
  return createHash('md5').update(text).digest('hex');
}

const HOSTILE_LINES: ReadonlyArray<(n: number) => string> = [
  (n) => `<script>alert(1)</script> #${n}`,
  (n) => `<img src=x onerror=alert(1)> #${n}`,
  (n) => `<a href="javascript:alert(1)">x</a> #${n}`,
  (n) => `<style>body{display:none}</style> #${n}`,
  (n) => `"><svg onload=alert(1)> #${n}`,
  (n) => `control characters: ${Array.from({ length: 32 }, (_, c) => String.fromCharCode(c)).join('')}\u007f #${n}`,
  (n) => `\u001b[31mERROR\u001b[0m ansi colours \u001b[1;4mbold\u001b[0m \u001b]0;window title\u0007 #${n}`,
  (n) => `replacement characters from invalid UTF-8: caf\ufffd \ufffd\ufffd #${n}`,
  (n) =>
    `raw bytes decoded as latin1: ${Buffer.from([0xc3, 0x28, 0xa0, 0xa1, 0xe2, 0x28, 0xa1, 0xf0, 0x28, 0x8c, 0xbc, 0xff, 0xfe]).toString('latin1')} #${n}`,
  (n) => `lone surrogates: \ud800 and \udfff and reversed \udc00\ud800 #${n}`,
  (n) => `bidi: user \u202egnp.exe\u202c admin \u2067isolate\u2069 #${n}`,
  (n) => JSON.stringify({ level: 'error', msg: '<script>alert(1)</script>', seq: n }),
  (n) => `zero width: a\u200bb\u200dc\ufeff emoji 👩‍💻 #${n}`,
];

/** A 100 KB line: viewers must truncate or wrap without freezing. */
function longLine(n: number): string {
  const head = `very long line #${n} `;
  return head + 'abcdefghijklmnopqrstuvwxyz0123456789 '.repeat(Math.ceil(102_400 / 37)).slice(0, 102_400 - head.length);
}

function normalLine(n: number): string {
  switch (n % 5) {
    case 0:
      return `INFO GET /api/items/${n % 97} 200 ${(n * 7) % 180}ms #${n}`;
    case 1:
      return JSON.stringify({ level: 'info', msg: 'request served', status: 200, latencyMs: (n * 13) % 250, seq: n });
    case 2:
      return `WARN slow query took ${(n * 31) % 2000}ms #${n}`;
    case 3:
      return JSON.stringify({ level: 'error', msg: 'upstream timeout', status: 504, seq: n });
    default:
      return `ERROR connection reset by peer #${n}`;
  }
}

/**
 * Line n of a `generate` run: with hostile text, every third line is hostile and line 500 of
 * every 1000 is a 100 KB line. Exported so tests can compare what clients receive with it.
 */
export function generatedLogLine(n: number, hostile: boolean): string {
  if (!hostile || n % 3 !== 2) return normalLine(n);
  if (n % 1000 === 500) return longLine(n);
  return HOSTILE_LINES[Math.floor(n / 3) % HOSTILE_LINES.length](n);
}

export function createLogsModule(opts: LogsModuleOptions): ServiceModule {
  const groups = new Map<string, LogGroup>();
  const sessions = new Map<string, LiveTailSession>();
  /** The emulator's clock minus Date.now(), learned from every request, seed and control call. */
  let clockSkewMs = 0;
  const observeClock = (now: number): void => {
    clockSkewMs = now - Date.now();
  };
  const clock = (): number => Date.now() + clockSkewMs;
  const generators = new Set<Generator>();
  let sequence = 0;
  const config = {
    liveTailSessionTimeoutMs: opts.liveTailSessionTimeoutMs ?? THREE_HOURS_MS,
    updateIntervalMs: opts.updateIntervalMs ?? DEFAULT_UPDATE_INTERVAL_MS,
    maxLiveTailSessions: opts.maxLiveTailSessions ?? DEFAULT_MAX_LIVE_TAIL_SESSIONS,
    ingestionDelayMs: opts.ingestionDelayMs ?? DEFAULT_INGESTION_DELAY_MS,
  };
  /** Feed lines not ingested yet (dropped on reset). */
  const ingesting = new Set<NodeJS.Timeout>();

  function ensureGroup(account: string, region: string, name: string, at: number): LogGroup {
    const key = groupKey(account, region, name);
    let group = groups.get(key);
    if (!group) {
      group = { account, region, name, creationTime: at, streams: new Map() };
      groups.set(key, group);
    }
    return group;
  }

  function ensureStream(group: LogGroup, name: string, at: number): LogStream {
    let stream = group.streams.get(name);
    if (!stream) {
      stream = { name, creationTime: at, events: [], storedBytes: 0 };
      group.streams.set(name, stream);
    }
    return stream;
  }

  function appendEvent(group: LogGroup, streamName: string, message: string, timestamp: number, ingestionTime: number): StoredEvent {
    const stream = ensureStream(group, streamName, ingestionTime);
    const seq = ++sequence;
    // 56 digits like AWS event ids: the timestamp, then the ingestion order.
    const eventId = String(timestamp).padStart(16, '0') + String(seq).padStart(40, '0');
    const event: StoredEvent = { timestamp, ingestionTime, message, seq, eventId };
    const events = stream.events;
    if (events.length === 0 || events[events.length - 1].timestamp <= timestamp) {
      events.push(event);
    } else {
      events.splice(indexAfter(events, { timestamp, seq: Number.MAX_SAFE_INTEGER }), 0, event);
    }
    stream.lastIngestionTime = ingestionTime;
    stream.storedBytes += eventBytes(event);
    deliverToSessions(group, streamName, event);
    return event;
  }

  // ---- bus feed -------------------------------------------------------------------------

  function serviceGroupName(ref: ServiceRef): string {
    return `/aws/apprunner/${ref.serviceName}/${ref.serviceId}/service`;
  }

  function applicationGroupName(ref: ServiceRef): string {
    return `/aws/apprunner/${ref.serviceName}/${ref.serviceId}/application`;
  }

  /** Stores a line of the feed once the ingestion delay has passed. */
  function ingest(ref: ServiceRef, groupName: string, streamName: string, message: string, at: number): void {
    const delay = config.ingestionDelayMs;
    const store = (): void => {
      appendEvent(ensureGroup(ref.account, ref.region, groupName, at + delay), streamName, message, at, at + delay);
    };
    if (delay <= 0) {
      store();
      return;
    }
    const timer = setTimeout(() => {
      ingesting.delete(timer);
      store();
    }, delay);
    timer.unref();
    ingesting.add(timer);
  }

  opts.bus.on('service-created', (e) => {
    const serviceGroup = ensureGroup(e.account, e.region, serviceGroupName(e), e.at);
    ensureStream(serviceGroup, 'events', e.at);
    if (e.hasRun) {
      ensureGroup(e.account, e.region, applicationGroupName(e), e.at);
    }
  });
  opts.bus.on('service-event', (e) => ingest(e, serviceGroupName(e), 'events', e.message, e.at));
  opts.bus.on('deployment-log', (e) => ingest(e, serviceGroupName(e), `deployment/${e.operationId}`, e.message, e.at));
  opts.bus.on('application-log', (e) => ingest(e, applicationGroupName(e), `instance/${e.instanceId}`, e.message, e.at));

  // ---- request helpers ------------------------------------------------------------------

  /** The group named by logGroupName or logGroupIdentifier (a name or an ARN without ':*'). */
  function resolveGroup(input: any, ctx: RequestContext): LogGroup {
    const name = input.logGroupName;
    const identifier = input.logGroupIdentifier;
    if (name !== undefined && identifier !== undefined) {
      throw invalid('LogGroup name and LogGroup ARN are mutually exclusive parameters.');
    }
    if (name === undefined && identifier === undefined) {
      throw invalid('Either logGroupName or logGroupIdentifier must be specified.');
    }
    if (name !== undefined) {
      if (typeof name !== 'string' || !/^[.\-_/#A-Za-z0-9]{1,512}$/.test(name)) {
        throw invalid(`Invalid logGroupName: ${String(name)}`);
      }
      return findGroup(ctx.account, ctx.region, name);
    }
    return groupByIdentifier(identifier, ctx);
  }

  function groupByIdentifier(identifier: unknown, ctx: RequestContext): LogGroup {
    if (typeof identifier !== 'string' || identifier.length === 0 || identifier.length > 2048) {
      throw invalid('logGroupIdentifier must be a log group name or ARN.');
    }
    if (!identifier.startsWith('arn:')) return findGroup(ctx.account, ctx.region, identifier);
    if (identifier.endsWith('*')) throw invalid(`The log group ARN must not end with '*': ${identifier}`);
    const arn = /^arn:aws[\w-]*:logs:([^:]+):(\d{12}):log-group:([^:]+)$/.exec(identifier);
    if (!arn) throw invalid(`Invalid log group ARN: ${identifier}`);
    if (arn[1] !== ctx.region || arn[2] !== ctx.account) {
      throw notFound('The specified log group does not exist.');
    }
    return findGroup(arn[2], arn[1], arn[3]);
  }

  function findGroup(account: string, region: string, name: string): LogGroup {
    const group = groups.get(groupKey(account, region, name));
    if (!group) throw notFound('The specified log group does not exist.');
    return group;
  }

  function groupsOf(account: string, region: string): LogGroup[] {
    return [...groups.values()]
      .filter((g) => g.account === account && g.region === region)
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  // ---- operations -----------------------------------------------------------------------

  function filterLogEvents(input: any, ctx: RequestContext): unknown {
    const group = resolveGroup(input, ctx);
    const limit = optionalInteger(input.limit, 'limit', 1, 10000) ?? 10000;
    const streamNames = optionalStringList(input.logStreamNames, 'logStreamNames', 100);
    const streamPrefix = optionalString(input.logStreamNamePrefix, 'logStreamNamePrefix');
    if (streamNames && streamPrefix !== undefined) {
      throw invalid('logStreamNames and logStreamNamePrefix are mutually exclusive parameters.');
    }
    const startTime = optionalTime(input.startTime, 'startTime');
    const endTime = optionalTime(input.endTime, 'endTime');
    const matches = compileFilterPattern(input.filterPattern);
    const after = input.nextToken !== undefined ? filterTokenKey(input.nextToken) : undefined;

    const streams = [...group.streams.values()]
      .filter((s) => (streamNames ? streamNames.includes(s.name) : streamPrefix === undefined || s.name.startsWith(streamPrefix)))
      .sort((a, b) => (a.name < b.name ? -1 : 1));
    const candidates: Array<{ stream: LogStream; event: StoredEvent }> = [];
    for (const stream of streams) {
      let i = Math.max(
        after ? indexAfter(stream.events, after) : 0,
        startTime !== undefined ? indexNotBefore(stream.events, { timestamp: startTime, seq: 0 }) : 0,
      );
      // limit + 1 matches per stream are enough to fill the page and know whether more exist.
      for (let taken = 0; i < stream.events.length && taken <= limit; i++) {
        const event = stream.events[i];
        if (endTime !== undefined && event.timestamp > endTime) break;
        if (matches(event.message)) {
          candidates.push({ stream, event });
          taken++;
        }
      }
    }
    candidates.sort((a, b) => compareKeys(a.event, b.event));

    const page: typeof candidates = [];
    let bytes = 0;
    for (const candidate of candidates) {
      const size = eventBytes(candidate.event);
      if (page.length >= limit || (page.length > 0 && bytes + size > MAX_PAGE_BYTES)) break;
      page.push(candidate);
      bytes += size;
    }
    const more = page.length < candidates.length;
    const last = page[page.length - 1]?.event;
    return {
      events: page.map(({ stream, event }) => ({
        logStreamName: stream.name,
        timestamp: event.timestamp,
        message: event.message,
        ingestionTime: event.ingestionTime,
        eventId: event.eventId,
      })),
      searchedLogStreams: streams.map((s) => ({ logStreamName: s.name, searchedCompletely: !more })),
      nextToken: more && last ? encodeToken({ t: last.timestamp, s: last.seq }) : undefined,
    };
  }

  function filterTokenKey(token: unknown): EventKey {
    const value = decodeToken(token);
    if (typeof value.t !== 'number' || typeof value.s !== 'number') throw invalid('The specified nextToken is invalid.');
    return { timestamp: value.t, seq: value.s };
  }

  function getLogEvents(input: any, ctx: RequestContext): unknown {
    const group = resolveGroup(input, ctx);
    const streamName = optionalString(input.logStreamName, 'logStreamName');
    if (streamName === undefined) throw invalid('logStreamName is required.');
    const stream = group.streams.get(streamName);
    if (!stream) throw notFound('The specified log stream does not exist.');
    const limit = optionalInteger(input.limit, 'limit', 1, 10000) ?? 10000;
    const startTime = optionalTime(input.startTime, 'startTime');
    const endTime = optionalTime(input.endTime, 'endTime');
    const token = input.nextToken !== undefined ? parseGetToken(input.nextToken) : undefined;
    // The token's direction wins over startFromHead (AWS asks for startFromHead=true with a forward token).
    const forward = token ? token.direction === 'f' : input.startFromHead === true;
    const inRange = (e: StoredEvent) =>
      (startTime === undefined || e.timestamp >= startTime) && (endTime === undefined || e.timestamp < endTime);
    const events = stream.events;
    const page: StoredEvent[] = [];
    let bytes = 0;
    const take = (e: StoredEvent): boolean => {
      const size = eventBytes(e);
      if (page.length >= limit || (page.length > 0 && bytes + size > MAX_PAGE_BYTES)) return false;
      page.push(e);
      bytes += size;
      return true;
    };
    if (forward) {
      for (let i = token ? indexAfter(events, token.key) : 0; i < events.length; i++) {
        if (endTime !== undefined && events[i].timestamp >= endTime) break;
        if (inRange(events[i]) && !take(events[i])) break;
      }
    } else {
      for (let i = (token ? indexNotBefore(events, token.key) : events.length) - 1; i >= 0; i--) {
        if (startTime !== undefined && events[i].timestamp < startTime) break;
        if (inRange(events[i]) && !take(events[i])) break;
      }
      page.reverse();
    }

    const keyToken = (direction: 'f' | 'b', key: EventKey) => `${direction}/${key.timestamp}/${key.seq}`;
    let nextForwardToken: string;
    let nextBackwardToken: string;
    if (page.length > 0) {
      nextForwardToken = keyToken('f', page[page.length - 1]);
      nextBackwardToken = keyToken('b', page[0]);
    } else if (token) {
      // End of the stream in this direction: the same token comes back (paginators stop on it).
      const key = token.key;
      nextForwardToken = forward ? input.nextToken : keyToken('f', { timestamp: key.timestamp, seq: key.seq - 1 });
      nextBackwardToken = forward ? keyToken('b', { timestamp: key.timestamp, seq: key.seq + 1 }) : input.nextToken;
    } else {
      nextForwardToken = keyToken('f', { timestamp: 0, seq: 0 });
      nextBackwardToken = keyToken('b', { timestamp: 0, seq: 0 });
    }
    return {
      events: page.map((e) => ({ timestamp: e.timestamp, message: e.message, ingestionTime: e.ingestionTime })),
      nextForwardToken,
      nextBackwardToken,
    };
  }

  function parseGetToken(token: unknown): { direction: 'f' | 'b'; key: EventKey } {
    const m = typeof token === 'string' ? /^([fb])\/(\d+)\/(-?\d+)$/.exec(token) : null;
    if (!m) throw invalid('The specified nextToken is invalid.');
    return { direction: m[1] as 'f' | 'b', key: { timestamp: Number(m[2]), seq: Number(m[3]) } };
  }

  function describeLogStreams(input: any, ctx: RequestContext): unknown {
    const group = resolveGroup(input, ctx);
    const orderBy = input.orderBy ?? 'LogStreamName';
    if (orderBy !== 'LogStreamName' && orderBy !== 'LastEventTime') {
      throw invalid(`orderBy must be LogStreamName or LastEventTime, not ${String(orderBy)}`);
    }
    const prefix = optionalString(input.logStreamNamePrefix, 'logStreamNamePrefix');
    if (prefix !== undefined && orderBy === 'LastEventTime') {
      throw invalid('Cannot order by LastEventTime with a logStreamNamePrefix.');
    }
    const limit = optionalInteger(input.limit, 'limit', 1, 50) ?? 50;
    const offset = input.nextToken !== undefined ? offsetToken(input.nextToken) : 0;
    const lastEventTime = (s: LogStream) => s.events[s.events.length - 1]?.timestamp ?? 0;
    const streams = [...group.streams.values()]
      .filter((s) => prefix === undefined || s.name.startsWith(prefix))
      .sort((a, b) => (orderBy === 'LastEventTime' ? lastEventTime(a) - lastEventTime(b) : 0) || (a.name < b.name ? -1 : 1));
    if (input.descending === true) streams.reverse();
    const page = streams.slice(offset, offset + limit);
    return {
      logStreams: page.map((s) => ({
        logStreamName: s.name,
        creationTime: s.creationTime,
        firstEventTimestamp: s.events[0]?.timestamp,
        lastEventTimestamp: s.events[s.events.length - 1]?.timestamp,
        lastIngestionTime: s.lastIngestionTime,
        uploadSequenceToken: String(s.events.length + 1).padStart(56, '0'),
        arn: `${groupArn(group)}:log-stream:${s.name}`,
        storedBytes: 0,
      })),
      nextToken: offset + limit < streams.length ? encodeToken({ o: offset + limit }) : undefined,
    };
  }

  function offsetToken(token: unknown): number {
    const value = decodeToken(token);
    if (typeof value.o !== 'number' || !Number.isInteger(value.o) || value.o < 0) throw invalid('The specified nextToken is invalid.');
    return value.o;
  }

  function describeLogGroups(input: any, ctx: RequestContext): unknown {
    const prefix = optionalString(input.logGroupNamePrefix, 'logGroupNamePrefix');
    const pattern = optionalString(input.logGroupNamePattern, 'logGroupNamePattern');
    const identifiers = optionalStringList(input.logGroupIdentifiers, 'logGroupIdentifiers', 50);
    if ([prefix, pattern, identifiers].filter((v) => v !== undefined).length > 1) {
      throw invalid('logGroupNamePrefix, logGroupNamePattern and logGroupIdentifiers are mutually exclusive parameters.');
    }
    const limit = optionalInteger(input.limit, 'limit', 1, 50) ?? 50;
    let after: string | undefined;
    if (input.nextToken !== undefined) {
      const value = decodeToken(input.nextToken);
      if (typeof value.after !== 'string') throw invalid('The specified nextToken is invalid.');
      after = value.after;
    }
    const wanted = identifiers
      ? new Set(identifiers.map((id) => (id.startsWith('arn:') ? id.slice(id.lastIndexOf(':log-group:') + ':log-group:'.length) : id)))
      : undefined;
    const all = groupsOf(ctx.account, ctx.region).filter(
      (g) =>
        (prefix === undefined || g.name.startsWith(prefix)) &&
        (pattern === undefined || g.name.toLowerCase().includes(pattern.toLowerCase())) &&
        (wanted === undefined || wanted.has(g.name)) &&
        (after === undefined || g.name > after),
    );
    const page = all.slice(0, limit);
    return {
      logGroups: page.map((g) => ({
        logGroupName: g.name,
        creationTime: g.creationTime,
        metricFilterCount: 0,
        arn: `${groupArn(g)}:*`,
        storedBytes: [...g.streams.values()].reduce((sum, s) => sum + s.storedBytes, 0),
        logGroupClass: 'STANDARD',
        logGroupArn: groupArn(g),
      })),
      nextToken: all.length > limit ? encodeToken({ after: page[page.length - 1].name }) : undefined,
    };
  }

  // ---- Live Tail ------------------------------------------------------------------------

  function startLiveTail(input: any, ctx: RequestContext): HandlerResult {
    const identifiers = input.logGroupIdentifiers;
    if (!Array.isArray(identifiers) || identifiers.length < 1 || identifiers.length > 10) {
      throw invalid('logGroupIdentifiers must list 1 to 10 log group ARNs.');
    }
    const targets: LogGroup[] = [];
    for (const identifier of identifiers) {
      if (typeof identifier !== 'string' || !identifier.startsWith('arn:')) {
        throw invalid(`logGroupIdentifiers must be log group ARNs: ${String(identifier)}`);
      }
      targets.push(groupByIdentifier(identifier, ctx));
    }
    const streamNames = optionalStringList(input.logStreamNames, 'logStreamNames', 100);
    const streamNamePrefixes = optionalStringList(input.logStreamNamePrefixes, 'logStreamNamePrefixes', 100);
    if (streamNames && streamNamePrefixes) {
      throw invalid('logStreamNames and logStreamNamePrefixes are mutually exclusive parameters.');
    }
    if ((streamNames || streamNamePrefixes) && identifiers.length !== 1) {
      throw invalid('logStreamNames and logStreamNamePrefixes need exactly one log group in logGroupIdentifiers.');
    }
    const filterPattern = input.logEventFilterPattern;
    const open = [...sessions.values()].filter((s) => s.account === ctx.account).length;
    if (open >= config.maxLiveTailSessions) {
      throw new ServiceError(
        'LimitExceededException',
        `This account already has ${open} concurrent Live Tail sessions, the most it may have. End a session and try again.`,
      );
    }
    const session: LiveTailSession = {
      sessionId: randomUUID(),
      account: ctx.account,
      logGroupIdentifiers: identifiers,
      groupKeys: new Set(targets.map((g) => groupKey(g.account, g.region, g.name))),
      streamNames: streamNames ? new Set(streamNames) : undefined,
      streamNamePrefixes,
      matches: compileFilterPattern(filterPattern),
      pending: [],
      startedAtMs: clock(),
    };
    return {
      stream: (res, onClose) => {
        session.res = res;
        sessions.set(session.sessionId, session);
        onClose(() => closeSession(session));
        res.write(
          encodeEvent('sessionStart', {
            requestId: randomUUID(),
            sessionId: session.sessionId,
            logGroupIdentifiers: identifiers,
            logStreamNames: streamNames,
            logStreamNamePrefixes: streamNamePrefixes,
            logEventFilterPattern: filterPattern,
          }),
        );
        scheduleUpdates(session);
        scheduleTimeout(session);
      },
    };
  }

  function deliverToSessions(group: LogGroup, streamName: string, event: StoredEvent): void {
    if (sessions.size === 0) return;
    const key = groupKey(group.account, group.region, group.name);
    for (const session of sessions.values()) {
      if (!session.groupKeys.has(key)) continue;
      if (session.streamNames && !session.streamNames.has(streamName)) continue;
      if (session.streamNamePrefixes && !session.streamNamePrefixes.some((p) => streamName.startsWith(p))) continue;
      if (!session.matches(event.message)) continue;
      session.pending.push({
        logStreamName: streamName,
        // [U] AWS's format here is unverified; "<account>:<log group name>" is what its examples show.
        logGroupIdentifier: `${group.account}:${group.name}`,
        message: event.message,
        timestamp: event.timestamp,
        ingestionTime: event.ingestionTime,
      });
    }
  }

  function sendUpdate(session: LiveTailSession): void {
    const res = session.res;
    if (!res || !sessions.has(session.sessionId) || res.writableEnded || res.destroyed) return;
    if (res.writableNeedDrain) {
      // A client that does not read: keep the newest events only, as AWS does.
      if (session.pending.length > MAX_BUFFERED_EVENTS) session.pending.splice(0, session.pending.length - MAX_BUFFERED_EVENTS);
      return;
    }
    const batch = session.pending;
    session.pending = [];
    const sampled = batch.length > MAX_EVENTS_PER_UPDATE;
    res.write(
      encodeEvent('sessionUpdate', {
        sessionMetadata: { sampled },
        sessionResults: sampled ? sampleEvenly(batch, MAX_EVENTS_PER_UPDATE) : batch,
      }),
    );
  }

  function scheduleUpdates(session: LiveTailSession): void {
    clearInterval(session.updateTimer);
    session.updateTimer = setInterval(() => sendUpdate(session), config.updateIntervalMs);
  }

  function scheduleTimeout(session: LiveTailSession): void {
    clearTimeout(session.timeoutTimer);
    const remaining = Math.min(MAX_TIMER_MS, Math.max(0, session.startedAtMs + config.liveTailSessionTimeoutMs - clock()));
    session.timeoutTimer = setTimeout(() => timeOutSession(session), remaining);
  }

  function timeOutSession(session: LiveTailSession): void {
    if (!sessions.has(session.sessionId)) return;
    sendUpdate(session);
    const res = session.res;
    closeSession(session);
    res?.end(encodeException('SessionTimeoutException', 'The Live Tail session has timed out.'));
  }

  function dropSession(session: LiveTailSession): void {
    const res = session.res;
    closeSession(session);
    res?.socket?.destroy();
  }

  function closeSession(session: LiveTailSession): void {
    clearInterval(session.updateTimer);
    clearTimeout(session.timeoutTimer);
    sessions.delete(session.sessionId);
  }

  // ---- control routes -------------------------------------------------------------------

  function controlGroup(body: any, now: number): LogGroup {
    const name = body?.logGroupName;
    if (typeof name !== 'string' || name === '') throw badControlRequest('logGroupName (a string) is required');
    return ensureGroup(body.account ?? DEFAULT_ACCOUNT, body.region ?? DEFAULT_REGION, name, now);
  }

  function putEvents(body: any, now: number): unknown {
    const group = controlGroup(body, now);
    const streamName = body.logStreamName;
    if (typeof streamName !== 'string' || streamName === '') throw badControlRequest('logStreamName (a string) is required');
    if (!Array.isArray(body.events)) throw badControlRequest('events must be a list of { message, timestamp? }');
    ensureStream(group, streamName, now);
    const stored = body.events.map((e: any) => {
      if (typeof e?.message !== 'string') throw badControlRequest('every event needs a string message');
      return appendEvent(group, streamName, e.message, typeof e.timestamp === 'number' ? e.timestamp : now, now);
    });
    return {
      logGroupName: group.name,
      logStreamName: streamName,
      eventIds: stored.map((e: StoredEvent) => e.eventId),
      firstTimestamp: stored[0]?.timestamp,
      lastTimestamp: stored[stored.length - 1]?.timestamp,
    };
  }

  /** Writes ratePerSecond * durationMs / 1000 events (exactly) spread over durationMs, then answers. */
  function generate(body: any, now: number): Promise<GenerateResult> {
    const rate = Number(body?.ratePerSecond);
    const durationMs = Number(body.durationMs);
    const streamCount = body.streams === undefined ? 1 : Number(body.streams);
    if (!(rate > 0 && rate <= 50_000)) throw badControlRequest('ratePerSecond must be in (0, 50000]');
    if (!(Number.isInteger(durationMs) && durationMs >= 0 && durationMs <= 600_000))
      throw badControlRequest('durationMs must be an integer in [0, 600000]');
    if (!(Number.isInteger(streamCount) && streamCount >= 1 && streamCount <= 100))
      throw badControlRequest('streams must be an integer in [1, 100]');
    const total = Math.round((rate * durationMs) / 1000);
    if (total > MAX_GENERATED_EVENTS) throw badControlRequest(`at most ${MAX_GENERATED_EVENTS} events per run`);
    const group = controlGroup(body, now);
    const hostile = body.hostile === true;
    const streamNames = Array.from({ length: streamCount }, (_, i) => `instance/${hex32(`${group.name}#${i}`)}`);
    const startedAtMs = now;
    const result: GenerateResult = { logGroupName: group.name, produced: 0, streams: streamNames };
    const eventIds: string[] = [];
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const generator: Generator = {
        cancel: () => {
          clearTimeout(timer);
          generators.delete(generator);
          resolve(result);
        },
      };
      generators.add(generator);
      const tick = () => {
        const elapsed = clock() - startedAtMs;
        const due = elapsed >= durationMs ? total : Math.floor((total * elapsed) / durationMs);
        const timestamp = clock();
        for (; result.produced < due; result.produced++) {
          const n = result.produced;
          const event = appendEvent(group, streamNames[n % streamCount], generatedLogLine(n, hostile), timestamp, timestamp);
          result.firstTimestamp ??= event.timestamp;
          result.lastTimestamp = event.timestamp;
          if (total <= MAX_RETURNED_EVENT_IDS) eventIds.push(event.eventId);
        }
        if (result.produced >= total) {
          if (total <= MAX_RETURNED_EVENT_IDS) result.eventIds = eventIds;
          generator.cancel();
        } else {
          timer = setTimeout(tick, GENERATOR_TICK_MS);
        }
      };
      tick();
    });
  }

  function stats(body: any): unknown {
    const name = body?.logGroupName;
    const group = groups.get(groupKey(body?.account ?? DEFAULT_ACCOUNT, body?.region ?? DEFAULT_REGION, String(name)));
    if (!group) return { logGroupName: name, exists: false, events: 0, distinctEventIds: 0, byStream: {} };
    const ids = new Set<string>();
    const byStream: Record<string, number> = {};
    let firstTimestamp: number | undefined;
    let lastTimestamp: number | undefined;
    for (const stream of group.streams.values()) {
      byStream[stream.name] = stream.events.length;
      for (const e of stream.events) ids.add(e.eventId);
      if (stream.events.length > 0) {
        firstTimestamp = Math.min(firstTimestamp ?? Infinity, stream.events[0].timestamp);
        lastTimestamp = Math.max(lastTimestamp ?? -Infinity, stream.events[stream.events.length - 1].timestamp);
      }
    }
    const events = Object.values(byStream).reduce((a, b) => a + b, 0);
    return { logGroupName: name, exists: true, events, distinctEventIds: ids.size, byStream, firstTimestamp, lastTimestamp };
  }

  function updateConfig(body: any): unknown {
    if (body?.liveTailSessionTimeoutMs !== undefined) {
      const value = Number(body.liveTailSessionTimeoutMs);
      if (!(value >= 0)) throw badControlRequest('liveTailSessionTimeoutMs must be >= 0');
      config.liveTailSessionTimeoutMs = value;
      sessions.forEach(scheduleTimeout);
    }
    if (body?.updateIntervalMs !== undefined) {
      const value = Number(body.updateIntervalMs);
      if (!(value >= 10)) throw badControlRequest('updateIntervalMs must be >= 10');
      config.updateIntervalMs = value;
      sessions.forEach(scheduleUpdates);
    }
    if (body?.maxLiveTailSessions !== undefined) {
      const value = Number(body.maxLiveTailSessions);
      if (!(Number.isInteger(value) && value >= 0)) throw badControlRequest('maxLiveTailSessions must be an integer >= 0');
      config.maxLiveTailSessions = value;
    }
    if (body?.ingestionDelayMs !== undefined) {
      const value = Number(body.ingestionDelayMs);
      if (!(value >= 0)) throw badControlRequest('ingestionDelayMs must be >= 0');
      config.ingestionDelayMs = value;
    }
    return { ...config };
  }

  function loadSeed(data: unknown, now: number): void {
    const logGroups = (data as { logGroups?: unknown })?.logGroups;
    if (!Array.isArray(logGroups)) throw badSeed('expected { logGroups: [...] }');
    for (const g of logGroups) {
      const group = controlGroup(g, now);
      for (const s of g.streams ?? []) {
        if (typeof s?.logStreamName !== 'string') throw badSeed(`a stream of ${group.name} has no logStreamName`);
        const events: unknown[] = s.events ?? [];
        ensureStream(group, s.logStreamName, now);
        events.forEach((e, i) => {
          const message = typeof e === 'string' ? e : (e as { message?: unknown })?.message;
          if (typeof message !== 'string') throw badSeed(`event ${i} of ${s.logStreamName} has no message`);
          const ageMs = typeof e === 'string' ? (events.length - 1 - i) * 1000 : Number((e as { ageMs?: unknown }).ageMs ?? 0);
          appendEvent(group, s.logStreamName, message, now - ageMs, now - ageMs);
        });
      }
    }
  }

  return {
    name: 'logs',
    targetPrefix: 'Logs_20140328.',
    signingName: 'logs',
    protocol: 'awsJson1_1',
    handle(input: any, ctx: RequestContext): HandlerResult {
      observeClock(ctx.now);
      switch (ctx.operation) {
        case 'FilterLogEvents':
          return { body: filterLogEvents(input, ctx) };
        case 'GetLogEvents':
          return { body: getLogEvents(input, ctx) };
        case 'DescribeLogStreams':
          return { body: describeLogStreams(input, ctx) };
        case 'DescribeLogGroups':
          return { body: describeLogGroups(input, ctx) };
        case 'StartLiveTail':
          return startLiveTail(input, ctx);
        default:
          throw new ServiceError('UnknownOperationException', `The emulator does not implement CloudWatch Logs ${ctx.operation}`);
      }
    },
    reset() {
      ingesting.forEach((timer) => clearTimeout(timer));
      ingesting.clear();
      [...generators].forEach((g) => g.cancel());
      [...sessions.values()].forEach(dropSession);
      groups.clear();
      sequence = 0;
      clockSkewMs = 0;
      config.liveTailSessionTimeoutMs = opts.liveTailSessionTimeoutMs ?? THREE_HOURS_MS;
      config.updateIntervalMs = opts.updateIntervalMs ?? DEFAULT_UPDATE_INTERVAL_MS;
      config.maxLiveTailSessions = opts.maxLiveTailSessions ?? DEFAULT_MAX_LIVE_TAIL_SESSIONS;
      config.ingestionDelayMs = opts.ingestionDelayMs ?? DEFAULT_INGESTION_DELAY_MS;
    },
    seed(data: unknown, now: number) {
      observeClock(now);
      loadSeed(data, now);
    },
    clockChanged(now: number) {
      observeClock(now);
      sessions.forEach(scheduleTimeout);
    },
    control(path: string, body: any, now: number) {
      observeClock(now);
      switch (path) {
        case 'put':
          return putEvents(body, now);
        case 'generate':
          return generate(body, now);
        case 'stats':
          return stats(body);
        case 'session-timeout': {
          const open = [...sessions.values()];
          open.forEach(timeOutSession);
          return { ended: open.length };
        }
        case 'drop-streams': {
          const open = [...sessions.values()];
          open.forEach(dropSession);
          return { dropped: open.length };
        }
        case 'config':
          return updateConfig(body);
        case 'sessions':
          return {
            sessions: [...sessions.values()].map((s) => ({
              sessionId: s.sessionId,
              account: s.account,
              logGroupIdentifiers: s.logGroupIdentifiers,
              startedAt: s.startedAtMs,
            })),
          };
        default:
          return undefined;
      }
    },
  };
}
