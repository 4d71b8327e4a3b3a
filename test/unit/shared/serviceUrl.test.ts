import assert from 'node:assert/strict';
import { test } from 'node:test';
import { serviceBrowserUrl, serviceConsoleUrl } from '../../../src/shared/serviceUrl';

test('real service hosts open over https, loopback hosts over http', () => {
  assert.equal(serviceBrowserUrl('abc.us-east-1.awsapprunner.com'), 'https://abc.us-east-1.awsapprunner.com');
  assert.equal(serviceBrowserUrl('127.0.0.1:41234'), 'http://127.0.0.1:41234');
  assert.equal(serviceBrowserUrl('localhost:8080'), 'http://localhost:8080');
  assert.equal(serviceBrowserUrl('http://already.example'), 'http://already.example');
  assert.equal(serviceBrowserUrl(undefined), undefined);
});

test('the console link names the region, service and id', () => {
  assert.equal(
    serviceConsoleUrl('eu-west-1', 'arn:aws:apprunner:eu-west-1:123456789012:service/web/0123456789abcdef0123456789abcdef'),
    'https://eu-west-1.console.aws.amazon.com/apprunner/home?region=eu-west-1#/services/web/0123456789abcdef0123456789abcdef',
  );
});
