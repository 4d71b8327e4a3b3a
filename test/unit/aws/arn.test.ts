import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  accountOfArn,
  arnFields,
  parseArn,
  resourceNameOfArn,
  secretResourceOfReference,
  serviceArnParts,
  serviceNameOfArn,
} from '../../../src/aws/arn';

const SERVICE_ARN = 'arn:aws:apprunner:us-east-1:123456789012:service/orders-api/8fe1e10304f84fd2b0df550fe98a71fa';

test('an ARN splits into partition, service, region, account and resource (colons in the resource kept)', () => {
  assert.deepEqual(parseArn('arn:aws:secretsmanager:eu-west-1:123456789012:secret:db:password::'), {
    partition: 'aws',
    service: 'secretsmanager',
    region: 'eu-west-1',
    account: '123456789012',
    resource: 'secret:db:password::',
  });
  assert.equal(parseArn('arn:aws:iam::210987654321:role/R')?.region, '');
  assert.equal(parseArn('not-an-arn'), undefined);
  assert.equal(parseArn('arn:aws'), undefined);
  assert.equal(parseArn(undefined), undefined);
  assert.deepEqual(arnFields('arn:aws:ssm'), { partition: 'aws', service: 'ssm', region: '', account: '', resource: '' });
});

test('the account of an ARN', () => {
  assert.equal(accountOfArn(SERVICE_ARN), '123456789012');
  assert.equal(accountOfArn('arn:aws:iam::210987654321:role/AppRunnerECRAccessRole'), '210987654321');
  assert.equal(accountOfArn('arn:aws:iam::aws:policy/service-role/AWSAppRunnerServicePolicyForECRAccess'), undefined);
  assert.equal(accountOfArn('nope'), undefined);
});

test('name and id of an App Runner service ARN', () => {
  assert.deepEqual(serviceArnParts(SERVICE_ARN), { name: 'orders-api', id: '8fe1e10304f84fd2b0df550fe98a71fa' });
  assert.equal(serviceNameOfArn(SERVICE_ARN), 'orders-api');
  assert.equal(serviceArnParts('arn:aws:apprunner:us-east-1:123456789012:autoscalingconfiguration/x/1/abc'), undefined);
  assert.equal(serviceNameOfArn('something else'), 'something else');
  assert.equal(resourceNameOfArn('arn:aws:apprunner:us-east-1:123456789012:vpcconnector/my-connector/1/abc'), 'my-connector');
});

test('the IAM resource of a Secrets Manager reference: the secret ARN, with a wildcard for a missing random suffix', () => {
  const base = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:db';
  assert.equal(secretResourceOfReference(`${base}-AbCdEf`), `${base}-AbCdEf`);
  assert.equal(secretResourceOfReference(base), `${base}-??????`);
  assert.equal(secretResourceOfReference(`${base}-AbCdEf:password::`), `${base}-AbCdEf`);
  assert.equal(secretResourceOfReference(`${base}:password:AWSCURRENT:`), `${base}-??????`);
});
