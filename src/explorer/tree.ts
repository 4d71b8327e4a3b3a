// The App Runner services tree: regions → services → details and recent operations.
// Services load page by page (each page shows as it arrives); while any service has an
// operation in progress the affected services are re-read every few seconds, and polling
// stops as soon as none is busy.
import * as vscode from 'vscode';
import type { UserFacingError } from '../aws/errors';
import type { AutoScalingConfiguration, OperationSummary, Service, ServiceSummary } from '../aws/types';
import type { AwsContext } from '../shared/awsContext';
import { forPlainText } from '../shared/untrusted';
import { DetailRow, matchesFilter, operationDescription, operationLabel, serviceDetailRows } from './details';
import { operationInProgressText, presentStatus, serviceContextValue } from './status';

export class RegionNode {
  readonly kind = 'region';
  services = new Map<string, ServiceNode>();
  complete = false;
  loading?: Promise<void>;
  error?: UserFacingError;
  constructor(readonly region: string) {}
}

export class ServiceNode {
  readonly kind = 'service';
  detail?: { service: Service; scaling?: AutoScalingConfiguration; operations: OperationSummary[] };
  /** Type of the operation in flight (from ListOperations or the action we started). */
  operationType?: string;
  constructor(
    readonly parent: RegionNode,
    public summary: ServiceSummary,
  ) {}
  get region(): string {
    return this.parent.region;
  }
  get arn(): string {
    return this.summary.ServiceArn ?? '';
  }
  get name(): string {
    return this.summary.ServiceName ?? '?';
  }
  get status(): string | undefined {
    return this.summary.Status;
  }
  get url(): string | undefined {
    return this.summary.ServiceUrl;
  }
}

class DetailNode {
  readonly kind = 'detail';
  constructor(
    readonly parent: ServiceNode,
    readonly row: DetailRow,
  ) {}
}

class OperationsNode {
  readonly kind = 'operations';
  constructor(readonly parent: ServiceNode) {}
}

class OperationNode {
  readonly kind = 'operation';
  constructor(
    readonly parent: ServiceNode,
    readonly op: OperationSummary,
  ) {}
}

class MessageNode {
  readonly kind = 'message';
  constructor(
    readonly id: string,
    readonly text: string,
    readonly icon: string,
    readonly command?: vscode.Command,
    readonly tooltip?: string,
  ) {}
}

export type ExplorerNode = RegionNode | ServiceNode | DetailNode | OperationsNode | OperationNode | MessageNode;

export class ServicesTree implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private regions: RegionNode[] = [];
  private readonly changed = new vscode.EventEmitter<ExplorerNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private pollTimer?: NodeJS.Timeout;
  private filterText: string;
  /** Set when AWS said there are no usable credentials; the view then shows its welcome content. */
  private credentialsMissing = false;

  constructor(
    private readonly aws: AwsContext,
    private readonly state: vscode.Memento,
  ) {
    this.filterText = state.get<string>('apprunner.filter') ?? '';
    this.rebuildRegions();
    void this.updateContextKeys();
  }

  get filter(): string {
    return this.filterText;
  }

  async setFilter(text: string): Promise<void> {
    this.filterText = text.trim();
    await this.state.update('apprunner.filter', this.filterText);
    await this.updateContextKeys();
    this.changed.fire(undefined);
  }

  /** Forgets everything and reloads from AWS (the Refresh command, settings changes). */
  refresh(): void {
    this.credentialsMissing = false;
    this.rebuildRegions();
    void this.updateContextKeys();
    this.changed.fire(undefined);
  }

  regionNodes(): RegionNode[] {
    return this.regions;
  }

  /** All loaded services, across regions. */
  allServices(): ServiceNode[] {
    return this.regions.flatMap((r) => [...r.services.values()]);
  }

  /** Waits until every region has finished loading (or failed). */
  async loaded(): Promise<void> {
    await Promise.all(this.regions.map((r) => this.loadRegion(r)));
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    switch (node.kind) {
      case 'region': {
        const item = new vscode.TreeItem(node.region, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `region:${node.region}`;
        item.iconPath = new vscode.ThemeIcon('globe');
        item.contextValue = 'region';
        const count = [...node.services.values()].filter((s) => matchesFilter(s.name, this.filterText)).length;
        item.description = node.error ? 'error' : node.complete ? `${count} service${count === 1 ? '' : 's'}` : `${count} loaded…`;
        return item;
      }
      case 'service': {
        const p = presentStatus(node.status, node.operationType);
        const item = new vscode.TreeItem(forPlainText(node.name), vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `service:${node.arn}`;
        item.description = forPlainText(p.description);
        item.iconPath = new vscode.ThemeIcon(p.icon, p.color ? new vscode.ThemeColor(p.color) : undefined);
        item.contextValue = serviceContextValue(node.status);
        // A plain string, not Markdown: every field comes from AWS (or whatever answers at the endpoint).
        item.tooltip = [`${node.name} — ${p.description}`, node.url ?? '', node.arn]
          .filter(Boolean)
          .map((line) => forPlainText(line))
          .join('\n');
        return item;
      }
      case 'detail': {
        const item = new vscode.TreeItem(node.row.label, vscode.TreeItemCollapsibleState.None);
        item.id = `detail:${node.parent.arn}:${node.row.key}`;
        item.description = forPlainText(node.row.value);
        item.tooltip = forPlainText(node.row.tooltip ?? node.row.value);
        item.iconPath = new vscode.ThemeIcon(node.row.icon);
        item.contextValue = `detail.${node.row.key}`;
        if (node.row.key === 'url' && node.parent.status === 'RUNNING') {
          item.command = { command: 'apprunner.openServiceUrl', title: 'Open', arguments: [node.parent] };
        }
        return item;
      }
      case 'operations': {
        const item = new vscode.TreeItem('Recent operations', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `operations:${node.parent.arn}`;
        item.iconPath = new vscode.ThemeIcon('history');
        item.description = `${node.parent.detail?.operations.length ?? 0}`;
        return item;
      }
      case 'operation': {
        const item = new vscode.TreeItem(operationLabel(node.op), vscode.TreeItemCollapsibleState.None);
        item.id = `operation:${node.parent.arn}:${node.op.Id}`;
        item.description = forPlainText(operationDescription(node.op));
        item.tooltip = [
          `${node.op.Type} ${node.op.Status}`,
          node.op.Id ?? '',
          `started ${node.op.StartedAt?.toISOString() ?? '?'}`,
          node.op.EndedAt ? `ended ${node.op.EndedAt.toISOString()}` : '',
        ]
          .filter(Boolean)
          .map((line) => forPlainText(line))
          .join('\n');
        const failed = /FAILED|ROLLBACK/.test(node.op.Status ?? '');
        const running = /PENDING|IN_PROGRESS/.test(node.op.Status ?? '') && !/ROLLBACK/.test(node.op.Status ?? '');
        item.iconPath = new vscode.ThemeIcon(
          failed ? 'error' : running ? 'sync~spin' : 'check',
          failed ? new vscode.ThemeColor('errorForeground') : undefined,
        );
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(forPlainText(node.text), vscode.TreeItemCollapsibleState.None);
        item.id = node.id;
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.command = node.command;
        item.tooltip = (node.tooltip ?? node.text)
          .split('\n')
          .map((line) => forPlainText(line))
          .join('\n');
        return item;
      }
    }
  }

  getParent(node: ExplorerNode): ExplorerNode | undefined {
    return node.kind === 'region' || node.kind === 'message' ? undefined : node.parent;
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!node) {
      return this.credentialsMissing ? [] : this.regions;
    }
    switch (node.kind) {
      case 'region':
        return this.regionChildren(node);
      case 'service':
        return this.serviceChildren(node);
      case 'operations':
        return (node.parent.detail?.operations ?? []).map((op) => new OperationNode(node.parent, op));
      default:
        return [];
    }
  }

  private regionChildren(node: RegionNode): ExplorerNode[] {
    if (!node.loading) {
      void this.loadRegion(node);
    }
    const services = [...node.services.values()].filter((s) => matchesFilter(s.name, this.filterText));
    const out: ExplorerNode[] = services;
    if (node.error) {
      out.push(
        new MessageNode(
          `error:${node.region}`,
          node.error.message,
          'warning',
          { command: 'apprunner.refresh', title: 'Retry' },
          `${node.error.message}\n\nClick to retry.`,
        ),
      );
    } else if (!node.complete) {
      out.push(new MessageNode(`loading:${node.region}`, 'Loading services…', 'loading~spin'));
    } else if (services.length === 0) {
      out.push(
        new MessageNode(
          `empty:${node.region}`,
          this.filterText ? `No service matches "${this.filterText}"` : 'No App Runner services',
          'info',
        ),
      );
    }
    return out;
  }

  private async serviceChildren(node: ServiceNode): Promise<ExplorerNode[]> {
    if (!node.detail) {
      try {
        await this.loadDetail(node);
      } catch (err) {
        const info = this.aws.describe(err, { action: 'apprunner:DescribeService', region: node.region, doing: `describe ${node.name}` });
        return [new MessageNode(`error:${node.arn}`, info.message, 'warning', { command: 'apprunner.refresh', title: 'Retry' })];
      }
    }
    const d = node.detail!;
    return [...serviceDetailRows(d.service, d.scaling).map((row) => new DetailNode(node, row)), new OperationsNode(node)];
  }

  private async loadDetail(node: ServiceNode): Promise<void> {
    const api = this.aws.session().appRunner;
    const [service, operations] = await Promise.all([
      api.describeService(node.region, node.arn),
      api.listOperations(node.region, node.arn, 10),
    ]);
    const ascArn = service.AutoScalingConfigurationSummary?.AutoScalingConfigurationArn;
    const scaling = ascArn ? await api.describeAutoScaling(node.region, ascArn).catch(() => undefined) : undefined;
    node.detail = { service, scaling, operations };
  }

  private loadRegion(node: RegionNode): Promise<void> {
    return (node.loading ??= this.fetchAllPages(node));
  }

  private async fetchAllPages(node: RegionNode): Promise<void> {
    let token: string | undefined;
    try {
      do {
        const page = await this.aws.session().appRunner.listServicesPage(node.region, token);
        if (!this.regions.includes(node)) {
          return; // refreshed meanwhile; this node is gone
        }
        for (const s of page.services) {
          if (s.ServiceArn && s.Status !== 'DELETED') {
            node.services.set(s.ServiceArn, new ServiceNode(node, s));
          }
        }
        token = page.nextToken;
        this.changed.fire(node);
      } while (token);
      node.complete = true;
      await this.readBusyOperations([...node.services.values()]);
    } catch (err) {
      const info = this.aws.describe(err, { action: 'apprunner:ListServices', region: node.region, doing: 'list App Runner services' });
      node.error = info;
      if (info.kind === 'no-credentials' || info.kind === 'sso-expired' || info.kind === 'credentials-expired') {
        this.credentialsMissing = true;
        await this.updateContextKeys();
        this.changed.fire(undefined);
      }
      void this.aws.showError(err, { action: 'apprunner:ListServices', region: node.region, doing: 'list App Runner services' });
    }
    this.changed.fire(node);
    this.schedulePoll();
  }

  /** Marks a service as busy with an operation we just started, and starts polling. */
  markBusy(node: ServiceNode, operationType: string): void {
    node.summary = { ...node.summary, Status: 'OPERATION_IN_PROGRESS' };
    node.operationType = operationType;
    node.detail = undefined;
    this.changed.fire(node);
    this.changed.fire(node.parent);
    this.schedulePoll();
  }

  private busyServices(): ServiceNode[] {
    return this.allServices().filter((s) => s.status === 'OPERATION_IN_PROGRESS');
  }

  private async readBusyOperations(services: ServiceNode[]): Promise<void> {
    const busy = services.filter((s) => s.status === 'OPERATION_IN_PROGRESS' && !s.operationType);
    await Promise.all(
      busy.map(async (s) => {
        const [op] = await this.aws
          .session()
          .appRunner.listOperations(s.region, s.arn, 1)
          .catch(() => [] as OperationSummary[]);
        s.operationType = op?.Type;
        this.changed.fire(s);
      }),
    );
  }

  private schedulePoll(): void {
    if (this.pollTimer || this.busyServices().length === 0) {
      return;
    }
    const seconds = vscode.workspace.getConfiguration('apprunner').get<number>('pollIntervalSeconds') ?? 5;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = undefined;
      void this.poll();
    }, seconds * 1000);
  }

  /** Re-reads the services that are busy; a service that vanished (deleted) leaves the tree. */
  private async poll(): Promise<void> {
    const api = this.aws.session().appRunner;
    await Promise.all(
      this.busyServices().map(async (node) => {
        try {
          const service = await api.describeService(node.region, node.arn);
          if (service.Status === 'DELETED') {
            this.remove(node);
            return;
          }
          const statusChanged = service.Status !== node.status;
          node.summary = { ...node.summary, Status: service.Status, ServiceUrl: service.ServiceUrl, UpdatedAt: service.UpdatedAt };
          if (service.Status === 'OPERATION_IN_PROGRESS' && !node.operationType) {
            const [op] = await api.listOperations(node.region, node.arn, 1);
            node.operationType = op?.Type;
          }
          if (statusChanged) {
            node.operationType = service.Status === 'OPERATION_IN_PROGRESS' ? node.operationType : undefined;
            node.detail = undefined;
            this.changed.fire(node);
          }
        } catch (err) {
          if ((err as { name?: string }).name === 'ResourceNotFoundException') {
            this.remove(node);
          } else {
            this.aws.output.appendLine(`[poll] ${node.name}: ${(err as Error).message}`);
          }
        }
      }),
    );
    this.schedulePoll();
  }

  private remove(node: ServiceNode): void {
    node.parent.services.delete(node.arn);
    this.changed.fire(node.parent);
  }

  private rebuildRegions(): void {
    this.regions = this.aws.regions.map((r) => new RegionNode(r));
  }

  private async updateContextKeys(): Promise<void> {
    await vscode.commands.executeCommand('setContext', 'apprunner.credentials', this.credentialsMissing ? 'missing' : 'ok');
    await vscode.commands.executeCommand('setContext', 'apprunner.noRegions', this.regions.length === 0);
    await vscode.commands.executeCommand('setContext', 'apprunner.filterActive', !!this.filterText);
  }

  /** Human text of what a busy service is doing, for messages. */
  static busyText(node: ServiceNode): string {
    return operationInProgressText(node.operationType);
  }

  dispose(): void {
    clearTimeout(this.pollTimer);
    this.changed.dispose();
  }
}
