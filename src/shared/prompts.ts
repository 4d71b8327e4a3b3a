// The questions commands ask the user. Integration tests swap in scripted answers through the
// extension's test API; everything else uses VS Code's own dialogs.
import * as vscode from 'vscode';

export interface Prompter {
  /** A modal confirmation; true when the user chose `action`. */
  confirm(message: string, detail: string, action: string): Promise<boolean>;
  input(options: vscode.InputBoxOptions): Promise<string | undefined>;
}

export const vscodePrompter: Prompter = {
  async confirm(message, detail, action) {
    return (await vscode.window.showWarningMessage(message, { modal: true, detail }, action)) === action;
  },
  input(options) {
    return Promise.resolve(vscode.window.showInputBox(options));
  },
};

let current: Prompter = vscodePrompter;

export function prompter(): Prompter {
  return current;
}

/** Test hook: replaces the prompter; returns a function that restores the previous one. */
export function usePrompter(p: Prompter): () => void {
  const previous = current;
  current = p;
  return () => (current = previous);
}
