// The metrics tab: range picker, refresh, six uPlot charts (canvas, built for time series that
// change every minute: an update is one setData call), App Runner operations marked on every
// chart's time axis, auto scaling bounds on the instances chart, and a text summary of each
// chart for screen readers and a quick read. Colors come from VS Code's chart theme variables,
// so the charts follow light, dark and high-contrast themes (and are rebuilt when it changes).
import uPlot from 'uplot';
import { RANGE_SPECS } from '../../../src/monitor/metrics';
import {
  ChartData,
  ChartId,
  ChartSeries,
  DeploymentMark,
  METRIC_RANGES,
  MetricRange,
  MetricsSnapshot,
  WebviewToHost,
} from '../../../src/monitor/protocol';
import { clockTime, el, iconButton } from './dom';

const CHART_HEIGHT = 170;
const CHART_IDS: ChartId[] = ['instances', 'requests', 'latency', 'cpu', 'memory', 'concurrency'];
const CHART_TITLES: Record<ChartId, string> = {
  instances: 'Active instances',
  requests: 'Requests',
  latency: 'Request latency',
  cpu: 'CPU utilization',
  memory: 'Memory utilization',
  concurrency: 'Concurrency',
};

interface ChartSlot {
  figure: HTMLElement;
  caption: HTMLElement;
  latest: HTMLElement;
  host: HTMLDivElement;
  plot?: uPlot;
  /** Series labels the plot was built for; other labels need a new plot. */
  signature?: string;
}

function cssColor(name: string, fallback: string): string {
  return getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
}

function themeColors() {
  return {
    blue: cssColor('--vscode-charts-blue', '#3794ff'),
    green: cssColor('--vscode-charts-green', '#89d185'),
    yellow: cssColor('--vscode-charts-yellow', '#cca700'),
    red: cssColor('--vscode-charts-red', '#f14c4c'),
    purple: cssColor('--vscode-charts-purple', '#b180d7'),
    orange: cssColor('--vscode-charts-orange', '#d18616'),
    foreground: cssColor('--vscode-charts-foreground', cssColor('--vscode-foreground', '#cccccc')),
    lines: cssColor('--vscode-charts-lines', 'rgba(128,128,128,0.35)'),
    font: `${cssColor('--vscode-font-size', '12px')} ${cssColor('--vscode-font-family', 'sans-serif')}`,
  };
}

type Colors = ReturnType<typeof themeColors>;

function formatValue(value: number | null | undefined, unit: string): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  const rounded =
    Math.abs(value) >= 100 ? Math.round(value).toLocaleString() : Number(value.toFixed(Math.abs(value) >= 10 ? 1 : 2)).toLocaleString();
  return unit === '%' ? `${rounded} %` : `${rounded} ${unit}`;
}

function lastValue(values: Array<number | null>): number | null {
  for (let i = values.length - 1; i >= 0; i--) if (values[i] !== null) return values[i];
  return null;
}

function peak(values: Array<number | null>): number | null {
  let max: number | null = null;
  for (const v of values) if (v !== null && (max === null || v > max)) max = v;
  return max;
}

function describeOperation(mark: DeploymentMark): string {
  const type = mark.type.replace(/_/g, ' ').toLowerCase();
  const status = mark.status.replace(/_/g, ' ').toLowerCase();
  const when = new Date(mark.startedAt).toLocaleString();
  const took = mark.endedAt ? ` (${Math.max(1, Math.round((mark.endedAt - mark.startedAt) / 60_000))} min)` : ' (in progress)';
  return `${type} ${status} · ${when}${took}`;
}

function isFailed(mark: DeploymentMark): boolean {
  return /FAILED|ROLLBACK/.test(mark.status);
}

/** Draws each operation as a dashed line at its start and a light band to its end. */
function operationMarks(marks: () => DeploymentMark[], colors: Colors): uPlot.Plugin {
  return {
    hooks: {
      draw: [
        (u: uPlot) => {
          const { left, top, width, height } = u.bbox;
          const ctx = u.ctx;
          for (const mark of marks()) {
            const x0 = u.valToPos(mark.startedAt / 1000, 'x', true);
            const x1 = mark.endedAt !== undefined ? u.valToPos(mark.endedAt / 1000, 'x', true) : x0;
            if (x1 < left || x0 > left + width) continue;
            const color = isFailed(mark) ? colors.red : colors.purple;
            ctx.save();
            ctx.globalAlpha = 0.12;
            ctx.fillStyle = color;
            const bandStart = Math.max(x0, left);
            ctx.fillRect(bandStart, top, Math.max(2, Math.min(x1, left + width) - bandStart), height);
            ctx.globalAlpha = 0.9;
            ctx.strokeStyle = color;
            ctx.lineWidth = 1.5 * devicePixelRatio;
            ctx.setLineDash([4 * devicePixelRatio, 3 * devicePixelRatio]);
            if (x0 >= left) {
              ctx.beginPath();
              ctx.moveTo(x0, top);
              ctx.lineTo(x0, top + height);
              ctx.stroke();
            }
            ctx.restore();
          }
        },
      ],
    },
  };
}

export class MetricsView {
  readonly root: HTMLElement;
  private readonly slots = new Map<ChartId, ChartSlot>();
  private readonly rangeButtons = new Map<MetricRange, HTMLButtonElement>();
  private readonly status: HTMLElement;
  private readonly notes: HTMLElement;
  private readonly operations: HTMLElement;
  private snapshot?: MetricsSnapshot;
  private visible = false;
  private colors: Colors = themeColors();

  constructor(
    private range: MetricRange,
    private readonly post: (message: WebviewToHost) => void,
  ) {
    const ranges = el('div', { className: 'ranges', attrs: { role: 'radiogroup', 'aria-label': 'Time range' } });
    for (const r of METRIC_RANGES) {
      const button = el('button', {
        className: 'range',
        text: r,
        attrs: { type: 'button', role: 'radio', title: RANGE_SPECS[r].label, 'aria-label': RANGE_SPECS[r].label },
      });
      button.addEventListener('click', () => this.chooseRange(r));
      button.addEventListener('keydown', (e) => this.onRangeKey(e, r));
      this.rangeButtons.set(r, button);
      ranges.appendChild(button);
    }
    const refresh = iconButton('refresh', 'Refresh the metrics now');
    refresh.addEventListener('click', () => this.post({ type: 'refreshMetrics' }));
    this.status = el('span', { className: 'metrics-status', attrs: { role: 'status' } });
    this.notes = el('div', { className: 'notes', attrs: { role: 'alert' } });
    this.operations = el('div', { className: 'operations', attrs: { 'aria-label': 'App Runner operations in this range' } });
    const grid = el('div', { className: 'charts' });
    for (const id of CHART_IDS) {
      const caption = el('span', { className: 'chart-title', text: CHART_TITLES[id] });
      const latest = el('span', { className: 'chart-latest' });
      const host = el('div', { className: 'plot' });
      const figure = el(
        'figure',
        { className: `chart chart-${id}`, attrs: { role: 'group', 'aria-label': CHART_TITLES[id] } },
        el('figcaption', {}, caption, latest),
        host,
      );
      grid.appendChild(figure);
      this.slots.set(id, { figure, caption, latest, host });
      new ResizeObserver(() => this.resize(id)).observe(host);
    }
    this.root = el(
      'div',
      { className: 'metrics-view' },
      el(
        'div',
        { className: 'toolbar metrics-toolbar', attrs: { role: 'toolbar', 'aria-label': 'Metrics tools' } },
        ranges,
        refresh,
        this.status,
      ),
      this.notes,
      this.operations,
      grid,
    );
    this.updateRangeButtons();
  }

  get currentRange(): MetricRange {
    return this.range;
  }

  /** Plots are built only when the tab is shown (uPlot needs the width). */
  setVisible(visible: boolean): void {
    this.visible = visible;
    if (visible) this.draw();
  }

  setRange(range: MetricRange): void {
    this.range = range;
    this.updateRangeButtons();
  }

  loading(range: MetricRange): void {
    this.setRange(range);
    this.status.textContent = 'Loading…';
    this.root.classList.add('loading');
  }

  show(snapshot: MetricsSnapshot): void {
    if (snapshot.range !== this.range) return;
    this.snapshot = snapshot;
    this.root.classList.remove('loading');
    this.status.textContent = `Updated ${clockTime(snapshot.fetchedAt).slice(0, 8)} · every minute · ${RANGE_SPECS[snapshot.range].periodSeconds / 60} min per point`;
    this.notes.replaceChildren(...(snapshot.notes ?? []).map((n) => el('p', { text: n })));
    this.renderOperations(snapshot.deployments);
    this.draw();
  }

  error(range: MetricRange, message: string): void {
    if (range !== this.range) return;
    this.root.classList.remove('loading');
    this.status.textContent = 'Could not read the metrics.';
    this.notes.replaceChildren(el('p', { className: 'error', text: message }));
  }

  /** The theme changed: colors are baked into the canvases, so the plots are built again. */
  themeChanged(): void {
    this.colors = themeColors();
    for (const slot of this.slots.values()) {
      slot.plot?.destroy();
      slot.plot = undefined;
      slot.signature = undefined;
    }
    this.draw();
  }

  get fetchedAt(): number | undefined {
    return this.snapshot?.fetchedAt;
  }

  /** The labels of the instances chart's dashed reference lines (the auto scaling bounds). */
  instanceBounds(): string[] {
    const instances = this.snapshot?.charts.find((c) => c.id === 'instances');
    return instances?.series.filter((s) => s.dashed).map((s) => s.label) ?? [];
  }

  chartsDrawn(): number {
    return [...this.slots.values()].filter((s) => s.plot !== undefined).length;
  }

  private chooseRange(range: MetricRange): void {
    if (range === this.range) return;
    this.setRange(range);
    this.post({ type: 'setRange', range });
  }

  private onRangeKey(e: KeyboardEvent, range: MetricRange): void {
    const index = METRIC_RANGES.indexOf(range);
    const step = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (!step) return;
    e.preventDefault();
    const next = METRIC_RANGES[(index + step + METRIC_RANGES.length) % METRIC_RANGES.length];
    this.rangeButtons.get(next)?.focus();
    this.chooseRange(next);
  }

  private updateRangeButtons(): void {
    for (const [r, button] of this.rangeButtons) {
      const checked = r === this.range;
      button.setAttribute('aria-checked', String(checked));
      button.tabIndex = checked ? 0 : -1;
    }
  }

  private renderOperations(marks: DeploymentMark[]): void {
    if (marks.length === 0) {
      this.operations.replaceChildren(el('span', { className: 'muted', text: 'No App Runner operations in this range.' }));
      return;
    }
    this.operations.replaceChildren(
      el('span', { className: 'muted', text: 'Operations (dashed lines):' }),
      ...marks.map((m) => el('span', { className: `operation${isFailed(m) ? ' failed' : ''}`, text: describeOperation(m) })),
    );
  }

  private draw(): void {
    if (!this.visible || !this.snapshot) return;
    for (const chart of this.snapshot.charts) this.drawChart(chart, this.snapshot);
  }

  private drawChart(chart: ChartData, snapshot: MetricsSnapshot): void {
    const slot = this.slots.get(chart.id);
    if (!slot) return;
    const measured = chart.series.filter((s) => !s.dashed);
    slot.latest.textContent = measured
      .map((s) => `${measured.length > 1 ? `${s.label} ` : ''}${formatValue(lastValue(s.values), chart.unit)}`)
      .join(' · ');
    slot.figure.setAttribute('aria-label', this.summary(chart));
    const data: uPlot.AlignedData = [snapshot.xs, ...chart.series.map((s) => s.values)];
    const signature = `${snapshot.range}|${chart.series.map((s) => s.label).join('|')}`;
    if (slot.plot && slot.signature === signature) {
      slot.plot.setData(data);
      return;
    }
    slot.plot?.destroy();
    slot.signature = signature;
    const width = Math.max(200, slot.host.clientWidth);
    slot.plot = new uPlot(this.options(chart, width), data, slot.host);
  }

  private summary(chart: ChartData): string {
    const parts = chart.series
      .filter((s) => !s.dashed)
      .map((s) => `${s.label}: latest ${formatValue(lastValue(s.values), chart.unit)}, peak ${formatValue(peak(s.values), chart.unit)}`);
    const bounds = chart.series.filter((s) => s.dashed).map((s) => s.label);
    return `${chart.title} over the last ${RANGE_SPECS[this.range].label}. ${parts.join('; ')}${bounds.length ? `. Auto scaling ${bounds.join(', ')}` : ''}.`;
  }

  private options(chart: ChartData, width: number): uPlot.Options {
    const c = this.colors;
    const axis = (extra: Partial<uPlot.Axis> = {}): uPlot.Axis => ({
      stroke: c.foreground,
      font: c.font,
      grid: { stroke: c.lines, width: 1 },
      ticks: { stroke: c.lines, width: 1 },
      ...extra,
    });
    const series = (s: ChartSeries): uPlot.Series => ({
      label: s.label,
      stroke: c[s.color],
      width: s.dashed ? 1 : 1.5,
      ...(s.dashed ? { dash: [6, 4] } : {}),
      points: { show: false },
      value: (_u: uPlot, v: number | null) => formatValue(v, chart.unit),
    });
    return {
      width,
      height: CHART_HEIGHT,
      scales: {
        x: { time: true },
        y: { range: (_u: uPlot, _min: number, max: number) => [0, max > 0 ? max * 1.1 : 1] },
      },
      axes: [
        axis(),
        axis({ size: 56, values: (_u: uPlot, ticks: number[]) => ticks.map((t) => formatValue(t, chart.unit === '%' ? '%' : '').trim()) }),
      ],
      series: [{}, ...chart.series.map(series)],
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      plugins: [operationMarks(() => this.snapshot?.deployments ?? [], c)],
    };
  }

  private resize(id: ChartId): void {
    const slot = this.slots.get(id);
    if (!slot?.plot) return;
    const width = Math.max(200, slot.host.clientWidth);
    if (width !== slot.plot.width) slot.plot.setSize({ width, height: CHART_HEIGHT });
  }
}
