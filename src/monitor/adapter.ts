// The monitor in VS Code, loaded on first use as dist/monitor.js (see index.ts): the "Open Monitor"
// command (from the tree or the palette), one panel per service (opening it again focuses it), and
// the panels VS Code brings back after a window reload.
import vscode = require('vscode');
import { asServiceRef, type Catalog } from '../catalog/catalog';
import type { AwsContext } from '../shared/awsContext';
import type { FeatureCommands } from '../shared/lazyFeatures';
import { CostRates } from './costRates';
import type { Ui } from '../ui/ui';
import type { MonitorCommand } from './index';
import { MonitorPanel, monitorWebviewOptions } from './panel';
import { isMetricRange, MetricRange, MONITOR_VIEW_TYPE, MonitorProbe, MonitorTab, MonitorWebviewState, ServiceIdentity } from './protocol';
import { serviceOfCommand } from '../shared/servicePicker';

/** What tests (and other extensions) can do with the monitor through the extension API. */
export interface MonitorApi {
  openPanels(): ServiceIdentity[];
  /** What the service's monitor page shows (see MonitorProbe). */
  probe(serviceArn: string, match?: string): Promise<MonitorProbe>;
  /** Refreshes the metrics now, as the one-minute timer does. */
  refreshMetrics(serviceArn: string): Promise<void>;
  /** Chooses the range of the metrics and cost views, as the page's range buttons do. */
  setRange(serviceArn: string, range: MetricRange): Promise<void>;
}

export interface MonitorFeature extends MonitorApi {
  /** Adopts a panel VS Code restored after a window reload (its serializer is registered at activation). */
  restore(panel: vscode.WebviewPanel, state: unknown): void;
}

export function activateMonitor(
  context: vscode.ExtensionContext,
  aws: AwsContext,
  catalog: Catalog,
  ui: Ui,
  commands: FeatureCommands<MonitorCommand>,
): MonitorFeature {
  const panels = new Map<string, MonitorPanel>();
  const costRates = new CostRates(context.globalState, aws, ui);
  const maxLines = () => vscode.workspace.getConfiguration('apprunner.monitor').get<number>('maxLogLines') ?? 50_000;
  // Settings files are not checked against the declared bounds: clamp to them here.
  const hiddenGraceMs = () => {
    const seconds = vscode.workspace.getConfiguration('apprunner.monitor').get<number>('hiddenGraceSeconds');
    return 1000 * Math.min(3600, Math.max(0, Number.isFinite(seconds) ? Math.round(seconds as number) : 30));
  };

  function adopt(panel: vscode.WebviewPanel, service: ServiceIdentity, range: MetricRange, tab: MonitorTab): MonitorPanel {
    const monitor = new MonitorPanel(panel, service, {
      aws,
      ui,
      extensionUri: context.extensionUri,
      maxLines,
      hiddenGraceMs,
      range,
      tab,
      costRates,
    });
    panels.set(service.arn, monitor);
    monitor.onDidDispose(() => {
      if (panels.get(service.arn) === monitor) panels.delete(service.arn);
    });
    return monitor;
  }

  function open(service: ServiceIdentity): void {
    const existing = panels.get(service.arn);
    if (existing) {
      existing.reveal();
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      MONITOR_VIEW_TYPE,
      `Monitor: ${service.name}`,
      vscode.ViewColumn.Active,
      monitorWebviewOptions(context.extensionUri),
    );
    adopt(panel, service, '1h', 'logs');
  }

  function panelFor(serviceArn: string): MonitorPanel {
    const panel = panels.get(serviceArn);
    if (!panel) throw new Error(`No monitor is open for ${serviceArn}`);
    return panel;
  }

  context.subscriptions.push(
    commands.register('apprunner.openMonitor', async (arg?: unknown) => {
      const service = await serviceOfCommand(catalog, ui, arg, {
        title: 'Open Monitor',
        placeHolder: 'Choose the App Runner service to monitor',
        noneMessage: 'There is no App Runner service to monitor in the selected regions.',
      });
      if (service) open(service);
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('apprunner.monitor.maxLogLines')) panels.forEach((p) => p.sendInit());
      if (e.affectsConfiguration('apprunner.cost')) panels.forEach((p) => void p.refreshMetrics());
    }),
    // An update the extension started or saw (e.g. another auto scaling configuration): the charts
    // read the service again, so the instances chart's bounds follow.
    catalog.onDidChange((change) => change.services.forEach((s) => void panels.get(s.arn)?.refreshMetrics())),
    { dispose: () => panels.forEach((p) => p.dispose()) },
  );

  function restore(panel: vscode.WebviewPanel, state: unknown): void {
    const saved = state as Partial<MonitorWebviewState> | undefined;
    const service = asServiceRef(saved?.service);
    if (!service || panels.has(service.arn)) {
      // Nothing to restore from (the page never got its service), or a duplicate.
      panel.dispose();
      return;
    }
    adopt(
      panel,
      service,
      isMetricRange(saved?.range) ? saved.range : '1h',
      saved?.tab === 'metrics' || saved?.tab === 'cost' ? saved.tab : 'logs',
    );
  }

  return {
    restore,
    openPanels: () => [...panels.values()].map((p) => p.service),
    probe: (serviceArn, match) => panelFor(serviceArn).probe(match),
    refreshMetrics: (serviceArn) => panelFor(serviceArn).refreshMetrics(),
    setRange: (serviceArn, range) => panelFor(serviceArn).setRange(range),
  };
}
