// The questions commands ask the user. Integration tests swap in scripted answers through the
// extension's test API; everything else uses VS Code's own dialogs.
import * as vscode from 'vscode';

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
}

export interface Prompter {
  /** A modal confirmation; true when the user chose `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
  /** A quick pick of one item; undefined when dismissed. Optional: scripted prompters without it use VS Code's. */
  pick?<T>(items: PickItem<T>[], options: { title: string; placeHolder?: string }): Promise<T | undefined>;
}

export const vscodePrompter: Prompter = {
  async confirm(message, detail, action) {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  },
  input(options) {
    return Promise.resolve(vscode.window.showInputBox(options));
  },
  async pick(items, options) {
    const picked = await vscode.window.showQuickPick(items, {
      title: options.title,
      placeHolder: options.placeHolder,
      ignoreFocusOut: true,
      matchOnDescription: true,
    });
    return picked?.value;
  },
};

let current: Prompter = vscodePrompter;

export function prompter(): Prompter {
  return current;
}

/** A quick pick through the current prompter (VS Code's when it has no pick). */
export function pick<T>(items: PickItem<T>[], options: { title: string; placeHolder?: string }): Promise<T | undefined> {
  return current.pick ? current.pick(items, options) : vscodePrompter.pick!(items, options);
}

/** Test hook: replaces the prompter; returns a function that restores the previous one. */
export function usePrompter(p: Prompter): () => void {
  const previous = current;
  current = p;
  return () => (current = previous);
}
