// activate(): registers each feature, nothing else. Nothing here loads the AWS SDK.
import * as vscode from 'vscode';
import { isAwsLoaded } from './aws/lazy';
import { registerConfigFeatures } from './config';
import { registerDeploy } from './deploy';
import { registerExplorer } from './explorer';
import { registerMigrate } from './migrate';
import { registerMonitor } from './monitor';
import { registerEnvironmentEditor } from './operate/environmentEditor';
import { registerHistoryCommands } from './operate/historyCommands';
import { AwsContext } from './shared/awsContext';
import { registerCatalog } from './shared/catalogHost';
import { registerTestSeam, testSeamEnabled } from './testSeam';
import { Ui } from './ui/ui';
import { vscodePrompts } from './ui/vscodePrompts';

/** Nothing is offered to other extensions: the test seam is a command that exists only under the test runner. */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('App Runner');
  const aws = new AwsContext(output);
  const ui = new Ui(vscodePrompts);
  context.subscriptions.push(output, aws);
  const catalog = registerCatalog(context, aws);
  const servicesTree = registerExplorer(context, aws, catalog, ui);
  registerConfigFeatures(context, ui);
  const monitor = registerMonitor(context, aws, catalog, ui);
  const deploy = registerDeploy(context, aws, catalog, ui);
  registerMigrate(context, aws, catalog, ui);
  registerEnvironmentEditor(context, aws, catalog, ui);
  const history = registerHistoryCommands(context, aws, catalog, ui);
  if (testSeamEnabled()) {
    registerTestSeam(
      context,
      { aws, catalog, servicesTree, monitor, deploy, history, isAwsLoaded, awsLoadedAtActivation: isAwsLoaded() },
      ui,
    );
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
