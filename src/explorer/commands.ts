// The explorer's commands, loaded on first use as dist/explorer.js (see index.ts): everyday actions on
// a service, plus refresh, filter, profile and regions. Each action checks the state App Runner
// requires before calling it.
import vscode = require('vscode');
import type { AwsContext } from '../shared/awsContext';
import type { FeatureCommands } from '../shared/lazyFeatures';
import { serviceBrowserUrl, serviceConsoleUrl } from '../shared/serviceUrl';
import { asServiceRef, type Catalog, type CatalogService } from '../catalog/catalog';
import { isAllowed, ServiceAction, whyNotAllowed } from '../catalog/status';
import { forNotification, forQuickPick } from '../shared/untrusted';
import type { PickItem } from '../ui/questions';
import type { Ui } from '../ui/ui';
import type { ExplorerCommand } from './index';
import type { ServicesTree } from './tree';

/** Regions where App Runner is offered (the picker's list; any region can be typed in settings). */
export const APP_RUNNER_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'ca-central-1',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
  'ap-northeast-1',
  'ap-northeast-2',
  'sa-east-1',
];

export function activateExplorerCommands(
  context: vscode.ExtensionContext,
  aws: AwsContext,
  catalog: Catalog,
  tree: ServicesTree,
  ui: Ui,
  commands: FeatureCommands<ExplorerCommand>,
): void {
  const register = (id: ExplorerCommand, fn: (...args: never[]) => unknown) => context.subscriptions.push(commands.register(id, fn));

  /** The service the command was invoked on, or one the user picks when run from the palette. */
  async function target(arg: unknown, action?: ServiceAction): Promise<CatalogService | undefined> {
    const ref = asServiceRef(arg);
    if (ref) {
      const known = catalog.service(ref.arn);
      if (known) {
        return known;
      }
    }
    await catalog.load();
    const candidates = catalog.services().filter((s) => !action || isAllowed(s.status, action));
    if (candidates.length === 0) {
      void vscode.window.showInformationMessage('No App Runner service in the selected regions allows this action now.');
      return undefined;
    }
    return ui.pick(
      candidates.map((s) => ({ label: forQuickPick(s.name), description: forQuickPick(`${s.region} · ${s.status}`), value: s })),
      { title: 'App Runner service', placeHolder: 'Choose an App Runner service' },
    );
  }

  /** Refuses (with the reason) when the service's current state does not allow the action. */
  function allowed(service: CatalogService, action: ServiceAction, verb: string): boolean {
    const why = whyNotAllowed(service.status, service.operationType, action);
    if (why) {
      void vscode.window.showWarningMessage(forNotification(`Cannot ${verb} ${service.name}: ${why}.`));
    }
    return !why;
  }

  async function mutate(
    service: CatalogService,
    operationType: string,
    iamAction: string,
    doing: string,
    call: () => Promise<unknown>,
  ): Promise<void> {
    try {
      await call();
      catalog.markBusy(service, operationType);
    } catch (err) {
      await aws.showError(err, { action: iamAction, region: service.region, doing });
      void catalog.reload();
    }
  }

  // Refresh reads the services again through the same session: open monitors keep their streams.
  register('apprunner.refresh', () => catalog.reload());
  // After `aws sso login` or new keys: a new session, which reconnects the monitors' streams.
  register('apprunner.reloadCredentials', () => aws.resetSession());

  register('apprunner.openServiceUrl', async (node?: unknown) => {
    const s = await target(node, 'openUrl');
    const url = serviceBrowserUrl(s?.url);
    if (url) {
      await vscode.env.openExternal(vscode.Uri.parse(url));
    }
  });

  register('apprunner.copyServiceUrl', async (node?: unknown) => {
    const s = await target(node);
    const url = serviceBrowserUrl(s?.url);
    if (url) {
      await vscode.env.clipboard.writeText(url);
      void vscode.window.setStatusBarMessage(`Copied ${url}`, 3000);
    }
  });

  register('apprunner.copyServiceArn', async (node?: unknown) => {
    const s = await target(node);
    if (s) {
      await vscode.env.clipboard.writeText(s.arn);
      void vscode.window.setStatusBarMessage(`Copied ${s.arn}`, 3000);
    }
  });

  register('apprunner.openInConsole', async (node?: unknown) => {
    const s = await target(node);
    if (s) {
      await vscode.env.openExternal(vscode.Uri.parse(serviceConsoleUrl(s.region, s.arn)));
    }
  });

  register('apprunner.pauseService', async (node?: unknown) => {
    const s = await target(node, 'pause');
    if (!s || !allowed(s, 'pause', 'pause')) {
      return;
    }
    const ok = await ui.confirm({
      title: `Pause ${s.name}?`,
      detail: `${s.name} (${s.region}) stops serving requests until you resume it. While paused you pay nothing for its compute.`,
      action: 'Pause',
    });
    if (ok) {
      await mutate(s, 'PAUSE_SERVICE', 'apprunner:PauseService', `pause ${s.name}`, () =>
        aws.session().appRunner.pauseService(s.region, s.arn),
      );
    }
  });

  register('apprunner.resumeService', async (node?: unknown) => {
    const s = await target(node, 'resume');
    if (s && allowed(s, 'resume', 'resume')) {
      await mutate(s, 'RESUME_SERVICE', 'apprunner:ResumeService', `resume ${s.name}`, () =>
        aws.session().appRunner.resumeService(s.region, s.arn),
      );
    }
  });

  register('apprunner.startDeployment', async (node?: unknown) => {
    const s = await target(node, 'startDeployment');
    if (s && allowed(s, 'startDeployment', 'deploy')) {
      await mutate(s, 'START_DEPLOYMENT', 'apprunner:StartDeployment', `start a deployment of ${s.name}`, () =>
        aws.session().appRunner.startDeployment(s.region, s.arn),
      );
    }
  });

  register('apprunner.deleteService', async (node?: unknown) => {
    const s = await target(node, 'delete');
    if (!s || !allowed(s, 'delete', 'delete')) {
      return;
    }
    const typed = await ui.input({
      title: `Delete ${s.name}`,
      prompt: `This deletes the App Runner service ${s.name} in ${s.region} and its URL. It cannot be undone. Type the service name to confirm.`,
      placeHolder: s.name,
      validate: (v) => (v === s.name ? undefined : `Type ${s.name} exactly to delete it`),
    });
    if (typed !== s.name) {
      return;
    }
    await mutate(s, 'DELETE_SERVICE', 'apprunner:DeleteService', `delete ${s.name}`, () =>
      aws.session().appRunner.deleteService(s.region, s.arn),
    );
  });

  register('apprunner.filterServices', async () => {
    const text = await ui.input({
      title: 'Filter App Runner services',
      prompt: 'Show services whose name contains:',
      value: tree.filter,
    });
    if (text !== undefined) {
      await tree.setFilter(text);
    }
  });

  register('apprunner.clearFilter', () => tree.setFilter(''));

  // The Environment node's variables.
  register('apprunner.revealValue', (node: unknown) => tree.setRevealed(node, true));
  register('apprunner.hideValue', (node: unknown) => tree.setRevealed(node, false));
  register('apprunner.copyVariableName', async (node?: { variable?: unknown }) => {
    if (typeof node?.variable === 'string') await vscode.env.clipboard.writeText(node.variable);
  });

  register('apprunner.selectProfile', async () => {
    let items: Array<PickItem<string>> = [];
    try {
      const profiles = await aws.listProfiles();
      items = profiles.map((p) => ({
        label: forQuickPick(p.name),
        description: forQuickPick([p.kind === 'other' ? '' : p.kind, p.region].filter(Boolean).join(' · ')),
        value: p.name,
      }));
    } catch (err) {
      aws.output.appendLine(`[profiles] ${(err as Error).message}`);
    }
    const envItem: PickItem<string> = {
      label: '$(terminal) Default credential chain',
      description: 'AWS_PROFILE, environment variables, default profile',
      value: '',
    };
    const profile = await ui.pick([envItem, ...items], {
      title: 'AWS profile',
      placeHolder: items.length ? `Current: ${aws.profileLabel}` : 'No profiles found in ~/.aws/config or ~/.aws/credentials',
    });
    if (profile !== undefined) {
      await vscode.workspace.getConfiguration('apprunner').update('profile', profile, vscode.ConfigurationTarget.Global);
    }
  });

  register('apprunner.selectRegions', async () => {
    const current = new Set(aws.regions);
    const all = [...new Set([...APP_RUNNER_REGIONS, ...current])];
    const picked = await ui.pickMany(
      all.map((r) => ({ label: forQuickPick(r), value: r, picked: current.has(r) })),
      { title: 'App Runner regions', placeHolder: 'Regions to show in the App Runner explorer' },
    );
    if (picked) {
      await vscode.workspace.getConfiguration('apprunner').update('regions', picked, vscode.ConfigurationTarget.Global);
    }
  });
}
