// The IAM emulator (awsQuery: form parameters in, XML out), driven by the real
// @aws-sdk/client-iam, and the extension's IamApi on top of it.
import assert from 'node:assert/strict';
import { after, before, beforeEach, test } from 'node:test';
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  IAMClient,
  ListAttachedRolePoliciesCommand,
  ListRolesCommand,
} from '@aws-sdk/client-iam';
import { ClientFactory } from '../../../src/aws/clients';
import { IamApi } from '../../../src/aws/iam';
import {
  ECR_ACCESS_POLICY_ARN,
  ECR_ACCESS_PRINCIPAL,
  ecrAccessTrustPolicy,
  trustsServicePrincipal,
} from '../../../src/deploy/serviceSettings';
import { createIamModule } from '../iam';
import { Emulator, startEmulator } from '../server';

let emulator: Emulator;
let iam: IAMClient;

before(async () => {
  emulator = await startEmulator({ modules: [createIamModule()] });
  iam = new IAMClient({
    region: 'us-east-1',
    endpoint: emulator.url,
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    maxAttempts: 1,
  });
});
after(async () => {
  iam.destroy();
  await emulator.close();
});
beforeEach(async () => {
  assert.equal((await fetch(`${emulator.url}/_emulator/reset`, { method: 'POST' })).status, 200);
});

async function rejectsWith(promise: Promise<unknown>, name: string, status: number): Promise<void> {
  await assert.rejects(promise, (e: any) => {
    assert.equal(e.name, name, `${e.name}: ${e.message}`);
    assert.equal(e.$metadata?.httpStatusCode, status);
    return true;
  });
}

test('CreateRole, GetRole and ListRoles round-trip through form parameters and XML', async () => {
  const created = await iam.send(
    new CreateRoleCommand({
      RoleName: 'AppRunnerECRAccessRole',
      AssumeRolePolicyDocument: ecrAccessTrustPolicy(),
      Description: 'pull <images> & more',
    }),
  );
  assert.equal(created.Role?.Arn, 'arn:aws:iam::123456789012:role/AppRunnerECRAccessRole');
  const got = await iam.send(new GetRoleCommand({ RoleName: 'AppRunnerECRAccessRole' }));
  assert.equal(got.Role?.Description, 'pull <images> & more');
  assert.ok(got.Role?.CreateDate instanceof Date);
  assert.ok(trustsServicePrincipal(got.Role?.AssumeRolePolicyDocument, ECR_ACCESS_PRINCIPAL), 'the trust policy comes back URL-encoded');
  await iam.send(new CreateRoleCommand({ RoleName: 'other', Path: '/service-role/', AssumeRolePolicyDocument: '{}' }));
  const listed = await iam.send(new ListRolesCommand({}));
  assert.deepEqual(
    listed.Roles?.map((r) => r.Arn),
    ['arn:aws:iam::123456789012:role/AppRunnerECRAccessRole', 'arn:aws:iam::123456789012:role/service-role/other'],
  );
  assert.equal(listed.IsTruncated, false);
});

test('ListRoles pages with Marker', async () => {
  for (const name of ['a1', 'b2', 'c3']) {
    await iam.send(new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: '{}' }));
  }
  const first = await iam.send(new ListRolesCommand({ MaxItems: 2 }));
  assert.deepEqual([first.Roles?.map((r) => r.RoleName), first.IsTruncated], [['a1', 'b2'], true]);
  const second = await iam.send(new ListRolesCommand({ MaxItems: 2, Marker: first.Marker }));
  assert.deepEqual([second.Roles?.map((r) => r.RoleName), second.IsTruncated], [['c3'], false]);
});

test('errors are IAM error documents the SDK names', async () => {
  await rejectsWith(iam.send(new GetRoleCommand({ RoleName: 'missing' })), 'NoSuchEntityException', 404);
  await iam.send(new CreateRoleCommand({ RoleName: 'dup', AssumeRolePolicyDocument: '{}' }));
  await rejectsWith(
    iam.send(new CreateRoleCommand({ RoleName: 'DUP', AssumeRolePolicyDocument: '{}' })),
    'EntityAlreadyExistsException',
    409,
  );
  await rejectsWith(
    iam.send(new CreateRoleCommand({ RoleName: 'bad', AssumeRolePolicyDocument: '{nope' })),
    'MalformedPolicyDocumentException',
    400,
  );
  await rejectsWith(
    iam.send(new AttachRolePolicyCommand({ RoleName: 'dup', PolicyArn: 'arn:aws:iam::aws:policy/Nope' })),
    'NoSuchEntityException',
    404,
  );
});

test("the extension's IamApi creates the ECR access role with the managed policy", async () => {
  const clients = new ClientFactory({ endpointUrl: emulator.url });
  process.env.AWS_ACCESS_KEY_ID = 'AKID210987654321';
  process.env.AWS_SECRET_ACCESS_KEY = 'test';
  try {
    const api = new IamApi(clients);
    const arn = await api.createRoleWithPolicy(
      'eu-west-1',
      'AppRunnerECRAccessRole',
      ecrAccessTrustPolicy(),
      ECR_ACCESS_POLICY_ARN,
      'ECR access',
    );
    assert.equal(arn, 'arn:aws:iam::210987654321:role/AppRunnerECRAccessRole');
    const roles = await api.listRoles('eu-west-1');
    assert.deepEqual(
      roles.map((r) => [r.name, trustsServicePrincipal(r.trustPolicy, ECR_ACCESS_PRINCIPAL)]),
      [['AppRunnerECRAccessRole', true]],
    );
    // Roles are per account: the default account's client does not see it.
    await rejectsWith(iam.send(new ListAttachedRolePoliciesCommand({ RoleName: 'AppRunnerECRAccessRole' })), 'NoSuchEntityException', 404);
    const control = await (await fetch(`${emulator.url}/_emulator/iam/roles`)).json();
    assert.deepEqual(control.roles[0].policies, [ECR_ACCESS_POLICY_ARN]);
  } finally {
    delete process.env.AWS_ACCESS_KEY_ID;
    delete process.env.AWS_SECRET_ACCESS_KEY;
    clients.destroy();
  }
});

test('denied actions answer AccessDenied naming the caller, the action and the resource, as IAM does; reset allows them again', async () => {
  const deny = (body: unknown, method = 'POST') =>
    fetch(`${emulator.url}/_emulator/deny`, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  assert.deepEqual(await (await deny({ actions: ['iam:ListRoles'] })).json(), { actions: ['iam:ListRoles'] });
  await assert.rejects(iam.send(new ListRolesCommand({})), (e: any) => {
    assert.equal(e.name, 'AccessDenied');
    assert.equal(e.$metadata?.httpStatusCode, 403);
    assert.match(
      e.message,
      /^User: arn:aws:iam::123456789012:user\/emulator is not authorized to perform: iam:ListRoles on resource: arn:aws:iam::123456789012:role\//,
    );
    return true;
  });
  await iam.send(new CreateRoleCommand({ RoleName: 'Allowed', AssumeRolePolicyDocument: ecrAccessTrustPolicy() }));
  assert.equal((await deny({}, 'DELETE')).status, 200);
  assert.equal((await iam.send(new ListRolesCommand({}))).Roles?.length, 1);
});
