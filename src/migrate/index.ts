// The migration feature's registrar: its commands exist from activation; the body (adapter.ts,
// bundled with the plan, templates and YAML serialiser as dist/migrate.js) loads on the first of them.
import type * as vscode from 'vscode';
import type { Catalog } from '../catalog/catalog';
import type { AwsContext } from '../shared/awsContext';
import type { LazyFeatures } from '../shared/lazyFeatures';
import type { Ui } from '../ui/ui';
import type * as Adapter from './adapter';

const COMMANDS = [
  'apprunner.planMigration',
  'apprunner.exportMigrationTemplates',
  'apprunner.writeDockerfileFromConfig',
  'apprunner.createExpressService',
] as const;
export type MigrateCommand = (typeof COMMANDS)[number];

export function registerMigrate(
  features: LazyFeatures,
  context: vscode.ExtensionContext,
  aws: AwsContext,
  catalog: () => Catalog,
  ui: Ui,
): void {
  features.define('migrate', COMMANDS, (commands) =>
    // esbuild maps './adapter' to the separate bundle './migrate.js' (see scripts/build.mjs).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('./adapter') as typeof Adapter).activateMigrate(context, aws, catalog(), ui, commands),
  );
}
