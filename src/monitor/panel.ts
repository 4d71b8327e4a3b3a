// One monitor panel: the webview (strict CSP, scripts only with a nonce, resources only from
// media/monitor), its log tail and its metrics refresh. Messages go through protocol.ts; the
// host checks every message the webview sends before acting on it.
import { randomBytes } from 'crypto';
import vscode = require('vscode');
import type { Ui } from '../ui/ui';
import type { AwsContext } from '../shared/awsContext';
import { systemClock } from '../shared/clock';
import { forHtml } from '../shared/untrusted';
import { findLogGroups, logTailBackend, MetricsSource } from './backends';
import type { CostRates } from './costRates';
import { LogGroupRef, LogTail } from './logTail';
import { MetricsPoller } from './metricsPoller';
import {
  HostToWebview,
  isWebviewMessage,
  MetricRange,
  MonitorProbe,
  MonitorTab,
  ServiceIdentity,
  TailStatus,
  WebviewToHost,
  WireLogLine,
} from './protocol';

/** How often the monitor looks for log groups that did not exist yet. */
const GROUP_DISCOVERY_MS = 30_000;
/** Lines are sent to the webview in batches, at most this often… */
const LINE_FLUSH_MS = 50;
/** …or at once when this many are waiting. */
const LINE_BATCH = 5_000;
const PROBE_TIMEOUT_MS = 10_000;

export function monitorWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    enableForms: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'media', 'monitor')],
    // The log buffer lives in the page; recreating it on every tab switch would lose it.
    retainContextWhenHidden: true,
  };
}

export function monitorHtml(webview: vscode.Webview, extensionUri: vscode.Uri, service: ServiceIdentity): string {
  const nonce = randomBytes(18).toString('base64');
  const media = (...path: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'monitor', ...path)).toString();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
    `img-src ${webview.cspSource} data:`,
    `script-src 'nonce-${nonce}'`,
    // The regular-expression filter runs in a worker: its script is fetched from media/monitor
    // and started from a blob (webviews cannot start workers from resource URLs).
    `connect-src ${webview.cspSource}`,
    'worker-src blob:',
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${media('out', 'monitor.css')}">
<link rel="stylesheet" href="${media('monitor.css')}">
<link rel="stylesheet" href="${media('cost.css')}">
<title>Monitor: ${forHtml(service.name)}</title>
</head>
<body>
<div id="app" aria-busy="true"></div>
<script nonce="${nonce}" src="${media('out', 'monitor.js')}" data-filter-worker="${media('out', 'filterWorker.js')}"></script>
</body>
</html>`;
}

export interface MonitorPanelOptions {
  aws: AwsContext;
  ui: Ui;
  extensionUri: vscode.Uri;
  maxLines: () => number;
  /** How long the panel may be hidden before its Live Tail session ends. */
  hiddenGraceMs: () => number;
  range: MetricRange;
  tab: MonitorTab;
  costRates: CostRates;
}

export class MonitorPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  private readonly disposed = new vscode.EventEmitter<void>();
  readonly onDidDispose = this.disposed.event;
  private ready = false;
  /** Messages posted before the page said it is ready; status messages keep only the latest. */
  private early: HostToWebview[] = [];
  private tail?: LogTail;
  private tailStarting = false;
  private readonly poller: MetricsPoller;
  private readonly metrics: MetricsSource;
  private pendingLines: WireLogLine[] = [];
  private flushTimer?: NodeJS.Timeout;
  private discoveryTimer?: NodeJS.Timeout;
  private lastStatus?: TailStatus;
  private nextProbeId = 1;
  private readonly probes = new Map<number, (probe: MonitorProbe) => void>();
  private isDisposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly service: ServiceIdentity,
    private readonly options: MonitorPanelOptions,
  ) {
    panel.webview.options = monitorWebviewOptions(options.extensionUri);
    panel.iconPath = vscode.Uri.joinPath(options.extensionUri, 'media', 'icons', 'apprunner.svg');
    panel.title = `Monitor: ${service.name}`;
    const metrics = new MetricsSource(
      () => options.aws.session(),
      service,
      (what, action, err) => `Could not ${what}: ${options.aws.describe(err, { action, region: service.region }).message}`,
      (region) => options.costRates.resolve(region),
    );
    this.metrics = metrics;
    this.poller = new MetricsPoller(
      {
        fetch: (range, signal) => metrics.fetch(range, signal),
        loading: (range) => this.post({ type: 'metricsLoading', range }),
        loaded: (snapshot) => this.post({ type: 'metrics', snapshot }),
        failed: (range, err) => {
          const info = options.aws.describe(err, {
            action: 'cloudwatch:GetMetricData',
            region: service.region,
            doing: `read the metrics of ${service.name}`,
          });
          options.aws.output.appendLine(`[monitor] ${service.name}: GetMetricData failed: ${(err as Error)?.stack ?? String(err)}`);
          this.post({ type: 'metricsError', range, message: info.message });
        },
        now: () => Date.now(),
        setTimer: (fn, ms) => {
          const handle = setTimeout(fn, ms);
          return { dispose: () => clearTimeout(handle) };
        },
      },
      options.range,
    );
    this.disposables.push(
      panel.webview.onDidReceiveMessage((m: unknown) => this.receive(m)),
      panel.onDidChangeViewState(() => {
        this.poller.setVisible(panel.visible);
        this.tail?.setVisible(panel.visible, options.hiddenGraceMs());
      }),
      panel.onDidDispose(() => this.dispose()),
      // Another profile or endpoint: the old session's clients are destroyed, which breaks the
      // Live Tail stream; the tail reconnects through the new session and fills the gap itself.
      options.aws.onDidChange(() => void this.poller.refresh()),
    );
    panel.webview.html = monitorHtml(panel.webview, options.extensionUri, service);
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** Asks the page what it shows (tests use this through the extension API). */
  probe(match?: string): Promise<MonitorProbe> {
    const requestId = this.nextProbeId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.probes.delete(requestId);
        reject(new Error(`The monitor of ${this.service.name} did not answer a probe within ${PROBE_TIMEOUT_MS / 1000} s`));
      }, PROBE_TIMEOUT_MS);
      this.probes.set(requestId, (probe) => {
        clearTimeout(timer);
        resolve({ ...probe, fillsPending: this.tail?.fillsPending ?? false });
      });
      this.post({ type: 'probe', requestId, ...(match !== undefined ? { match } : {}) });
    });
  }

  setRange(range: MetricRange): Promise<void> {
    return this.poller.setRange(range);
  }

  refreshMetrics(): Promise<void> {
    return this.poller.refresh();
  }

  /** The settings changed: tell the page its new line limit. */
  sendInit(): void {
    this.post({ type: 'init', service: this.service, maxLines: this.options.maxLines(), range: this.poller.range, tab: this.options.tab });
  }

  private post(message: HostToWebview): void {
    if (this.isDisposed) return;
    if (!this.ready) {
      if (message.type === 'tailStatus' || message.type === 'metricsLoading') {
        this.early = this.early.filter((m) => m.type !== message.type);
      }
      this.early.push(message);
      return;
    }
    void this.panel.webview.postMessage(message);
  }

  private receive(raw: unknown): void {
    if (!isWebviewMessage(raw)) {
      this.options.aws.output.appendLine(`[monitor] ignored a malformed message from the ${this.service.name} monitor page`);
      return;
    }
    const message: WebviewToHost = raw;
    switch (message.type) {
      case 'ready':
        this.onReady();
        break;
      case 'setRange':
        void this.poller.setRange(message.range);
        break;
      case 'refreshMetrics':
        void this.poller.refresh();
        break;
      case 'whatIf':
        try {
          this.post({ type: 'whatIf', result: this.metrics.whatIf(message.input) });
        } catch (err) {
          this.post({ type: 'whatIf', error: (err as Error).message });
        }
        break;
      case 'refreshRates':
        void this.options.costRates.refresh(this.service.region).then((text) => {
          this.post({ type: 'ratesRefreshed', message: text });
          return this.poller.refresh();
        });
        break;
      case 'copy':
        vscode.env.clipboard.writeText(message.text).then(
          () =>
            vscode.window.setStatusBarMessage(
              `Copied ${message.lineCount.toLocaleString()} log line${message.lineCount === 1 ? '' : 's'}`,
              3000,
            ),
          (err: unknown) => vscode.window.showErrorMessage(`Could not copy the log lines: ${(err as Error)?.message ?? String(err)}`),
        );
        break;
      case 'save':
        void this.save(message.text, message.lineCount);
        break;
      case 'probeResult':
        this.probes.get(message.requestId)?.(message.probe);
        this.probes.delete(message.requestId);
        break;
      case 'webviewError':
        this.options.aws.output.appendLine(`[monitor] ${this.service.name} page error: ${message.message}`);
        break;
    }
  }

  private onReady(): void {
    const reloaded = this.ready;
    this.ready = true;
    this.sendInit();
    const early = this.early;
    this.early = [];
    early.forEach((m) => this.post(m));
    if (reloaded) {
      // The page was rebuilt (its buffer is empty): start over with a fresh backfill.
      void this.restartTail();
      void this.poller.refresh();
      return;
    }
    void this.startTail();
    void this.poller.refresh();
  }

  private setStatus(status: TailStatus): void {
    this.lastStatus = status;
    this.post({ type: 'tailStatus', status });
  }

  private async startTail(): Promise<void> {
    if (this.tail || this.tailStarting || this.isDisposed) return;
    this.tailStarting = true;
    try {
      const groups = await this.discoverGroups();
      if (this.isDisposed || groups === undefined) return;
      if (groups.length === 0) {
        this.setStatus({
          mode: 'starting',
          detail: `${this.service.name} has no log groups yet; looking again every ${GROUP_DISCOVERY_MS / 1000} s…`,
        });
        this.scheduleDiscovery();
        return;
      }
      const tail = new LogTail(
        groups,
        logTailBackend(() => this.options.aws.session(), this.service.region),
        {
          now: () => Date.now(),
          // The tail wants an early, quiet return when it stops.
          sleep: (ms, signal) => systemClock.sleep(ms, signal).catch(() => undefined),
        },
        {
          lines: (lines) => this.queueLines(lines),
          status: (status) => this.setStatus(status),
          notice: (notice) => this.post({ type: 'notice', notice }),
          failure: (err, doing) =>
            void this.options.aws.showError(err, {
              action: 'logs:StartLiveTail',
              region: this.service.region,
              doing: `${doing} of ${this.service.name}`,
            }),
        },
        (err) => this.options.aws.describe(err, { action: 'logs:FilterLogEvents', region: this.service.region }).message,
      );
      this.tail = tail;
      tail.setVisible(this.panel.visible, this.options.hiddenGraceMs());
      tail.start();
      if (groups.length < 2) this.scheduleDiscovery();
    } finally {
      this.tailStarting = false;
    }
  }

  /** The service's log groups, or undefined after showing why they could not be listed. */
  private async discoverGroups(): Promise<LogGroupRef[] | undefined> {
    try {
      return await findLogGroups(this.options.aws.session(), this.service);
    } catch (err) {
      const info = this.options.aws.describe(err, {
        action: 'logs:DescribeLogGroups',
        region: this.service.region,
        doing: `find the log groups of ${this.service.name}`,
      });
      if (this.lastStatus?.mode !== 'error')
        void this.options.aws.showError(err, {
          action: 'logs:DescribeLogGroups',
          region: this.service.region,
          doing: `find the log groups of ${this.service.name}`,
        });
      this.setStatus({ mode: 'error', detail: `${info.message} Trying again in ${GROUP_DISCOVERY_MS / 1000} s.` });
      this.scheduleDiscovery();
      return undefined;
    }
  }

  private scheduleDiscovery(): void {
    clearTimeout(this.discoveryTimer);
    if (this.isDisposed) return;
    this.discoveryTimer = setTimeout(() => void this.discoverAgain(), GROUP_DISCOVERY_MS);
  }

  private async discoverAgain(): Promise<void> {
    if (!this.tail) return this.startTail();
    const groups = await this.discoverGroups();
    if (!groups || !this.tail) return;
    groups.forEach((g) => this.tail?.addGroup(g));
    if (this.tail.groupCount < 2) this.scheduleDiscovery();
  }

  private async restartTail(): Promise<void> {
    const old = this.tail;
    this.tail = undefined;
    clearTimeout(this.discoveryTimer);
    await old?.stop();
    if (this.ready) await this.startTail();
  }

  private queueLines(lines: WireLogLine[]): void {
    for (const line of lines) this.pendingLines.push(line);
    if (this.pendingLines.length >= LINE_BATCH) {
      this.flushLines();
    } else {
      this.flushTimer ??= setTimeout(() => this.flushLines(), LINE_FLUSH_MS);
    }
  }

  private flushLines(): void {
    clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    while (this.pendingLines.length > 0) {
      this.post({ type: 'logs', lines: this.pendingLines.splice(0, LINE_BATCH) });
    }
  }

  private async save(text: string, lineCount: number): Promise<void> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const saveAs = await this.options.ui.saveFile({
      title: `Save ${lineCount.toLocaleString()} log lines of ${this.service.name}`,
      folder: folder?.fsPath,
      fileName: `${this.service.name}-${stamp}.log`,
      filters: { 'Log files': ['log', 'txt'] },
    });
    if (!saveAs) return;
    const target = vscode.Uri.file(saveAs);
    try {
      await vscode.workspace.fs.writeFile(target, Buffer.from(text, 'utf8'));
      void vscode.window.setStatusBarMessage(`Saved ${lineCount.toLocaleString()} log lines to ${target.fsPath}`, 5000);
    } catch (err) {
      void vscode.window.showErrorMessage(`Could not save the log lines to ${target.fsPath}: ${(err as Error).message}`);
    }
  }

  dispose(): void {
    if (this.isDisposed) return;
    this.isDisposed = true;
    clearTimeout(this.flushTimer);
    clearTimeout(this.discoveryTimer);
    void this.tail?.stop();
    this.poller.dispose();
    this.disposed.fire();
    this.disposed.dispose();
    this.disposables.forEach((d) => d.dispose());
    this.panel.dispose();
  }
}
