// The one message protocol between the extension host and the monitor webview. Both sides
// import these types (the webview bundle through esbuild), so a change shows up as a type
// error on whichever side is out of date. Messages cross postMessage (structured clone):
// plain data only. The host checks what the webview sends with isWebviewMessage(), because a
// webview is a page and its messages are input, not trusted calls.

/** The monitor panel's view type (package.json activates the extension on it to restore panels). */
export const MONITOR_VIEW_TYPE = 'apprunner.monitor';

/** The two CloudWatch log groups App Runner writes for a service. */
export type LogGroupKind = 'application' | 'service';

/** One log event as the webview receives it. The host never sends the same event twice. */
export interface WireLogLine {
  /** Event identity: the CloudWatch eventId, or for Live Tail events (which have none) a key
   *  derived from group, stream, timestamp and message plus an occurrence number. */
  id: string;
  /** Event time, epoch milliseconds. */
  timestamp: number;
  group: LogGroupKind;
  /** Log stream, e.g. `instance/4f1c…`, `events`, `deployment/<operation id>`. */
  stream: string;
  message: string;
}

/** `paused`: the panel is hidden, so the monitor holds no Live Tail session (it costs per minute). */
export type TailMode = 'starting' | 'live' | 'reconnecting' | 'polling' | 'paused' | 'error';

export interface TailStatus {
  mode: TailMode;
  /** One sentence for the status line, e.g. why the monitor is polling. */
  detail: string;
}

export type NoticeKind = 'sampled' | 'resumed' | 'fallback' | 'error';

/** A row in the log list that is not an event: a mark of something the user should know. */
export interface LogNotice {
  kind: NoticeKind;
  /** Where it goes in the time-ordered list, epoch milliseconds. */
  timestamp: number;
  text: string;
}

/** `month`: this calendar month (UTC) so far, for the month's cost. */
export const METRIC_RANGES = ['1h', '3h', '12h', '1d', '1w', 'month'] as const;
export type MetricRange = (typeof METRIC_RANGES)[number];

export type ChartId = 'instances' | 'requests' | 'latency' | 'cpu' | 'memory' | 'concurrency';

export interface ChartSeries {
  label: string;
  /** One value per x of the chart; null where CloudWatch had no datapoint. */
  values: Array<number | null>;
  /** A theme color name the webview maps to a VS Code chart color variable. */
  color: 'blue' | 'green' | 'yellow' | 'red' | 'purple' | 'orange' | 'foreground';
  /** Drawn dashed, as a reference line (auto scaling bounds). */
  dashed?: boolean;
}

export interface ChartData {
  id: ChartId;
  title: string;
  /** Unit of the y axis, e.g. "ms", "%", "req/min". */
  unit: string;
  series: ChartSeries[];
}

/** An App Runner operation, marked on the charts' time axis. */
export interface DeploymentMark {
  id: string;
  type: string;
  status: string;
  /** Epoch milliseconds. */
  startedAt: number;
  endedAt?: number;
}

export interface MetricsSnapshot {
  range: MetricRange;
  periodSeconds: number;
  /** Chart x values, epoch seconds, ascending, one per period. */
  xs: number[];
  charts: ChartData[];
  deployments: DeploymentMark[];
  scaling?: { min: number; max: number; name?: string };
  /** Epoch milliseconds. */
  fetchedAt: number;
  /** What could not be read beside the metrics (deployments, scaling bounds), as sentences. */
  notes?: string[];
  /** The Cost view of the same refresh (see src/monitor/cost.ts). */
  cost?: CostView;
}

export interface ServiceIdentity {
  name: string;
  arn: string;
  region: string;
}

/** What the webview persists (vscode.setState) so the panel can come back after a reload. */
export interface MonitorWebviewState {
  service: ServiceIdentity;
  range: MetricRange;
  tab: MonitorTab;
}

export type MonitorTab = 'logs' | 'metrics' | 'cost';

/** One line of a cost breakdown; amounts are rounded to the cent, e.g. "$10.22". */
export interface CostFigure {
  label: string;
  amount: string;
  /** Marked as an estimate where it is shown (deployment doubling, build minutes). */
  estimate?: boolean;
}

export interface CostView {
  /** Why there are no figures (no rates for the region, no CPU/memory), saying what to do. */
  error?: string;
  /** The configuration the figures are for, e.g. "1 vCPU / 2 GB, MinSize 1, image". */
  service?: string;
  rangeLabel?: string;
  bucketUnit?: 'hour' | 'day';
  buckets?: Array<{ start: number; amount: string; dollars: number }>;
  rangeTotal?: string;
  rangeBreakdown?: CostFigure[];
  perHour?: string;
  perDay?: string;
  /** The range's pace carried over this whole month. */
  monthAtThisPace?: string;
  /** With the `month` range: this month so far and projected. */
  month?: {
    label: string;
    soFar: string;
    projected: string;
    soFarBreakdown: CostFigure[];
    projectedBreakdown: CostFigure[];
    countedUntil: number;
  };
  rates?: Array<{ label: string; value: string; source: string; unverified: boolean }>;
  assumptions?: string[];
}

export interface WhatIfInput {
  minSize: number;
  cpuMilli: number;
  memoryMilliGb: number;
  automaticDeployments: boolean;
  pattern: { kind: 'measured' } | { kind: 'pattern'; activeHoursPerDay: number; activeInstances: number };
}

export interface WhatIfResult {
  monthly: string;
  current: string;
  difference: string;
  breakdown: CostFigure[];
  /** What the figure assumes, as a sentence. */
  basis: string;
}

/** What the webview reports about itself; integration and end-to-end tests read it. */
export interface MonitorProbe {
  /** Events the page has received since it opened (including those dropped as oldest). */
  receivedLines: number;
  /** Events in the buffer (notices not counted). */
  eventLines: number;
  /** Distinct event ids among them (equal to eventLines when nothing was duplicated). */
  distinctIds: number;
  /** The kinds of the notices in the list, in list order. */
  notices: NoticeKind[];
  /** Rows the current filter lets through (events and notices). */
  matchingRows: number;
  /** Row elements in the DOM: bounded by the viewport, not by the buffer. */
  renderedRows: number;
  tailMode: TailMode | undefined;
  /** The status line's sentence, e.g. why the monitor polls. */
  tailDetail: string | undefined;
  metricsFetchedAt: number | undefined;
  chartsDrawn: number;
  /** The instances chart's reference lines (the auto scaling bounds), e.g. ["Min (1)", "Max (25)"]. */
  instanceBounds: string[];
  /** The Cost view's figures as shown (label → text), when it has any. */
  cost?: Record<string, string>;
  /** Messages of the buffered events whose message matches `match`, in list order. */
  messages: string[];
  /** Added by the host: the log tail has gap fills queued or running, so re-read events may still arrive. */
  fillsPending?: boolean;
}

export type HostToWebview =
  | { type: 'init'; service: ServiceIdentity; maxLines: number; range: MetricRange; tab: MonitorTab }
  | { type: 'logs'; lines: WireLogLine[] }
  | { type: 'tailStatus'; status: TailStatus }
  | { type: 'notice'; notice: LogNotice }
  | { type: 'metricsLoading'; range: MetricRange }
  | { type: 'metrics'; snapshot: MetricsSnapshot }
  | { type: 'metricsError'; range: MetricRange; message: string }
  | { type: 'probe'; requestId: number; match?: string }
  | { type: 'whatIf'; result?: WhatIfResult; error?: string }
  | { type: 'ratesRefreshed'; message: string };

export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'setRange'; range: MetricRange }
  | { type: 'refreshMetrics' }
  | { type: 'copy'; text: string; lineCount: number }
  | { type: 'save'; text: string; lineCount: number }
  | { type: 'probeResult'; requestId: number; probe: MonitorProbe }
  | { type: 'webviewError'; message: string }
  | { type: 'whatIf'; input: WhatIfInput }
  | { type: 'refreshRates' };

export function isMetricRange(value: unknown): value is MetricRange {
  return typeof value === 'string' && (METRIC_RANGES as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

/** Checks the shape of a message from the webview before the host acts on it. */
export function isWebviewMessage(value: unknown): value is WebviewToHost {
  if (!isRecord(value)) return false;
  switch (value.type) {
    case 'ready':
    case 'refreshMetrics':
    case 'refreshRates':
      return true;
    case 'setRange':
      return isMetricRange(value.range);
    case 'copy':
    case 'save':
      return typeof value.text === 'string' && typeof value.lineCount === 'number';
    case 'probeResult':
      return typeof value.requestId === 'number' && isRecord(value.probe);
    case 'webviewError':
      return typeof value.message === 'string';
    case 'whatIf':
      return isWhatIfInput(value.input);
    default:
      return false;
  }
}

function isWhatIfInput(value: unknown): value is WhatIfInput {
  if (!isRecord(value) || !isRecord(value.pattern)) return false;
  const whole = (n: unknown, min: number, max: number) => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;
  const pattern = value.pattern;
  const patternOk =
    pattern.kind === 'measured' ||
    (pattern.kind === 'pattern' &&
      typeof pattern.activeHoursPerDay === 'number' &&
      pattern.activeHoursPerDay >= 0 &&
      pattern.activeHoursPerDay <= 24 &&
      whole(pattern.activeInstances, 0, 25));
  return (
    patternOk &&
    whole(value.minSize, 1, 25) &&
    whole(value.cpuMilli, 250, 4000) &&
    whole(value.memoryMilliGb, 500, 12000) &&
    typeof value.automaticDeployments === 'boolean'
  );
}
