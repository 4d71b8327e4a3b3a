// The deploy feature's registrar: its commands exist from activation; the body (adapter.ts, bundled
// as dist/deploy.js with Docker, the pipeline and the Dockerfile parser) loads on the first of them.
import type * as vscode from 'vscode';
import type { Catalog } from '../catalog/catalog';
import type { AwsContext } from '../shared/awsContext';
import type { LazyFeatures } from '../shared/lazyFeatures';
import type { Ui } from '../ui/ui';
import type * as Adapter from './adapter';

const COMMANDS = ['apprunner.deployWorkspace', 'apprunner.deployToService'] as const;
export type DeployCommand = (typeof COMMANDS)[number];

export function registerDeploy(
  features: LazyFeatures,
  context: vscode.ExtensionContext,
  aws: AwsContext,
  catalog: () => Catalog,
  ui: Ui,
): () => Adapter.DeployApi {
  return features.define('deploy', COMMANDS, (commands) =>
    // esbuild maps './adapter' to the separate bundle './deploy.js' (see scripts/build.mjs).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('./adapter') as typeof Adapter).activateDeploy(context, aws, catalog(), ui, commands),
  );
}
