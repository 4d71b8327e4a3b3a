// The "App Runner: Create apprunner.yaml" command.
import vscode = require('vscode');
import type { PickItem } from '../ui/questions';
import type { Ui } from '../ui/ui';
import { isPastEndOfSupport, runtimeInfo, runtimesByPreference } from './runtimes';
import { starterConfig } from './starter';

/**
 * Asks for a folder and a runtime, writes a commented starter apprunner.yaml and opens it.
 * Callers may pass the folder and runtime (e.g. a walkthrough link or a test); then nothing is asked
 * except whether to overwrite an existing file.
 */
export async function createConfigFile(ui: Ui, folder?: vscode.Uri, runtime?: string): Promise<vscode.Uri | undefined> {
  const targetFolder = folder instanceof vscode.Uri ? folder : await pickFolder(ui);
  if (!targetFolder) return undefined;
  const runtimeId = runtime !== undefined && runtimeInfo(runtime) ? runtime : await pickRuntime(ui);
  if (!runtimeId) return undefined;
  const file = vscode.Uri.joinPath(targetFolder, 'apprunner.yaml');
  if (await exists(file)) {
    const overwrite = await ui.confirm({
      title: `${vscode.workspace.asRelativePath(file)} already exists. Replace it with a starter file?`,
      detail: 'Its current content will be lost.',
      action: 'Overwrite',
    });
    if (!overwrite) return undefined;
  }
  try {
    await vscode.workspace.fs.writeFile(file, new TextEncoder().encode(starterConfig(runtimeId)));
  } catch (error) {
    void vscode.window.showErrorMessage(
      `Could not write ${file.fsPath}: ${error instanceof Error ? error.message : String(error)}. Check that the folder is writable.`,
    );
    return undefined;
  }
  await vscode.window.showTextDocument(file);
  return file;
}

async function pickFolder(ui: Ui): Promise<vscode.Uri | undefined> {
  const choices: Array<PickItem<vscode.Uri>> = (vscode.workspace.workspaceFolders ?? []).map((folder) => ({
    label: folder.name,
    description: folder.uri.fsPath,
    value: folder.uri,
  }));
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.scheme !== 'untitled') {
    const activeFolder = vscode.Uri.joinPath(active, '..');
    if (!choices.some((choice) => choice.value.toString() === activeFolder.toString())) {
      choices.push({ label: 'Folder of the active file', description: activeFolder.fsPath, value: activeFolder });
    }
  }
  if (choices.length === 0) {
    void vscode.window.showErrorMessage('Open a folder or a file first: apprunner.yaml goes in the source directory of your service.');
    return undefined;
  }
  if (choices.length === 1) return choices[0].value;
  return ui.pick(choices, { title: 'Create apprunner.yaml: folder', placeHolder: 'Source directory of the service' });
}

async function pickRuntime(ui: Ui): Promise<string | undefined> {
  const now = new Date();
  const items = runtimesByPreference(now).map((runtime): PickItem<string> => {
    const ended = isPastEndOfSupport(runtime, now);
    return {
      label: runtime.id,
      description: runtime.label,
      detail: ended ? `$(warning) End of support ${runtime.endOfSupport}: new services cannot be created with it` : undefined,
      group: `${runtime.build === 'revised' ? 'Revised' : 'Original'} build${ended ? ', end of support' : ''}`,
      value: runtime.id,
    };
  });
  return ui.pick(items, { title: 'Create apprunner.yaml: runtime', placeHolder: 'Runtime of the service' });
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch (error) {
    if (error instanceof vscode.FileSystemError && error.code === 'FileNotFound') return false;
    throw error;
  }
}
