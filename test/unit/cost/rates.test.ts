import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatDollars, formatRate, parseRate, toCents, UNITS_PER_DOLLAR } from '../../../src/cost/money';
import {
  APP_RUNNER_REGIONS,
  isResolved,
  parsePriceList,
  priceListRegionFor,
  resolveRates,
  SHIPPED_RATES,
  validateRateOverrides,
} from '../../../src/cost/rates';

test('prices are exact decimals with up to ten places; anything else is refused with what to write', () => {
  assert.equal(parseRate('0.0640000000'), 640_000_000n);
  assert.equal(parseRate(0.00885), 88_500_000n);
  assert.equal(parseRate('1'), 10_000_000_000n);
  assert.throws(() => parseRate('-1'), /non-negative decimal/);
  assert.throws(() => parseRate('1e-3'), /non-negative decimal/);
  assert.throws(() => parseRate('0.00000000001'), /ten decimals/);
  assert.equal(formatRate(parseRate('0.0070000000')), '0.007');
});

test('amounts round half up to the cent only when shown', () => {
  assert.equal(toCents(UNITS_PER_DOLLAR / 200n), 1n); // half a cent
  assert.equal(toCents(UNITS_PER_DOLLAR / 200n - 1n), 0n);
  assert.equal(formatDollars(1234n * UNITS_PER_DOLLAR + UNITS_PER_DOLLAR / 20n), '$1,234.05');
  assert.equal(formatDollars(1n), '<$0.01');
  assert.equal(formatDollars(0n), '$0.00');
});

test('the shipped table covers only regions of App Runner, with every rate', () => {
  for (const [region, rates] of Object.entries(SHIPPED_RATES)) {
    assert.ok((APP_RUNNER_REGIONS as readonly string[]).includes(region), region);
    for (const value of Object.values(rates ?? {})) parseRate(value);
  }
  const r = resolveRates('us-east-1');
  assert.ok(isResolved(r));
  assert.equal(r.rates.vcpuHour, '0.064');
  assert.match(r.sources.vcpuHour, /shipped table .*aws\.amazon\.com\/apprunner\/pricing.*\d{4}-\d{2}-\d{2}/);
  assert.deepEqual(r.unverified, ['buildMinute']);
});

test('a region without shipped rates says how to get them; a setting or the Price List fills them', () => {
  const missing = resolveRates('ap-northeast-1');
  assert.ok(!isResolved(missing));
  assert.match(missing.message, /ap-northeast-1.*Refresh the rates from the AWS Price List.*apprunner\.cost\.rates/);
  const fromList = resolveRates(
    'ap-northeast-1',
    { 'ap-northeast-1': { buildMinute: 0.005 } },
    {
      region: 'ap-northeast-1',
      readOn: '2026-12-01',
      effectiveDate: '2026-11-01',
      rates: { vcpuHour: '0.081', memoryGbHour: '0.009', provisionedMemoryGbHour: '0.009', automaticDeploymentMonth: '1' },
    },
  );
  assert.ok(isResolved(fromList));
  assert.equal(fromList.sources.memoryGbHour, 'AWS Price List, read 2026-12-01 (effective 2026-11-01)');
  assert.equal(fromList.sources.buildMinute, 'your setting apprunner.cost.rates');
  assert.equal(fromList.rates.buildMinute, '0.005');
  assert.deepEqual(fromList.unverified, []);
});

test('a setting overrides a shipped rate', () => {
  const r = resolveRates('us-east-1', { 'us-east-1': { vcpuHour: '0.07' } });
  assert.ok(isResolved(r));
  assert.equal(r.rates.vcpuHour, '0.07');
  assert.equal(r.rates.memoryGbHour, '0.007');
});

test('the rates setting is checked entry by entry', () => {
  assert.deepEqual(validateRateOverrides(undefined), []);
  assert.deepEqual(validateRateOverrides({ 'us-east-1': { vcpuHour: 0.07 } }), []);
  const problems = validateRateOverrides({ 'us-east-1': { vcpu: 1, memoryGbHour: 'cheap' }, 'eu-west-1': 3 });
  assert.equal(problems.length, 3);
  assert.match(problems[0], /vcpu is not a rate; use vcpuHour/);
  assert.match(problems[1], /memoryGbHour: "cheap" is not a price/);
  assert.match(problems[2], /eu-west-1.*must be an object/);
});

function product(region: string, usagetype: string, usd: string, effectiveDate = '2026-06-01T00:00:00Z'): string {
  return JSON.stringify({
    product: { productFamily: 'Compute', attributes: { regionCode: region, usagetype, servicecode: 'AWSAppRunner' }, sku: 'SKU1' },
    serviceCode: 'AWSAppRunner',
    terms: {
      OnDemand: {
        'SKU1.JRTCKXETXF': {
          effectiveDate,
          priceDimensions: { 'SKU1.JRTCKXETXF.6YS6EN2CT7': { unit: 'Hrs', pricePerUnit: { USD: usd } } },
        },
      },
    },
  });
}

test('Price List items give the rates of their region, by usage type', () => {
  const items = [
    product('ap-southeast-1', 'APS1-AppRunner-vCPU-hours', '0.0810000000'),
    product('ap-southeast-1', 'APS1-AppRunner-GB-hours', '0.0088500000', '2026-09-01T00:00:00Z'),
    product('ap-southeast-1', 'APS1-AppRunner-Provisioned-GB-hours', '0.0088500000'),
    product('ap-southeast-1', 'APS1-AppRunner-AutomaticDeployment', '1.0000000000'),
    product('us-east-1', 'USE1-AppRunner-vCPU-hours', '0.0640000000'),
    product('ap-southeast-1', 'APS1-AppRunner-Unknown', '9'),
    product('ap-southeast-1', 'APS1-AppRunner-GB-hours', 'free'),
    '{not json',
  ];
  const parsed = parsePriceList(items, 'ap-southeast-1', '2026-12-01');
  assert.deepEqual(parsed.rates, {
    vcpuHour: '0.0810000000',
    memoryGbHour: '0.0088500000',
    provisionedMemoryGbHour: '0.0088500000',
    automaticDeploymentMonth: '1.0000000000',
  });
  assert.equal(parsed.effectiveDate, '2026-09-01');
});

test('the Price List is asked in its nearest endpoint region', () => {
  assert.equal(priceListRegionFor('eu-west-1'), 'eu-central-1');
  assert.equal(priceListRegionFor('ap-northeast-1'), 'ap-south-1');
  assert.equal(priceListRegionFor('us-west-2'), 'us-east-1');
});
