import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { secretReferenceProblem } from '../../../src/shared/secretReferences';

// Real-shaped references: RDS-managed secrets, ARNs with and without the random suffix,
// JSON-key references, SSM parameter names and ARNs.
describe('secretReferenceProblem: references App Runner accepts', () => {
  const valid = [
    // Secrets Manager, full ARN with its 6-character suffix, and the partial ARN without it
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/orders/db-password-a1B2c3',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/orders/db-password',
    'arn:aws:secretsmanager:eu-west-1:123456789012:secret:team+app=key.v2@corp_x-Zz9Yx8',
    // RDS master user secrets, managed by RDS (`rds!` prefix)
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-3f6b1a2c-8d4e-4f5a-9b0c-1d2e3f4a5b6c-AbC123',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-3f6b1a2c-8d4e-4f5a-9b0c-1d2e3f4a5b6c',
    'arn:aws:secretsmanager:eu-central-1:123456789012:secret:rds!cluster-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d-q1W2e3',
    // JSON-key references: key, version stage, version id (empty parts allowed)
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-3f6b1a2c-8d4e-4f5a-9b0c-1d2e3f4a5b6c-AbC123:password::',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!cluster-0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d:username::',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db-a1B2c3:password:AWSPREVIOUS:',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db:password::EXAMPLE1-90ab-cdef-fedc-ba987EXAMPLE',
    'arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db:::',
    'arn:aws-us-gov:secretsmanager:us-gov-west-1:123456789012:secret:db',
    'arn:aws-cn:secretsmanager:cn-northwest-1:123456789012:secret:db-AbCdEf',
    // SSM: ARN (names with and without a leading slash), and the name in the same region
    'arn:aws:ssm:us-east-1:123456789012:parameter/orders/prod/api-token',
    'arn:aws:ssm:us-east-1:123456789012:parameter/OrdersApiToken',
    'arn:aws-cn:ssm:cn-north-1:123456789012:parameter/app/token',
    '/orders/prod/api-token',
    'OrdersApiToken',
    'orders.prod_token-1',
    // Secrets Manager through Parameter Store, RDS-managed included
    '/aws/reference/secretsmanager/prod/db-password',
    '/aws/reference/secretsmanager/rds!db-3f6b1a2c-8d4e-4f5a-9b0c-1d2e3f4a5b6c',
  ];
  for (const reference of valid) {
    it(`accepts ${reference}`, () => assert.equal(secretReferenceProblem(reference), undefined));
  }
});

describe('secretReferenceProblem: what is not a reference, and says why', () => {
  const invalid: [string, RegExp][] = [
    ['rds!db-3f6b1a2c-8d4e-4f5a-9b0c-1d2e3f4a5b6c', /referenced by its ARN/],
    ['arn:aws:secretsmanager:us-east-1:123456789012:secret:prod/db:password', /followed by two colons/],
    ['arn:aws:secretsmanager:us-east-1:123456789012:secret:prod db', /not a well-formed ARN/],
    ['arn:aws:secretsmanager:us-east-1:1234:secret:db', /12-digit account id/],
    ['arn:aws:ssm:us-east-1:123456789012:secret/db', /must start with `parameter\/`/],
    ['arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab', /ARN of the `kms` service/],
    ['my database password', /Is it the secret itself\?/],
  ];
  for (const [reference, why] of invalid) {
    it(`rejects ${reference}`, () => assert.match(secretReferenceProblem(reference) ?? '', why));
  }
});
