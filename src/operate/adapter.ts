// Operating a running service in VS Code, loaded on first use as dist/operate.js (see index.ts): the
// environment editor and its commands, the deployment history, custom domains, auto scaling, the
// instance, port and health check settings, and the network and tracing switches.
import type * as vscode from 'vscode';
import type { Catalog } from '../catalog/catalog';
import type { AwsContext } from '../shared/awsContext';
import type { FeatureCommands } from '../shared/lazyFeatures';
import type { Ui } from '../ui/ui';
import { DomainsApi, registerDomains } from './domainsCommands';
import { registerEnvironmentEditor } from './environmentEditor';
import { registerNetworkCommands } from './networkCommands';
import { HistoryApi, registerHistoryCommands } from './historyCommands';
import type { OperateCommand } from './index';
import { registerScalingCommands } from './scalingCommands';
import { registerServiceSettingsCommands } from './serviceSettingsCommands';
import { ServiceUpdater } from './serviceUpdate';

export interface OperateFeature {
  history: HistoryApi;
  domains: DomainsApi;
  /** The apprunner-env file system behind index.ts's LazyFileSystemProvider. */
  environmentFiles: vscode.FileSystemProvider;
}

export function activateOperate(
  context: vscode.ExtensionContext,
  aws: AwsContext,
  catalog: Catalog,
  ui: Ui,
  commands: FeatureCommands<OperateCommand>,
): OperateFeature {
  const environment = registerEnvironmentEditor(context, aws, catalog, ui, commands);
  const history = registerHistoryCommands(context, aws, catalog, ui, commands);
  const domains = registerDomains(context, aws, catalog, ui, commands);
  const updater = new ServiceUpdater(aws, catalog, ui);
  registerScalingCommands(context, aws, catalog, ui, updater, commands);
  registerServiceSettingsCommands(context, aws, catalog, ui, updater, commands);
  registerNetworkCommands(context, aws, catalog, ui, updater, commands);
  context.subscriptions.push(
    environment.onDidUpdate(({ service, operationId, imageIdentifier }) => {
      if (operationId && imageIdentifier) void history.rememberDeployment(service, operationId, imageIdentifier);
    }),
  );
  return { history, domains, environmentFiles: environment.files };
}
