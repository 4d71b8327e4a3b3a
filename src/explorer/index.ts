// The services explorer's registrar: the tree view of the catalog and the status bar exist from
// activation (they are what the user sees first). The tree's rows (tree.ts, bundled as dist/tree.js)
// load when the view first asks for them, and the commands' bodies (commands.ts, bundled as
// dist/explorer.js) on the first of them.
import vscode = require('vscode');
import type { Catalog } from '../catalog/catalog';
import type { AwsContext } from '../shared/awsContext';
import type { LazyFeatures } from '../shared/lazyFeatures';
import type { Ui } from '../ui/ui';
import { LazyTreeDataProvider } from '../shared/lazyTreeDataProvider';
import type * as Commands from './commands';
import { registerStatusBar } from './statusBar';
import type * as Tree from './tree';

const COMMANDS = [
  'apprunner.refresh',
  'apprunner.reloadCredentials',
  'apprunner.openServiceUrl',
  'apprunner.copyServiceUrl',
  'apprunner.copyServiceArn',
  'apprunner.openInConsole',
  'apprunner.pauseService',
  'apprunner.resumeService',
  'apprunner.startDeployment',
  'apprunner.deleteService',
  'apprunner.filterServices',
  'apprunner.clearFilter',
  'apprunner.selectProfile',
  'apprunner.selectRegions',
  'apprunner.revealValue',
  'apprunner.hideValue',
  'apprunner.copyVariableName',
] as const;
export type ExplorerCommand = (typeof COMMANDS)[number];

export function registerExplorer(
  features: LazyFeatures,
  context: vscode.ExtensionContext,
  aws: AwsContext,
  catalog: () => Catalog,
  ui: Ui,
): () => Tree.ServicesTree {
  const tree = new LazyTreeDataProvider(() => {
    // esbuild maps './tree' to the separate bundle './tree.js' (see scripts/build.mjs).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = new (require('./tree') as typeof Tree).ServicesTree(catalog(), context.workspaceState);
    describe(loaded.filter);
    return loaded;
  });
  const view = vscode.window.createTreeView('apprunner.services', { treeDataProvider: tree, showCollapseAll: true });
  // Each assignment is a message to the window, and the tree changes often: assign only what changed.
  // The filter is the loaded tree's (until the rows are loaded, none is shown).
  const describe = (filter = tree.loadedTree?.filter) => {
    const message = filter ? `Filter: "${filter}"` : '';
    if (view.description !== aws.profileLabel) view.description = aws.profileLabel;
    if (view.message !== message) view.message = message;
  };
  describe();
  context.subscriptions.push(
    tree,
    view,
    aws.onDidChange(() => describe()),
    tree.onDidChangeTreeData(() => describe()),
  );
  features.define('explorer', COMMANDS, (commands) =>
    // esbuild maps './commands' to the separate bundle './explorer.js' (see scripts/build.mjs).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    (require('./commands') as typeof Commands).activateExplorerCommands(context, aws, catalog(), tree.tree(), ui, commands),
  );
  registerStatusBar(context, aws, ui);
  return () => tree.tree();
}
