import assert from 'node:assert/strict';
import { test } from 'node:test';
import { liveTailHostPrefixApplies } from '../../../src/aws/endpoints';

test("Live Tail's stream- prefix applies to AWS's own CloudWatch Logs hosts only", () => {
  for (const url of [
    undefined,
    '',
    'https://logs.us-east-1.amazonaws.com',
    'https://logs-fips.us-gov-west-1.amazonaws.com',
    'https://logs.cn-north-1.amazonaws.com.cn',
    'https://logs.eu-central-1.api.aws',
  ]) {
    assert.equal(liveTailHostPrefixApplies(url), true, String(url));
  }
  for (const url of [
    'http://127.0.0.1:4566',
    'http://localhost:4566',
    'https://localhost.localstack.cloud:4566',
    'https://vpce-0a1b2c3d4e5f-abcdefgh.logs.us-east-1.vpce.amazonaws.com',
    'https://logs-proxy.corp.example',
    'not a url',
  ]) {
    assert.equal(liveTailHostPrefixApplies(url), false, url);
  }
});
