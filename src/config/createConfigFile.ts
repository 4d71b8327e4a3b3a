// The "App Runner: Create apprunner.yaml" command.
import * as vscode from 'vscode';
import { prompter } from '../shared/prompts';
import { isPastEndOfSupport, runtimeInfo, runtimesByPreference } from './runtimes';
import { starterConfig } from './starter';

/**
 * Asks for a folder and a runtime, writes a commented starter apprunner.yaml and opens it.
 * Callers may pass the folder and runtime (e.g. a walkthrough link or a test); then nothing is asked
 * except whether to overwrite an existing file.
 */
export async function createConfigFile(folder?: vscode.Uri, runtime?: string): Promise<vscode.Uri | undefined> {
  const targetFolder = folder instanceof vscode.Uri ? folder : await pickFolder();
  if (!targetFolder) return undefined;
  const runtimeId = runtime !== undefined && runtimeInfo(runtime) ? runtime : await pickRuntime();
  if (!runtimeId) return undefined;
  const file = vscode.Uri.joinPath(targetFolder, 'apprunner.yaml');
  if (await exists(file)) {
    const overwrite = await prompter().confirm(
      `${vscode.workspace.asRelativePath(file)} already exists. Replace it with a starter file?`,
      'Its current content will be lost.',
      'Overwrite',
    );
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

async function pickFolder(): Promise<vscode.Uri | undefined> {
  const choices: (vscode.QuickPickItem & { uri: vscode.Uri })[] = (vscode.workspace.workspaceFolders ?? []).map((folder) => ({
    label: folder.name,
    description: folder.uri.fsPath,
    uri: folder.uri,
  }));
  const active = vscode.window.activeTextEditor?.document.uri;
  if (active && active.scheme !== 'untitled') {
    const activeFolder = vscode.Uri.joinPath(active, '..');
    if (!choices.some((choice) => choice.uri.toString() === activeFolder.toString())) {
      choices.push({ label: 'Folder of the active file', description: activeFolder.fsPath, uri: activeFolder });
    }
  }
  if (choices.length === 0) {
    void vscode.window.showErrorMessage('Open a folder or a file first: apprunner.yaml goes in the source directory of your service.');
    return undefined;
  }
  if (choices.length === 1) return choices[0].uri;
  const picked = await vscode.window.showQuickPick(choices, {
    title: 'Create apprunner.yaml',
    placeHolder: 'Source directory of the service',
  });
  return picked?.uri;
}

async function pickRuntime(): Promise<string | undefined> {
  const now = new Date();
  const items: (vscode.QuickPickItem & { runtime?: string })[] = [];
  let group = '';
  for (const runtime of runtimesByPreference(now)) {
    const ended = isPastEndOfSupport(runtime, now);
    const groupLabel = `${runtime.build === 'revised' ? 'Revised' : 'Original'} build${ended ? ', end of support' : ''}`;
    if (groupLabel !== group) {
      items.push({ label: groupLabel, kind: vscode.QuickPickItemKind.Separator });
      group = groupLabel;
    }
    items.push({
      label: runtime.id,
      description: runtime.label,
      detail: ended ? `$(warning) End of support ${runtime.endOfSupport}: new services cannot be created with it` : undefined,
      runtime: runtime.id,
    });
  }
  const picked = await vscode.window.showQuickPick(items, { title: 'Create apprunner.yaml', placeHolder: 'Runtime of the service' });
  return picked?.runtime;
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
