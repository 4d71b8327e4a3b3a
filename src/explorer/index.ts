// Wires the services explorer into VS Code: the tree view of the catalog, its commands and the status bar.
import * as vscode from 'vscode';
import type { Catalog } from '../catalog/catalog';
import type { AwsContext } from '../shared/awsContext';
import type { Ui } from '../ui/ui';
import { registerExplorerCommands } from './commands';
import { registerStatusBar } from './statusBar';
import { ServicesTree } from './tree';

export function registerExplorer(context: vscode.ExtensionContext, aws: AwsContext, catalog: Catalog, ui: Ui): ServicesTree {
  const tree = new ServicesTree(catalog, context.workspaceState);
  const view = vscode.window.createTreeView('apprunner.services', { treeDataProvider: tree, showCollapseAll: true });
  const describe = () => {
    view.description = aws.profileLabel;
    view.message = tree.filter ? `Filter: "${tree.filter}"` : undefined;
  };
  describe();
  context.subscriptions.push(tree, view, aws.onDidChange(describe), tree.onDidChangeTreeData(describe));
  registerExplorerCommands(context, aws, catalog, tree, ui);
  context.subscriptions.push(
    vscode.commands.registerCommand('apprunner.revealValue', (node: unknown) => tree.setRevealed(node, true)),
    vscode.commands.registerCommand('apprunner.hideValue', (node: unknown) => tree.setRevealed(node, false)),
    vscode.commands.registerCommand('apprunner.copyVariableName', async (node?: { variable?: unknown }) => {
      if (typeof node?.variable === 'string') await vscode.env.clipboard.writeText(node.variable);
    }),
  );
  registerStatusBar(context, aws, ui);
  return tree;
}
