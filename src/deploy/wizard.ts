// The questions of a first deploy (VS Code adapter): which folder (workspace folders and the
// monorepo subfolders that hold a Dockerfile), which Dockerfile, which target (an existing
// service or "Create new service…"), and the create-service wizard. Every question goes
// through the prompter, so integration tests can answer them.
import * as path from 'path';
import * as vscode from 'vscode';
import { accountOfArn } from '../aws/arn';
import type { Catalog } from '../catalog/catalog';
import type { AwsContext } from '../shared/awsContext';
import { pick, PickItem, prompter } from '../shared/prompts';
import { forNotification, forQuickPick } from '../shared/untrusted';
import { exposedPorts } from './dockerfile';
import { envNameProblem, parseEnvFile } from './envFile';
import {
  DEFAULT_INSTANCE_SIZE,
  ECR_ACCESS_PRINCIPAL,
  ECR_ACCESS_ROLE_NAME,
  healthCheckPathProblem,
  INSTANCE_SIZES,
  NewServiceSettings,
  portProblem,
  serviceNameProblem,
  trustsServicePrincipal,
} from './serviceSettings';

/** What gets built: a folder of a workspace folder and a Dockerfile in it. */
export interface DeploySource {
  workspaceFolder: vscode.WorkspaceFolder;
  /** Absolute build context. */
  context: string;
  /** Absolute Dockerfile path. */
  dockerfile: string;
}

export type ChosenTarget =
  | { kind: 'existing'; arn: string; region: string; name: string }
  | { kind: 'new'; region: string; settings: NewServiceSettings; /** As told by ARNs the wizard saw. */ account?: string };

const DOCKERFILE_GLOB = '**/{Dockerfile,Dockerfile.*,*.Dockerfile,*.dockerfile,Containerfile}';
const EXCLUDE_GLOB = '**/{node_modules,.git,dist,out,vendor}/**';
const MAX_DOCKERFILES = 500;

export function relativeLabel(source: DeploySource, file: string): string {
  const rel = path.relative(source.workspaceFolder.uri.fsPath, file) || '.';
  const multiRoot = (vscode.workspace.workspaceFolders?.length ?? 0) > 1;
  return multiRoot ? `${source.workspaceFolder.name}/${rel}` : rel;
}

/** Folder, then Dockerfile; each question is skipped when it has one answer. */
export async function chooseSource(): Promise<DeploySource | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) {
    void vscode.window.showErrorMessage('Open the folder of your app first: deploying builds it with Docker.');
    return undefined;
  }
  const found = await vscode.workspace.findFiles(DOCKERFILE_GLOB, EXCLUDE_GLOB, MAX_DOCKERFILES);
  const dockerfiles = found.map((u) => u.fsPath).sort();
  // Candidate build folders: every workspace folder, and every folder that holds a Dockerfile.
  const candidates = new Map<string, vscode.WorkspaceFolder>();
  for (const folder of folders) {
    candidates.set(folder.uri.fsPath, folder);
  }
  for (const file of dockerfiles) {
    const owner = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file));
    if (owner) {
      candidates.set(path.dirname(file), owner);
    }
  }
  const entries = [...candidates.entries()].sort(([a], [b]) => a.localeCompare(b));
  let context: string;
  let workspaceFolder: vscode.WorkspaceFolder;
  if (entries.length === 1) {
    [context, workspaceFolder] = entries[0];
  } else {
    const chosen = await pick(
      entries.map(([dir, ws]) => {
        const here = dockerfiles.filter((f) => path.dirname(f) === dir).map((f) => path.basename(f));
        const rel = path.relative(ws.uri.fsPath, dir);
        return {
          label: `$(folder) ${forQuickPick(folders.length > 1 ? path.join(ws.name, rel) : rel || ws.name)}`,
          description: here.length ? forQuickPick(here.join(', ')) : 'no Dockerfile here',
          value: [dir, ws] as [string, vscode.WorkspaceFolder],
        };
      }),
      { title: 'Deploy: folder to build', placeHolder: 'The folder is the Docker build context' },
    );
    if (!chosen) {
      return undefined;
    }
    [context, workspaceFolder] = chosen;
  }
  // Dockerfiles in the folder itself first, then the ones below it (e.g. docker/Dockerfile).
  const inside = dockerfiles
    .filter((f) => f.startsWith(context + path.sep))
    .sort((a, b) => a.split(path.sep).length - b.split(path.sep).length || a.localeCompare(b));
  const source = { workspaceFolder, context, dockerfile: path.join(context, 'Dockerfile') };
  if (inside.length <= 1) {
    // None: the default path, which preflight reports as missing with a clear message.
    return { ...source, dockerfile: inside[0] ?? source.dockerfile };
  }
  const dockerfile = await pick(
    inside.map((f) => ({ label: `$(file) ${forQuickPick(path.relative(context, f))}`, value: f })),
    { title: 'Deploy: Dockerfile', placeHolder: `Dockerfiles in ${relativeLabel(source, context)}` },
  );
  return dockerfile ? { ...source, dockerfile } : undefined;
}

/** An existing service of the explorer's regions, or a new one. */
export async function chooseTarget(aws: AwsContext, catalog: Catalog, source: DeploySource): Promise<ChosenTarget | undefined> {
  await catalog.load();
  const services = catalog.services().filter((s) => s.status !== 'DELETED');
  const NEW = 'new';
  const chosen = await pick<string>(
    [
      { label: '$(add) Create new service…', description: 'image-based App Runner service', value: NEW },
      ...services.map((s) => ({
        label: `$(server-process) ${forQuickPick(s.name)}`,
        description: forQuickPick(`${s.region} · ${s.status ?? ''}`),
        value: s.arn,
      })),
    ],
    { title: 'Deploy: target service', placeHolder: `Where ${relativeLabel(source, source.context)} is deployed` },
  );
  if (!chosen) {
    return undefined;
  }
  if (chosen !== NEW) {
    const node = services.find((s) => s.arn === chosen)!;
    return { kind: 'existing', arn: node.arn, region: node.region, name: node.name };
  }
  const regions = aws.regions.length ? aws.regions : ['us-east-1'];
  const region =
    regions.length === 1
      ? regions[0]
      : await pick(
          regions.map((r) => ({ label: r, value: r })),
          { title: 'New service: region' },
        );
  if (!region) {
    return undefined;
  }
  const wizard = await newServiceWizard(aws, region, source);
  if (!wizard) {
    return undefined;
  }
  // The account shows in the confirmation: from a role or a service this profile can see.
  const account = [...wizard.seenArns, ...services.map((s) => s.arn)].map(accountOfArn).find((a) => a);
  return { kind: 'new', region, settings: wizard.settings, account };
}

/** The create-service wizard: name, port, size, env, automatic deployments, health check, ECR access role. */
async function newServiceWizard(
  aws: AwsContext,
  region: string,
  source: DeploySource,
): Promise<{ settings: NewServiceSettings; seenArns: string[] } | undefined> {
  const p = prompter();
  const suggested = path
    .basename(source.context)
    .replace(/[^A-Za-z0-9_-]+/g, '-')
    .replace(/^[-_]+/, '');
  const name = await p.input({
    title: 'New service: name',
    prompt: '4 to 40 letters, digits, - or _, starting with a letter or digit',
    value: serviceNameProblem(suggested) ? '' : suggested,
    ignoreFocusOut: true,
    validateInput: (v) => serviceNameProblem(v.trim()),
  });
  if (name === undefined || serviceNameProblem(name.trim())) {
    return undefined;
  }
  const dockerfileText = await readText(source.dockerfile);
  const exposed = dockerfileText === undefined ? undefined : exposedPorts(dockerfileText).ports.find((x) => x.protocol === 'tcp')?.from;
  const portText = await p.input({
    title: 'New service: port',
    prompt: `The port your app listens on (App Runner sets PORT to it)${exposed ? `; the Dockerfile exposes ${exposed}` : ''}`,
    value: String(exposed ?? 8080),
    ignoreFocusOut: true,
    validateInput: (v) => portProblem(v),
  });
  if (portText === undefined || portProblem(portText)) {
    return undefined;
  }
  const size = await pick(
    INSTANCE_SIZES.map((s) => ({
      label: `${s.cpu} · ${s.memory}`,
      description: s.cpu === DEFAULT_INSTANCE_SIZE.cpu && s.memory === DEFAULT_INSTANCE_SIZE.memory ? 'default' : undefined,
      value: s,
    })).sort((a, b) => (a.description ? -1 : b.description ? 1 : 0)),
    { title: 'New service: CPU and memory', placeHolder: 'Only the pairs App Runner accepts are listed' },
  );
  if (!size) {
    return undefined;
  }
  const env = await askEnvironment(source);
  if (!env) {
    return undefined;
  }
  const autoDeployments = await pick(
    [
      { label: 'Off', description: 'deploy from VS Code only', value: false },
      { label: 'On', description: 'App Runner also deploys when the image tag is pushed again (billed per month)', value: true },
    ],
    { title: 'New service: automatic deployments' },
  );
  if (autoDeployments === undefined) {
    return undefined;
  }
  const healthPath = await p.input({
    title: 'New service: health check',
    prompt: 'An HTTP path answered with 2xx, e.g. /health; leave empty for a TCP check of the port',
    value: '',
    ignoreFocusOut: true,
    validateInput: (v) => healthCheckPathProblem(v.trim()),
  });
  if (healthPath === undefined || healthCheckPathProblem(healthPath.trim())) {
    return undefined;
  }
  const roles = await askAccessRole(aws, region);
  if (!roles) {
    return undefined;
  }
  return {
    settings: {
      name: name.trim(),
      port: Number(portText),
      size,
      env,
      autoDeployments,
      healthCheckPath: healthPath.trim(),
      accessRole: roles.choice,
    },
    seenArns: roles.seenArns,
  };
}

async function askEnvironment(source: DeploySource): Promise<Record<string, string> | undefined> {
  const envFiles = (await vscode.workspace.findFiles(new vscode.RelativePattern(source.context, '**/.env*'), EXCLUDE_GLOB, 20))
    .map((u) => u.fsPath)
    .sort();
  const how = await pick<string>(
    [
      { label: 'None', value: 'none' },
      ...envFiles.map((f) => ({ label: `$(file) Import ${forQuickPick(path.relative(source.context, f))}`, value: f })),
      { label: '$(folder-opened) Import a .env file…', value: 'browse' },
      { label: '$(edit) Type them…', description: 'KEY=VALUE, one at a time', value: 'type' },
    ],
    { title: 'New service: environment variables' },
  );
  if (how === undefined) {
    return undefined;
  }
  if (how === 'none') {
    return {};
  }
  if (how === 'type') {
    const vars: Record<string, string> = {};
    // Bounded: App Runner services rarely have more than a few dozen variables.
    for (let i = 0; i < 100; i++) {
      const entry = await prompter().input({
        title: `New service: environment variable ${i + 1}`,
        prompt: 'KEY=VALUE; leave empty when done',
        ignoreFocusOut: true,
        validateInput: (v) => {
          if (v.trim() === '') {
            return undefined;
          }
          const eq = v.indexOf('=');
          return eq <= 0 ? 'Write KEY=VALUE' : envNameProblem(v.slice(0, eq).trim());
        },
      });
      if (entry === undefined) {
        return undefined;
      }
      if (entry.trim() === '') {
        return vars;
      }
      const eq = entry.indexOf('=');
      if (eq > 0 && !envNameProblem(entry.slice(0, eq).trim())) {
        vars[entry.slice(0, eq).trim()] = entry.slice(eq + 1);
      }
    }
    return vars;
  }
  let file = how;
  if (how === 'browse') {
    const picked = await vscode.window.showOpenDialog({
      defaultUri: vscode.Uri.file(source.context),
      canSelectMany: false,
      openLabel: 'Import',
      title: 'Environment variables from a .env file',
    });
    if (!picked?.[0]) {
      return undefined;
    }
    file = picked[0].fsPath;
  }
  const text = await readText(file);
  if (text === undefined) {
    void vscode.window.showErrorMessage(forNotification(`Could not read ${file}.`));
    return undefined;
  }
  const { vars, problems } = parseEnvFile(text);
  if (problems.length) {
    const shown = problems
      .slice(0, 3)
      .map((x) => `line ${x.line}: ${x.message}`)
      .join('; ');
    // Keys and lines of a cloned repository's .env are untrusted.
    void vscode.window.showWarningMessage(
      forNotification(
        `${path.basename(file)}: ${problems.length} line(s) not imported or overridden (${shown}${problems.length > 3 ? '; …' : ''}).`,
      ),
    );
  }
  return vars;
}

async function askAccessRole(
  aws: AwsContext,
  region: string,
): Promise<{ choice: NewServiceSettings['accessRole']; seenArns: string[] } | undefined> {
  let roles;
  try {
    roles = await aws.session().iam.listRoles(region);
  } catch (e) {
    await aws.showError(e, { action: 'iam:ListRoles', region, doing: 'list the IAM roles App Runner can use to pull from ECR' });
    return undefined;
  }
  const usable = roles.filter((r) => trustsServicePrincipal(r.trustPolicy, ECR_ACCESS_PRINCIPAL));
  const standardExists = roles.some((r) => r.name === ECR_ACCESS_ROLE_NAME);
  const items: Array<PickItem<NewServiceSettings['accessRole']>> = [
    ...usable.map((r) => ({
      label: `$(shield) ${forQuickPick(r.name)}`,
      description: forQuickPick(r.arn),
      value: { kind: 'existing' as const, arn: r.arn },
    })),
    ...(standardExists
      ? []
      : [
          {
            label: `$(add) Create ${ECR_ACCESS_ROLE_NAME}`,
            description: 'trusts build.apprunner.amazonaws.com, policy AWSAppRunnerServicePolicyForECRAccess',
            value: { kind: 'create' as const, name: ECR_ACCESS_ROLE_NAME },
          },
        ]),
  ];
  if (items.length === 0) {
    void vscode.window.showErrorMessage(
      `No IAM role lets App Runner pull from ECR, and ${ECR_ACCESS_ROLE_NAME} exists without trusting ${ECR_ACCESS_PRINCIPAL}. Add that service to its trust policy, then run the wizard again.`,
    );
    return undefined;
  }
  const choice = await pick(items, {
    title: 'New service: ECR access role',
    placeHolder: 'The role App Runner uses to pull your image from ECR',
  });
  return choice ? { choice, seenArns: roles.map((r) => r.arn) } : undefined;
}

export async function readText(file: string): Promise<string | undefined> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.file(file)));
  } catch (e) {
    if (e instanceof vscode.FileSystemError && e.code === 'FileNotFound') {
      return undefined;
    }
    throw e;
  }
}
