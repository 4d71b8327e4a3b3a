// The Prompts seam on VS Code: quick inputs with a Back button and "step n of m" for wizard
// steps (in the manner of VS Code's multiStepInput sample), modal dialogs for confirmations,
// and the file dialogs. Only adapts: what to ask and what an answer means is decided elsewhere.
import vscode = require('vscode');
import {
  BACK,
  Back,
  ConfirmQuestion,
  InputQuestion,
  OpenFileQuestion,
  PickItem,
  PickQuestion,
  Prompts,
  SaveFileQuestion,
  StepPosition,
} from './questions';

function place(input: vscode.QuickInput & { buttons: readonly vscode.QuickInputButton[] }, title: string, position?: StepPosition): void {
  input.title = title;
  input.step = position?.step;
  input.totalSteps = position?.totalSteps;
  input.buttons = position?.canGoBack ? [vscode.QuickInputButtons.Back] : [];
  input.ignoreFocusOut = true;
}

type IndexedItem = vscode.QuickPickItem & { index: number };

/** The question's items, each with its index, and a separator where the group changes. */
function quickPickItems<T>(items: Array<PickItem<T>>): IndexedItem[] {
  const shown: IndexedItem[] = [];
  items.forEach((item, index) => {
    if (item.group !== undefined && item.group !== items[index - 1]?.group) {
      shown.push({ label: item.group, kind: vscode.QuickPickItemKind.Separator, index: -1 });
    }
    shown.push({ label: item.label, description: item.description, detail: item.detail, index });
  });
  return shown;
}

/** Shows `input` until it settles; hiding it (Esc, focus elsewhere with ignoreFocusOut off) answers undefined. */
function settle<T>(input: vscode.QuickInput, wire: (done: (answer: T | undefined) => void) => vscode.Disposable[]): Promise<T | undefined> {
  return new Promise((resolve) => {
    let settled = false;
    const done = (answer: T | undefined) => {
      if (settled) return;
      settled = true;
      disposables.forEach((d) => d.dispose());
      input.dispose();
      resolve(answer);
    };
    const disposables = [...wire(done), input.onDidHide(() => done(undefined))];
    input.show();
  });
}

export const vscodePrompts: Prompts = {
  input(q: InputQuestion): Promise<string | Back | undefined> {
    const box = vscode.window.createInputBox();
    place(box, q.title, q.position);
    box.prompt = q.prompt;
    box.placeholder = q.placeHolder;
    box.value = q.value ?? '';
    box.password = q.password ?? false;
    box.validationMessage = q.value ? q.validate?.(q.value) : undefined;
    return settle<string | Back>(box, (done) => [
      box.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && done(BACK)),
      box.onDidChangeValue((text) => (box.validationMessage = q.validate?.(text))),
      box.onDidAccept(() => {
        const problem = q.validate?.(box.value);
        box.validationMessage = problem;
        if (!problem) done(box.value);
      }),
    ]);
  },

  pick<T>(q: PickQuestion<T>): Promise<T | Back | undefined> {
    const qp = vscode.window.createQuickPick<IndexedItem>();
    place(qp, q.title, q.position);
    qp.placeholder = q.placeHolder;
    qp.matchOnDescription = q.matchOnDescription ?? true;
    qp.items = quickPickItems(q.items);
    const active = qp.items.find((item) => item.label === q.activeLabel);
    if (active) qp.activeItems = [active];
    return settle<T | Back>(qp, (done) => [
      qp.onDidTriggerButton((b) => b === vscode.QuickInputButtons.Back && done(BACK)),
      qp.onDidAccept(() => {
        const chosen = qp.selectedItems[0] ?? qp.activeItems[0];
        if (chosen) done(q.items[chosen.index].value);
      }),
    ]);
  },

  pickMany<T>(q: PickQuestion<T>): Promise<T[] | undefined> {
    const qp = vscode.window.createQuickPick<IndexedItem>();
    place(qp, q.title, q.position);
    qp.canSelectMany = true;
    qp.placeholder = q.placeHolder;
    qp.matchOnDescription = q.matchOnDescription ?? true;
    qp.items = quickPickItems(q.items);
    qp.selectedItems = qp.items.filter((item) => q.items[item.index].picked);
    return settle<T[]>(qp, (done) => [qp.onDidAccept(() => done(qp.selectedItems.map((item) => q.items[item.index].value)))]);
  },

  async confirm(q: ConfirmQuestion): Promise<boolean> {
    return (await vscode.window.showWarningMessage(q.title, { modal: true, detail: q.detail }, q.action)) === q.action;
  },

  async openFile(q: OpenFileQuestion): Promise<string | undefined> {
    const picked = await vscode.window.showOpenDialog({
      title: q.title,
      openLabel: q.openLabel,
      canSelectMany: false,
      defaultUri: q.folder ? vscode.Uri.file(q.folder) : undefined,
    });
    return picked?.[0]?.fsPath;
  },

  async saveFile(q: SaveFileQuestion): Promise<string | undefined> {
    const defaultUri = q.folder ? vscode.Uri.joinPath(vscode.Uri.file(q.folder), q.fileName) : undefined;
    const picked = await vscode.window.showSaveDialog({ title: q.title, defaultUri, filters: q.filters });
    return picked?.fsPath;
  },
};
