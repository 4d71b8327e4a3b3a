// What the extension can ask the user, as plain data, and the seam that answers: VS Code's quick
// input and dialogs (vscodePrompts.ts) or, in tests, a script (scripted.ts). Pure: no `vscode`.

/** The answer of a step whose Back button was pressed. One symbol across bundles and test code. */
export const BACK: unique symbol = Symbol.for('apprunner.ui.back') as never;
export type Back = typeof BACK;

export interface PickItem<T> {
  label: string;
  description?: string;
  detail?: string;
  value: T;
  /** Items of one group follow each other; a separator with the group's name starts each group. */
  group?: string;
  /** Ticked at the start of a multi-select pick. */
  picked?: boolean;
}

/** Where a question stands in a wizard: "step n of m", and whether Back is offered. */
export interface StepPosition {
  step: number;
  totalSteps: number;
  canGoBack: boolean;
}

export interface InputQuestion {
  title: string;
  prompt?: string;
  placeHolder?: string;
  /** The default (or the earlier answer when the user came back to the step). */
  value?: string;
  password?: boolean;
  /** A message that says what to change, or undefined when the text is acceptable. */
  validate?(text: string): string | undefined;
  position?: StepPosition;
}

export interface PickQuestion<T> {
  title: string;
  placeHolder?: string;
  items: Array<PickItem<T>>;
  /** The label of the item to highlight first (the earlier answer when the user came back). */
  activeLabel?: string;
  matchOnDescription?: boolean;
  position?: StepPosition;
}

export interface ConfirmQuestion {
  /** Asked in a modal dialog: the question. */
  title: string;
  detail: string;
  /** The button that says yes, e.g. "Delete"; the dialog's own Cancel says no. */
  action: string;
}

export interface OpenFileQuestion {
  title: string;
  /** Absolute path of the folder the dialog opens in. */
  folder?: string;
  openLabel: string;
}

export interface SaveFileQuestion {
  title: string;
  /** Absolute path of the folder the dialog opens in. */
  folder?: string;
  fileName: string;
  filters?: Record<string, string[]>;
}

/**
 * The seam: every question the extension asks goes through one of these. `undefined` means the
 * user dismissed the question (Esc); BACK is only answered when `position.canGoBack` is true.
 */
export interface Prompts {
  input(q: InputQuestion): Promise<string | Back | undefined>;
  pick<T>(q: PickQuestion<T>): Promise<T | Back | undefined>;
  pickMany<T>(q: PickQuestion<T>): Promise<T[] | undefined>;
  confirm(q: ConfirmQuestion): Promise<boolean>;
  /** An absolute file path, or undefined when dismissed. */
  openFile(q: OpenFileQuestion): Promise<string | undefined>;
  saveFile(q: SaveFileQuestion): Promise<string | undefined>;
}
