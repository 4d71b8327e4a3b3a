// A virtual clock and an in-memory CloudWatch Logs for the LogTail state machine: events are
// ingested at the clock's time, FilterLogEvents pages through them (finding an event only
// `searchDelayMs` after its ingestion, like the real service), and Live Tail sessions deliver
// what is ingested while they run, one update per virtual second. Tests break sessions the
// ways the real service does: timeout, dropped connection, silence, errors at start.
import type {
  FilterPage,
  LiveTailMessage,
  LiveTailResult,
  LogGroupRef,
  LogTailBackend,
  LogTailOutput,
  TailClock,
} from '../../../src/monitor/logTail';
import type { LogNotice, TailStatus, WireLogLine } from '../../../src/monitor/protocol';

const flushMicrotasks = () => new Promise<void>((resolve) => setImmediate(resolve));

export class FakeClock implements TailClock {
  t = 1_700_000_000_000;
  private timers: Array<{ at: number; fire: () => void }> = [];

  now(): number {
    return this.t;
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const onAbort = () => {
        this.timers = this.timers.filter((x) => x !== timer);
        resolve();
      };
      const timer = {
        at: this.t + ms,
        fire: () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        },
      };
      this.timers.push(timer);
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  /** Runs virtual time forward, firing timers in order and letting promises settle between. */
  async advance(ms: number): Promise<void> {
    const end = this.t + ms;
    for (let guard = 0; guard < 100_000; guard++) {
      await flushMicrotasks();
      const due = this.timers.filter((x) => x.at <= end).sort((a, b) => a.at - b.at)[0];
      if (!due) break;
      this.timers = this.timers.filter((x) => x !== due);
      this.t = Math.max(this.t, due.at);
      due.fire();
    }
    this.t = end;
    await flushMicrotasks();
  }

  /** The machine sleeps: wall time jumps, timers fire late (as monotonic timers do). */
  jump(ms: number): void {
    this.t += ms;
  }
}

interface StoredEvent {
  group: string;
  stream: string;
  timestamp: number;
  message: string;
  eventId: string;
  ingestedAt: number;
}

interface Session {
  groups: string[];
  pending: LiveTailResult[];
  end?: { error?: Error };
  sampled: boolean;
}

function named(name: string, message = name): Error {
  return Object.assign(new Error(message), { name });
}

export class FakeLogs implements LogTailBackend {
  readonly events: StoredEvent[] = [];
  private readonly sessions = new Set<Session>();
  private nextId = 1;
  /** FilterLogEvents finds an event only this long after its ingestion. */
  searchDelayMs = 0;
  pageSize = 3;
  /** How long a FilterLogEvents call takes; the answer is what is searchable at its end. */
  filterLatencyMs = 0;
  filterCalls = 0;
  liveTailCalls = 0;
  /** Errors the next StartLiveTail calls fail with, in order. */
  readonly startFailures: Error[] = [];
  /** Errors the next FilterLogEvents calls fail with, in order. */
  readonly filterFailures: Error[] = [];
  /** While true, open sessions send nothing (not even empty updates). */
  silent = false;

  constructor(private readonly clock: FakeClock) {}

  ingest(group: string, message: string, options: { stream?: string; timestamp?: number } = {}): StoredEvent {
    const event: StoredEvent = {
      group,
      stream: options.stream ?? 'instance/aaaa',
      timestamp: options.timestamp ?? this.clock.now(),
      message,
      eventId: String(this.nextId++).padStart(10, '0'),
      ingestedAt: this.clock.now(),
    };
    this.events.push(event);
    for (const s of this.sessions) {
      if (!s.end && s.groups.includes(group)) {
        s.pending.push({ logGroupIdentifier: `123456789012:${group}`, logStreamName: event.stream, timestamp: event.timestamp, message });
      }
    }
    return event;
  }

  /** Every open session times out (SessionTimeoutException). */
  timeOutSessions(): void {
    this.endSessions(named('SessionTimeoutException', 'The Live Tail session has timed out.'));
  }

  /** Every open connection breaks (the SDK throws "aborted"). */
  dropSessions(): void {
    this.endSessions(new Error('aborted'));
  }

  /** The next update of every open session says CloudWatch sampled it. */
  markSampled(): void {
    for (const s of this.sessions) s.sampled = true;
  }

  get openSessions(): number {
    return [...this.sessions].filter((s) => !s.end).length;
  }

  private endSessions(error: Error): void {
    for (const s of this.sessions) if (!s.end) s.end = { error };
  }

  async filterPage(group: LogGroupRef, startTime: number, nextToken: string | undefined, signal: AbortSignal): Promise<FilterPage> {
    this.filterCalls++;
    await (this.filterLatencyMs > 0 ? this.clock.sleep(this.filterLatencyMs, signal) : Promise.resolve());
    const failure = this.filterFailures.shift();
    if (failure) throw failure;
    const visible = this.events
      .filter((e) => e.group === group.name && e.timestamp >= startTime && e.ingestedAt <= this.clock.now() - this.searchDelayMs)
      .sort((a, b) => a.timestamp - b.timestamp || a.eventId.localeCompare(b.eventId));
    const from = nextToken ? Number(nextToken) : 0;
    const page = visible.slice(from, from + this.pageSize);
    return {
      events: page.map((e) => ({ logStreamName: e.stream, timestamp: e.timestamp, message: e.message, eventId: e.eventId })),
      nextToken: from + this.pageSize < visible.length ? String(from + this.pageSize) : undefined,
    };
  }

  liveTail(groups: LogGroupRef[], signal: AbortSignal): AsyncIterable<LiveTailMessage> {
    this.liveTailCalls++;
    const failure = this.startFailures.shift();
    const session: Session = { groups: groups.map((g) => g.name), pending: [], sampled: false };
    const clock = this.clock;
    const sessions = this.sessions;
    const isSilent = () => this.silent;
    return (async function* () {
      await Promise.resolve();
      if (failure) throw failure;
      sessions.add(session);
      try {
        yield { kind: 'start' };
        for (;;) {
          await clock.sleep(1000, signal);
          if (signal.aborted) throw named('AbortError', 'aborted');
          if (session.end) {
            if (session.end.error) throw session.end.error;
            return;
          }
          if (isSilent()) continue;
          const results = session.pending;
          session.pending = [];
          const sampled = session.sampled;
          session.sampled = false;
          yield { kind: 'update', sampled, results };
        }
      } finally {
        session.end ??= {};
        sessions.delete(session);
      }
    })();
  }
}

/** Records what the tail shows, and checks it is every ingested event exactly once. */
export class Recorder implements LogTailOutput {
  readonly shown: WireLogLine[] = [];
  readonly statuses: TailStatus[] = [];
  readonly notices: LogNotice[] = [];
  readonly failures: unknown[] = [];

  lines(lines: WireLogLine[]): void {
    this.shown.push(...lines);
  }

  status(status: TailStatus): void {
    this.statuses.push(status);
  }

  notice(notice: LogNotice): void {
    this.notices.push(notice);
  }

  failure(err: unknown): void {
    this.failures.push(err);
  }

  get modes(): string[] {
    return this.statuses.map((s) => s.mode);
  }

  get lastMode(): string | undefined {
    return this.statuses[this.statuses.length - 1]?.mode;
  }

  messages(): string[] {
    return this.shown.map((l) => l.message);
  }
}
