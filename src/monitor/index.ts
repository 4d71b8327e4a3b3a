// The monitor's registrar: "Open Monitor" and the serializer that brings panels back after a window
// reload exist from activation; the body (adapter.ts, bundled as dist/monitor.js with the log tail,
// metrics and cost) loads when either is first used.
import vscode = require('vscode');
import type { Catalog } from '../catalog/catalog';
import type { AwsContext } from '../shared/awsContext';
import type { LazyFeatures } from '../shared/lazyFeatures';
import type { Ui } from '../ui/ui';
import type * as Adapter from './adapter';
import { MONITOR_VIEW_TYPE } from './protocol';

const COMMANDS = ['apprunner.openMonitor'] as const;
export type MonitorCommand = (typeof COMMANDS)[number];

export function registerMonitor(
  features: LazyFeatures,
  context: vscode.ExtensionContext,
  aws: AwsContext,
  catalog: () => Catalog,
  ui: Ui,
): () => Adapter.MonitorApi {
  const monitor = features.define('monitor', COMMANDS, (commands) =>
    // esbuild maps './adapter' to the separate bundle './monitor.js' (see scripts/build.mjs).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('./adapter') as typeof Adapter).activateMonitor(context, aws, catalog(), ui, commands),
  );
  context.subscriptions.push(
    vscode.window.registerWebviewPanelSerializer(MONITOR_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => monitor().restore(panel, state),
    }),
  );
  return monitor;
}
