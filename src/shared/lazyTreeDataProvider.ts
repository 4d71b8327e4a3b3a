// A tree data provider registered at activation whose implementation is in a lazily loaded bundle
// (see lazyFeatures.ts): the view exists from the start, and the code that fills it loads when
// VS Code first asks for its rows, that is when the view is first shown.
import vscode = require('vscode');

type LoadedTree<T> = vscode.TreeDataProvider<T> & vscode.Disposable;

export class LazyTreeDataProvider<T, Tree extends LoadedTree<T>> implements vscode.TreeDataProvider<T>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<T | T[] | undefined | null | void>();
  /** VS Code subscribes at registration, so the loaded tree's events are forwarded. */
  readonly onDidChangeTreeData = this.changed.event;
  private loaded?: { tree: Tree; forwarding?: vscode.Disposable };

  constructor(private readonly load: () => Tree) {}

  /** The implementation, loaded now if it was not yet. */
  tree(): Tree {
    if (!this.loaded) {
      const tree = this.load();
      this.loaded = { tree, forwarding: tree.onDidChangeTreeData?.((e) => this.changed.fire(e)) };
    }
    return this.loaded.tree;
  }

  /** The implementation if something has loaded it. */
  get loadedTree(): Tree | undefined {
    return this.loaded?.tree;
  }

  getTreeItem(node: T): vscode.TreeItem | Thenable<vscode.TreeItem> {
    return this.tree().getTreeItem(node);
  }
  getChildren(node?: T): vscode.ProviderResult<T[]> {
    return this.tree().getChildren(node);
  }
  getParent(node: T): vscode.ProviderResult<T> {
    return this.tree().getParent?.(node);
  }

  dispose(): void {
    this.loaded?.forwarding?.dispose();
    this.loaded?.tree.dispose();
    this.changed.dispose();
  }
}
