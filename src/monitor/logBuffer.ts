// The webview's memory of log lines: kept in time order (events from two log groups and from
// fills arrive out of order), bounded to `capacity` rows by dropping the oldest, with the
// subsequence the current filter lets through kept beside it so that the virtualized list can
// ask for "row i of what is shown" in O(1). A filter can also give its verdicts later (a
// regular expression matched in a worker, a long buffer filtered a slice at a time): the view
// then starts empty and rows join it as admit() is called with those that passed.
import type { LogLevel } from './logFormat';
import type { LogGroupKind, NoticeKind } from './protocol';

export interface LogRow {
  /** Arrival order: breaks timestamp ties, so equal times keep the order they came in. */
  seq: number;
  timestamp: number;
  kind: 'event' | 'notice';
  /** Event identity (empty for notices). */
  id: string;
  group?: LogGroupKind;
  stream: string;
  message: string;
  /** Worked out when the row is first drawn: rows that scroll past unseen never pay for it. */
  level?: LogLevel;
  noticeKind?: NoticeKind;
}

export type NewRow = Omit<LogRow, 'seq'>;
export type RowFilter = (row: LogRow) => boolean;

export interface AddResult {
  /** Old rows dropped to stay within capacity. */
  dropped: number;
  /** The rows made from the items, in time order. */
  added: LogRow[];
}

export interface FilterSpec {
  text: string;
  regex: boolean;
  matchCase: boolean;
}

/**
 * The filter for what the user typed: a substring or a regular expression, matched against the
 * message and the stream name. Notices always pass (they explain gaps and sampling). Returns
 * undefined for no filter, or the error of an invalid regular expression.
 */
export function compileFilter(spec: FilterSpec): RowFilter | undefined | SyntaxError {
  if (spec.text === '') return undefined;
  if (spec.regex) {
    let re: RegExp;
    try {
      re = new RegExp(spec.text, spec.matchCase ? '' : 'i');
    } catch (err) {
      return err instanceof SyntaxError ? err : new SyntaxError(String(err));
    }
    return (row) => row.kind === 'notice' || re.test(row.message) || re.test(row.stream);
  }
  if (spec.matchCase) {
    return (row) => row.kind === 'notice' || row.message.includes(spec.text) || row.stream.includes(spec.text);
  }
  const needle = spec.text.toLowerCase();
  return (row) => row.kind === 'notice' || row.message.toLowerCase().includes(needle) || row.stream.toLowerCase().includes(needle);
}

function before(a: LogRow, b: LogRow): boolean {
  return a.timestamp < b.timestamp || (a.timestamp === b.timestamp && a.seq < b.seq);
}

/** First index in sorted `rows` whose row is not before `row`. */
function lowerBound(rows: LogRow[], row: LogRow): number {
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (before(rows[mid], row)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Adds sorted `batch` to sorted `target` in place; appending is the common, cheap case. */
function mergeInto(target: LogRow[], batch: LogRow[]): void {
  if (batch.length === 0) return;
  const start = target.length === 0 || !before(batch[0], target[target.length - 1]) ? target.length : lowerBound(target, batch[0]);
  if (start === target.length) {
    for (const row of batch) target.push(row);
    return;
  }
  const tail = target.splice(start);
  let i = 0;
  let j = 0;
  while (i < tail.length && j < batch.length) target.push(before(batch[j], tail[i]) ? batch[j++] : tail[i++]);
  while (i < tail.length) target.push(tail[i++]);
  while (j < batch.length) target.push(batch[j++]);
}

function countEvents(rows: readonly LogRow[]): number {
  let n = 0;
  for (const row of rows) if (row.kind === 'event') n++;
  return n;
}

export class LogBuffer {
  private rows: LogRow[] = [];
  /** The rows the filter lets through; the same array as `rows` when there is no filter. */
  private view: LogRow[] = this.rows;
  private filter?: RowFilter;
  private nextSeq = 0;
  private events = 0;
  /** Events among the rows the filter lets through (the view also holds notices). */
  private viewEvents = 0;

  constructor(private capacity: number) {}

  add(items: NewRow[]): AddResult {
    if (items.length === 0) return { dropped: 0, added: [] };
    const batch: LogRow[] = items.map((item) => ({ ...item, seq: this.nextSeq++ }));
    batch.sort((a, b) => a.timestamp - b.timestamp || a.seq - b.seq);
    const events = countEvents(batch);
    this.events += events;
    mergeInto(this.rows, batch);
    if (this.view !== this.rows && this.filter) {
      const passed = batch.filter(this.filter);
      this.viewEvents += countEvents(passed);
      mergeInto(this.view, passed);
    } else {
      this.viewEvents += events;
    }
    return { dropped: this.evictOverflow(), added: batch };
  }

  setCapacity(capacity: number): number {
    this.capacity = capacity;
    return this.evictOverflow();
  }

  setFilter(filter: RowFilter | undefined): void {
    this.filter = filter;
    this.view = filter ? this.rows.filter(filter) : this.rows;
    this.viewEvents = countEvents(this.view);
  }

  /**
   * A filter whose verdicts on the rows buffered now come later, through admit(): the view
   * starts empty. Rows added from now on pass `immediate` at once (or wait for admit() too).
   * Returns the rows that wait for a verdict.
   */
  startFilter(immediate: RowFilter): readonly LogRow[] {
    this.filter = immediate;
    this.view = [];
    this.viewEvents = 0;
    return this.rows.slice();
  }

  /** Rows that passed a deferred filter join the view; those dropped or cleared meanwhile do not. */
  admit(rows: readonly LogRow[]): void {
    if (this.view === this.rows) return;
    const present = rows.filter((row) => this.rows[lowerBound(this.rows, row)] === row);
    present.sort((a, b) => a.timestamp - b.timestamp || a.seq - b.seq);
    this.viewEvents += countEvents(present);
    mergeInto(this.view, present);
  }

  clear(): void {
    this.rows = [];
    this.view = this.filter ? [] : this.rows;
    this.events = 0;
    this.viewEvents = 0;
  }

  /** Rows the filter lets through. */
  get length(): number {
    return this.view.length;
  }

  /** Row `i` of those the filter lets through. */
  at(i: number): LogRow | undefined {
    return this.view[i];
  }

  /** Where `row` is (or would be) among the rows the filter lets through. */
  indexOf(row: LogRow): number {
    return lowerBound(this.view, row);
  }

  get totalRows(): number {
    return this.rows.length;
  }

  /** Events buffered (notices not counted). */
  get eventRows(): number {
    return this.events;
  }

  /** Events the filter lets through. */
  get visibleEventRows(): number {
    return this.viewEvents;
  }

  /** Every buffered row in time order, filtered or not. */
  allRows(): readonly LogRow[] {
    return this.rows;
  }

  /** The rows the filter lets through, in time order. */
  visibleRows(): readonly LogRow[] {
    return this.view;
  }

  private evictOverflow(): number {
    const excess = this.rows.length - this.capacity;
    if (excess <= 0) return 0;
    const dropped = this.rows.splice(0, excess);
    this.events -= countEvents(dropped);
    if (this.view !== this.rows) {
      // Dropped rows are the oldest, so in the view they are a prefix too.
      const gone = this.view.splice(0, lowerBound(this.view, this.rows[0] ?? { ...dropped[dropped.length - 1], seq: Infinity }));
      this.viewEvents -= countEvents(gone);
    } else {
      this.viewEvents = this.events;
    }
    return excess;
  }
}
