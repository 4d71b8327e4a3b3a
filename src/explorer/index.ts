// Wires the services explorer into VS Code: the tree view, its commands and the status bar.
import * as vscode from 'vscode';
import type { AwsContext } from '../shared/awsContext';
import { registerExplorerCommands } from './commands';
import { registerStatusBar } from './statusBar';
import { ServicesTree } from './tree';

export function registerExplorer(context: vscode.ExtensionContext, aws: AwsContext): ServicesTree {
  const tree = new ServicesTree(aws, context.workspaceState);
  const view = vscode.window.createTreeView('apprunner.services', { treeDataProvider: tree, showCollapseAll: true });
  const describe = () => {
    view.description = aws.profileLabel;
    view.message = tree.filter ? `Filter: "${tree.filter}"` : undefined;
  };
  describe();
  context.subscriptions.push(
    tree,
    view,
    aws.onDidChange(() => {
      tree.refresh();
      describe();
    }),
    tree.onDidChangeTreeData(describe),
  );
  registerExplorerCommands(context, aws, tree);
  registerStatusBar(context, aws);
  return tree;
}
