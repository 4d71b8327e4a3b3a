import assert from 'node:assert/strict';
import { test } from 'node:test';
import { BACK } from '../../../src/ui/questions';
import { ScriptedPrompts, UnexpectedPromptError } from '../../../src/ui/scripted';
import { Ui } from '../../../src/ui/ui';
import { inputAsk, pickAsk, Wizard, WizardStopped } from '../../../src/ui/wizard';

interface Order {
  size: string;
  count: string;
  note: string;
  gift: boolean;
}

const order: Wizard<Order> = {
  title: 'Order',
  steps: [
    {
      title: 'size',
      ask: () =>
        pickAsk({
          items: ['S', 'M', 'L'].map((s) => ({ label: s, value: s })),
          activeLabel: 'M',
          apply: (o, size: string) => ({ ...o, size }),
        }),
    },
    {
      title: 'count',
      ask: () =>
        inputAsk({
          value: '1',
          validate: (v) => (/^[1-9]\d*$/.test(v) ? undefined : 'A whole number from 1'),
          apply: (o, count) => ({ ...o, count }),
        }),
    },
    {
      title: 'gift',
      ask: () =>
        pickAsk({
          items: [
            { label: 'No', value: false },
            { label: 'Yes', value: true },
          ],
          apply: (o, gift: boolean) => ({ ...o, gift }),
        }),
    },
    { title: 'note', when: (o) => o.gift, ask: () => inputAsk({ apply: (o, note) => ({ ...o, note }) }) },
  ],
};

const start: Order = { size: '', count: '', note: '', gift: false };

test('steps are numbered among the steps that apply; Back is offered from the second', async () => {
  const prompts = new ScriptedPrompts([
    ['Order: size', 'L'],
    ['Order: count', '2'],
    ['Order: gift', 'Yes'],
    ['Order: note', 'happy birthday'],
  ]);
  const result = await new Ui(prompts).wizard(order, start);
  assert.deepEqual(result, { size: 'L', count: '2', gift: true, note: 'happy birthday' });
  assert.deepEqual(
    prompts.asked.map((q) => [q.title, q.step, q.canGoBack]),
    [
      ['Order: size', '1 of 3', false],
      ['Order: count', '2 of 3', true],
      ['Order: gift', '3 of 3', true],
      ['Order: note', '4 of 4', true],
    ],
  );
  assert.equal(prompts.asked[0].activeLabel, 'M', 'the default is highlighted');
  assert.equal(prompts.asked[1].value, '1', 'the default is offered');
});

test('Back returns to the previous step with its earlier answer, and the later answers are kept going forward', async () => {
  const prompts = new ScriptedPrompts([
    ['Order: size', (_q, nth) => (nth === 0 ? 'S' : 'L')],
    ['Order: count', (_q, nth) => (nth === 0 ? '3' : nth === 1 ? BACK : '3')],
    ['Order: gift', (_q, nth) => (nth === 0 ? BACK : 'No')],
  ]);
  const result = await new Ui(prompts).wizard(order, start);
  assert.deepEqual(result, { size: 'L', count: '3', gift: false, note: '' });
  assert.deepEqual(
    prompts.asked.map((q) => q.title),
    ['Order: size', 'Order: count', 'Order: gift', 'Order: count', 'Order: size', 'Order: count', 'Order: gift'],
  );
  assert.equal(prompts.asked[3].value, '3', 'back at count: the earlier answer is shown');
  assert.equal(prompts.asked[4].activeLabel, 'S', 'back at size: the earlier choice is highlighted');
  assert.equal(prompts.asked[5].value, '3', 'forward again: the answer given before is kept');
});

test('Esc after an answer asks before discarding; "no" continues where the user was', async () => {
  const prompts = new ScriptedPrompts([
    ['Order: size', 'S'],
    ['Order: count', (_q, nth) => (nth === 0 ? undefined : '5')],
    ['Discard your answers to Order?', false],
    ['Order: gift', 'No'],
  ]);
  assert.deepEqual(await new Ui(prompts).wizard(order, start), { size: 'S', count: '5', gift: false, note: '' });
  assert.deepEqual(
    prompts.asked.map((q) => q.kind),
    ['pick', 'input', 'confirm', 'input', 'pick'],
  );

  const discarding = new ScriptedPrompts([
    ['Order: size', 'S'],
    ['Order: count', undefined],
    ['Discard your answers to Order?', true],
  ]);
  assert.equal(await new Ui(discarding).wizard(order, start), undefined);
});

test('Esc on the first step ends the wizard without asking', async () => {
  const prompts = new ScriptedPrompts([['Order: size', undefined]]);
  assert.equal(await new Ui(prompts).wizard(order, start), undefined);
  assert.equal(prompts.asked.length, 1);
});

test('a step that stops (after telling the user why) ends the wizard without answers', async () => {
  const stopping: Wizard<Order> = {
    title: 'Order',
    steps: [
      order.steps[0],
      {
        title: 'stock',
        ask: () => {
          throw new WizardStopped();
        },
      },
    ],
  };
  assert.equal(await new Ui(new ScriptedPrompts([['Order: size', 'S']])).wizard(stopping, start), undefined);
});

test("a step in a feature's own bundle stops the wizard with that bundle's copy of WizardStopped", async () => {
  // What a lazily loaded bundle throws: a class of the same name that is not this module's.
  const OtherBundlesWizardStopped = class extends Error {
    constructor() {
      super('The wizard stopped');
      this.name = 'WizardStopped';
    }
  };
  const stopping: Wizard<Order> = {
    title: 'Order',
    steps: [
      {
        title: 'stock',
        ask: () => {
          throw new OtherBundlesWizardStopped();
        },
      },
    ],
  };
  assert.equal(await new Ui(new ScriptedPrompts([])).wizard(stopping, start), undefined);
  const failing: Wizard<Order> = { title: 'Order', steps: [{ title: 'stock', ask: () => Promise.reject(new Error('ListRoles failed')) }] };
  await assert.rejects(new Ui(new ScriptedPrompts([])).wizard(failing, start), /ListRoles failed/);
});

test('a step asked again collects one answer at a time, and Back undoes the last one', async () => {
  interface Tags {
    tags: string[];
    last?: string;
  }
  const tags: Wizard<Tags> = {
    title: 'Tags',
    steps: [
      {
        title: (s) => `tag ${s.tags.length + 1}`,
        again: (s) => s.last !== '',
        ask: () => inputAsk({ apply: (s, t) => (t ? { tags: [...s.tags, t], last: t } : { ...s, last: '' }) }),
      },
    ],
  };
  const prompts = new ScriptedPrompts([
    ['Tags: tag 1', 'a'],
    ['Tags: tag 2', (_q, nth) => (nth === 0 ? 'b' : '')],
    ['Tags: tag 3', (_q, nth) => (nth === 0 ? BACK : '')],
  ]);
  assert.deepEqual(await new Ui(prompts).wizard(tags, { tags: [] }), { tags: ['a'], last: '' });
  assert.equal(prompts.asked[3].value, 'b', 'back at tag 2: the earlier text is shown');
});

test('the script fails at once, by name, on a question it does not expect or an answer the question refuses', async () => {
  const prompts = new ScriptedPrompts([['Order: size', 'S']]);
  await assert.rejects(new Ui(prompts).wizard(order, start), (e: unknown) => {
    assert.ok(e instanceof UnexpectedPromptError);
    assert.equal(e.message, 'Unexpected prompt: input "Order: count" (step 2 of 3)');
    return true;
  });
  assert.deepEqual(
    prompts.unexpected.map((q) => q.title),
    ['Order: count'],
  );
  await assert.rejects(
    new Ui(
      new ScriptedPrompts([
        ['Order: size', 'S'],
        ['Order: count', 'zero'],
      ]),
    ).wizard(order, start),
    /answer "zero" to "Order: count" is refused: A whole number from 1/,
  );
  await assert.rejects(new Ui(new ScriptedPrompts([['Order: size', BACK]])).wizard(order, start), /offers no Back/);
  await assert.rejects(new Ui(new ScriptedPrompts([['Order: size', 'XL']])).wizard(order, start), /No item "XL" in pick "Order: size"/);
});

test('single questions: a pick by label, a confirmation, and use() restores the previous prompts', async () => {
  const ui = new Ui(new ScriptedPrompts([]));
  const restore = ui.use(
    new ScriptedPrompts([
      ['Fruit', 'pear'],
      ['Sure?', true],
    ]),
  );
  assert.equal(
    await ui.pick(
      [
        { label: 'apple', value: 1 },
        { label: 'pear', value: 2 },
      ],
      { title: 'Fruit' },
    ),
    2,
  );
  assert.equal(await ui.confirm({ title: 'Sure?', detail: '', action: 'Yes' }), true);
  restore();
  await assert.rejects(ui.confirm({ title: 'Sure?', detail: '', action: 'Yes' }), UnexpectedPromptError);
});
