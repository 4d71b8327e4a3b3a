import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { AutoScalingConfiguration, AutoScalingConfigurationSummary } from '../../../src/aws/types';
import {
  deletionRefusal,
  initialScalingAnswers,
  quotaAdvice,
  revisionRows,
  scalingSettingsOf,
  scalingWizard,
  unusedRevisions,
} from '../../../src/operate/scaling';
import { planServiceChange, previewLines } from '../../../src/operate/serviceChange';
import type { Service } from '../../../src/aws/types';
import { BACK } from '../../../src/ui/questions';
import { byLabel, ScriptedPrompts } from '../../../src/ui/scripted';
import { Ui } from '../../../src/ui/ui';

const PREFIX = 'arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/';
const arn = (name: string, revision: number) => `${PREFIX}${name}/${revision}/${'0'.repeat(31)}${revision}`;
const summary = (
  name: string,
  revision: number,
  extra: Partial<AutoScalingConfigurationSummary> = {},
): AutoScalingConfigurationSummary => ({
  AutoScalingConfigurationArn: arn(name, revision),
  AutoScalingConfigurationName: name,
  AutoScalingConfigurationRevision: revision,
  Status: 'ACTIVE',
  HasAssociatedService: false,
  IsDefault: false,
  ...extra,
});
const config = (name: string, revision: number, min: number, max: number, conc: number): AutoScalingConfiguration => ({
  AutoScalingConfigurationArn: arn(name, revision),
  AutoScalingConfigurationName: name,
  AutoScalingConfigurationRevision: revision,
  MinSize: min,
  MaxSize: max,
  MaxConcurrency: conc,
});

const summaries = [
  summary('burst', 2, { HasAssociatedService: true }),
  summary('DefaultConfiguration', 1, { IsDefault: true, HasAssociatedService: true }),
  summary('burst', 1),
  summary('old', 1, { Status: 'INACTIVE' }),
  summary('spare', 1),
];
const described = new Map([
  [arn('burst', 1), config('burst', 1, 1, 5, 100)],
  [arn('burst', 2), config('burst', 2, 2, 5, 50)],
  [arn('DefaultConfiguration', 1), config('DefaultConfiguration', 1, 1, 25, 100)],
]);
const rows = revisionRows(summaries, described, arn('burst', 2));

test('revisions: active only, by name and revision, the one in use marked, settings where read', () => {
  assert.deepEqual(
    rows.map((r) => [r.name, r.revision, r.usedByThisService, r.inUse, r.isDefault, r.settings?.minSize]),
    [
      ['burst', 1, false, false, false, 1],
      ['burst', 2, true, true, false, 2],
      ['DefaultConfiguration', 1, false, true, true, 1],
      ['spare', 1, false, false, false, undefined],
    ],
  );
  assert.deepEqual(
    unusedRevisions(rows).map((r) => r.arn),
    [arn('burst', 1), arn('spare', 1)],
  );
});

test('deleting: the default and a revision in use are refused with the reason', () => {
  const [burst1, burst2, defaults] = rows;
  assert.equal(deletionRefusal(burst1, []), undefined);
  assert.equal(
    deletionRefusal(burst2, ['orders-api', 'billing-api']),
    'burst (revision 2) is used by 2 services: orders-api, billing-api. Give them another configuration first.',
  );
  assert.match(deletionRefusal(defaults, []) ?? '', /default configuration of new services.*does not delete the default/);
});

test('the quota: which one, and exactly what to delete', () => {
  assert.equal(
    quotaAdvice('burst', rows, 'us-east-1'),
    'burst has 2 revisions in us-east-1, as many as the account’s quota allows. Delete a revision no service uses (Auto Scaling Configurations…): revision 1; or save the change under another name.',
  );
  assert.equal(
    quotaAdvice('fresh', rows, 'us-east-1'),
    'The account has 3 auto scaling configuration names in us-east-1, as many as its quota allows. Delete every revision of a name no service uses (Auto Scaling Configurations…): spare; or make a new revision of an existing name instead.',
  );
  const allUsed = rows.map((r) => ({ ...r, inUse: true }));
  assert.match(quotaAdvice('burst', allUsed, 'us-east-1'), /Every revision of it is in use/);
  assert.match(quotaAdvice('fresh', allUsed, 'us-east-1'), /Every name has a revision in use/);
});

describe('the Change Auto Scaling wizard', () => {
  test('a new revision of the name in use: the current settings are the defaults, step n of m, Back keeps answers', async () => {
    const prompts = new ScriptedPrompts([
      [/: configuration$/, byLabel('New revision of burst')],
      [/: minimum instances$/, (_q, nth) => (nth === 0 ? '3' : '4')],
      [/: maximum instances$/, (_q, nth) => (nth === 0 ? BACK : '10')],
      [/: concurrency per instance$/, '80'],
    ]);
    const current = rows.find((r) => r.usedByThisService);
    const answers = await new Ui(prompts).wizard(scalingWizard('orders-api', rows), initialScalingAnswers(current));
    assert.deepEqual(answers, {
      choice: 'revise',
      name: 'burst',
      minSize: '4',
      maxSize: '10',
      maxConcurrency: '80',
      existingArn: undefined,
    });
    assert.deepEqual(scalingSettingsOf(answers!), { minSize: 4, maxSize: 10, maxConcurrency: 80 });
    const asked = prompts.asked.map((q) => [q.title.replace(/^Change Auto Scaling of orders-api: /, ''), q.step, q.value]);
    assert.deepEqual(asked, [
      ['configuration', '1 of 4', undefined],
      ['minimum instances', '2 of 4', '2'],
      ['maximum instances', '3 of 4', '5'],
      ['minimum instances', '2 of 4', '3'],
      ['maximum instances', '3 of 4', '5'],
      ['concurrency per instance', '4 of 4', '50'],
    ]);
    assert.match(prompts.asked[0].items!.find((i) => i.label.startsWith('New revision'))!.description ?? '', /revision 3/);
  });

  test('a retry opens with the previous answers; the maximum is checked against the minimum', async () => {
    const previous = { choice: 'new' as const, name: 'night', minSize: '2', maxSize: '3', maxConcurrency: '20' };
    const prompts = new ScriptedPrompts([
      [/: configuration$/, (q) => q.items!.find((i) => i.label === q.activeLabel)!.value],
      [/: name$/, (q) => q.value!],
      [/: minimum instances$/, (q) => q.value!],
      [/: maximum instances$/, (q) => q.value!],
      [/: concurrency per instance$/, (q) => q.value!],
    ]);
    const answers = await new Ui(prompts).wizard(scalingWizard('orders-api', rows), previous);
    assert.deepEqual(answers, { ...previous, existingArn: undefined });
    assert.equal(prompts.asked[0].activeLabel, 'New configuration…');
    const wizard = scalingWizard('orders-api', rows);
    const maxStep = await wizard.steps[3].ask(previous);
    assert.equal(maxStep.kind, 'input');
    if (maxStep.kind === 'input') {
      assert.match(maxStep.validate!('1') ?? '', /at least the minimum \(2\)/);
      assert.equal(maxStep.validate!('3'), undefined);
    }
    const nameStep = await wizard.steps[1].ask(previous);
    if (nameStep.kind === 'input') assert.match(nameStep.validate!('no') ?? '', /4 to 32/);
  });

  test('an existing revision: no settings asked', async () => {
    const prompts = new ScriptedPrompts([[/: configuration$/, byLabel('Use burst (revision 1)')]]);
    const answers = await new Ui(prompts).wizard(scalingWizard('orders-api', rows), initialScalingAnswers(rows[1]));
    assert.equal(answers?.choice, 'existing');
    assert.equal(answers?.existingArn, arn('burst', 1));
    assert.equal(prompts.asked.length, 1);
    assert.ok(!prompts.asked[0].items!.some((i) => i.label.includes('revision 2')), 'the revision in use is not offered');
  });

  test('a service on the default configuration starts a new name (the default is not revised)', () => {
    const onDefault = revisionRows(summaries, described, arn('DefaultConfiguration', 1));
    assert.deepEqual(initialScalingAnswers(onDefault.find((r) => r.usedByThisService)), {
      choice: 'new',
      name: '',
      minSize: '1',
      maxSize: '25',
      maxConcurrency: '100',
    });
  });
});

test('a revision still to be created previews as "a new revision" with its settings', () => {
  const service = {
    ServiceName: 'orders-api',
    ServiceArn: 'arn:aws:apprunner:us-east-1:123456789012:service/orders-api/8fe1e10304f84fd2b0df550fe98a71fa',
    AutoScalingConfigurationSummary: {
      AutoScalingConfigurationArn: arn('burst', 2),
      AutoScalingConfigurationName: 'burst',
      AutoScalingConfigurationRevision: 2,
    },
  } as Service;
  const { input, changes } = planServiceChange(
    service,
    {
      autoScaling: {
        arn: `${PREFIX}burst`,
        configuration: { AutoScalingConfigurationName: 'burst', MinSize: 3, MaxSize: 5, MaxConcurrency: 50 },
      },
    },
    { currentAutoScaling: described.get(arn('burst', 2)) },
  );
  assert.deepEqual(previewLines(changes), [
    'auto scaling configuration: burst (revision 2) → burst (a new revision)',
    'minimum instances: 2 → 3',
  ]);
  assert.deepEqual(input, { ServiceArn: service.ServiceArn, AutoScalingConfigurationArn: `${PREFIX}burst` });
});
