// The one way the extension asks the user: single questions and wizards, over a Prompts seam
// that tests replace with a script. Pure: the VS Code prompts are given to it by extension.ts.
import { BACK, ConfirmQuestion, InputQuestion, OpenFileQuestion, PickItem, Prompts, SaveFileQuestion } from './questions';
import { runWizard, Wizard } from './wizard';

export interface PickOptions {
  title: string;
  placeHolder?: string;
  matchOnDescription?: boolean;
}

export class Ui {
  constructor(private prompts: Prompts) {}

  /** Test seam: questions go to `prompts` until the returned function is called. */
  use(prompts: Prompts): () => void {
    const previous = this.prompts;
    this.prompts = prompts;
    return () => {
      this.prompts = previous;
    };
  }

  /** A modal question; true when the user chose `action`. */
  confirm(q: ConfirmQuestion): Promise<boolean> {
    return this.prompts.confirm(q);
  }

  async input(q: Omit<InputQuestion, 'position'>): Promise<string | undefined> {
    const text = await this.prompts.input(q);
    return text === BACK ? undefined : text;
  }

  /** One item's value; undefined when dismissed. */
  async pick<T>(items: Array<PickItem<T>>, options: PickOptions): Promise<T | undefined> {
    const value = await this.prompts.pick({ ...options, items });
    return value === BACK ? undefined : value;
  }

  pickMany<T>(items: Array<PickItem<T>>, options: PickOptions): Promise<T[] | undefined> {
    return this.prompts.pickMany({ ...options, items });
  }

  openFile(q: OpenFileQuestion): Promise<string | undefined> {
    return this.prompts.openFile(q);
  }

  saveFile(q: SaveFileQuestion): Promise<string | undefined> {
    return this.prompts.saveFile(q);
  }

  /** Runs a multi-step wizard; its answers, or undefined when the user discarded them. */
  wizard<S>(wizard: Wizard<S>, initial: S): Promise<S | undefined> {
    return runWizard(this.prompts, wizard, initial);
  }
}
