// ClientFactory against a loopback HTTP server: which endpoint the SDK clients really call.
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { ListServicesCommand } from '@aws-sdk/client-apprunner';
import { StartLiveTailCommand } from '@aws-sdk/client-cloudwatch-logs';
import { ClientFactory } from '../../../src/aws/clients';

let server: http.Server;
let url = '';
const hits: string[] = [];
const saved = { ...process.env };

before(async () => {
  server = http.createServer((req, res) => {
    hits.push(String(req.headers['x-amz-target']));
    res.end(JSON.stringify({ ServiceSummaryList: [] }));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'clients-test-'));
  fs.writeFileSync(
    path.join(dir, 'config'),
    `[profile direct]\nregion = us-east-1\nendpoint_url = ${url}\n\n[profile sectioned]\nservices = local\n\n[services local]\napprunner =\n  endpoint_url = ${url}\ncloudwatch_logs =\n  endpoint_url = ${url}\n\n[profile plain]\nregion = us-east-1\n`,
  );
  fs.writeFileSync(
    path.join(dir, 'credentials'),
    '[direct]\naws_access_key_id = A\naws_secret_access_key = B\n[sectioned]\naws_access_key_id = A\naws_secret_access_key = B\n[plain]\naws_access_key_id = A\naws_secret_access_key = B\n',
  );
  Object.assign(process.env, {
    AWS_CONFIG_FILE: path.join(dir, 'config'),
    AWS_SHARED_CREDENTIALS_FILE: path.join(dir, 'credentials'),
    AWS_EC2_METADATA_DISABLED: 'true',
  });
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_ENDPOINT_URL;
});

after(() => {
  server.close();
  process.env = saved;
});

async function list(factory: ClientFactory): Promise<void> {
  await factory.get('apprunner', 'us-east-1').send(new ListServicesCommand({}));
}

test('the chosen profile’s endpoint_url is used (the SDK alone only reads AWS_PROFILE’s)', async () => {
  hits.length = 0;
  await list(new ClientFactory({ profile: 'direct' }));
  assert.deepEqual(hits, ['AppRunner.ListServices']);
});

test('a [services] section of the profile is honoured per service', async () => {
  hits.length = 0;
  await list(new ClientFactory({ profile: 'sectioned' }));
  assert.deepEqual(hits, ['AppRunner.ListServices']);
});

test('the extension setting overrides everything', async () => {
  hits.length = 0;
  await list(new ClientFactory({ profile: 'plain', endpointUrl: url }));
  assert.deepEqual(hits, ['AppRunner.ListServices']);
});

test('AWS_ENDPOINT_URL_APPRUNNER is honoured', async () => {
  hits.length = 0;
  process.env.AWS_ENDPOINT_URL_APPRUNNER = url;
  try {
    await list(new ClientFactory({ profile: 'plain' }));
  } finally {
    delete process.env.AWS_ENDPOINT_URL_APPRUNNER;
  }
  assert.deepEqual(hits, ['AppRunner.ListServices']);
});

/** The host StartLiveTail would be sent to (the request is stopped before it leaves). */
async function liveTailHost(factory: ClientFactory, region = 'us-east-1'): Promise<string> {
  const client = factory.get('logs', region);
  let host = '';
  client.middlewareStack.add(
    () => async (args) => {
      host = (args.request as { hostname: string }).hostname;
      throw Object.assign(new Error('stopped before sending'), { name: 'Stopped' });
    },
    { step: 'build', name: 'captureHost' },
  );
  await assert.rejects(
    client.send(new StartLiveTailCommand({ logGroupIdentifiers: ['arn:aws:logs:us-east-1:123456789012:log-group:/a'] })),
    {
      name: 'Stopped',
    },
  );
  return host;
}

test("Live Tail keeps the `stream-` host prefix on AWS's own logs endpoints and drops it on any other", async () => {
  assert.equal(await liveTailHost(new ClientFactory({ profile: 'plain' })), 'stream-logs.us-east-1.amazonaws.com');
  process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS = 'https://logs.eu-west-1.amazonaws.com';
  try {
    assert.equal(await liveTailHost(new ClientFactory({ profile: 'plain' }), 'eu-west-1'), 'stream-logs.eu-west-1.amazonaws.com');
    process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS = url;
    assert.equal(await liveTailHost(new ClientFactory({ profile: 'plain' })), '127.0.0.1');
  } finally {
    delete process.env.AWS_ENDPOINT_URL_CLOUDWATCH_LOGS;
  }
  assert.equal(await liveTailHost(new ClientFactory({ profile: 'plain', endpointUrl: url })), '127.0.0.1');
  assert.equal(await liveTailHost(new ClientFactory({ profile: 'sectioned' })), '127.0.0.1');
  assert.equal(await liveTailHost(new ClientFactory({ profile: 'direct' })), '127.0.0.1');
});
