// When the monitor reads metrics: at once, then every minute while the panel is visible (a
// hidden panel makes no calls and catches up when shown again), and at once on a range change
// (the request for the old range is cancelled). Never two requests at a time: a refresh asked
// for while one runs joins it. Each refresh is one fetch (one GetMetricData call).
import type { MetricRange, MetricsSnapshot } from './protocol';

export interface MetricsPollerDeps {
  fetch(range: MetricRange, signal: AbortSignal): Promise<MetricsSnapshot>;
  loading(range: MetricRange): void;
  loaded(snapshot: MetricsSnapshot): void;
  failed(range: MetricRange, err: unknown): void;
  now(): number;
  setTimer(fn: () => void, ms: number): { dispose(): void };
}

export const METRICS_REFRESH_MS = 60_000;

export class MetricsPoller {
  private inFlight?: { range: MetricRange; controller: AbortController; done: Promise<void> };
  private timer?: { dispose(): void };
  private visible = true;
  private disposed = false;
  private lastFetchAt = -Infinity;

  constructor(
    private readonly deps: MetricsPollerDeps,
    private currentRange: MetricRange,
    private readonly intervalMs = METRICS_REFRESH_MS,
  ) {}

  get range(): MetricRange {
    return this.currentRange;
  }

  /** Reads now (or joins the read in progress). */
  refresh(): Promise<void> {
    if (this.inFlight) return this.inFlight.done;
    return this.run();
  }

  setRange(range: MetricRange): Promise<void> {
    if (range === this.currentRange && this.inFlight) return this.inFlight.done;
    this.currentRange = range;
    this.inFlight?.controller.abort();
    this.inFlight = undefined;
    return this.run();
  }

  /** A hidden panel stops refreshing; shown again, it reads at once if its data is stale. */
  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (!visible) {
      this.timer?.dispose();
      this.timer = undefined;
    } else if (!this.inFlight) {
      if (this.deps.now() - this.lastFetchAt >= this.intervalMs) void this.run();
      else this.schedule(this.intervalMs - (this.deps.now() - this.lastFetchAt));
    }
  }

  dispose(): void {
    this.disposed = true;
    this.timer?.dispose();
    this.inFlight?.controller.abort();
  }

  private run(): Promise<void> {
    this.timer?.dispose();
    this.timer = undefined;
    const entry = { range: this.currentRange, controller: new AbortController(), done: Promise.resolve() };
    this.inFlight = entry;
    this.lastFetchAt = this.deps.now();
    this.deps.loading(entry.range);
    entry.done = this.execute(entry.range, entry.controller);
    return entry.done;
  }

  private async execute(range: MetricRange, controller: AbortController): Promise<void> {
    try {
      const snapshot = await this.deps.fetch(range, controller.signal);
      if (!controller.signal.aborted) this.deps.loaded(snapshot);
    } catch (err) {
      if (!controller.signal.aborted) this.deps.failed(range, err);
    } finally {
      if (this.inFlight?.controller === controller) {
        this.inFlight = undefined;
        this.schedule(this.intervalMs);
      }
    }
  }

  private schedule(ms: number): void {
    if (this.disposed || !this.visible) return;
    this.timer?.dispose();
    this.timer = this.deps.setTimer(() => {
      this.timer = undefined;
      void this.refresh();
    }, ms);
  }
}
