import assert from 'node:assert/strict';
import { test } from 'node:test';
import { describeAwsError } from '../../../src/aws/errors';
import type { Service, UpdateServiceRequest } from '../../../src/aws/types';
import type { Catalog } from '../../../src/catalog/catalog';
import { ServiceUpdater } from '../../../src/operate/serviceUpdate';
import type { AwsContext } from '../../../src/shared/awsContext';
import { ScriptedPrompts } from '../../../src/ui/scripted';
import { Ui } from '../../../src/ui/ui';

const ARN = 'arn:aws:apprunner:us-east-1:123456789012:service/orders-api/8fe1e10304f84fd2b0df550fe98a71fa';
const ref = { region: 'us-east-1', arn: ARN, name: 'orders-api' };
const service = {
  ServiceName: 'orders-api',
  ServiceArn: ARN,
  InstanceConfiguration: { Cpu: '1024', Memory: '2048' },
} as unknown as Service;

/** The App Runner calls ServiceUpdater makes, answering UpdateService with the given errors first. */
function fakes(updateErrors: unknown[], prompts: ScriptedPrompts) {
  const sent: UpdateServiceRequest[] = [];
  const busy: string[] = [];
  const output: string[] = [];
  const aws = {
    session: () => ({
      appRunner: {
        describeService: async () => service,
        updateService: async (_region: string, input: UpdateServiceRequest) => {
          sent.push(input);
          const error = updateErrors.shift();
          if (error) throw error;
          return { operationId: 'op-1' };
        },
      },
    }),
    describe: (err: unknown, ctx: { action: string; region?: string; doing?: string }) => describeAwsError(err, ctx),
    output: { appendLine: (line: string) => output.push(line) },
  } as unknown as AwsContext;
  const catalog = { markBusy: (r: { name: string }, type: string) => busy.push(`${r.name}:${type}`) } as unknown as Catalog;
  return { updater: new ServiceUpdater(aws, catalog, new Ui(prompts)), sent, busy, output };
}

const awsError = (name: string, message: string) => Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });

test('preview, one confirmation, one UpdateService, the catalog told', async () => {
  const prompts = new ScriptedPrompts([[/^Resize orders-api\?$/, true]]);
  const { updater, sent, busy } = fakes([], prompts);
  const outcome = await updater.update(ref, { what: 'Resize orders-api', intent: () => ({ instance: { cpu: '2 vCPU', memory: '4 GB' } }) });
  assert.equal(outcome.kind, 'updated');
  assert.deepEqual(sent, [{ ServiceArn: ARN, InstanceConfiguration: { Cpu: '2 vCPU', Memory: '4 GB' } }]);
  assert.deepEqual(busy, ['orders-api:UPDATE_SERVICE']);
  assert.match(prompts.asked[0].detail ?? '', /^CPU: 1 vCPU → 2 vCPU\nmemory: 2 GB → 4 GB\n/);
});

test('nothing to change: nothing asked, nothing sent', async () => {
  const prompts = new ScriptedPrompts([]);
  const { updater, sent } = fakes([], prompts);
  const outcome = await updater.update(ref, { what: 'Resize', intent: () => ({ instance: { cpu: '1 vCPU', memory: '2 GB' } }) });
  assert.deepEqual(outcome, { kind: 'unchanged' });
  assert.deepEqual(sent, []);
});

test('declined: nothing sent', async () => {
  const prompts = new ScriptedPrompts([[/Resize/, false]]);
  const { updater, sent, busy } = fakes([], prompts);
  const outcome = await updater.update(ref, { what: 'Resize', intent: () => ({ instance: { cpu: '2 vCPU', memory: '4 GB' } }) });
  assert.deepEqual(outcome, { kind: 'declined' });
  assert.deepEqual([sent, busy], [[], []]);
});

test('a busy service refuses; the answers come back as the defaults, and the retry sends them', async () => {
  const asks: Array<string | undefined> = [];
  const prompts = new ScriptedPrompts([
    [/^Resize/, true],
    [/another operation is in progress.*Wait until the current operation ends/, true],
  ]);
  const { updater, sent, busy } = fakes(
    [awsError('InvalidStateException', "Can't perform UPDATE_SERVICE: another operation is in progress.")],
    prompts,
  );
  const outcome = await updater.editAndUpdate<string>(
    ref,
    async (previous) => {
      asks.push(previous);
      return previous ?? '2 vCPU/4 GB';
    },
    async (answer) => {
      const [cpu, memory] = answer.split('/');
      return { what: 'Resize', intent: () => ({ instance: { cpu, memory } }) };
    },
  );
  assert.equal(outcome?.kind, 'updated');
  assert.deepEqual(asks, [undefined, '2 vCPU/4 GB']);
  assert.equal(sent.length, 2);
  assert.deepEqual(sent[1], { ServiceArn: ARN, InstanceConfiguration: { Cpu: '2 vCPU', Memory: '4 GB' } });
  assert.deepEqual(busy, ['orders-api:UPDATE_SERVICE']);
});

test('access denied names the IAM action; cancelling the retry keeps the refusal', async () => {
  const prompts = new ScriptedPrompts([
    [/^Resize/, true],
    [/not allowed to call apprunner:UpdateService/, false],
  ]);
  const denied = awsError(
    'AccessDeniedException',
    'User: arn:aws:iam::123456789012:user/dev is not authorized to perform: apprunner:UpdateService on resource: ' + ARN,
  );
  const { updater, busy, output } = fakes([denied], prompts);
  const outcome = await updater.editAndUpdate<string>(
    ref,
    async () => 'x',
    async () => ({ what: 'Resize', intent: () => ({ instance: { cpu: '2 vCPU', memory: '4 GB' } }) }),
  );
  assert.equal(outcome?.kind, 'refused');
  assert.deepEqual(busy, []);
  assert.ok(
    output.some((line) => line.includes('"apprunner:UpdateService"')),
    'the policy to ask for is in the output',
  );
});

test('a change App Runner would refuse is refused before anything is sent', async () => {
  const prompts = new ScriptedPrompts([[/0\.5 vCPU goes with 1 GB/, false]]);
  const { updater, sent } = fakes([], prompts);
  const outcome = await updater.editAndUpdate<string>(
    ref,
    async () => 'x',
    async () => ({ what: 'Resize', intent: () => ({ instance: { cpu: '0.5 vCPU', memory: '4 GB' } }) }),
  );
  assert.equal(outcome?.kind, 'refused');
  assert.deepEqual(sent, []);
});

test('dismissing the questions ends it without a call', async () => {
  const { updater, sent } = fakes([], new ScriptedPrompts([]));
  const outcome = await updater.editAndUpdate<string>(
    ref,
    async () => undefined,
    async () => assert.fail('no request without answers'),
  );
  assert.equal(outcome, undefined);
  assert.deepEqual(sent, []);
});
