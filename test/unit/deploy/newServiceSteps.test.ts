import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  NewServiceAnswers,
  NewServiceContext,
  newServiceSettings,
  newServiceWizard,
  RoleListing,
} from '../../../src/deploy/newServiceSteps';
import { ecrAccessTrustPolicy } from '../../../src/deploy/serviceSettings';
import { BACK } from '../../../src/ui/questions';
import { byLabel, ScriptedPrompts, ScriptLine } from '../../../src/ui/scripted';
import { Ui } from '../../../src/ui/ui';

const ROLE_ARN = 'arn:aws:iam::123456789012:role/service-role/MyEcrRole';

function context(listing: RoleListing, over: Partial<NewServiceContext> = {}): NewServiceContext & { warnings: string[] } {
  const warnings: string[] = [];
  return {
    regions: ['us-east-1'],
    context: '/work/apps/orders-api',
    exposedPort: 3000,
    envFiles: ['/work/apps/orders-api/.env'],
    readEnvFile: async () => ({ vars: { A: '1' }, problems: [{ line: 3, message: 'no =' }] }),
    listRoles: async () => listing,
    showListError: async () => undefined,
    warn: (m) => warnings.push(m),
    warnings,
    ...over,
  };
}

const start: NewServiceAnswers = {
  region: 'us-east-1',
  name: '',
  port: '',
  env: {},
  envSource: 'none',
  autoDeployments: false,
  healthCheckPath: '',
  seenArns: [],
};

const listed: RoleListing = { roles: [{ name: 'MyEcrRole', arn: ROLE_ARN, trustPolicy: encodeURIComponent(ecrAccessTrustPolicy()) }] };

const upToRole: ScriptLine[] = [
  ['New service: name', 'orders'],
  ['New service: port', '3000'],
  ['New service: CPU and memory', '0.5 vCPU · 1 GB'],
  ['New service: environment variables', 'None'],
  ['New service: automatic deployments', 'Off'],
  ['New service: health check', '/health'],
];

test('the defaults: the folder name, the Dockerfile port, 1 vCPU · 2 GB highlighted; ten steps at most', async () => {
  const prompts = new ScriptedPrompts([...upToRole, ['New service: ECR access role', byLabel('MyEcrRole')]]);
  const answers = await new Ui(prompts).wizard(newServiceWizard(context(listed)), start);
  assert.ok(answers);
  assert.deepEqual(newServiceSettings(answers), {
    name: 'orders',
    port: 3000,
    size: { cpu: '0.5 vCPU', memory: '1 GB' },
    env: {},
    autoDeployments: false,
    healthCheckPath: '/health',
    accessRole: { kind: 'existing', arn: ROLE_ARN },
  });
  assert.equal(prompts.asked[0].value, 'orders-api');
  assert.equal(prompts.asked[1].value, '3000');
  assert.equal(prompts.asked[2].activeLabel, '1 vCPU · 2 GB');
  assert.deepEqual(
    prompts.asked.map((q) => q.step),
    ['1 of 7', '2 of 7', '3 of 7', '4 of 7', '5 of 7', '6 of 7', '7 of 7'],
  );
  assert.deepEqual(answers.seenArns, [ROLE_ARN]);
});

test('Back from the port keeps the name typed before, and the port typed before is kept going forward', async () => {
  const prompts = new ScriptedPrompts([
    ['New service: name', 'orders'],
    ['New service: port', (q, nth) => (nth === 0 ? '4000' : nth === 1 ? BACK : q.value)],
    ['New service: CPU and memory', (_q, nth) => (nth === 0 ? BACK : '0.5 vCPU · 1 GB')],
    ...upToRole.slice(3),
    ['New service: ECR access role', byLabel('MyEcrRole')],
  ]);
  const answers = await new Ui(prompts).wizard(newServiceWizard(context(listed)), start);
  assert.deepEqual(
    prompts.asked.slice(0, 6).map((q) => [q.title, q.value]),
    [
      ['New service: name', 'orders-api'],
      ['New service: port', '3000'],
      ['New service: CPU and memory', undefined],
      ['New service: port', '4000'],
      ['New service: name', 'orders'],
      ['New service: port', '4000'],
    ],
  );
  assert.equal(answers?.port, '4000');
});

test('with iam:ListRoles denied, the role step asks for a role ARN, validated by the ARN pattern', async () => {
  const denied = context({ error: new Error('AccessDenied'), denied: true });
  const prompts = new ScriptedPrompts([...upToRole, ['New service: ECR access role ARN', ROLE_ARN]]);
  const answers = await new Ui(prompts).wizard(newServiceWizard(denied), start);
  assert.deepEqual(answers?.accessRole, { kind: 'existing', arn: ROLE_ARN });
  assert.deepEqual(answers?.seenArns, [ROLE_ARN]);
  const asked = prompts.asked.at(-1)!;
  assert.equal(asked.kind, 'input');
  await assert.rejects(
    new Ui(new ScriptedPrompts([...upToRole, ['New service: ECR access role ARN', 'MyEcrRole']])).wizard(newServiceWizard(denied), start),
    /refused: A role ARN looks like arn:aws:iam::123456789012:role\//,
  );
});

test('any other listing error is shown and ends the wizard', async () => {
  const shown: unknown[] = [];
  const failing = context({ error: new Error('boom'), denied: false }, { showListError: async (e) => shown.push(e) });
  assert.equal(await new Ui(new ScriptedPrompts(upToRole)).wizard(newServiceWizard(failing), start), undefined);
  assert.equal(shown.length, 1);
});

test('"Enter a role ARN…" asks for the ARN; "Create AppRunnerECRAccessRole" is offered while it does not exist', async () => {
  const prompts = new ScriptedPrompts([
    ...upToRole,
    ['New service: ECR access role', byLabel('Enter a role ARN')],
    ['New service: ECR access role ARN', ROLE_ARN],
  ]);
  const answers = await new Ui(prompts).wizard(newServiceWizard(context({ roles: [] })), start);
  assert.deepEqual(answers?.accessRole, { kind: 'existing', arn: ROLE_ARN });
  const rolePick = prompts.asked.find((q) => q.title === 'New service: ECR access role');
  assert.deepEqual(
    rolePick?.items?.map((i) => i.label),
    ['$(add) Create AppRunnerECRAccessRole', '$(edit) Enter a role ARN…'],
  );
});

test('environment variables: imported from a .env file with its problems reported, or typed one at a time', async () => {
  const ctx = context(listed);
  const imported = await new Ui(
    new ScriptedPrompts([
      ...upToRole.slice(0, 3),
      ['New service: environment variables', 'Import .env'],
      ...upToRole.slice(4),
      ['New service: ECR access role', byLabel('MyEcrRole')],
    ]),
  ).wizard(newServiceWizard(ctx), start);
  assert.deepEqual(imported?.env, { A: '1' });
  assert.match(ctx.warnings[0], /^\.env: 1 line\(s\) not imported or overridden \(line 3: no =\)/);

  const typed = await new Ui(
    new ScriptedPrompts([
      ...upToRole.slice(0, 3),
      ['New service: environment variables', 'Type them'],
      ['New service: environment variable 1', 'GREETING=hi there'],
      ['New service: environment variable 2', ''],
      ...upToRole.slice(4),
      ['New service: ECR access role', byLabel('MyEcrRole')],
    ]),
  ).wizard(newServiceWizard(ctx), start);
  assert.deepEqual(typed?.env, { GREETING: 'hi there' });
});
