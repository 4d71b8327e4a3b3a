// Regular-expression filtering off the page's main thread. A regular expression can take time
// exponential in the line (`(a+)+$` against 40 `a`s and a `!`), and in a browser-hosted VS Code
// the webview shares its thread with the whole workbench: matching there could freeze the
// editor for good. So the page hands lines to a worker in chunks, one chunk at a time, and
// gives each chunk a time budget; a worker that overruns is terminated (the only way to stop a
// running match) and the pattern is reported as too slow. This module is both halves: the
// supervisor the page runs, and the answer the worker computes, with no DOM or Worker types so
// that both are tested in plain Node.
import { compileFilter, FilterSpec, LogRow, RowFilter } from './logBuffer';

/** What one line offers a filter: its message and its stream name. */
export interface MatchText {
  message: string;
  stream: string;
}

export interface MatchRequest {
  id: number;
  spec: FilterSpec;
  lines: MatchText[];
}

/** Indices (into the request's lines) of the lines that match, or why the pattern failed. */
export type MatchReply = { id: number; passed: number[] } | { id: number; error: string };

/** What the worker sends first for each request: the budget runs from here, not from the post
 *  (a worker still starting up on a busy machine is not a slow pattern). */
export interface MatchStarted {
  id: number;
  started: true;
}

/** The worker's whole job: say that a request started, then answer it. */
export function serveMatchRequest(
  request: MatchRequest,
  cache: Map<string, RowFilter>,
  send: (message: MatchStarted | MatchReply) => void,
): void {
  send({ id: request.id, started: true });
  send(answerMatchRequest(request, cache));
}

/** The worker's side: the same rule compileFilter gives the page, applied to a chunk. */
export function answerMatchRequest(request: MatchRequest, cache: Map<string, RowFilter>): MatchReply {
  const key = JSON.stringify(request.spec);
  let test = cache.get(key);
  if (!test) {
    const compiled = compileFilter(request.spec);
    if (compiled instanceof SyntaxError) return { id: request.id, error: compiled.message };
    test = compiled ?? (() => true);
    cache.clear();
    cache.set(key, test);
  }
  const passed: number[] = [];
  request.lines.forEach((line, index) => {
    const row: LogRow = { seq: index, timestamp: 0, kind: 'event', id: '', stream: line.stream, message: line.message };
    if (test(row)) passed.push(index);
  });
  return { id: request.id, passed };
}

/** The page's handle on a worker (a DOM Worker in the webview, a worker thread in tests). */
export interface MatchWorker {
  post(request: MatchRequest): void;
  terminate(): void;
}

export interface MatcherEnvironment {
  /** Starts a worker that serves requests with serveMatchRequest; `fail` reports it could not run. */
  startWorker(reply: (message: MatchStarted | MatchReply) => void, fail: (message: string) => void): MatchWorker;
  setTimer(callback: () => void, ms: number): unknown;
  clearTimer(handle: unknown): void;
}

export interface MatchCallbacks {
  /** Rows of a chunk that matched (possibly none). */
  passed(rows: LogRow[]): void;
  /** The pattern overran its budget; matching stopped and the worker was terminated. */
  tooSlow(budgetMs: number): void;
  /** The worker could not run the pattern (it failed to start, or the pattern failed there). */
  failed(message: string): void;
}

/** One chunk may take this long once the worker has begun it; far more than any sane pattern needs. */
export const REGEX_BUDGET_MS = 1_000;
/** A worker that has not begun a chunk this long after it was posted did not start. */
const START_TIMEOUT_MS = 20_000;
/** A chunk holds at most this many lines… */
const CHUNK_LINES = 500;
/** …and about this much text, so that a chunk's time tracks what it matches. */
const CHUNK_CHARS = 256 * 1024;

interface InFlight {
  id: number;
  rows: LogRow[];
  timer: unknown;
}

/**
 * Matches rows against one pattern at a time in a worker, a chunk at a time, each chunk within
 * the budget. start() begins a pattern (dropping whatever the previous one had left); enqueue()
 * adds rows; verdicts come back through the callbacks.
 */
export class BudgetedRegexMatcher {
  private worker?: MatchWorker;
  private spec?: FilterSpec;
  private callbacks?: MatchCallbacks;
  private queue: LogRow[] = [];
  private inFlight?: InFlight;
  private nextId = 1;

  constructor(
    private readonly env: MatcherEnvironment,
    readonly budgetMs = REGEX_BUDGET_MS,
  ) {}

  /** Whether a pattern is being matched (started, and not stopped, too slow or failed). */
  get active(): boolean {
    return this.spec !== undefined;
  }

  /** Whether rows are waiting for a verdict. */
  get busy(): boolean {
    return this.inFlight !== undefined || this.queue.length > 0;
  }

  start(spec: FilterSpec, callbacks: MatchCallbacks): void {
    this.stop();
    this.spec = spec;
    this.callbacks = callbacks;
  }

  enqueue(rows: readonly LogRow[]): void {
    if (!this.spec) return;
    for (const row of rows) this.queue.push(row);
    this.pump();
  }

  /** Drops the pattern and its queue; a chunk still running is stopped with its worker. */
  stop(): void {
    if (this.inFlight) {
      this.env.clearTimer(this.inFlight.timer);
      this.inFlight = undefined;
      this.killWorker();
    }
    this.spec = undefined;
    this.callbacks = undefined;
    this.queue = [];
  }

  private pump(): void {
    if (this.inFlight || !this.spec || this.queue.length === 0) return;
    let chars = 0;
    let count = 0;
    while (count < this.queue.length && count < CHUNK_LINES && (count === 0 || chars < CHUNK_CHARS)) {
      chars += this.queue[count].message.length + this.queue[count].stream.length;
      count++;
    }
    const rows = this.queue.splice(0, count);
    const id = this.nextId++;
    const worker = this.ensureWorker();
    if (!worker) return;
    this.inFlight = { id, rows, timer: this.env.setTimer(() => this.notStarted(id), START_TIMEOUT_MS) };
    worker.post({ id, spec: this.spec, lines: rows.map((r) => ({ message: r.message, stream: r.stream })) });
  }

  private ensureWorker(): MatchWorker | undefined {
    if (this.worker) return this.worker;
    try {
      this.worker = this.env.startWorker(
        (reply) => this.onReply(reply),
        (message) => this.fail(message),
      );
    } catch (err) {
      this.fail(err instanceof Error ? err.message : String(err));
    }
    return this.worker;
  }

  private onReply(reply: MatchStarted | MatchReply): void {
    const inFlight = this.inFlight;
    if (!inFlight || reply.id !== inFlight.id) return;
    this.env.clearTimer(inFlight.timer);
    if ('started' in reply) {
      inFlight.timer = this.env.setTimer(() => this.overrun(inFlight.id), this.budgetMs);
      return;
    }
    this.inFlight = undefined;
    if ('error' in reply) {
      this.fail(reply.error);
      return;
    }
    this.callbacks?.passed(reply.passed.map((i) => inFlight.rows[i]));
    this.pump();
  }

  private overrun(id: number): void {
    if (this.inFlight?.id !== id) return;
    const callbacks = this.callbacks;
    this.inFlight = undefined;
    this.killWorker();
    this.stop();
    callbacks?.tooSlow(this.budgetMs);
  }

  private notStarted(id: number): void {
    if (this.inFlight?.id === id) this.fail(`the filter worker did not start within ${START_TIMEOUT_MS / 1000} s`);
  }

  private fail(message: string): void {
    const callbacks = this.callbacks;
    if (this.inFlight) this.env.clearTimer(this.inFlight.timer);
    this.inFlight = undefined;
    this.killWorker();
    this.stop();
    callbacks?.failed(message);
  }

  private killWorker(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }
}
