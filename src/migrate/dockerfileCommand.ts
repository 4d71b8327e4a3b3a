// "Write a Dockerfile from apprunner.yaml": a source-code service becomes an image before it can
// move to ECS Express Mode. Finds the apprunner.yaml (the one clicked, the one open, or a pick),
// writes the Dockerfile beside it (asking before replacing one), opens it for review and points
// to "Deploy from Workspace", which builds and tests it. The Dockerfile is written by the pure core.
import vscode = require('vscode');
import { forNotification, forQuickPick } from '../shared/untrusted';
import type { Ui } from '../ui/ui';
import type { DockerfileResult } from './dockerfile';
import type { MigrateCommand } from './index';

export const WRITE_DOCKERFILE_COMMAND = 'apprunner.writeDockerfileFromConfig' satisfies MigrateCommand;
const TITLE = 'Write a Dockerfile from apprunner.yaml';

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

const isConfigFile = (uri: vscode.Uri | undefined): uri is vscode.Uri => !!uri && /(^|\/)apprunner\.yaml$/.test(uri.path);

/** The apprunner.yaml to read: the one the command was given, the active editor's, or the user's pick among the workspace's. */
async function configFile(arg: unknown, ui: Ui): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri && isConfigFile(arg)) return arg;
  const active = vscode.window.activeTextEditor?.document.uri;
  if (isConfigFile(active)) return active;
  const found = (await vscode.workspace.findFiles('**/apprunner.yaml', '**/node_modules/**', 50)).sort((a, b) =>
    a.path.localeCompare(b.path),
  );
  if (found.length === 0) {
    void vscode.window.showErrorMessage(
      'No apprunner.yaml in the workspace: open the folder of the source-code service (its apprunner.yaml describes the build), then try again.',
    );
    return undefined;
  }
  if (found.length === 1) return found[0];
  return ui.pick(
    found.map((uri) => ({ label: forQuickPick(vscode.workspace.asRelativePath(uri)), value: uri })),
    { title: TITLE, placeHolder: 'Choose the apprunner.yaml of the service' },
  );
}

/** Where to write: Dockerfile beside apprunner.yaml, or, when one is there, what the user chooses. */
async function target(folder: vscode.Uri, ui: Ui): Promise<vscode.Uri | undefined> {
  const dockerfile = vscode.Uri.joinPath(folder, 'Dockerfile');
  if (!(await exists(dockerfile))) return dockerfile;
  return ui.pick(
    [
      {
        label: 'Write Dockerfile.apprunner beside it',
        detail: 'Keeps the existing Dockerfile (replaces an earlier Dockerfile.apprunner); compare the two, then keep one.',
        value: vscode.Uri.joinPath(folder, 'Dockerfile.apprunner'),
      },
      { label: 'Replace the existing Dockerfile', detail: 'Its content is lost unless it is committed.', value: dockerfile },
    ],
    { title: `${TITLE}: ${vscode.workspace.asRelativePath(dockerfile)} exists`, placeHolder: 'The folder has a Dockerfile already' },
  );
}

export async function writeDockerfileFromConfig(
  arg: unknown,
  ui: Ui,
  generate: (apprunnerYaml: string) => DockerfileResult,
): Promise<vscode.Uri | undefined> {
  const config = await configFile(arg, ui);
  if (!config) return undefined;
  const result = generate(new TextDecoder().decode(await vscode.workspace.fs.readFile(config)));
  if (!result.ok) {
    const open = 'Open apprunner.yaml';
    void vscode.window.showErrorMessage(forNotification(result.message, 600), open).then(async (choice) => {
      if (choice === open) await vscode.window.showTextDocument(config);
    });
    return undefined;
  }
  const uri = await target(vscode.Uri.joinPath(config, '..'), ui);
  if (!uri) return undefined;
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(result.text));
  await vscode.window.showTextDocument(uri, { preview: false });
  const deploy = 'Deploy from Workspace';
  const written = forNotification(vscode.workspace.asRelativePath(uri));
  const build = uri.path.endsWith('/Dockerfile')
    ? 'build and test it with "Deploy from Workspace"'
    : 'rename it to Dockerfile to build and test it with "Deploy from Workspace"';
  void vscode.window
    .showInformationMessage(
      `Wrote ${written} from apprunner.yaml. Review it, then ${build}; plan the migration again once the service runs the image.`,
      deploy,
    )
    .then(async (choice) => {
      if (choice === deploy) await vscode.commands.executeCommand('apprunner.deployWorkspace');
    });
  return uri;
}
