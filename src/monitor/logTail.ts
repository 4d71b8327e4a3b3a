// Follows a service's log groups: Live Tail while it works, FilterLogEvents polling when Live
// Tail is unavailable or denied, and after every break a fill with FilterLogEvents from the
// last moment known to be complete, so that no event is missed and none is shown twice.
//
//   start ──► live ──(session timeout: at once / stream lost, stalled, slept: backoff)──► live
//               │                                           (each new session: fill the gap)
//               └──(access denied, not supported, too many sessions)──► polling
//                                         (too many sessions: back to live after a while)
//   hidden for longer than the grace period ──► paused (no session, no polling: Live Tail is
//   billed per session-minute) ──(shown)──► live (or polling), the hidden time filled once
//
// "Complete up to" is tracked in local time: a Live Tail update received at T means every
// event ingested before about T was delivered. A gap is filled from that time minus an
// overlap, which absorbs ingestion delay and clock skew; the overlap's re-reads are dropped
// by the EventDeduper. A fill runs only once the next session has started, so events ingested
// meanwhile are either in the fill or in the new session (or both, and dropped once).
import { classifyAwsError } from '../aws/errors';
import { EventDeduper, IncomingEvent } from './identity';
import type { LogGroupKind, LogNotice, TailStatus, WireLogLine } from './protocol';

export interface LogGroupRef {
  kind: LogGroupKind;
  name: string;
  /** Log group ARN without the trailing `:*` (Live Tail wants ARNs). */
  arn: string;
}

export interface FilteredLogEvent {
  logStreamName?: string;
  timestamp?: number;
  message?: string;
  eventId?: string;
}

export interface FilterPage {
  events: FilteredLogEvent[];
  nextToken?: string;
}

export interface LiveTailResult {
  logGroupIdentifier?: string;
  logStreamName?: string;
  timestamp?: number;
  message?: string;
}

export type LiveTailMessage = { kind: 'start' } | { kind: 'update'; sampled: boolean; results: LiveTailResult[] };

/** The AWS side, injected so that the state machine runs against fakes in unit tests. */
export interface LogTailBackend {
  filterPage(group: LogGroupRef, startTime: number, nextToken: string | undefined, signal: AbortSignal): Promise<FilterPage>;
  /** A Live Tail session over all groups; iteration ends or throws when the session does. */
  liveTail(groups: LogGroupRef[], signal: AbortSignal): AsyncIterable<LiveTailMessage>;
}

export interface TailClock {
  now(): number;
  /** Resolves after `ms`, or early (without error) when `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export interface LogTailOutput {
  lines(lines: WireLogLine[]): void;
  status(status: TailStatus): void;
  notice(notice: LogNotice): void;
  /** An error the user has to act on (credentials, permissions); shown once per kind. */
  failure(err: unknown, doing: string): void;
}

export interface LogTailOptions {
  /** How far back the first fill reaches when the monitor opens. */
  backfillMs: number;
  /** Re-read before the last complete moment when filling a gap. */
  gapOverlapMs: number;
  pollIntervalMs: number;
  /** Re-read before the previous poll's start time. */
  pollOverlapMs: number;
  /** Live Tail sends an update every second; this long without one means the stream is dead. */
  stallTimeoutMs: number;
  /** How often the watchdog looks; a much later wake-up than asked for means the machine slept. */
  watchdogIntervalMs: number;
  maxBackoffMs: number;
  /** After "too many Live Tail sessions", try Live Tail again after this long. */
  liveTailRetryMs: number;
  /** Hidden this long, the tail pauses: it ends its Live Tail session and stops polling. */
  hiddenGraceMs: number;
  /** At most one "sampled" notice per this long. */
  sampledNoticeIntervalMs: number;
  /**
   * A gap is filled this long after the next session started: FilterLogEvents finds an event
   * only some seconds after its ingestion, and the fill must see everything ingested before
   * the session began.
   */
  gapFillDelayMs: number;
}

export const DEFAULT_TAIL_OPTIONS: LogTailOptions = {
  backfillMs: 5 * 60_000,
  gapOverlapMs: 30_000,
  pollIntervalMs: 3_000,
  pollOverlapMs: 10_000,
  stallTimeoutMs: 15_000,
  watchdogIntervalMs: 2_000,
  maxBackoffMs: 30_000,
  liveTailRetryMs: 5 * 60_000,
  hiddenGraceMs: 30_000,
  sampledNoticeIntervalMs: 30_000,
  gapFillDelayMs: 5_000,
};

export type TailErrorClass = 'session-timeout' | 'unavailable' | 'busy' | 'transient' | 'fatal';

/** What a Live Tail or FilterLogEvents failure means for the tail (from the one AWS error classification). */
export function classifyTailError(err: unknown): TailErrorClass {
  const e = (typeof err === 'object' && err !== null ? err : {}) as { name?: string; $metadata?: { httpStatusCode?: number } };
  if (e.name === 'SessionTimeoutException') return 'session-timeout';
  const status = e.$metadata?.httpStatusCode;
  if (status === 404 || status === 501) return 'unavailable';
  switch (classifyAwsError(err)) {
    case 'access-denied':
    case 'unsupported-operation':
    case 'invalid-request':
      return 'unavailable';
    case 'quota':
      return 'busy';
    case 'no-credentials':
    case 'credentials-rejected':
    case 'sso-expired':
    case 'credentials-expired':
    case 'not-found':
      return 'fatal';
    default:
      return 'transient';
  }
}

interface QueuedFill {
  from: number;
  /** Local time before which the fill must not run (see gapFillDelayMs, backoff). */
  notBefore: number;
}

type SessionEnd =
  | { kind: 'stopped' | 'restart' }
  | { kind: TailErrorClass; reason: string; error?: unknown; /** The session got as far as its start. */ started: boolean };

/** Live Tail sessions in a row that fail before starting, while logs can be read, mean "unavailable". */
const FAILED_STARTS_BEFORE_POLLING = 3;

const SAMPLED_TEXT = 'CloudWatch sampled Live Tail here: more than 500 events arrived in a second, so only some of them are shown.';

const PAUSED_STATUS: TailStatus = {
  mode: 'paused',
  detail:
    'Paused while the monitor is hidden (Live Tail is billed per session-minute); the logs of that time are filled in when it is shown.',
};

export class LogTail {
  private readonly dedupe = new EventDeduper();
  private readonly stopController = new AbortController();
  /** Local time up to which every event is known to be delivered (or queued for a fill). */
  private completeUntil: number;
  /** A gap waiting for the next Live Tail session (or poll) before it is filled. */
  private gapFrom?: number;
  /** Fills queued for the background filler (per group name), and the start of the one it runs. */
  private readonly queuedFills = new Map<string, QueuedFill>();
  private runningFillFrom?: number;
  private fillerRunning = false;
  private liveTailAllowed = true;
  /** Why the tail polls, for the status line. */
  private pollingReason = '';
  private retryLiveTailAt?: number;
  private lastSampledNoticeAt = -Infinity;
  private sessionsStarted = 0;
  /** The next session (or poll) follows a pause: its notice says so. */
  private resumed = false;
  /** Live Tail sessions in a row that failed before they started. */
  private failedStarts = 0;
  private readonly reportedFailures = new Set<string>();
  private loop?: Promise<void>;
  /** Ends the current Live Tail session so that the next one covers a changed set of groups. */
  private restartSession?: () => void;
  private visible = true;
  /** Ends the grace period's wait when the panel is shown again (or hidden anew). */
  private graceTimer?: AbortController;
  private paused = false;
  /** Wakes the paused loop when the panel is shown again. */
  private resumeWaiter?: () => void;
  /** Ends the loop's wait between polls or reconnects when the tail pauses. */
  private loopSleep?: AbortController;

  constructor(
    private readonly groups: LogGroupRef[],
    private readonly backend: LogTailBackend,
    private readonly clock: TailClock,
    private readonly out: LogTailOutput,
    private readonly describe: (err: unknown) => string,
    private readonly options: LogTailOptions = DEFAULT_TAIL_OPTIONS,
  ) {
    const now = clock.now();
    this.completeUntil = now;
    this.gapFrom = now - options.backfillMs;
  }

  start(): void {
    this.loop ??= this.run();
  }

  /** Follows one more log group (one that appeared after the monitor opened). */
  addGroup(group: LogGroupRef): void {
    if (this.groups.some((g) => g.name === group.name)) return;
    this.groups.push(group);
    this.queueFill([group], this.clock.now() - this.options.backfillMs, 0);
    this.restartSession?.();
  }

  /**
   * The panel was shown or hidden. Hidden for `hiddenGraceMs` (a quick look at another tab
   * keeps the session), the tail pauses; shown again, it resumes and fills the hidden time.
   */
  setVisible(visible: boolean, hiddenGraceMs = this.options.hiddenGraceMs): void {
    if (visible === this.visible) return;
    this.visible = visible;
    this.graceTimer?.abort();
    this.graceTimer = undefined;
    if (visible) {
      if (this.paused) {
        this.paused = false;
        this.resumeWaiter?.();
      }
      return;
    }
    const grace = new AbortController();
    this.graceTimer = grace;
    void this.clock.sleep(Math.max(0, hiddenGraceMs), grace.signal).then(() => {
      if (grace.signal.aborted || this.visible || this.stopped) return;
      this.graceTimer = undefined;
      this.pause();
    });
  }

  get isPaused(): boolean {
    return this.paused;
  }

  private pause(): void {
    this.paused = true;
    this.restartSession?.();
    this.loopSleep?.abort();
    this.out.status(PAUSED_STATUS);
  }

  /** Waits `ms`, or less when the tail stops or pauses. */
  private async sleepUnlessPaused(ms: number): Promise<void> {
    const wake = new AbortController();
    this.loopSleep = wake;
    const onStop = () => wake.abort();
    this.stopController.signal.addEventListener('abort', onStop, { once: true });
    try {
      await this.clock.sleep(ms, wake.signal);
    } finally {
      this.stopController.signal.removeEventListener('abort', onStop);
      if (this.loopSleep === wake) this.loopSleep = undefined;
    }
  }

  /** Resolves when the tail is shown again or stopped. */
  private waitForResume(): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        this.resumeWaiter = undefined;
        this.stopController.signal.removeEventListener('abort', done);
        resolve();
      };
      if (!this.paused || this.stopped) return resolve();
      this.resumeWaiter = done;
      this.stopController.signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Gap fills are queued or running: an event they re-read could still arrive (tests wait for none). */
  get fillsPending(): boolean {
    return this.fillerRunning;
  }

  get groupCount(): number {
    return this.groups.length;
  }

  /** Ends the session and every request in flight; resolves when the tail has stopped. */
  async stop(): Promise<void> {
    this.graceTimer?.abort();
    this.stopController.abort();
    await this.loop;
  }

  private get stopped(): boolean {
    return this.stopController.signal.aborted;
  }

  private async run(): Promise<void> {
    this.out.status(this.paused ? PAUSED_STATUS : { mode: 'starting', detail: 'Connecting to CloudWatch Logs Live Tail…' });
    let attempt = 0;
    while (!this.stopped) {
      if (this.paused) {
        await this.waitForResume();
        if (this.stopped) return;
        this.resumed = true;
        this.out.status({ mode: 'starting', detail: 'Resuming after the monitor was hidden…' });
        continue;
      }
      if (!this.liveTailAllowed && this.retryLiveTailAt !== undefined && this.clock.now() >= this.retryLiveTailAt) {
        this.liveTailAllowed = true;
        this.retryLiveTailAt = undefined;
      }
      if (!this.liveTailAllowed) {
        attempt = (await this.pollOnce()) ? 0 : attempt + 1;
        if (this.paused) continue;
        await this.sleepUnlessPaused(attempt ? this.backoff(attempt) : this.options.pollIntervalMs);
        continue;
      }
      const end = await this.liveSession();
      switch (end.kind) {
        case 'stopped':
          return;
        case 'restart':
          attempt = 0;
          break;
        case 'session-timeout':
          // Every session ends after 3 hours: start the next one at once.
          attempt = 0;
          this.out.status({ mode: 'reconnecting', detail: 'The Live Tail session reached its time limit; starting a new one…' });
          break;
        case 'unavailable':
          this.fallBackToPolling(false, this.describe(end.error));
          attempt = 0;
          break;
        case 'busy':
          this.fallBackToPolling(
            true,
            `the account has as many concurrent Live Tail sessions as its quota allows: ${this.describe(end.error)}; trying again in ${Math.round(this.options.liveTailRetryMs / 60_000)} min`,
          );
          attempt = 0;
          break;
        case 'transient':
        case 'fatal': {
          // A Live Tail endpoint that cannot be reached (while FilterLogEvents can) is unavailable too.
          this.failedStarts = end.kind === 'transient' && !end.started ? this.failedStarts + 1 : 0;
          if (this.failedStarts >= FAILED_STARTS_BEFORE_POLLING && (await this.logsReadable())) {
            this.failedStarts = 0;
            this.fallBackToPolling(true, `${FAILED_STARTS_BEFORE_POLLING} sessions in a row could not start: ${this.describe(end.error)}`);
            attempt = 0;
            break;
          }
          attempt++;
          const wait = this.backoff(attempt);
          if (end.kind === 'fatal') this.reportOnce(end.error, 'follow the logs');
          this.out.status({
            mode: end.kind === 'fatal' ? 'error' : 'reconnecting',
            detail: `${end.reason}; reconnecting in ${Math.round(wait / 1000)} s…`,
          });
          await this.sleepUnlessPaused(wait);
          break;
        }
      }
    }
  }

  /** Reads logs with FilterLogEvents from now on; `retry`: try Live Tail again after a while. */
  private fallBackToPolling(retry: boolean, why: string): void {
    this.liveTailAllowed = false;
    this.retryLiveTailAt = retry ? this.clock.now() + this.options.liveTailRetryMs : undefined;
    this.pollingReason = why;
    const text = `Live Tail is not available (${why}); reading the logs with FilterLogEvents every ${Math.round(this.options.pollIntervalMs / 1000)} s instead.`;
    this.out.notice({ kind: 'fallback', timestamp: this.clock.now(), text });
    this.out.status({ mode: 'polling', detail: text });
  }

  /** Whether FilterLogEvents answers (one page of the first group, from now). */
  private async logsReadable(): Promise<boolean> {
    try {
      await this.backend.filterPage(this.groups[0], this.clock.now(), undefined, this.stopController.signal);
      return true;
    } catch {
      // Not readable either: the network is down, not just Live Tail; keep reconnecting.
      return false;
    }
  }

  private backoff(attempt: number): number {
    return Math.min(this.options.maxBackoffMs, 1000 * 2 ** Math.max(0, attempt - 1));
  }

  /** One Live Tail session, from connecting to its end; says how it ended. */
  private async liveSession(): Promise<SessionEnd> {
    const session = new AbortController();
    const stopSession = () => session.abort();
    this.stopController.signal.addEventListener('abort', stopSession);
    let lastMessageAt = this.clock.now();
    let started = false;
    let watchdogReason: string | undefined;
    let restarting = false;
    this.restartSession = () => {
      restarting = true;
      session.abort();
    };
    const watchdog = (async () => {
      let checkedAt = this.clock.now();
      while (!session.signal.aborted) {
        await this.clock.sleep(this.options.watchdogIntervalMs, session.signal);
        const now = this.clock.now();
        const slept = now - checkedAt > this.options.watchdogIntervalMs + this.options.stallTimeoutMs;
        checkedAt = now;
        if (session.signal.aborted) return;
        if (slept || now - lastMessageAt > this.options.stallTimeoutMs) {
          watchdogReason = slept ? 'The computer was asleep' : `Live Tail sent nothing for ${Math.round((now - lastMessageAt) / 1000)} s`;
          session.abort();
        }
      }
    })();
    try {
      for await (const message of this.backend.liveTail([...this.groups], session.signal)) {
        if (watchdogReason || restarting) break;
        lastMessageAt = this.clock.now();
        if (!started) {
          started = true;
          this.onSessionStarted();
        }
        this.completeUntil = lastMessageAt;
        if (message.kind === 'update') this.onUpdate(message.sampled, message.results);
        this.forgetOldIdentities();
      }
      if (this.stopped) return { kind: 'stopped' };
      if (restarting) return { kind: 'restart' };
      return { kind: 'transient', reason: watchdogReason ?? 'The Live Tail stream ended', started };
    } catch (err) {
      if (this.stopped) return { kind: 'stopped' };
      if (restarting) return { kind: 'restart' };
      if (watchdogReason) return { kind: 'transient', reason: watchdogReason, started };
      const kind = classifyTailError(err);
      return { kind, reason: `Live Tail stopped: ${this.describe(err)}`, error: err, started };
    } finally {
      this.restartSession = undefined;
      session.abort();
      this.stopController.signal.removeEventListener('abort', stopSession);
      await watchdog;
      // Whatever came after the last update is a gap for the next session (or poll) to fill.
      this.gapFrom = Math.min(this.gapFrom ?? Infinity, this.completeUntil - this.options.gapOverlapMs);
    }
  }

  private onSessionStarted(): void {
    const first = this.sessionsStarted++ === 0;
    this.reportedFailures.clear();
    if (this.gapFrom !== undefined) {
      // The first fill is the backfill of the last minutes: no reason to wait for it.
      this.queueFill(this.groups, this.gapFrom, first ? 0 : this.options.gapFillDelayMs);
      this.gapFrom = undefined;
    }
    this.out.status({ mode: 'live', detail: 'Live Tail' });
    if (this.takeResumed()) return;
    if (!first) {
      this.out.notice({
        kind: 'resumed',
        timestamp: this.clock.now(),
        text: 'Live Tail resumed; the gap since the last update is filled with FilterLogEvents.',
      });
    }
  }

  /** After a pause, says once that the hidden time is being filled in. */
  private takeResumed(): boolean {
    if (!this.resumed) return false;
    this.resumed = false;
    this.out.notice({
      kind: 'resumed',
      timestamp: this.clock.now(),
      text: 'The monitor was hidden, so it held no Live Tail session; the events of that time are filled in with FilterLogEvents.',
    });
    return true;
  }

  private onUpdate(sampled: boolean, results: LiveTailResult[]): void {
    const lines: WireLogLine[] = [];
    let newest = -Infinity;
    for (const r of results) {
      const event: IncomingEvent = {
        group: this.groupOf(r.logGroupIdentifier),
        stream: r.logStreamName ?? '',
        timestamp: r.timestamp ?? 0,
        message: r.message ?? '',
      };
      newest = Math.max(newest, event.timestamp);
      const id = this.dedupe.accept(event);
      if (id !== undefined)
        lines.push({ id, timestamp: event.timestamp, group: event.group, stream: event.stream, message: event.message });
    }
    if (lines.length) this.out.lines(lines);
    const now = this.clock.now();
    if (sampled && now - this.lastSampledNoticeAt >= this.options.sampledNoticeIntervalMs) {
      this.lastSampledNoticeAt = now;
      this.out.notice({ kind: 'sampled', timestamp: Number.isFinite(newest) ? newest : now, text: SAMPLED_TEXT });
    }
  }

  /** Live Tail names the group as an ARN, a name or `account:name`; all end with the name. */
  private groupOf(identifier: string | undefined): LogGroupKind {
    const hit = identifier ? this.groups.find((g) => identifier === g.arn || identifier.endsWith(g.name)) : undefined;
    return (hit ?? this.groups[0]).kind;
  }

  /** One poll: everything from the last complete moment (minus the overlap) up to now. */
  private async pollOnce(): Promise<boolean> {
    const startedAt = this.clock.now();
    const from = Math.min(this.gapFrom ?? Infinity, this.completeUntil - this.options.pollOverlapMs);
    this.gapFrom = from;
    try {
      await this.fill(from, this.groups);
      this.gapFrom = undefined;
      this.completeUntil = startedAt;
      this.reportedFailures.clear();
      this.forgetOldIdentities();
      this.takeResumed();
      this.out.status({
        mode: 'polling',
        detail: `Reading logs with FilterLogEvents every ${Math.round(this.options.pollIntervalMs / 1000)} s: Live Tail is not available (${this.pollingReason}).`,
      });
      return true;
    } catch (err) {
      if (this.stopped) return true;
      if (classifyTailError(err) === 'fatal') this.reportOnce(err, 'read the logs');
      this.out.status({ mode: 'error', detail: `Reading logs failed: ${this.describe(err)}; retrying…` });
      return false;
    }
  }

  private queueFill(groups: LogGroupRef[], from: number, delayMs: number): void {
    const notBefore = this.clock.now() + delayMs;
    for (const group of groups) {
      const queued = this.queuedFills.get(group.name);
      this.queuedFills.set(group.name, {
        from: Math.min(queued?.from ?? Infinity, from),
        notBefore: Math.max(queued?.notBefore ?? 0, notBefore),
      });
    }
    if (!this.fillerRunning) {
      this.fillerRunning = true;
      void this.runFills();
    }
  }

  /** Runs queued fills one after another, in the background of the live session. */
  private async runFills(): Promise<void> {
    let attempt = 0;
    while (this.queuedFills.size > 0 && !this.stopped) {
      const [name, fill] = this.queuedFills.entries().next().value as [string, QueuedFill];
      const wait = fill.notBefore - this.clock.now();
      if (wait > 0) {
        await this.clock.sleep(wait, this.stopController.signal);
        continue;
      }
      this.queuedFills.delete(name);
      const group = this.groups.find((g) => g.name === name);
      if (!group) continue;
      this.runningFillFrom = fill.from;
      try {
        await this.fill(fill.from, [group]);
        attempt = 0;
      } catch (err) {
        if (this.stopped) break;
        const delay = this.backoff(++attempt);
        this.queueFill([group], fill.from, delay);
        if (classifyTailError(err) === 'fatal') this.reportOnce(err, 'read the logs');
        this.out.notice({
          kind: 'error',
          timestamp: this.clock.now(),
          text: `Filling a gap in the logs failed (${this.describe(err)}); retrying in ${Math.round(delay / 1000)} s.`,
        });
      } finally {
        this.runningFillFrom = undefined;
      }
    }
    this.fillerRunning = false;
  }

  /** Reads every event from `from` (epoch ms) to now in `groups`; throws on failure. */
  private async fill(from: number, groups: LogGroupRef[]): Promise<void> {
    const startTime = Math.max(0, Math.floor(from));
    for (const group of groups) {
      let nextToken: string | undefined;
      do {
        const page = await this.backend.filterPage(group, startTime, nextToken, this.stopController.signal);
        if (this.stopped) return;
        const lines: WireLogLine[] = [];
        for (const e of page.events) {
          const event: IncomingEvent = {
            group: group.kind,
            stream: e.logStreamName ?? '',
            timestamp: e.timestamp ?? 0,
            message: e.message ?? '',
            eventId: e.eventId,
          };
          const id = this.dedupe.accept(event);
          if (id !== undefined)
            lines.push({ id, timestamp: event.timestamp, group: event.group, stream: event.stream, message: event.message });
        }
        if (lines.length) this.out.lines(lines);
        nextToken = page.nextToken;
      } while (nextToken);
    }
  }

  /** Drops identities no future read can return again (every future read starts later). */
  private forgetOldIdentities(): void {
    const earliestRead = Math.min(
      this.gapFrom ?? Infinity,
      ...[...this.queuedFills.values()].map((f) => f.from),
      this.runningFillFrom ?? Infinity,
      this.completeUntil - Math.max(this.options.gapOverlapMs, this.options.pollOverlapMs),
    );
    // A minute of slack for events whose timestamps run behind their ingestion.
    this.dedupe.forgetBefore(earliestRead - 60_000);
  }

  private reportOnce(err: unknown, doing: string): void {
    const key = `${(err as { name?: string } | undefined)?.name ?? ''}:${doing}`;
    if (this.reportedFailures.has(key)) return;
    this.reportedFailures.add(key);
    this.out.failure(err, doing);
  }
}
