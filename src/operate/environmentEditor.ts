// The environment editor in VS Code: apprunner-env:/<region>/<service name>.env?<service ARN> opens
// an image service's environment as a .env document. Saving previews the change (names; secrets as
// their references, plain values masked), asks once, sends one UpdateService with the merged maps
// and tells the catalog, which follows the update like a deployment. When AWS refuses, the save
// fails with what to do and the document stays dirty with the user's text, so saving again retries.
import vscode = require('vscode');
import type { Catalog, ServiceRef } from '../catalog/catalog';
import type { AwsContext } from '../shared/awsContext';
import type { FeatureCommands } from '../shared/lazyFeatures';
import type { Ui } from '../ui/ui';
import { parseEnvFile } from '../shared/envFile';
import { forNotification, forPlainText, forQuickPick } from '../shared/untrusted';
import {
  Environment,
  EnvironmentEdit,
  applyEdits,
  environmentChanges,
  environmentOf,
  importEnvFile,
  parameterNameProblem,
  readSecretStatement,
  secretNameProblem,
  sourceConfigurationWith,
  toEnvFile,
} from './environment';
import { changeSummary, documentEditsApplied, environmentFromDocument, lineOfVariable, previewLines } from './environmentDocument';
import { serviceOfCommand } from '../shared/servicePicker';
import { serviceConsoleUrl } from '../shared/serviceUrl';
import type { Service } from '../aws/types';
import type { OperateCommand } from './index';
import { ENVIRONMENT_SCHEME } from './uriSchemes';

/** What a refused save tells the user: VS Code keeps the document dirty with their text. */
const SAVE_AGAIN = 'Your edit is kept: save again to retry.';

/** App Runner refuses every change while an operation runs: say so before asking, and send nothing. */
function refuseWhileBusy(ref: ServiceRef, service: Service, retry: string): void {
  if (service.Status !== 'OPERATION_IN_PROGRESS') return;
  throw new Error(
    `${ref.name} is busy with another operation (a deployment or an update), and App Runner refuses changes until it ends. ${retry.replace(/\.$/, '')} when the service is running again.`,
  );
}

/** An environment change App Runner accepted: the operation runs the same image with the new environment. */
export interface EnvironmentUpdate {
  service: ServiceRef;
  operationId?: string;
  imageIdentifier?: string;
}

export interface EnvironmentApi {
  /** The editor's URI of a service's environment. */
  uriOf(service: ServiceRef): vscode.Uri;
  /** Fires after each environment UpdateService App Runner accepted. */
  onDidUpdate: vscode.Event<EnvironmentUpdate>;
  /** The apprunner-env file system (registered at activation by index.ts, which forwards to it). */
  files: vscode.FileSystemProvider;
}

function serviceOf(uri: vscode.Uri): ServiceRef {
  const [, region, file] = uri.path.split('/');
  const arn = decodeURIComponent(uri.query);
  if (!region || !file || !arn.startsWith('arn:')) throw vscode.FileSystemError.FileNotFound(uri);
  return { region, name: file.replace(/\.env$/, ''), arn };
}

/** The editor's URI of a service's environment: apprunner-env:/<region>/<service name>.env?<service ARN>. */
function environmentUri(s: ServiceRef): vscode.Uri {
  return vscode.Uri.from({ scheme: ENVIRONMENT_SCHEME, path: `/${s.region}/${s.name}.env`, query: encodeURIComponent(s.arn) });
}

class EnvironmentFileSystem implements vscode.FileSystemProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.FileChangeEvent[]>();
  readonly onDidChangeFile = this.changed.event;
  private readonly mtimes = new Map<string, number>();
  /** The environment each document was last read as: a save applies the document's edits of it to the service as it is now. */
  private readonly bases = new Map<string, Environment>();
  private readonly subscription: vscode.Disposable;

  constructor(private readonly environment: EnvironmentOperations) {
    // A change made by a command (import, Turn into a Secret): open documents without edits show it.
    this.subscription = environment.onDidUpdate(({ service }) => this.touch(environmentUri(service)));
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }

  /** A newer mtime and a change event make VS Code read the document again (unless it has unsaved edits). */
  private touch(uri: vscode.Uri): void {
    this.mtimes.set(uri.toString(), Math.max(Date.now(), (this.mtimes.get(uri.toString()) ?? 0) + 1));
    this.changed.fire([{ type: vscode.FileChangeType.Changed, uri }]);
  }

  watch(): vscode.Disposable {
    return new vscode.Disposable(() => undefined);
  }

  stat(uri: vscode.Uri): vscode.FileStat {
    // /<region> is a folder (VS Code checks the parent before writing); /<region>/<service>.env a file.
    const depth = uri.path.split('/').filter(Boolean).length;
    if (depth === 1) return { type: vscode.FileType.Directory, ctime: 0, mtime: 0, size: 0 };
    if (depth !== 2) throw vscode.FileSystemError.FileNotFound(uri);
    return { type: vscode.FileType.File, ctime: 0, mtime: this.mtimes.get(uri.toString()) ?? 0, size: 0 };
  }

  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    const service = serviceOf(uri);
    const { environment } = await this.environment.read(service);
    this.bases.set(uri.toString(), environment);
    return new TextEncoder().encode(toEnvFile(environment, service.name));
  }

  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    const service = serviceOf(uri);
    const { service: described, environment: current } = await this.environment.read(service);
    // Without a base (a document restored from a backup) the document is taken as the whole environment.
    const base = this.bases.get(uri.toString()) ?? current;
    const desired = environmentFromDocument(new TextDecoder().decode(content), base);
    if ('problems' in desired) {
      throw new Error(`Not saved; fix these and save again: ${forNotification(desired.problems.join('; '))}`);
    }
    const next = documentEditsApplied(base, desired.environment, current);
    const sent = await this.environment.update(service, described, current, next, SAVE_AGAIN);
    if (!sent) throw new Error('Not saved: the update was not confirmed. Save again to see the preview.');
    this.bases.set(uri.toString(), next);
  }

  readDirectory(): [string, vscode.FileType][] {
    return [];
  }
  createDirectory(): void {
    throw vscode.FileSystemError.NoPermissions('The environment has no folders.');
  }
  delete(): void {
    throw vscode.FileSystemError.NoPermissions('Delete variables inside the document, then save.');
  }
  rename(): void {
    throw vscode.FileSystemError.NoPermissions('Rename variables inside the document, then save.');
  }
}

/** Reading, previewing and sending environment changes: one path for the editor and every command. */
class EnvironmentOperations {
  private readonly updated = new vscode.EventEmitter<EnvironmentUpdate>();
  /** Fires after an UpdateService of the environment was accepted. */
  readonly onDidUpdate = this.updated.event;

  constructor(
    private readonly aws: AwsContext,
    private readonly catalog: Catalog,
    private readonly ui: Ui,
  ) {}

  async describe(service: ServiceRef) {
    try {
      return await this.aws.session().appRunner.describeService(service.region, service.arn);
    } catch (e) {
      throw new Error(
        this.aws.describe(e, { action: 'apprunner:DescribeService', region: service.region, doing: `read ${service.name}` }).message,
        { cause: e },
      );
    }
  }

  async read(service: ServiceRef) {
    const described = await this.describe(service);
    const environment = environmentOf(described);
    if (!environment) {
      const code = described.SourceConfiguration?.CodeRepository?.CodeConfiguration;
      const where =
        code?.ConfigurationSource === 'REPOSITORY'
          ? 'in apprunner.yaml in the root of its repository (env and secrets of the run section): edit it there and push'
          : 'in the service’s code configuration (CodeConfigurationValues); open the service’s configuration to change them';
      throw new Error(`${service.name} is built from source code: its variables and secrets are ${where}.`);
    }
    return { service: described, environment };
  }

  /**
   * Previews `current` → `next`, asks once, sends one UpdateService; false when the user declined or
   * nothing changes. `service` is the service as the caller read it; `retry` tells the user how to
   * try again when the change is refused (their edit is kept).
   */
  async update(
    ref: ServiceRef,
    service: Service,
    current: Environment,
    next: Environment,
    retry: string,
    edits: EnvironmentEdit[] = [],
  ): Promise<boolean> {
    const changes = environmentChanges(current, next, edits);
    if (changes.length === 0) return true;
    refuseWhileBusy(ref, service, retry);
    const confirmed = await this.ui.confirm({
      title: `Update the environment of ${forNotification(ref.name, 100)}? ${changeSummary(changes)}.`,
      detail: `${previewLines(changes)
        .map((l) => forNotification(l, 300))
        .join('\n')}\n\nApp Runner deploys the service again with this environment.`,
      action: 'Update Service',
    });
    if (!confirmed) return false;
    // Merge with what the service has now (someone else may have changed it since the document was read).
    const { service: now } = await this.read(ref);
    refuseWhileBusy(ref, now, retry);
    let operationId: string | undefined;
    try {
      ({ operationId } = await this.aws.session().appRunner.updateService(ref.region, {
        ServiceArn: ref.arn,
        SourceConfiguration: sourceConfigurationWith(now, next),
      }));
    } catch (e) {
      const described = this.aws.describe(e, { action: 'apprunner:UpdateService', region: ref.region, doing: `update ${ref.name}` });
      throw new Error(`${described.message} ${retry}`, { cause: e });
    }
    this.catalog.markBusy(ref, 'UPDATE_SERVICE');
    this.updated.fire({ service: ref, operationId, imageIdentifier: now.SourceConfiguration?.ImageRepository?.ImageIdentifier });
    return true;
  }
}

export function registerEnvironmentEditor(
  context: vscode.ExtensionContext,
  aws: AwsContext,
  catalog: Catalog,
  ui: Ui,
  commands: FeatureCommands<OperateCommand>,
): EnvironmentApi {
  const operations = new EnvironmentOperations(aws, catalog, ui);
  const uriOf = environmentUri;
  const fileSystem = new EnvironmentFileSystem(operations);
  const fail = (e: unknown) => void vscode.window.showErrorMessage(forNotification((e as Error)?.message ?? String(e)));

  const command = (id: OperateCommand, title: string, run: (service: ServiceRef, arg: unknown) => Promise<unknown>) =>
    commands.register(id, async (arg?: unknown) => {
      const service = await serviceOfCommand(catalog, ui, arg, {
        title,
        placeHolder: 'Choose the App Runner service',
        noneMessage: 'There is no App Runner service in the selected regions.',
      });
      if (!service) return;
      try {
        await run(service, arg);
      } catch (e) {
        fail(e);
      }
    });

  context.subscriptions.push(
    fileSystem,
    command('apprunner.editEnvironment', 'Edit Environment', async (service, arg) => {
      const described = await operations.describe(service);
      if (!environmentOf(described)) return openSourceEnvironment(service, described);
      const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uriOf(service)), { preview: false });
      const line = lineOfVariable(editor.document.getText(), variableOf(arg));
      if (line !== undefined) {
        const at = new vscode.Position(line, 0);
        editor.selection = new vscode.Selection(at, editor.document.lineAt(line).range.end);
        editor.revealRange(editor.selection, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      }
    }),
    command('apprunner.importEnvFile', 'Import .env File', async (service) => {
      const file = await ui.openFile({
        title: `Import a .env file into ${service.name}`,
        openLabel: 'Import',
        folder: workspaceFolderPath(),
      });
      if (!file) return;
      const parsed = parseEnvFile(new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file))));
      const { service: described, environment } = await operations.read(service);
      const entries = Object.entries(parsed.vars).map(([name, value]) => ({ name, value }));
      const keep = importEnvFile(environment, entries, false);
      let chosen = keep;
      if (keep.missingFromFile.length > 0) {
        const removeMissing = await ui.pick(
          [
            { label: 'Keep them', description: 'add and change only', value: false },
            { label: `Remove ${keep.missingFromFile.length}`, description: 'the service will have exactly the file’s names', value: true },
          ],
          {
            title: `Not in the file: ${forQuickPick(keep.missingFromFile.join(', '), 300)}`,
            placeHolder: 'These names are in the service but not in the file. Keep or remove them?',
          },
        );
        if (removeMissing === undefined) return;
        if (removeMissing) chosen = importEnvFile(environment, entries, true);
      }
      const refused = [
        ...parsed.problems.map((p) => `line ${p.line}: ${p.message}`),
        ...chosen.refused.map((r) => `${r.name}: ${r.reason}`),
      ];
      if (refused.length) void vscode.window.showWarningMessage(forNotification(`Not imported: ${refused.join('; ')}`));
      if (chosen.changes.length === 0) {
        void vscode.window.showInformationMessage('The file changes nothing in the service’s environment.');
        return;
      }
      await operations.update(service, described, environment, chosen.result, 'Nothing was changed: import the file again to retry.');
    }),
    command('apprunner.exportEnvFile', 'Export to .env File', async (service) => {
      const { environment } = await operations.read(service);
      const target = await ui.saveFile({
        title: `Export the environment of ${service.name}`,
        folder: workspaceFolderPath(),
        fileName: `${service.name}.env`,
        filters: { 'Environment files': ['env'] },
      });
      if (!target) return;
      await vscode.workspace.fs.writeFile(vscode.Uri.file(target), new TextEncoder().encode(toEnvFile(environment, service.name)));
    }),
    command('apprunner.turnIntoSecret', 'Turn into a Secret', (service, arg) =>
      turnIntoSecret(aws, ui, operations, service, variableOf(arg)),
    ),
  );
  return { uriOf, files: fileSystem, onDidUpdate: operations.onDidUpdate };
}

async function turnIntoSecret(
  aws: AwsContext,
  ui: Ui,
  operations: EnvironmentOperations,
  ref: ServiceRef,
  chosen: string | undefined,
): Promise<void> {
  const { service, environment } = await operations.read(ref);
  refuseWhileBusy(ref, service, 'Nothing was stored.');
  const names = Object.keys(environment.variables).sort();
  if (names.length === 0) {
    void vscode.window.showInformationMessage(`${forNotification(ref.name, 100)} has no plain variable to turn into a secret.`);
    return;
  }
  const name =
    chosen !== undefined && names.includes(chosen)
      ? chosen
      : await ui.pick(
          names.map((n) => ({ label: forQuickPick(n), value: n })),
          { title: 'Turn into a Secret', placeHolder: 'The variable whose value moves into a secret' },
        );
  if (!name) return;
  const store = await ui.pick(
    [
      { label: 'AWS Secrets Manager', description: 'secretsmanager:CreateSecret', value: 'secretsmanager' as const },
      { label: 'SSM Parameter Store', description: 'ssm:PutParameter, SecureString', value: 'ssm' as const },
    ],
    { title: `Store ${forQuickPick(name)} in`, placeHolder: 'Where the value is kept' },
  );
  if (!store) return;
  const secretName = await ui.input({
    title: store === 'secretsmanager' ? 'Secret name' : 'Parameter name',
    value: store === 'secretsmanager' ? `${ref.name}/${name}` : `/${ref.name}/${name}`,
    validate: (v) => (store === 'secretsmanager' ? secretNameProblem(v) : parameterNameProblem(v)),
  });
  if (!secretName) return;
  const problem = store === 'secretsmanager' ? secretNameProblem(secretName) : parameterNameProblem(secretName);
  if (problem) throw new Error(problem);
  const description = `${name} of the App Runner service ${ref.name}`;
  let reference: string;
  try {
    reference =
      store === 'secretsmanager'
        ? await aws.session().secrets.createSecret(ref.region, secretName, environment.variables[name], description)
        : await aws.session().secrets.putSecureParameter(ref.region, secretName, environment.variables[name], description);
  } catch (e) {
    // Nothing was stored or changed: the variable keeps its plain value. The message names the refused action.
    const action = store === 'secretsmanager' ? 'secretsmanager:CreateSecret' : 'ssm:PutParameter';
    await aws.showError(e, { action, region: ref.region, doing: `store ${name} as a secret` });
    return;
  }
  const account = ref.arn.split(':')[4];
  const statement = readSecretStatement(reference, ref.region, account);
  const role = service.InstanceConfiguration?.InstanceRoleArn;
  let mayRead = false;
  let why = `${ref.name} has no instance role, so it cannot read secrets: give it one with this permission.`;
  if (role) {
    try {
      mayRead = (await aws.session().secrets.simulateRoleAccess(ref.region, role, statement.Action[0], statement.Resource)) === 'allowed';
      why = `The instance role ${role} may not read it (${statement.Action[0]}): add this statement to its policy.`;
    } catch (e) {
      why = `Could not check the instance role (${aws.describe(e, { action: 'iam:SimulatePrincipalPolicy', region: ref.region }).message}). It needs this statement.`;
    }
  }
  const edit: EnvironmentEdit = { kind: 'set-secret', name, reference };
  const unfinished = `${name} is stored as ${reference}; the service keeps the plain value until the environment references it (put ${name}=${reference} in the environment editor and save).`;
  if (!mayRead) {
    // App Runner's deployment fails and rolls back while the instance role cannot read a secret: ask before updating.
    const text = JSON.stringify(statement, null, 2);
    const updateAnyway = await ui.confirm({
      title: forNotification(`${ref.name} may not be able to read ${reference}`, 300),
      // A modal dialog shows its detail as plain text: the statement keeps its lines (JSON escapes control characters).
      detail: `${forPlainText(why, 2000)}\n\n${text}\n\nApp Runner's deployment fails and rolls back while the role cannot read the secret. Add the statement first, then choose Update; Cancel keeps the plain value.`,
      action: 'Update',
    });
    if (!updateAnyway) {
      const copy = 'Copy Policy Statement';
      void vscode.window
        .showInformationMessage(forNotification(unfinished), copy)
        .then((picked) => (picked === copy ? vscode.env.clipboard.writeText(text) : undefined));
      return;
    }
  }
  const sent = await operations.update(
    ref,
    service,
    environment,
    applyEdits(environment, [edit]),
    `${name} is stored as ${reference} but the service still has its plain value: to finish, put ${name}=${reference} in the environment editor and save.`,
    [edit],
  );
  if (!sent) {
    void vscode.window.showInformationMessage(forNotification(unfinished));
  }
}

/** The variable a tree item names (the Environment node's children carry `variable`). */
function variableOf(arg: unknown): string | undefined {
  const variable = (arg as { variable?: unknown } | undefined)?.variable;
  return typeof variable === 'string' ? variable : undefined;
}

/**
 * A source-code service keeps its values elsewhere: apprunner.yaml (the workspace's copy of the
 * repository, when open) or the service's code configuration (the console's configuration page).
 */
async function openSourceEnvironment(ref: ServiceRef, service: Service): Promise<void> {
  const code = service.SourceConfiguration?.CodeRepository;
  if (code?.CodeConfiguration?.ConfigurationSource === 'API') {
    void vscode.window.showInformationMessage(
      forNotification(
        `${ref.name} is built from source code: its variables and secrets are in its code configuration, opened in the AWS console.`,
      ),
    );
    await vscode.env.openExternal(vscode.Uri.parse(serviceConsoleUrl(ref.region, ref.arn)));
    return;
  }
  const files = await vscode.workspace.findFiles('**/apprunner.yaml', '**/node_modules/**', 20);
  const directory = (code?.SourceDirectory ?? '').replace(/^\/+|\/+$/g, '');
  const file =
    files.find((f) => directory && f.path.endsWith(`/${directory}/apprunner.yaml`)) ??
    files.find((f) => vscode.workspace.asRelativePath(f, false) === 'apprunner.yaml') ??
    files[0];
  if (!file) {
    void vscode.window.showInformationMessage(
      forNotification(
        `${ref.name} is built from source code: its variables and secrets are in apprunner.yaml (the run section's env and secrets) in ${code?.RepositoryUrl ?? 'its repository'}${directory ? `, folder ${directory}` : ''}. Open a clone of it to edit them, then push.`,
      ),
    );
    return;
  }
  await vscode.window.showTextDocument(file, { preview: false });
}

function workspaceFolderPath(): string | undefined {
  return vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
}
