// An output channel made on its first use: creating one costs the extension host a log file and a
// round trip to the window, which start-up does not need (most sessions write nothing until a
// command runs).
import vscode = require('vscode');

export class LazyOutputChannel implements vscode.OutputChannel {
  private made?: vscode.OutputChannel;

  constructor(readonly name: string) {}

  private get channel(): vscode.OutputChannel {
    return (this.made ??= vscode.window.createOutputChannel(this.name));
  }

  append(value: string): void {
    this.channel.append(value);
  }

  appendLine(value: string): void {
    this.channel.appendLine(value);
  }

  replace(value: string): void {
    this.channel.replace(value);
  }

  clear(): void {
    this.made?.clear();
  }

  show(columnOrPreserveFocus?: vscode.ViewColumn | boolean, preserveFocus?: boolean): void {
    if (typeof columnOrPreserveFocus === 'boolean' || columnOrPreserveFocus === undefined) this.channel.show(columnOrPreserveFocus);
    else this.channel.show(columnOrPreserveFocus, preserveFocus);
  }

  hide(): void {
    this.made?.hide();
  }

  dispose(): void {
    this.made?.dispose();
  }
}
