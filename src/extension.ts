// activate(): makes the shared objects once and registers each feature's views, commands and
// providers; every feature's body loads on its first use (shared/lazyFeatures.ts). Nothing here
// loads the AWS SDK.
import vscode = require('vscode');
import { isAwsLoaded } from './aws/lazy';
import { registerConfigFeatures } from './config';
import { registerDeploy } from './deploy';
import { registerExplorer } from './explorer';
import { registerMigrate } from './migrate';
import { registerMonitor } from './monitor';
import { registerOperate } from './operate';
import { AwsContext } from './shared/awsContext';
import { registerCatalog } from './shared/catalogHost';
import { LazyFeatures } from './shared/lazyFeatures';
import { LazyOutputChannel } from './shared/lazyOutputChannel';
import { loadedBundles, registerTestSeam, testSeamEnabled } from './testSeam';
import { Ui } from './ui/ui';
import { vscodePrompts } from './ui/vscodePrompts';

/** Nothing is offered to other extensions: the test seam is a command that exists only under the test runner. */
export function activate(context: vscode.ExtensionContext): void {
  const output = new LazyOutputChannel('App Runner');
  const aws = new AwsContext(output);
  const ui = new Ui(vscodePrompts);
  const features = new LazyFeatures((id, handler) => vscode.commands.registerCommand(id, handler), context.subscriptions);
  context.subscriptions.push(output, aws);
  const catalog = registerCatalog(context, aws);
  const servicesTree = registerExplorer(features, context, aws, catalog, ui);
  registerConfigFeatures(context, ui);
  const monitor = registerMonitor(features, context, aws, catalog, ui);
  const deploy = registerDeploy(features, context, aws, catalog, ui);
  registerMigrate(features, context, aws, catalog, ui);
  const operate = registerOperate(features, context, aws, catalog, ui);
  if (testSeamEnabled()) {
    registerTestSeam(context, {
      aws,
      catalog,
      servicesTree,
      ui,
      features,
      monitor,
      deploy,
      history: () => operate().history,
      domains: () => operate().domains,
      isAwsLoaded,
      awsLoadedAtActivation: isAwsLoaded(),
      featuresLoadedAtActivation: features.loaded(),
      bundlesLoadedAtActivation: loadedBundles(),
    });
  }
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
