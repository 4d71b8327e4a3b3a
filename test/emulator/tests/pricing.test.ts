// The Price List's GetProducts and a seeded activity history, through the real SDK clients
// (ClientFactory with the endpoint setting) against the emulator; every answer passes the
// contract check against botocore's pricing and monitoring models.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ClientFactory } from '../../../src/aws/clients';
import { MetricsApi } from '../../../src/aws/metrics';
import { PricingApi } from '../../../src/aws/pricing';
import { parsePriceList, priceListRegionFor, resolveRates, SHIPPED_RATES } from '../../../src/cost/rates';
import { DefaultEmulator, startDefaultEmulator } from '../index';

let emulator: DefaultEmulator;
let clients: ClientFactory;

async function control(path: string, body: unknown): Promise<Response> {
  return fetch(`${emulator.url}/_emulator/${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

before(async () => {
  process.env.AWS_ACCESS_KEY_ID = 'AKIDTEST';
  process.env.AWS_SECRET_ACCESS_KEY = 'test-secret';
  emulator = await startDefaultEmulator({ operationDelayMs: 50 });
  clients = new ClientFactory({ endpointUrl: emulator.url });
});

after(async () => {
  clients.destroy();
  await emulator.close();
});

test("GetProducts gives App Runner's published rates of a region, as the shipped table has them", async () => {
  const items = await new PricingApi(clients).appRunnerProducts(priceListRegionFor('eu-west-1'), 'eu-west-1');
  assert.equal(items.length, 4);
  const parsed = parsePriceList(items, 'eu-west-1', '2026-12-01');
  assert.equal(Object.keys(parsed.rates).length, 4);
  for (const [key, value] of Object.entries(parsed.rates)) {
    assert.equal(Number(value), Number(SHIPPED_RATES['eu-west-1']?.[key as keyof typeof parsed.rates]), key);
  }
  assert.equal(parsed.effectiveDate, '2026-06-01');
});

test('seeded products page through NextToken and fill a region the shipped table lacks', async () => {
  const products = ['vCPU-hours', 'GB-hours', 'Provisioned-GB-hours', 'AutomaticDeployment'].map((u, i) => ({
    regionCode: 'ap-northeast-1',
    usagetype: `APN1-AppRunner-${u}`,
    usd: ['0.0810000000', '0.0090000000', '0.0090000000', '1.0000000000'][i],
    effectiveDate: '2026-10-01',
  }));
  const extra = Array.from({ length: 120 }, (_, i) => ({ regionCode: 'ap-northeast-1', usagetype: `APN1-Other-${i}`, usd: '1' }));
  assert.equal((await control('seed', { pricing: { products: [...extra, ...products] } })).status, 200);
  const items = await new PricingApi(clients).appRunnerProducts('ap-south-1', 'ap-northeast-1');
  assert.equal(items.length, 124, 'two pages of at most 100');
  const resolved = resolveRates('ap-northeast-1', {}, parsePriceList(items, 'ap-northeast-1', '2026-12-01'));
  // The Price List has no build-minute price here: only that one is left for the setting.
  assert.ok('missing' in resolved);
  assert.deepEqual(resolved.missing, ['buildMinute']);
  assert.equal((await control('reset', {})).status, 200);
});

test('a seeded activity history: ActiveInstances follows it while RUNNING and is 0 while paused', async () => {
  const seed = {
    apprunner: {
      services: [
        {
          region: 'us-east-1',
          name: 'cost-check',
          image: 'public.ecr.aws/nginx/nginx:latest',
          cpu: '1 vCPU',
          memory: '2 GB',
          createdAt: '-3d',
          activity: { fromHourUtc: 9, hours: 8, instances: 2 },
          operations: [
            { type: 'CREATE_SERVICE', status: 'SUCCEEDED', startedAt: '-3d', endedAt: '-3d+2m' },
            { type: 'PAUSE_SERVICE', status: 'SUCCEEDED', startedAt: '-2d', endedAt: '-2d' },
            { type: 'RESUME_SERVICE', status: 'SUCCEEDED', startedAt: '-1d', endedAt: '-1d' },
          ],
        },
      ],
    },
  };
  const seeded = await control('seed', seed);
  assert.equal(seeded.status, 200, await seeded.text());
  const list = await (await fetch(`${emulator.url}/_emulator/clock`)).json();
  const now: number = list.now;
  const serviceId = (
    await clients.get('apprunner', 'us-east-1').send(new (await import('@aws-sdk/client-apprunner')).ListServicesCommand({}))
  ).ServiceSummaryList?.[0]?.ServiceId as string;
  const end = Math.floor(now / 3_600_000) * 3_600_000;
  const start = end - 72 * 3_600_000 + 3_600_000;
  const results = await new MetricsApi(clients).getMetricData('us-east-1', {
    startTime: start,
    endTime: end,
    queries: [
      {
        id: 'a',
        namespace: 'AWS/AppRunner',
        metricName: 'ActiveInstances',
        dimensions: [
          { name: 'ServiceName', value: 'cost-check' },
          { name: 'ServiceID', value: serviceId },
        ],
        periodSeconds: 3600,
        stat: 'Maximum',
      },
    ],
  });
  const series = results[0];
  series.timestamps.forEach((t, i) => {
    const hour = new Date(t).getUTCHours();
    const paused = t >= now - 2 * 86_400_000 - 3_600_000 && t < now - 86_400_000;
    if (paused) return; // the hour the pause starts or ends in may hold both
    assert.equal(series.values[i], hour >= 9 && hour < 17 ? 2 : 0, new Date(t).toISOString());
  });
  const pausedHours = series.timestamps.filter(
    (t, i) => t >= now - 2 * 86_400_000 && t + 3_600_000 <= now - 86_400_000 && series.values[i] !== 0,
  );
  assert.deepEqual(pausedHours, [], 'no active instance while paused');
});
