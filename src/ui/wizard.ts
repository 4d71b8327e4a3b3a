// The wizard's state machine: small steps asked in order over an answers object, with Back,
// "step n of m", per-step defaults and validation, earlier answers kept when the user goes back
// and forth, and Esc that asks before it discards what was answered. Pure: it asks through the
// Prompts seam, so unit tests drive it with a script.
import { BACK, InputQuestion, OpenFileQuestion, PickItem, PickQuestion, Prompts } from './questions';

type Apply<S, A> = (state: S, answer: A) => S | Promise<S>;

/**
 * What a step asks for the answers so far, and how its answer changes them. `title` replaces the
 * step's own when the step finds it must ask something else (e.g. type an ARN when listing is denied).
 * A dismissed file dialog goes back a step.
 */
export type StepAsk<S> = { title?: string } & (
  | (Omit<InputQuestion, 'title' | 'position'> & { kind: 'input'; apply: Apply<S, string> })
  | (Omit<PickQuestion<unknown>, 'title' | 'position'> & { kind: 'pick'; apply: Apply<S, unknown> })
  | (Omit<OpenFileQuestion, 'title'> & { kind: 'openFile'; apply: Apply<S, string> })
);

/** Thrown by a step that cannot go on, after telling the user why: the wizard ends without answers. */
export class WizardStopped extends Error {
  constructor() {
    super('The wizard stopped');
    this.name = 'WizardStopped';
  }
}

export interface WizardStep<S> {
  /** The question's title after the wizard's: "New service: port". */
  title: string | ((state: S) => string);
  /** Whether the step applies to these answers (default: always). Skipped steps are not counted. */
  when?(state: S): boolean;
  /** Asked once more after an answer while true (e.g. one environment variable at a time). */
  again?(state: S): boolean;
  /** The question; may do work first (e.g. list the IAM roles). Errors end the wizard. */
  ask(state: S): StepAsk<S> | Promise<StepAsk<S>>;
}

type AskOf<Q, S, A> = Omit<Q, 'title' | 'position'> & { title?: string; apply: Apply<S, A> };

export function inputAsk<S>(q: AskOf<InputQuestion, S, string>): StepAsk<S> {
  return { kind: 'input', ...q };
}

export function pickAsk<S, T>(q: AskOf<PickQuestion<T>, S, T> & { items: Array<PickItem<T>> }): StepAsk<S> {
  return { kind: 'pick', ...q, apply: (state, value) => q.apply(state, value as T) };
}

export function openFileAsk<S>(q: AskOf<OpenFileQuestion, S, string>): StepAsk<S> {
  return { kind: 'openFile', ...q };
}

export interface Wizard<S> {
  /** Names the flow, e.g. "New service"; each question's title starts with it. */
  title: string;
  steps: Array<WizardStep<S>>;
}

interface Visit<S> {
  index: number;
  before: S;
}

/** Runs the wizard; the final answers, or undefined when the user discarded them or a step stopped it. */
export async function runWizard<S>(prompts: Prompts, wizard: Wizard<S>, initial: S): Promise<S | undefined> {
  try {
    return await walk(prompts, wizard, initial);
  } catch (e) {
    // By name: a step runs in its feature's own bundle, whose copy of WizardStopped is another class.
    if ((e as Error)?.name === 'WizardStopped') return undefined;
    throw e;
  }
}

async function walk<S>(prompts: Prompts, wizard: Wizard<S>, initial: S): Promise<S | undefined> {
  const { steps } = wizard;
  const applies = (i: number, s: S) => steps[i].when?.(s) ?? true;
  const nextFrom = (from: number, s: S) => {
    let i = from;
    while (i < steps.length && !applies(i, s)) i++;
    return i;
  };
  const history: Array<Visit<S>> = [];
  /** The latest answer per step occurrence (text, or the picked label), offered again on return. */
  const remembered = new Map<string, string>();
  let state = initial;
  let index = nextFrom(0, state);
  while (index < steps.length) {
    const step = steps[index];
    const ask = await step.ask(state);
    const key = `${index}#${history.filter((v) => v.index === index).length}`;
    const counted = steps.map((_, i) => i).filter((i) => applies(i, state));
    const position = { step: counted.filter((i) => i < index).length + 1, totalSteps: counted.length, canGoBack: history.length > 0 };
    const title = `${wizard.title}: ${ask.title ?? (typeof step.title === 'function' ? step.title(state) : step.title)}`;
    let next: S | typeof BACK | undefined;
    if (ask.kind === 'input') {
      const { kind: _kind, title: _title, apply, ...question } = ask;
      const text = await prompts.input({ ...question, title, position, value: remembered.get(key) ?? question.value });
      if (typeof text === 'string') {
        remembered.set(key, text);
        // An answer the step refuses is asked again, showing what was typed.
        if (question.validate?.(text)) continue;
        next = await apply(state, text);
      } else {
        next = text;
      }
    } else if (ask.kind === 'pick') {
      const { kind: _kind, title: _title, apply, ...question } = ask;
      const value = await prompts.pick({ ...question, title, position, activeLabel: remembered.get(key) ?? question.activeLabel });
      if (value === undefined || value === BACK) {
        next = value;
      } else {
        const label = question.items.find((item) => item.value === value)?.label;
        if (label !== undefined) remembered.set(key, label);
        next = await apply(state, value);
      }
    } else {
      const { kind: _kind, title: _title, apply, ...question } = ask;
      const file = await prompts.openFile({ ...question, title });
      next = file === undefined ? (history.length ? BACK : undefined) : await apply(state, file);
    }
    if (next === BACK) {
      const visit = history.pop();
      if (visit) {
        ({ index, before: state } = visit);
      }
      continue;
    }
    if (next === undefined) {
      if (history.length === 0) return undefined;
      const discard = await prompts.confirm({
        title: `Discard your answers to ${wizard.title}?`,
        detail: `You have answered ${history.length} of its questions. Discard them, or cancel to continue where you were.`,
        action: 'Discard',
      });
      if (discard) return undefined;
      continue;
    }
    history.push({ index, before: state });
    state = next;
    index = step.again?.(state) ? index : nextFrom(index + 1, state);
  }
  return state;
}
