// The Cost tab: what the service costs over the chosen range (per hour or per day), this month
// so far and projected (range "month"), the breakdown, a "what if" panel, and beside the
// figures the rates with their sources and the assumptions. Figures come from the host
// (src/monitor/cost.ts) already rounded to the cent; the page only lays them out as text.
import { RANGE_SPECS } from '../../../src/monitor/metrics';
import type {
  CostFigure,
  CostView as CostData,
  MetricRange,
  WebviewToHost,
  WhatIfInput,
  WhatIfResult,
} from '../../../src/monitor/protocol';
import { METRIC_RANGES } from '../../../src/monitor/protocol';
import { el, iconButton } from './dom';

/** App Runner's CPU → memory pairs (thousandths of a vCPU → thousandths of a GB). */
const SIZES: Array<[number, number[]]> = [
  [250, [500, 1000]],
  [500, [1000]],
  [1000, [2000, 3000, 4000]],
  [2000, [4000, 6000]],
  [4000, [8000, 10000, 12000]],
];

function figureRows(rows: CostFigure[]): HTMLTableElement {
  const table = el('table', { className: 'cost-breakdown' });
  for (const r of rows) {
    table.appendChild(
      el(
        'tr',
        {},
        el('th', { text: r.label, attrs: { scope: 'row' } }),
        el('td', { className: 'amount', text: r.amount }),
        el('td', { className: 'estimate-mark', text: r.estimate ? 'estimate' : '' }),
      ),
    );
  }
  return table;
}

function card(label: string, value: string, key: string, detail = ''): HTMLElement {
  return el(
    'div',
    { className: 'cost-card' },
    el('div', { className: 'cost-card-label', text: label }),
    el('div', { className: 'cost-card-value', text: value, attrs: { 'data-figure': key } }),
    el('div', { className: 'cost-card-detail', text: detail }),
  );
}

export class CostView {
  readonly root: HTMLElement;
  private readonly rangeButtons = new Map<MetricRange, HTMLButtonElement>();
  private readonly status: HTMLElement;
  private readonly body: HTMLElement;
  private readonly whatIfResult: HTMLElement;
  private readonly minSize: HTMLInputElement;
  private readonly size: HTMLSelectElement;
  private readonly autoDeploy: HTMLInputElement;
  private readonly patternKind: HTMLSelectElement;
  private readonly hours: HTMLInputElement;
  private readonly instances: HTMLInputElement;
  private data?: CostData;

  constructor(
    private range: MetricRange,
    private readonly post: (message: WebviewToHost) => void,
  ) {
    const ranges = el('div', { className: 'ranges', attrs: { role: 'radiogroup', 'aria-label': 'Cost range' } });
    for (const r of METRIC_RANGES) {
      const button = el('button', {
        className: 'range',
        text: r === 'month' ? 'This month' : r,
        attrs: { type: 'button', role: 'radio', title: RANGE_SPECS[r].label, 'aria-label': RANGE_SPECS[r].label },
      });
      button.addEventListener('click', () => this.post({ type: 'setRange', range: r }));
      this.rangeButtons.set(r, button);
      ranges.appendChild(button);
    }
    const refreshRates = iconButton('cloud-download', 'Read the rates from the AWS Price List (pricing:GetProducts)');
    refreshRates.addEventListener('click', () => this.post({ type: 'refreshRates' }));
    this.status = el('span', { className: 'metrics-status', attrs: { role: 'status' } });
    this.body = el('div', { className: 'cost-body' });

    this.minSize = el('input', { attrs: { type: 'number', min: '1', max: '25', step: '1', value: '1', 'aria-label': 'MinSize' } });
    this.size = el('select', { attrs: { 'aria-label': 'CPU and memory' } });
    for (const [cpu, memories] of SIZES) {
      for (const memory of memories) {
        this.size.appendChild(el('option', { text: `${cpu / 1000} vCPU / ${memory / 1000} GB`, attrs: { value: `${cpu}/${memory}` } }));
      }
    }
    this.autoDeploy = el('input', { attrs: { type: 'checkbox', 'aria-label': 'Automatic deployments' } });
    this.patternKind = el('select', { attrs: { 'aria-label': 'Activity' } });
    this.patternKind.append(
      el('option', { text: 'as measured over the range', attrs: { value: 'measured' } }),
      el('option', { text: 'a daily pattern', attrs: { value: 'pattern' } }),
    );
    this.hours = el('input', {
      attrs: { type: 'number', min: '0', max: '24', step: '0.5', value: '8', 'aria-label': 'Active hours a day' },
    });
    this.instances = el('input', {
      attrs: { type: 'number', min: '0', max: '25', step: '1', value: '1', 'aria-label': 'Active instances' },
    });
    const compute = el('button', { className: 'button', text: 'Compute', attrs: { type: 'button' } });
    compute.addEventListener('click', () => this.askWhatIf());
    this.whatIfResult = el('div', { className: 'what-if-result', attrs: { role: 'status' } });
    const label = (text: string, control: HTMLElement) => el('label', { className: 'what-if-field' }, el('span', { text }), control);
    const whatIf = el(
      'section',
      { className: 'what-if', attrs: { 'aria-label': 'What if' } },
      el('h2', { text: 'What if' }),
      el(
        'div',
        { className: 'what-if-fields' },
        label('MinSize', this.minSize),
        label('CPU / memory', this.size),
        label('Automatic deployments', this.autoDeploy),
        label('Activity', this.patternKind),
        label('Active hours a day', this.hours),
        label('Active instances', this.instances),
        compute,
      ),
      this.whatIfResult,
    );
    this.root = el(
      'div',
      { className: 'cost-view' },
      el('div', { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Cost tools' } }, ranges, refreshRates, this.status),
      this.body,
      whatIf,
    );
    this.updateRangeButtons();
  }

  loading(range: MetricRange): void {
    this.range = range;
    this.updateRangeButtons();
    this.status.textContent = 'Loading…';
  }

  show(range: MetricRange, data: CostData | undefined, fetchedAt: number): void {
    if (range !== this.range) return;
    this.status.textContent = `Updated ${new Date(fetchedAt).toLocaleTimeString()}`;
    const first = this.data === undefined;
    this.data = data;
    if (first && data?.service) this.prefill(data.service);
    this.render();
  }

  notice(text: string): void {
    this.status.textContent = text;
  }

  showWhatIf(result: WhatIfResult | undefined, error: string | undefined): void {
    if (!result) {
      this.whatIfResult.replaceChildren(el('p', { className: 'error', text: error ?? 'No result.' }));
      return;
    }
    this.whatIfResult.replaceChildren(
      el(
        'p',
        { className: 'what-if-total' },
        el('span', { text: 'A month would cost ' }),
        el('strong', { text: result.monthly, attrs: { 'data-figure': 'whatIf.monthly' } }),
        el('span', { text: ` (${result.difference} against ${result.current} as it is)` }),
      ),
      figureRows(result.breakdown),
      el('p', { className: 'cost-note', text: result.basis }),
    );
  }

  /** The figures shown, for tests: data-figure key → text. */
  figures(): Record<string, string> {
    const out: Record<string, string> = {};
    this.root.querySelectorAll<HTMLElement>('[data-figure]').forEach((node) => (out[node.dataset.figure ?? ''] = node.textContent ?? ''));
    return out;
  }

  private prefill(service: string): void {
    const m = /^([\d.]+) vCPU \/ ([\d.]+) GB, MinSize (\d+)/.exec(service);
    if (!m) return;
    this.size.value = `${Math.round(Number(m[1]) * 1000)}/${Math.round(Number(m[2]) * 1000)}`;
    this.minSize.value = m[3];
    this.autoDeploy.checked = service.includes('automatic deployments');
  }

  private askWhatIf(): void {
    const [cpu, memory] = this.size.value.split('/').map(Number);
    const input: WhatIfInput = {
      minSize: Math.round(Number(this.minSize.value)),
      cpuMilli: cpu,
      memoryMilliGb: memory,
      automaticDeployments: this.autoDeploy.checked,
      pattern:
        this.patternKind.value === 'pattern'
          ? { kind: 'pattern', activeHoursPerDay: Number(this.hours.value), activeInstances: Math.round(Number(this.instances.value)) }
          : { kind: 'measured' },
    };
    this.post({ type: 'whatIf', input });
  }

  private render(): void {
    const d = this.data;
    if (!d) {
      this.body.replaceChildren(el('p', { className: 'cost-note', text: 'Waiting for the metrics…' }));
      return;
    }
    if (d.error) {
      this.body.replaceChildren(el('p', { className: 'error', text: d.error }));
      return;
    }
    const cards = el('div', { className: 'cost-cards' });
    if (d.month) {
      cards.append(
        card(`${d.month.label} so far`, d.month.soFar, 'month.soFar', `until ${new Date(d.month.countedUntil).toLocaleString()}`),
        el('span', {
          className: 'counted-until',
          text: String(d.month.countedUntil),
          attrs: { hidden: '', 'data-figure': 'month.countedUntil' },
        }),
        card(`${d.month.label} projected`, d.month.projected, 'month.projected', 'if the rest of the month runs like so far'),
      );
    }
    if (!d.month) cards.append(card(`Last ${d.rangeLabel ?? ''}`, d.rangeTotal ?? '', 'range.total'));
    cards.append(
      card('Per hour', d.perHour ?? '', 'range.perHour', 'average while running'),
      card('Per day', d.perDay ?? '', 'range.perDay', 'average while running'),
    );
    if (!d.month)
      cards.append(
        card('A month at this pace', d.monthAtThisPace ?? '', 'range.monthAtThisPace', 'choose “This month” for the month so far'),
      );
    const max = Math.max(0.000001, ...(d.buckets ?? []).map((b) => b.dollars));
    const bars = el('div', { className: 'cost-bars', attrs: { role: 'img', 'aria-label': `Cost per ${d.bucketUnit}` } });
    for (const b of d.buckets ?? []) {
      const bar = el('div', { className: 'cost-bar' });
      bar.style.height = `${Math.max(1, (b.dollars / max) * 100)}%`;
      const when = new Date(b.start);
      const label =
        d.bucketUnit === 'day' ? when.toLocaleDateString() : when.toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });
      bars.appendChild(el('div', { className: 'cost-bar-slot', attrs: { title: `${label}: ${b.amount}` } }, bar));
    }
    const rates = el('table', { className: 'cost-rates' });
    for (const r of d.rates ?? []) {
      rates.appendChild(
        el(
          'tr',
          {},
          el('th', { text: r.label, attrs: { scope: 'row' } }),
          el('td', { className: 'amount', text: r.value }),
          el('td', { text: `${r.source}${r.unverified ? ' (not confirmed on an AWS page)' : ''}` }),
        ),
      );
    }
    this.body.replaceChildren(
      el('p', { className: 'cost-service', text: d.service ?? '' }),
      cards,
      el('h2', { text: `Cost per ${d.bucketUnit ?? 'hour'}` }),
      bars,
      el(
        'div',
        { className: 'cost-columns' },
        el(
          'section',
          {},
          el('h2', { text: d.month ? `${d.month.label} so far` : `Last ${d.rangeLabel ?? ''}` }),
          figureRows(d.month?.soFarBreakdown ?? d.rangeBreakdown ?? []),
        ),
        d.month ? el('section', {}, el('h2', { text: `${d.month.label} projected` }), figureRows(d.month.projectedBreakdown)) : el('span'),
      ),
      el('h2', { text: 'Rates' }),
      rates,
      el('h2', { text: 'Assumptions' }),
      el('ul', { className: 'cost-assumptions' }, ...(d.assumptions ?? []).map((a) => el('li', { text: a }))),
    );
  }

  private updateRangeButtons(): void {
    for (const [r, button] of this.rangeButtons) button.setAttribute('aria-checked', String(r === this.range));
  }
}
