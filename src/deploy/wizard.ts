// The questions of a first deploy (VS Code adapter): which folder (workspace folders and the
// monorepo subfolders that hold a Dockerfile), which Dockerfile, which target (an existing
// service or "Create new service…"), and the create-service wizard (newServiceSteps.ts). Every
// question goes through ui/, so integration tests can answer them.
import * as path from 'path';
import vscode = require('vscode');
import { accountOfArn } from '../aws/arn';
import type { Catalog } from '../catalog/catalog';
import type { AwsContext } from '../shared/awsContext';
import { forNotification, forQuickPick } from '../shared/untrusted';
import type { Ui } from '../ui/ui';
import { exposedPorts } from './dockerfile';
import { parseEnvFile } from '../shared/envFile';
import { NewServiceAnswers, newServiceSettings, newServiceWizard, RoleListing } from './newServiceSteps';
import type { NewServiceSettings } from './serviceSettings';

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
export async function chooseSource(ui: Ui): Promise<DeploySource | undefined> {
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
    const chosen = await ui.pick(
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
  const dockerfile = await ui.pick(
    inside.map((f) => ({ label: `$(file) ${forQuickPick(path.relative(context, f))}`, value: f })),
    { title: 'Deploy: Dockerfile', placeHolder: `Dockerfiles in ${relativeLabel(source, context)}` },
  );
  return dockerfile ? { ...source, dockerfile } : undefined;
}

/** An existing service of the explorer's regions, or a new one (the create-service wizard). */
export async function chooseTarget(aws: AwsContext, ui: Ui, catalog: Catalog, source: DeploySource): Promise<ChosenTarget | undefined> {
  await catalog.load();
  const services = catalog.services().filter((s) => s.status !== 'DELETED');
  const NEW = 'new';
  const chosen = await ui.pick<string>(
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
  const answers = await askNewService(aws, ui, source);
  if (!answers) {
    return undefined;
  }
  // The account shows in the confirmation: from a role or a service this profile can see.
  const account = [...answers.seenArns, ...services.map((s) => s.arn)].map(accountOfArn).find((a) => a);
  return { kind: 'new', region: answers.region, settings: newServiceSettings(answers), account };
}

async function askNewService(aws: AwsContext, ui: Ui, source: DeploySource): Promise<NewServiceAnswers | undefined> {
  const dockerfileText = await readText(source.dockerfile);
  const exposed = dockerfileText === undefined ? undefined : exposedPorts(dockerfileText).ports.find((x) => x.protocol === 'tcp')?.from;
  const envFiles = (await vscode.workspace.findFiles(new vscode.RelativePattern(source.context, '**/.env*'), EXCLUDE_GLOB, 20))
    .map((u) => u.fsPath)
    .sort();
  const roles = new Map<string, Promise<RoleListing>>();
  const regions = aws.regions.length ? aws.regions : ['us-east-1'];
  return ui.wizard(
    newServiceWizard({
      regions,
      context: source.context,
      exposedPort: exposed,
      envFiles,
      readEnvFile: async (file) => {
        const text = await readText(file);
        if (text === undefined) {
          return { error: `Could not read ${file}: it no longer exists. Choose another file.` };
        }
        return parseEnvFile(text);
      },
      // Listed once per region however often the user goes back and forth.
      listRoles: (region) => {
        let listing = roles.get(region);
        if (!listing) {
          listing = aws
            .session()
            .iam.listRoles(region)
            .then(
              (list): RoleListing => ({ roles: list }),
              (err): RoleListing => ({
                error: err,
                denied: aws.describe(err, { action: 'iam:ListRoles', region }).kind === 'access-denied',
              }),
            );
          roles.set(region, listing);
        }
        return listing;
      },
      showListError: (err, region) =>
        aws.showError(err, { action: 'iam:ListRoles', region, doing: 'list the IAM roles App Runner can use to pull from ECR' }),
      // File names and the keys and lines of a cloned repository's .env are untrusted.
      warn: (message) => void vscode.window.showWarningMessage(forNotification(message)),
    }),
    newServiceWizardStart(regions[0]),
  );
}

function newServiceWizardStart(region: string): NewServiceAnswers {
  return { region, name: '', port: '', env: {}, envSource: 'none', autoDeployments: false, healthCheckPath: '', seenArns: [] };
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
