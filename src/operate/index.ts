// The operate feature's registrar: its commands and the apprunner-env file system exist from
// activation; the body (adapter.ts, bundled as dist/operate.js) loads on the first use of either.
import vscode = require('vscode');
import type { Catalog } from '../catalog/catalog';
import type { AwsContext } from '../shared/awsContext';
import type { LazyFeatures } from '../shared/lazyFeatures';
import { LazyFileSystemProvider } from '../shared/lazyFileSystem';
import type { Ui } from '../ui/ui';
import type * as Adapter from './adapter';
import { ENVIRONMENT_SCHEME } from './uriSchemes';

const COMMANDS = [
  'apprunner.editEnvironment',
  'apprunner.importEnvFile',
  'apprunner.exportEnvFile',
  'apprunner.turnIntoSecret',
  'apprunner.deploymentHistory',
  'apprunner.addCustomDomain',
  'apprunner.showCustomDomains',
  'apprunner.removeCustomDomain',
  'apprunner.changeAutoScaling',
  'apprunner.autoScalingConfigurations',
  'apprunner.editServiceSettings',
  'apprunner.switchTracing',
  'apprunner.changeIpAddressType',
] as const;
export type OperateCommand = (typeof COMMANDS)[number];

export function registerOperate(
  features: LazyFeatures,
  context: vscode.ExtensionContext,
  aws: AwsContext,
  catalog: () => Catalog,
  ui: Ui,
): () => Adapter.OperateFeature {
  const operate = features.define('operate', COMMANDS, (commands) =>
    // esbuild maps './adapter' to the separate bundle './operate.js' (see scripts/build.mjs).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('./adapter') as typeof Adapter).activateOperate(context, aws, catalog(), ui, commands),
  );
  const environmentFiles = new LazyFileSystemProvider(() => operate().environmentFiles);
  context.subscriptions.push(
    environmentFiles,
    vscode.workspace.registerFileSystemProvider(ENVIRONMENT_SCHEME, environmentFiles, { isCaseSensitive: true }),
  );
  return operate;
}
