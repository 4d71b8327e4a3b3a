// What the integration tests reach inside the running extension. Registered as a command only when
// the test runner sets APPRUNNER_TEST_SEAM=1 for the extension host, so that no other extension
// can reach it (activate() returns nothing): through it, tests answer every question the
// extension asks (the ui/ seam) and watch the features' state.
import * as vscode from 'vscode';
import type { Catalog } from './catalog/catalog';
import type { AwsContext } from './shared/awsContext';
import type { DeployApi } from './deploy';
import type { ServicesTree } from './explorer/tree';
import type { MonitorApi } from './monitor';
import type { HistoryApi } from './operate/historyCommands';
import type { Prompts } from './ui/questions';
import type { Ui } from './ui/ui';

export const TEST_SEAM_COMMAND = 'apprunner.test.seam';

export interface TestSeam {
  aws: AwsContext;
  catalog: Catalog;
  servicesTree: ServicesTree;
  monitor: MonitorApi;
  deploy: DeployApi;
  history: HistoryApi;
  isAwsLoaded(): boolean;
  /** Whether the AWS SDK bundle had been loaded when activate() returned (it must not be). */
  awsLoadedAtActivation: boolean;
  /** Every question goes to `prompts` until the returned function is called. */
  useUi(prompts: Prompts): () => void;
}

export function testSeamEnabled(): boolean {
  return process.env.APPRUNNER_TEST_SEAM === '1';
}

export function registerTestSeam(context: vscode.ExtensionContext, seam: Omit<TestSeam, 'useUi'>, ui: Ui): void {
  const full: TestSeam = { ...seam, useUi: (prompts) => ui.use(prompts) };
  context.subscriptions.push(vscode.commands.registerCommand(TEST_SEAM_COMMAND, () => full));
}
