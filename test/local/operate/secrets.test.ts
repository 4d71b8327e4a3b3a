// src/aws/secrets.ts with the real SDK clients against the emulator (Secrets Manager, SSM, IAM's
// SimulatePrincipalPolicy), under the contract check: the statement the core offers is exactly
// what makes the instance role able to read the secret.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { AwsSession } from '../../../src/aws/sdk';
import { readSecretStatement } from '../../../src/operate/environment';
import { startDefaultEmulator, DefaultEmulator } from '../../emulator';

let emulator: DefaultEmulator;
let session: AwsSession;
const region = 'us-east-1';
const roleArn = 'arn:aws:iam::123456789012:role/app-instance';

before(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDEXAMPLE';
  process.env.AWS_SECRET_ACCESS_KEY = 'secret';
  emulator = await startDefaultEmulator({});
  session = new AwsSession({ endpointUrl: emulator.url });
  await seed({ iam: { roles: [{ name: 'app-instance', trustedService: 'tasks.apprunner.amazonaws.com' }] } });
});

after(async () => {
  session.dispose();
  await emulator.close();
});

async function seed(body: unknown): Promise<void> {
  const r = await fetch(`${emulator.url}/_emulator/seed`, { method: 'POST', body: JSON.stringify(body) });
  assert.equal(r.status, 200, await r.text());
}

test('a secret is created once, described by name, and a second create of the name is refused', async () => {
  const arn = await session.secrets.createSecret(region, 'prod/db-password', 'hunter2', 'from a test');
  assert.match(arn, /^arn:aws:secretsmanager:us-east-1:123456789012:secret:prod\/db-password-[A-Za-z0-9]{6}$/);
  assert.deepEqual(await session.secrets.describeSecret(region, 'prod/db-password'), { arn, name: 'prod/db-password' });
  await assert.rejects(session.secrets.createSecret(region, 'prod/db-password', 'x', ''), { name: 'ResourceExistsException' });
  await assert.rejects(session.secrets.createSecret(region, 'bad name!', 'x', ''), { name: 'InvalidParameterException' });
});

test('a SecureString parameter is stored once and answered with its ARN', async () => {
  const arn = await session.secrets.putSecureParameter(region, '/app/api-key', 'k-123', 'from a test');
  assert.equal(arn, 'arn:aws:ssm:us-east-1:123456789012:parameter/app/api-key');
  await assert.rejects(session.secrets.putSecureParameter(region, '/app/api-key', 'other', ''), { name: 'ParameterAlreadyExists' });
  await assert.rejects(session.secrets.putSecureParameter(region, 'aws-thing', 'v', ''), { name: 'ValidationException' });
});

test('the instance role may read a secret only once the offered statement is in its policy', async () => {
  const arn = await session.secrets.createSecret(region, 'token', 't', '');
  const statement = readSecretStatement(arn, region, '123456789012');
  assert.equal(await session.secrets.simulateRoleAccess(region, roleArn, statement.Action[0], statement.Resource), 'implicitDeny');
  await seed({
    iam: {
      roles: [
        {
          name: 'reader',
          trustedService: 'tasks.apprunner.amazonaws.com',
          inlinePolicies: { read: { Version: '2012-10-17', Statement: [statement] } },
        },
      ],
    },
  });
  const reader = 'arn:aws:iam::123456789012:role/reader';
  assert.equal(await session.secrets.simulateRoleAccess(region, reader, 'secretsmanager:GetSecretValue', arn), 'allowed');
  assert.equal(await session.secrets.simulateRoleAccess(region, reader, 'secretsmanager:DeleteSecret', arn), 'implicitDeny');
  const contract = await (await fetch(`${emulator.url}/_emulator/contract`)).json();
  assert.deepEqual(contract.violations, []);
});
