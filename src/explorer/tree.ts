// The App Runner services tree: a view of the catalog (regions → services) with each service's
// details and recent operations underneath. The catalog loads, pages, polls and keeps errors;
// the tree shows what it has, asks it to load when shown, and refreshes the nodes its events name.
import vscode = require('vscode');
import { isCredentialsProblem } from '../aws/errors';
import type { CustomDomain, OperationSummary, ServiceCustomDomains } from '../aws/types';
import type { Catalog, CatalogChange, CatalogRegion, CatalogService } from '../catalog/catalog';
import { serviceContextValue } from '../catalog/status';
import { presentDomainStatus } from '../shared/customDomains';
import { forPlainText } from '../shared/untrusted';
import { EnvironmentPlace, EnvironmentRow, environmentPlace, environmentSummary, rowDescription, rowTooltip } from './environmentRows';
import { DetailRow, matchesFilter, networkDetailRows, operationDescription, operationLabel, serviceDetailRows } from './details';
import { presentOperationStatus, presentStatus } from './status';

class DetailNode {
  readonly kind = 'detail';
  constructor(
    readonly parent: CatalogService,
    readonly row: DetailRow,
  ) {}
}

class OperationsNode {
  readonly kind = 'operations';
  constructor(
    readonly parent: CatalogService,
    readonly operations: OperationSummary[],
  ) {}
}

class OperationNode {
  readonly kind = 'operation';
  constructor(
    readonly parent: CatalogService,
    readonly op: OperationSummary,
  ) {}
}

/**
 * A service's variables and secrets. Menu commands receive the node and read it as the service's
 * ref (region, arn, name), as they read a service node.
 */
class EnvironmentNode {
  readonly kind = 'environment';
  constructor(
    readonly parent: CatalogService,
    readonly place: EnvironmentPlace,
  ) {}
  get region(): string {
    return this.parent.region;
  }
  get arn(): string {
    return this.parent.arn;
  }
  get name(): string {
    return this.parent.name;
  }
}

/** One variable or secret: the service's ref (for the menu commands) and the variable's name. */
class VariableNode {
  readonly kind = 'variable';
  constructor(
    readonly environment: EnvironmentNode,
    readonly row: EnvironmentRow,
  ) {}
  get region(): string {
    return this.environment.region;
  }
  get arn(): string {
    return this.environment.arn;
  }
  get name(): string {
    return this.environment.name;
  }
  get variable(): string {
    return this.row.name;
  }
}

/**
 * The service's custom domains (`read` undefined when DescribeCustomDomains failed: `error` says
 * why). One per service for as long as it is listed: a change of its domains refreshes this node alone.
 */
class CustomDomainsNode {
  readonly kind = 'customDomains';
  read: ServiceCustomDomains | undefined;
  error: string | undefined;
  constructor(readonly parent: CatalogService) {}
}

class CustomDomainNode {
  readonly kind = 'customDomain';
  constructor(
    readonly group: CustomDomainsNode,
    readonly domain: CustomDomain,
  ) {}
  /** The service, for the commands on this node. */
  get parent(): CatalogService {
    return this.group.parent;
  }
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

export type ExplorerNode =
  | CatalogRegion
  | CatalogService
  | DetailNode
  | EnvironmentNode
  | VariableNode
  | OperationsNode
  | OperationNode
  | CustomDomainsNode
  | CustomDomainNode
  | MessageNode;

export class ServicesTree implements vscode.TreeDataProvider<ExplorerNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<ExplorerNode | ExplorerNode[] | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private filterText: string;
  private readonly subscription: vscode.Disposable;
  /** The context keys as last set; at first, what the manifest's when-clauses read from a key never set. */
  private readonly contextKeys = new Map<string, string | boolean>([
    ['apprunner.credentials', 'ok'],
    ['apprunner.noRegions', false],
    ['apprunner.filterActive', false],
  ]);
  /** Plain values the user chose to see (service ARN + name); masked otherwise. */
  private readonly revealed = new Set<string>();
  private readonly domainGroups = new WeakMap<CatalogService, CustomDomainsNode>();

  constructor(
    readonly catalog: Catalog,
    private readonly state: vscode.Memento,
  ) {
    this.filterText = state.get<string>('apprunner.filter') ?? '';
    this.subscription = catalog.onDidChange((change) => this.show(change));
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

  /** Shows or masks a plain variable's value in the tree. */
  setRevealed(node: unknown, revealed: boolean): void {
    if (!(node instanceof VariableNode)) return;
    const key = `${node.arn}\n${node.variable}`;
    if (revealed) this.revealed.add(key);
    else this.revealed.delete(key);
    this.changed.fire(node);
  }

  /** True when AWS said there are no usable credentials: the view then shows its welcome content. */
  private get credentialsMissing(): boolean {
    return this.catalog.regions().some((r) => r.error && isCredentialsProblem(r.error.kind));
  }

  private show(change: CatalogChange): void {
    void this.updateContextKeys();
    if (change.regionsReplaced || this.credentialsMissing) {
      this.changed.fire(undefined);
      return;
    }
    const nodes: ExplorerNode[] = [...change.regions, ...change.services];
    if (nodes.length) {
      this.changed.fire(nodes);
    }
    // Only the Custom domains node is shown again (its service's other rows stay as they are), once it has read them.
    for (const service of change.domains ?? []) {
      const group = this.domainGroups.get(service);
      if (group && !change.services.includes(service)) void this.readDomains(service).then(() => this.changed.fire(group));
    }
  }

  getTreeItem(node: ExplorerNode): vscode.TreeItem {
    switch (node.kind) {
      case 'region': {
        const item = new vscode.TreeItem(node.region, vscode.TreeItemCollapsibleState.Expanded);
        item.id = `region:${node.region}`;
        item.iconPath = new vscode.ThemeIcon('globe');
        item.contextValue = 'region';
        const count = node.services().filter((s) => matchesFilter(s.name, this.filterText)).length;
        item.description =
          node.state === 'failed' ? 'error' : node.state === 'loaded' ? `${count} service${count === 1 ? '' : 's'}` : `${count} loaded…`;
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
      case 'environment': {
        const image = node.place.kind === 'image';
        const item = new vscode.TreeItem(
          'Environment',
          image && node.place.rows.length ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None,
        );
        item.id = `environment:${node.parent.arn}`;
        item.iconPath = new vscode.ThemeIcon('symbol-variable');
        item.description = forPlainText(environmentSummary(node.place));
        item.contextValue = image ? 'environment.image' : 'environment.source';
        item.tooltip = image
          ? 'Variables and secrets of the service. Edit them in the editor: saving previews the change and updates the service.'
          : node.place.kind === 'repository'
            ? 'Built from source code: its variables and secrets are in apprunner.yaml in its repository (the run section). Click to open it.'
            : 'Built from source code: its variables and secrets are in the service’s code configuration. Click to open it.';
        if (!image) item.command = { command: 'apprunner.editEnvironment', title: 'Open', arguments: [node] };
        return item;
      }
      case 'variable': {
        const key = `${node.arn}\n${node.variable}`;
        const revealed = this.revealed.has(key);
        const item = new vscode.TreeItem(forPlainText(node.row.name), vscode.TreeItemCollapsibleState.None);
        item.id = `variable:${node.arn}:${node.row.kind}:${node.row.name}`;
        item.description = forPlainText(rowDescription(node.row, revealed));
        item.tooltip = forPlainText(rowTooltip(node.row, revealed));
        item.iconPath = new vscode.ThemeIcon(node.row.kind === 'secret' ? 'lock' : 'symbol-constant');
        item.contextValue = node.row.kind === 'secret' ? 'environment.secret' : `environment.variable.${revealed ? 'revealed' : 'masked'}`;
        return item;
      }
      case 'operations': {
        const item = new vscode.TreeItem('Recent operations', vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `operations:${node.parent.arn}`;
        item.iconPath = new vscode.ThemeIcon('history');
        item.description = `${node.operations.length}`;
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
        const shown = presentOperationStatus(node.op.Status);
        item.iconPath = new vscode.ThemeIcon(shown.icon, shown.color ? new vscode.ThemeColor(shown.color) : undefined);
        return item;
      }
      case 'customDomains': {
        const domains = node.read?.domains ?? [];
        const item = new vscode.TreeItem(
          'Custom domains',
          domains.length ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.None,
        );
        // VS Code keeps an id's collapsed state: a new id once domains arrive lets the node open to show them.
        item.id = `customDomains:${node.parent.arn}:${domains.length ? 'listed' : 'none'}`;
        item.iconPath = new vscode.ThemeIcon(node.error ? 'warning' : 'link');
        const settling = domains.filter((d) => !presentDomainStatus(d.Status).settled).length;
        item.description = node.error
          ? 'could not be read'
          : domains.length
            ? `${domains.length}${settling ? ` · ${settling} pending` : ''}`
            : 'none';
        item.tooltip = forPlainText(node.error ?? (node.read ? `DNS target: ${node.read.dnsTarget}` : ''));
        item.contextValue = 'customDomains';
        return item;
      }
      case 'customDomain': {
        const shown = presentDomainStatus(node.domain.Status);
        const name = node.domain.DomainName ?? '?';
        const item = new vscode.TreeItem(forPlainText(name), vscode.TreeItemCollapsibleState.None);
        item.id = `customDomain:${node.parent.arn}:${name}`;
        item.description = forPlainText(`${node.domain.EnableWWWSubdomain ? '+ www · ' : ''}${shown.label}`);
        item.iconPath = new vscode.ThemeIcon(shown.icon, shown.color ? new vscode.ThemeColor(shown.color) : undefined);
        item.tooltip = forPlainText(`${name}${node.domain.EnableWWWSubdomain ? ` and www.${name}` : ''}: ${shown.label}`);
        item.contextValue = `customDomain.${node.domain.Status ?? ''}`;
        item.command = { command: 'apprunner.showCustomDomains', title: 'Show DNS Records', arguments: [node] };
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
    switch (node.kind) {
      case 'region':
      case 'message':
        return undefined;
      case 'service':
        return this.catalog.region(node.region);
      case 'variable':
        return node.environment;
      case 'customDomain':
        return node.group;
      default:
        return node.parent;
    }
  }

  async getChildren(node?: ExplorerNode): Promise<ExplorerNode[]> {
    if (!node) {
      void this.catalog.load();
      return this.credentialsMissing ? [] : [...this.catalog.regions()];
    }
    switch (node.kind) {
      case 'region':
        return this.regionChildren(node);
      case 'service':
        return this.serviceChildren(node);
      case 'operations':
        return node.operations.map((op) => new OperationNode(node.parent, op));
      case 'environment':
        return node.place.kind === 'image' ? node.place.rows.map((row) => new VariableNode(node, row)) : [];
      case 'customDomains':
        return (node.read?.domains ?? []).map((d) => new CustomDomainNode(node, d));
      default:
        return [];
    }
  }

  private regionChildren(region: CatalogRegion): ExplorerNode[] {
    const services = region.services().filter((s) => matchesFilter(s.name, this.filterText));
    const out: ExplorerNode[] = [...services];
    if (region.error) {
      out.push(
        new MessageNode(
          `error:${region.region}`,
          region.error.message,
          'warning',
          { command: 'apprunner.refresh', title: 'Retry' },
          `${region.error.message}\n\nClick to retry.`,
        ),
      );
    } else if (region.state !== 'loaded') {
      out.push(new MessageNode(`loading:${region.region}`, 'Loading services…', 'loading~spin'));
    } else if (services.length === 0) {
      out.push(
        new MessageNode(
          `empty:${region.region}`,
          this.filterText ? `No service matches "${this.filterText}"` : 'No App Runner services',
          'info',
        ),
      );
    }
    return out;
  }

  private async serviceChildren(service: CatalogService): Promise<ExplorerNode[]> {
    try {
      const [d, domains] = await Promise.all([this.catalog.loadDetail(service), this.readDomains(service)]);
      const environment = environmentPlace(d.service);
      return [
        ...[...serviceDetailRows(d.service, d.scaling), ...networkDetailRows(d.service, d.network)].map(
          (row) => new DetailNode(service, row),
        ),
        ...(environment ? [new EnvironmentNode(service, environment)] : []),
        domains,
        new OperationsNode(service, d.operations),
      ];
    } catch (err) {
      const info = this.catalog.describeError(err, {
        action: 'apprunner:DescribeService',
        region: service.region,
        doing: `describe ${service.name}`,
      });
      return [new MessageNode(`error:${service.arn}`, info.message, 'warning', { command: 'apprunner.refresh', title: 'Retry' })];
    }
  }

  /** The service's Custom domains node, with what the catalog read of its domains (or why it could not). */
  private async readDomains(service: CatalogService): Promise<CustomDomainsNode> {
    let group = this.domainGroups.get(service);
    if (!group) {
      group = new CustomDomainsNode(service);
      this.domainGroups.set(service, group);
    }
    try {
      group.read = await this.catalog.customDomains(service);
      group.error = undefined;
    } catch (err) {
      group.read = undefined;
      group.error = this.catalog.describeError(err, {
        action: 'apprunner:DescribeCustomDomains',
        region: service.region,
        doing: `read the custom domains of ${service.name}`,
      }).message;
    }
    return group;
  }

  private async updateContextKeys(): Promise<void> {
    const keys: [string, string | boolean][] = [
      ['apprunner.credentials', this.credentialsMissing ? 'missing' : 'ok'],
      ['apprunner.noRegions', this.catalog.regions().length === 0],
      ['apprunner.filterActive', !!this.filterText],
    ];
    for (const [key, value] of keys) {
      if (this.contextKeys.get(key) === value) continue;
      this.contextKeys.set(key, value);
      await vscode.commands.executeCommand('setContext', key, value);
    }
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
