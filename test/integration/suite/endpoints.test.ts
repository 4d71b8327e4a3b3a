// Per-service endpoints inside a real VS Code: on AWS every service has its own endpoint, and
// a VPC endpoint may serve one service alone. A profile whose `services` section gives each
// service its own endpoint (App Runner's like a VPC endpoint of its own) must send each client's
// calls there, Live Tail included. Each endpoint is a counting proxy on loopback in front of the
// emulator; the proxies tell which service signed each request they carried.
import * as assert from 'assert';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { api, emulator, emulatorUrl, setSetting, waitFor } from './helpers';

interface CountingProxy {
  url: string;
  /** `<signing name> <operation>` of every request carried, e.g. `logs StartLiveTail`. */
  requests: string[];
  close(): Promise<void>;
}

async function countingProxy(target: string): Promise<CountingProxy> {
  const requests: string[] = [];
  const to = new URL(target);
  const server = http.createServer((req, res) => {
    const signingName = /Credential=[^/]+\/\d{8}\/[^/]+\/([^/]+)\//.exec(String(req.headers.authorization ?? ''))?.[1] ?? '?';
    const operation =
      String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ||
      req.url ||
      '';
    requests.push(`${signingName} ${operation}`);
    const upstream = http.request(
      { hostname: to.hostname, port: to.port, path: req.url, method: req.method, headers: req.headers },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    res.on('close', () => upstream.destroy());
    req.pipe(upstream);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The SDK's service ids in a `services` section, and the SigV4 signing name of each. */
const SERVICES = [
  { id: 'apprunner', signingName: 'apprunner' },
  { id: 'cloudwatch_logs', signingName: 'logs' },
  { id: 'cloudwatch', signingName: 'monitoring' },
  { id: 'ecr', signingName: 'ecr' },
  { id: 'iam', signingName: 'iam' },
];

suite('Endpoints', () => {
  const savedEnv = { config: process.env.AWS_CONFIG_FILE, credentials: process.env.AWS_SHARED_CREDENTIALS_FILE };
  const proxies = new Map<string, CountingProxy>();
  let dir = '';

  suiteSetup(async () => {
    for (const s of SERVICES) proxies.set(s.id, await countingProxy(emulatorUrl()));
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'endpoints-'));
    const sections = SERVICES.map((s) => `${s.id} =\n  endpoint_url = ${proxies.get(s.id)?.url}\n`).join('');
    fs.writeFileSync(path.join(dir, 'config'), `[profile split]\nregion = us-east-1\nservices = split\n\n[services split]\n${sections}`);
    fs.writeFileSync(path.join(dir, 'credentials'), '[split]\naws_access_key_id = AKIDSPLIT\naws_secret_access_key = split-secret\n');
    process.env.AWS_CONFIG_FILE = path.join(dir, 'config');
    process.env.AWS_SHARED_CREDENTIALS_FILE = path.join(dir, 'credentials');
    await setSetting('regions', ['us-east-1']);
    await setSetting('endpointUrl', '');
    await setSetting('profile', 'split');
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    process.env.AWS_CONFIG_FILE = savedEnv.config;
    process.env.AWS_SHARED_CREDENTIALS_FILE = savedEnv.credentials;
    await setSetting('profile', 'emulator');
    await setSetting('endpointUrl', emulatorUrl());
    await setSetting('regions', ['us-east-1', 'eu-west-1']);
    for (const p of proxies.values()) await p.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test("a profile's per-service endpoints route each client to its own endpoint, Live Tail included", async () => {
    await emulator('reset', {});
    await emulator('seed', {
      apprunner: {
        services: [
          { region: 'us-east-1', name: 'split-endpoints', image: '123456789012.dkr.ecr.us-east-1.amazonaws.com/split:1', createdAt: '-1d' },
        ],
      },
    });
    const ext = await api();
    ext.aws.resetSession();
    await ext.catalog.load();
    const node = ext.catalog.services().find((s) => s.name === 'split-endpoints');
    assert.ok(node, 'the service is listed through the App Runner endpoint');
    await vscode.commands.executeCommand('apprunner.openMonitor', node);
    await waitFor('Live Tail', async () => (await ext.monitor.probe(node.arn)).tailMode === 'live', 30000);
    await waitFor('the metrics', async () => (await ext.monitor.probe(node.arn)).metricsFetchedAt, 30000);
    await ext.aws.session().ecr.findRepository('us-east-1', 'split');
    await ext.aws.session().iam.listRoles('us-east-1');

    for (const s of SERVICES) {
      const requests = proxies.get(s.id)?.requests ?? [];
      assert.ok(requests.length > 0, `nothing went to the ${s.id} endpoint`);
      const strays = requests.filter((r) => !r.startsWith(`${s.signingName} `));
      assert.deepStrictEqual(strays, [], `the ${s.id} endpoint carried other services' calls`);
    }
    const app = proxies.get('apprunner')?.requests ?? [];
    assert.ok(app.includes('apprunner ListServices'), app.join(', '));
    const logs = proxies.get('cloudwatch_logs')?.requests ?? [];
    for (const operation of ['DescribeLogGroups', 'StartLiveTail', 'FilterLogEvents']) {
      assert.ok(logs.includes(`logs ${operation}`), `${operation} did not go to the logs endpoint: ${logs.join(', ')}`);
    }
    assert.strictEqual((await emulator('logs/sessions', {})).sessions.length, 1);
  });
});
