// activate(): registers each feature, nothing else. Nothing here loads the AWS SDK.
import * as vscode from 'vscode';
import { isAwsLoaded } from './aws/lazy';
import { registerConfigFeatures } from './config';
import { DeployApi, registerDeploy } from './deploy';
import { registerExplorer } from './explorer';
import type { Catalog } from './catalog/catalog';
import type { ServicesTree } from './explorer/tree';
import { MonitorApi, registerMonitor } from './monitor';
import { AwsContext } from './shared/awsContext';
import { registerCatalog } from './shared/catalogHost';
import { Prompter, usePrompter } from './shared/prompts';

/** What activate() returns: used by the integration tests (and open to other extensions). */
export interface AppRunnerExtensionApi {
  aws: AwsContext;
  catalog: Catalog;
  servicesTree: ServicesTree;
  monitor: MonitorApi;
  deploy: DeployApi;
  isAwsLoaded(): boolean;
  /** Whether the AWS SDK bundle had been loaded when activate() returned (it must not be). */
  awsLoadedAtActivation: boolean;
  usePrompter(p: Prompter): () => void;
}

export function activate(context: vscode.ExtensionContext): AppRunnerExtensionApi {
  const output = vscode.window.createOutputChannel('App Runner');
  const aws = new AwsContext(output);
  context.subscriptions.push(output, aws);
  const catalog = registerCatalog(context, aws);
  const servicesTree = registerExplorer(context, aws, catalog);
  registerConfigFeatures(context);
  const monitor = registerMonitor(context, aws, catalog);
  const deploy = registerDeploy(context, aws, catalog);
  return { aws, catalog, servicesTree, monitor, deploy, isAwsLoaded, awsLoadedAtActivation: isAwsLoaded(), usePrompter };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
