// The monitor page: a header with the service and the log stream's state, a Logs tab and a
// Metrics tab. It talks to the extension host only through the messages of protocol.ts, and
// saves the service and its choices with setState so that VS Code can restore the panel.
import 'uplot/dist/uPlot.min.css';
import '@vscode/codicons/dist/codicon.css';
import type {
  HostToWebview,
  MonitorProbe,
  MonitorTab,
  MonitorWebviewState,
  ServiceIdentity,
  TailStatus,
  WebviewToHost,
} from '../../../src/monitor/protocol';
import { MetricsView } from './charts';
import { CostView } from './cost';
import { el, icon } from './dom';
import { browserMatcherEnvironment } from './filterWorkerClient';
import { LogView } from './logView';

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): MonitorWebviewState | undefined;
  setState(state: MonitorWebviewState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (message: WebviewToHost) => vscode.postMessage(message);
const saved = vscode.getState();

const STATUS_ICONS: Record<TailStatus['mode'], string> = {
  starting: 'loading',
  live: 'circle-filled',
  reconnecting: 'sync',
  polling: 'history',
  paused: 'debug-pause',
  error: 'error',
};
const STATUS_LABELS: Record<TailStatus['mode'], string> = {
  starting: 'Connecting',
  live: 'Live',
  reconnecting: 'Reconnecting',
  polling: 'Polling',
  paused: 'Paused',
  error: 'Error',
};

let service: ServiceIdentity | undefined = saved?.service;
/** The first init sets the range and tab (unless restored); later ones (settings) do not. */
let initialized = saved !== undefined;
let tab: MonitorTab = saved?.tab ?? 'logs';
let tailMode: TailStatus['mode'] | undefined;

// Read while this script runs: currentScript is null afterwards.
const filterWorkerUrl = (document.currentScript as HTMLScriptElement | null)?.dataset.filterWorker;
const logs = new LogView(50_000, post, browserMatcherEnvironment(filterWorkerUrl));
const metrics = new MetricsView(saved?.range ?? '1h', post);
const cost = new CostView(saved?.range ?? '1h', post);

const title = el('h1', { className: 'service-name', text: service?.name ?? 'App Runner service' });
const region = el('span', { className: 'region', text: service?.region ?? '' });
const statusIcon = icon('loading');
const statusText = el('span', { className: 'status-text', text: 'Connecting' });
const status = el('div', { className: 'tail-status mode-starting', attrs: { role: 'status', title: '' } }, statusIcon, statusText);

const tabs: Record<MonitorTab, { button: HTMLButtonElement; panel: HTMLElement }> = {
  logs: {
    button: el(
      'button',
      { className: 'tab', attrs: { type: 'button', role: 'tab', id: 'tab-logs', 'aria-controls': 'panel-logs' } },
      icon('output'),
      el('span', { text: 'Logs' }),
    ),
    panel: el(
      'section',
      { className: 'tab-panel', attrs: { role: 'tabpanel', id: 'panel-logs', 'aria-labelledby': 'tab-logs' } },
      logs.root,
    ),
  },
  metrics: {
    button: el(
      'button',
      { className: 'tab', attrs: { type: 'button', role: 'tab', id: 'tab-metrics', 'aria-controls': 'panel-metrics' } },
      icon('graph-line'),
      el('span', { text: 'Metrics' }),
    ),
    panel: el(
      'section',
      { className: 'tab-panel', attrs: { role: 'tabpanel', id: 'panel-metrics', 'aria-labelledby': 'tab-metrics' } },
      metrics.root,
    ),
  },
  cost: {
    button: el(
      'button',
      { className: 'tab', attrs: { type: 'button', role: 'tab', id: 'tab-cost', 'aria-controls': 'panel-cost' } },
      icon('credit-card'),
      el('span', { text: 'Cost' }),
    ),
    panel: el(
      'section',
      { className: 'tab-panel', attrs: { role: 'tabpanel', id: 'panel-cost', 'aria-labelledby': 'tab-cost' } },
      cost.root,
    ),
  },
};
const TAB_ORDER: MonitorTab[] = ['logs', 'metrics', 'cost'];

function saveState(): void {
  if (service) vscode.setState({ service, range: metrics.currentRange, tab });
}

function showTab(next: MonitorTab, focus = false): void {
  tab = next;
  for (const [name, t] of Object.entries(tabs) as Array<[MonitorTab, (typeof tabs)[MonitorTab]]>) {
    const selected = name === next;
    t.button.setAttribute('aria-selected', String(selected));
    t.button.tabIndex = selected ? 0 : -1;
    t.panel.hidden = !selected;
  }
  metrics.setVisible(next === 'metrics');
  if (focus) tabs[next].button.focus();
  saveState();
}

const tabList = el(
  'div',
  { className: 'tabs', attrs: { role: 'tablist', 'aria-label': 'Monitor views' } },
  tabs.logs.button,
  tabs.metrics.button,
  tabs.cost.button,
);
for (const name of TAB_ORDER) {
  tabs[name].button.addEventListener('click', () => showTab(name));
  tabs[name].button.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      e.preventDefault();
      const step = e.key === 'ArrowRight' ? 1 : TAB_ORDER.length - 1;
      showTab(TAB_ORDER[(TAB_ORDER.indexOf(name) + step) % TAB_ORDER.length], true);
    }
  });
}

const app = document.getElementById('app');
if (!app) throw new Error('The monitor page has no #app element');
app.replaceChildren(
  el(
    'header',
    { className: 'header' },
    el('div', { className: 'service' }, icon('pulse'), title, region),
    tabList,
    el('div', { className: 'spacer-flex' }),
    status,
  ),
  tabs.logs.panel,
  tabs.metrics.panel,
  tabs.cost.panel,
);
app.removeAttribute('aria-busy');
logs.attached();
showTab(tab);

function setStatus(s: TailStatus): void {
  tailMode = s.mode;
  status.className = `tail-status mode-${s.mode}`;
  statusIcon.className = `codicon codicon-${STATUS_ICONS[s.mode]}${s.mode === 'starting' || s.mode === 'reconnecting' ? ' codicon-modifier-spin' : ''}`;
  statusText.textContent = STATUS_LABELS[s.mode];
  status.title = s.detail;
  status.setAttribute('aria-label', `Log stream: ${STATUS_LABELS[s.mode]}. ${s.detail}`);
}

function probe(requestId: number, match: string | undefined): void {
  const result: MonitorProbe = {
    ...logs.probe(match),
    tailMode,
    tailDetail: status.title || undefined,
    metricsFetchedAt: metrics.fetchedAt,
    chartsDrawn: metrics.chartsDrawn(),
    instanceBounds: metrics.instanceBounds(),
    cost: cost.figures(),
  };
  post({ type: 'probeResult', requestId, probe: result });
}

function receive(message: HostToWebview): void {
  switch (message.type) {
    case 'init':
      service = message.service;
      title.textContent = message.service.name;
      region.textContent = message.service.region;
      logs.setCapacity(message.maxLines);
      if (!initialized) {
        initialized = true;
        metrics.setRange(message.range);
        cost.loading(message.range);
        showTab(message.tab);
      }
      saveState();
      break;
    case 'logs':
      logs.addLines(message.lines);
      break;
    case 'notice':
      logs.addNotice(message.notice);
      break;
    case 'tailStatus':
      setStatus(message.status);
      break;
    case 'metricsLoading':
      metrics.loading(message.range);
      cost.loading(message.range);
      saveState();
      break;
    case 'metrics':
      metrics.show(message.snapshot);
      cost.show(message.snapshot.range, message.snapshot.cost, message.snapshot.fetchedAt);
      break;
    case 'metricsError':
      metrics.error(message.range, message.message);
      break;
    case 'probe':
      probe(message.requestId, message.match);
      break;
    case 'whatIf':
      cost.showWhatIf(message.result, message.error);
      break;
    case 'ratesRefreshed':
      cost.notice(message.message);
      break;
  }
}

window.addEventListener('message', (event: MessageEvent<HostToWebview>) => receive(event.data));
window.addEventListener('error', (event) =>
  post({ type: 'webviewError', message: `${event.message} (${event.filename}:${event.lineno})` }),
);
window.addEventListener('unhandledrejection', (event) => post({ type: 'webviewError', message: String(event.reason) }));
// A theme change sets the body's class and theme id and the variables on <html>: the canvases,
// which bake colors in, are drawn again (once per frame however many attributes changed).
let themeFrame: number | undefined;
const onThemeChange = new MutationObserver(() => {
  themeFrame ??= requestAnimationFrame(() => {
    themeFrame = undefined;
    metrics.themeChanged();
  });
});
onThemeChange.observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });
onThemeChange.observe(document.documentElement, { attributes: true, attributeFilter: ['style'] });

post({ type: 'ready' });
