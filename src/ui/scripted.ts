// Scripted answers for tests: each question is answered by the first script line whose pattern
// matches its title. A question the script does not expect throws at once, naming the question,
// so a test can never wait on (or silently dismiss) a real picker. Pure: unit and integration
// tests both use it.
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
} from './questions';

export type AskedKind = 'input' | 'pick' | 'pickMany' | 'confirm' | 'openFile' | 'saveFile';

/** A question as the script saw it. */
export interface Asked {
  kind: AskedKind;
  title: string;
  /** "step n of m" when a wizard asked it. */
  step?: string;
  canGoBack?: boolean;
  /** The default or earlier answer offered by an input. */
  value?: string;
  /** The highlighted item of a pick. */
  activeLabel?: string;
  detail?: string;
  items?: Array<PickItem<unknown>>;
}

/**
 * An answer: text (input, file path; for a pick, an item's value, else the item whose label contains it), true/false
 * (confirm), BACK, undefined (dismiss, as Esc), or a function of the question and of how many
 * times this line answered before.
 */
export type ScriptAnswer = string | boolean | Back | undefined | ((q: Asked, nth: number) => unknown);

export type ScriptLine = [pattern: RegExp | string, answer: ScriptAnswer];

export class UnexpectedPromptError extends Error {
  constructor(readonly asked: Asked) {
    super(`Unexpected prompt: ${describeAsked(asked)}`);
    this.name = 'UnexpectedPromptError';
  }
}

export function describeAsked(q: Asked): string {
  return `${q.kind} "${q.title}"${q.step ? ` (step ${q.step})` : ''}`;
}

/** The answer that picks the item whose label contains `text`. */
export function byLabel(text: string): (q: Asked) => unknown {
  return (q) => {
    const item = q.items?.find((i) => i.label.includes(text));
    if (!item) throw new Error(`No item "${text}" in ${describeAsked(q)}: ${q.items?.map((i) => i.label).join(' | ')}`);
    return item.value;
  };
}

export class ScriptedPrompts implements Prompts {
  /** Every question asked, in order. */
  readonly asked: Asked[] = [];
  /** Questions the script had no line for (each also threw). */
  readonly unexpected: Asked[] = [];
  private readonly uses = new Map<number, number>();

  constructor(private readonly script: ScriptLine[]) {}

  private answer(q: Asked): unknown {
    this.asked.push(q);
    const line = this.script.findIndex(([pattern]) => (typeof pattern === 'string' ? pattern === q.title : pattern.test(q.title)));
    if (line < 0) {
      this.unexpected.push(q);
      throw new UnexpectedPromptError(q);
    }
    const nth = this.uses.get(line) ?? 0;
    this.uses.set(line, nth + 1);
    const answer = this.script[line][1];
    return typeof answer === 'function' ? answer(q, nth) : answer;
  }

  async input(q: InputQuestion): Promise<string | Back | undefined> {
    const a = this.answer({ kind: 'input', ...base(q), value: q.value });
    if (a === undefined || a === BACK) return this.back(q, a);
    if (typeof a !== 'string') throw new Error(`The script answered ${describeAsked({ kind: 'input', title: q.title })} with a non-text`);
    const problem = q.validate?.(a);
    if (problem) throw new Error(`The script's answer "${a}" to "${q.title}" is refused: ${problem}`);
    return a;
  }

  async pick<T>(q: PickQuestion<T>): Promise<T | Back | undefined> {
    const asked: Asked = { kind: 'pick', ...base(q), items: q.items, activeLabel: q.activeLabel };
    const a = this.answer(asked);
    if (a === undefined || a === BACK) return this.back(q, a);
    if (q.items.some((i) => i.value === a)) return a as T;
    if (typeof a === 'string') return byItemLabel(asked, q.items, a);
    throw new Error(`The script's answer to ${describeAsked(asked)} is none of its items`);
  }

  async pickMany<T>(q: PickQuestion<T>): Promise<T[] | undefined> {
    const asked: Asked = { kind: 'pickMany', ...base(q), items: q.items };
    const a = this.answer(asked);
    if (a === undefined) return undefined;
    if (typeof a === 'string') return [byItemLabel(asked, q.items, a)];
    return a as T[];
  }

  async confirm(q: ConfirmQuestion): Promise<boolean> {
    return this.answer({ kind: 'confirm', title: q.title, detail: q.detail }) === true;
  }

  async openFile(q: OpenFileQuestion): Promise<string | undefined> {
    return this.answer({ kind: 'openFile', title: q.title }) as string | undefined;
  }

  async saveFile(q: SaveFileQuestion): Promise<string | undefined> {
    return this.answer({ kind: 'saveFile', title: q.title, value: q.fileName }) as string | undefined;
  }

  private back(q: { title: string; position?: { canGoBack: boolean } }, a: undefined | Back): undefined | Back {
    if (a === BACK && !q.position?.canGoBack) throw new Error(`The script answered Back to "${q.title}", which offers no Back`);
    return a;
  }
}

function base(q: { title: string; position?: { step: number; totalSteps: number; canGoBack: boolean } }) {
  return {
    title: q.title,
    step: q.position ? `${q.position.step} of ${q.position.totalSteps}` : undefined,
    canGoBack: q.position?.canGoBack,
  };
}

function byItemLabel<T>(asked: Asked, items: Array<PickItem<T>>, text: string): T {
  const item = items.find((i) => i.label.includes(text));
  if (!item) throw new Error(`No item "${text}" in ${describeAsked(asked)}: ${items.map((i) => i.label).join(' | ')}`);
  return item.value;
}
