// "Deploy from the workspace" in VS Code, loaded on first use as dist/deploy.js (see index.ts): the
// palette command (App Runner: Deploy Workspace…), the service context-menu command (Deploy from
// Workspace…), saved targets in the workspace folder settings (apprunner.deploy.targets), and the test API.
import * as path from 'path';
import vscode = require('vscode');
import { serviceNameOfArn } from '../aws/arn';
import { asServiceRef, type Catalog } from '../catalog/catalog';
import type { AwsContext } from '../shared/awsContext';
import type { FeatureCommands } from '../shared/lazyFeatures';
import type { Ui } from '../ui/ui';
import { forQuickPick } from '../shared/untrusted';
import { deploy, DeployEvent, DeployRunResult } from './deployRun';
import { normalizeFolder, readTargets, removeTarget, SavedTarget, targetsForService, upsertTarget } from './targets';
import { ChosenTarget, chooseSource, chooseTarget, DeploySource } from './wizard';
import type { DeployCommand } from './index';

export interface DeployApi {
  /** Steps, progress and child processes of the running deploy. */
  readonly onDidReport: vscode.Event<DeployEvent>;
  /** Every deploy's end, with the message the user saw. */
  readonly onDidFinish: vscode.Event<DeployRunResult>;
  /** Cancels the running deploy as the notification's Cancel button does; false when none runs. */
  cancel(): boolean;
}

interface SavedEntry {
  workspaceFolder: vscode.WorkspaceFolder;
  target: SavedTarget;
}

const SETTING = 'deploy.targets';

export function activateDeploy(
  context: vscode.ExtensionContext,
  aws: AwsContext,
  catalog: Catalog,
  ui: Ui,
  commands: FeatureCommands<DeployCommand>,
): DeployApi {
  const output = vscode.window.createOutputChannel('App Runner Deploy');
  const reported = new vscode.EventEmitter<DeployEvent>();
  const finished = new vscode.EventEmitter<DeployRunResult>();
  let cancelRunning: (() => void) | undefined;
  let running = false;
  context.subscriptions.push(output, reported, finished);

  const runContext = {
    aws,
    ui,
    catalog,
    output,
    emit: (e: DeployEvent) => reported.fire(e),
    setCancel: (fn: (() => void) | undefined) => (cancelRunning = fn),
  };

  /** Runs one deploy at a time; saves the target once the user has confirmed it. */
  async function run(source: DeploySource, target: ChosenTarget, saved?: SavedEntry): Promise<void> {
    const result = await deploy(runContext, source, target, saved?.target.repositoryName);
    if (result.problem === 'service-missing' && saved) {
      await writeTargets(saved.workspaceFolder, removeTarget(savedTargets(saved.workspaceFolder), saved.target));
    } else if (result.serviceArn && result.repositoryName) {
      const folder = source.workspaceFolder.uri.fsPath;
      await writeTargets(
        source.workspaceFolder,
        upsertTarget(savedTargets(source.workspaceFolder), {
          folder: normalizeFolder(path.relative(folder, source.context)),
          dockerfile: normalizeFolder(path.relative(folder, source.dockerfile)),
          serviceArn: result.serviceArn,
          region: target.region,
          repositoryName: result.repositoryName,
        }),
      );
    }
    finished.fire(result);
  }

  async function exclusive(work: () => Promise<void>): Promise<void> {
    if (running) {
      void vscode.window
        .showWarningMessage('A deploy is already running; wait for it to end or cancel it.', 'Show Output')
        .then((b) => b && output.show(true));
      return;
    }
    running = true;
    try {
      await work();
    } finally {
      running = false;
    }
  }

  context.subscriptions.push(
    commands.register('apprunner.deployWorkspace', () =>
      exclusive(async () => {
        if (!(await workspaceTrusted(ui))) {
          return;
        }
        const entry = await savedEntryToUse(ui);
        if (entry === 'cancelled') {
          return;
        }
        if (entry) {
          return run(sourceOf(entry), existingTarget(entry.target), entry);
        }
        const source = await chooseSource(ui);
        const target = source && (await chooseTarget(aws, ui, catalog, source));
        if (source && target) {
          await run(source, target);
        }
      }),
    ),
    commands.register('apprunner.deployToService', (arg?: unknown) =>
      exclusive(async () => {
        const node = asServiceRef(arg);
        if (!node) {
          void vscode.window.showInformationMessage(
            'Run "Deploy from Workspace…" on a service in the App Runner explorer, or use App Runner: Deploy Workspace….',
          );
          return;
        }
        if (!(await workspaceTrusted(ui))) {
          return;
        }
        const entries = allSaved().filter((e) => targetsForService([e.target], node.arn).length > 0);
        let entry: SavedEntry | undefined;
        if (entries.length === 1) {
          entry = entries[0];
        } else if (entries.length > 1) {
          entry = await ui.pick(
            entries.map((e) => ({
              label: `$(folder) ${forQuickPick(labelOf(e))}`,
              description: forQuickPick(e.target.dockerfile),
              value: e,
            })),
            { title: `Deploy to ${node.name}: folder` },
          );
          if (!entry) {
            return;
          }
        }
        const source = entry ? sourceOf(entry) : await chooseSource(ui);
        if (source) {
          await run(source, { kind: 'existing', arn: node.arn, region: node.region, name: node.name }, entry);
        }
      }),
    ),
  );

  return {
    onDidReport: reported.event,
    onDidFinish: finished.event,
    cancel() {
      if (!cancelRunning) {
        return false;
      }
      cancelRunning();
      return true;
    },
  };
}

/**
 * A deploy runs the workspace's Dockerfile (docker build) and the Docker path from its settings:
 * in Restricted Mode it asks for trust first, and goes no further.
 */
async function workspaceTrusted(ui: Ui): Promise<boolean> {
  if (vscode.workspace.isTrusted) {
    return true;
  }
  const manage = await ui.confirm({
    title: 'Deploying needs a trusted workspace',
    detail:
      'A deploy builds this folder with Docker, which runs the commands of its Dockerfile. The workspace is in Restricted Mode: trust it, then deploy again. Browsing, monitoring and editing apprunner.yaml work without trust.',
    action: 'Manage Workspace Trust',
  });
  if (manage) {
    await vscode.commands.executeCommand('workbench.trust.manage');
  }
  return false;
}

function savedTargets(folder: vscode.WorkspaceFolder): SavedTarget[] {
  const inspected = vscode.workspace.getConfiguration('apprunner', folder.uri).inspect<unknown>(SETTING);
  // A single-folder workspace keeps folder settings as workspace settings.
  return readTargets(inspected?.workspaceFolderValue ?? (vscode.workspace.workspaceFile ? undefined : inspected?.workspaceValue));
}

async function writeTargets(folder: vscode.WorkspaceFolder, targets: SavedTarget[]): Promise<void> {
  await vscode.workspace.getConfiguration('apprunner', folder.uri).update(SETTING, targets, vscode.ConfigurationTarget.WorkspaceFolder);
}

function allSaved(): SavedEntry[] {
  return (vscode.workspace.workspaceFolders ?? []).flatMap((wf) => savedTargets(wf).map((target) => ({ workspaceFolder: wf, target })));
}

function sourceOf(entry: SavedEntry): DeploySource {
  const root = entry.workspaceFolder.uri.fsPath;
  return {
    workspaceFolder: entry.workspaceFolder,
    context: path.join(root, entry.target.folder),
    dockerfile: path.join(root, entry.target.dockerfile),
  };
}

function existingTarget(t: SavedTarget): ChosenTarget {
  return { kind: 'existing', arn: t.serviceArn, region: t.region, name: serviceNameOfArn(t.serviceArn) };
}

function labelOf(e: SavedEntry): string {
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  return multiRoot
    ? path.join(e.workspaceFolder.name, e.target.folder)
    : e.target.folder === '.'
      ? e.workspaceFolder.name
      : e.target.folder;
}

/**
 * The saved target to deploy without questions: the one whose folder holds the active editor's
 * file, else the only one (when no editor points elsewhere in the workspace). Otherwise the
 * user picks among the saved ones or starts a new target (undefined).
 */
async function savedEntryToUse(ui: Ui): Promise<SavedEntry | undefined | 'cancelled'> {
  const saved = allSaved();
  if (saved.length === 0) {
    return undefined;
  }
  const active = vscode.window.activeTextEditor?.document.uri;
  const activePath = active?.scheme === 'file' ? active.fsPath : undefined;
  const containing = saved
    .filter((e) => activePath && (activePath === sourceOf(e).context || activePath.startsWith(sourceOf(e).context + path.sep)))
    .sort((a, b) => sourceOf(b).context.length - sourceOf(a).context.length);
  if (containing.length) {
    return containing[0];
  }
  const activeInWorkspace = active ? vscode.workspace.getWorkspaceFolder(active) !== undefined : false;
  if (saved.length === 1 && !activeInWorkspace) {
    return saved[0];
  }
  const NEW = 'new';
  const choice = await ui.pick<SavedEntry | typeof NEW>(
    [
      ...saved.map((e) => ({
        label: `$(rocket) ${forQuickPick(`${labelOf(e)} → ${serviceNameOfArn(e.target.serviceArn)}`)}`,
        description: forQuickPick(`${e.target.region} · ${e.target.dockerfile}`),
        value: e,
      })),
      { label: '$(add) New deploy target…', description: 'another folder or service', value: NEW },
    ],
    { title: 'Deploy Workspace', placeHolder: 'Saved deploy targets (setting apprunner.deploy.targets)' },
  );
  if (choice === undefined) {
    return 'cancelled';
  }
  return choice === NEW ? undefined : choice;
}
