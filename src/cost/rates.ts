// App Runner's rates per region: the table shipped with the extension (with its source and
// date), the user's overrides from settings, and rates read from the AWS Price List
// (pricing:GetProducts, service code AWSAppRunner). One home for "which rate applies and where
// it came from".
import { parseRate } from './money';

/** Rates as decimal strings in US dollars. */
export interface RegionRates {
  /** Active instance vCPU, per vCPU-hour. */
  vcpuHour: string;
  /** Memory of an active instance, per GB-hour. */
  memoryGbHour: string;
  /** Memory of a provisioned (idle) instance, per GB-hour. */
  provisionedMemoryGbHour: string;
  /** Automatic deployments, per service per month. */
  automaticDeploymentMonth: string;
  /** Builds of source-code services, per build-minute. */
  buildMinute: string;
}

export type RateKey = keyof RegionRates;
export const RATE_KEYS: RateKey[] = ['vcpuHour', 'memoryGbHour', 'provisionedMemoryGbHour', 'automaticDeploymentMonth', 'buildMinute'];

export interface ResolvedRates {
  region: string;
  rates: RegionRates;
  /** Where each rate came from, e.g. "shipped table (aws.amazon.com/apprunner/pricing, 2026-12-01)". */
  sources: Record<RateKey, string>;
  /** Rates nobody has confirmed on an AWS page (the build-minute fee). */
  unverified: RateKey[];
}

/** The regions App Runner runs in (botocore's endpoints.json). */
export const APP_RUNNER_REGIONS = [
  'us-east-1',
  'us-east-2',
  'us-west-2',
  'eu-west-1',
  'eu-west-2',
  'eu-west-3',
  'eu-central-1',
  'ap-northeast-1',
  'ap-south-1',
  'ap-southeast-1',
  'ap-southeast-2',
] as const;

export const SHIPPED_RATES_SOURCE = 'aws.amazon.com/apprunner/pricing and the AWS Price List (USW2-AppRunner-vCPU-hours 0.064)';
export const SHIPPED_RATES_DATE = '2026-12-01';

const US_EU: RegionRates = {
  vcpuHour: '0.064',
  memoryGbHour: '0.007',
  provisionedMemoryGbHour: '0.007',
  automaticDeploymentMonth: '1',
  buildMinute: '0.005',
};

/**
 * The shipped table. Only regions whose every compute rate is published are listed: the
 * pricing page gives the four below; Tokyo ($0.009 per GB-hour) and Singapore (provisioned
 * memory $0.00885) are known only in part, so they and the other regions take their rates from
 * the Price List or the apprunner.cost.rates setting.
 */
export const SHIPPED_RATES: Partial<Record<string, RegionRates>> = {
  'us-east-1': US_EU,
  'us-east-2': US_EU,
  'us-west-2': US_EU,
  'eu-west-1': US_EU,
};

/** The build-minute fee is widely quoted but not on an AWS page we could read. */
const UNVERIFIED_SHIPPED: RateKey[] = ['buildMinute'];

/** Rates read from the Price List for one region, with the day they were read. */
export interface PriceListRates {
  region: string;
  rates: Partial<RegionRates>;
  /** ISO date the Price List was read. */
  readOn: string;
  /** The newest effectiveDate among the prices read. */
  effectiveDate?: string;
}

/**
 * Which rates apply in a region: a setting overrides a rate read from the Price List, which
 * overrides the shipped table. Returns a sentence saying what to do when a rate is missing.
 */
export function resolveRates(
  region: string,
  overrides: Partial<Record<string, Partial<Record<RateKey, string | number>>>> = {},
  priceList?: PriceListRates,
): ResolvedRates | { missing: RateKey[]; message: string } {
  const shipped = SHIPPED_RATES[region];
  const override = overrides[region] ?? {};
  const rates: Partial<RegionRates> = {};
  const sources: Partial<Record<RateKey, string>> = {};
  const unverified: RateKey[] = [];
  const missing: RateKey[] = [];
  for (const key of RATE_KEYS) {
    const set = override[key];
    const listed = priceList?.region === region ? priceList.rates[key] : undefined;
    if (set !== undefined) {
      parseRate(set);
      rates[key] = typeof set === 'number' ? String(set) : set.trim();
      sources[key] = 'your setting apprunner.cost.rates';
    } else if (listed !== undefined) {
      rates[key] = listed;
      sources[key] =
        `AWS Price List, read ${priceList?.readOn}${priceList?.effectiveDate ? ` (effective ${priceList.effectiveDate})` : ''}`;
    } else if (shipped) {
      rates[key] = shipped[key];
      sources[key] = `shipped table (${SHIPPED_RATES_SOURCE}, ${SHIPPED_RATES_DATE})`;
      if (UNVERIFIED_SHIPPED.includes(key)) unverified.push(key);
    } else {
      missing.push(key);
    }
  }
  if (missing.length) {
    return {
      missing,
      message:
        `No App Runner rates for ${region} are shipped with the extension (${missing.join(', ')}). ` +
        'Refresh the rates from the AWS Price List, or set them in the apprunner.cost.rates setting.',
    };
  }
  return { region, rates: rates as RegionRates, sources: sources as Record<RateKey, string>, unverified };
}

export function isResolved(r: ReturnType<typeof resolveRates>): r is ResolvedRates {
  return 'rates' in r;
}

/** Checks the apprunner.cost.rates setting; the messages say which entry to fix. */
export function validateRateOverrides(value: unknown): string[] {
  if (value === undefined || value === null) return [];
  if (typeof value !== 'object' || Array.isArray(value))
    return ['apprunner.cost.rates must be an object keyed by region, e.g. {"us-east-1": {"vcpuHour": 0.064}}.'];
  const problems: string[] = [];
  for (const [region, entry] of Object.entries(value as Record<string, unknown>)) {
    if (typeof entry !== 'object' || entry === null) {
      problems.push(`apprunner.cost.rates["${region}"] must be an object of rates.`);
      continue;
    }
    for (const [key, rate] of Object.entries(entry as Record<string, unknown>)) {
      if (!(RATE_KEYS as string[]).includes(key)) {
        problems.push(`apprunner.cost.rates["${region}"].${key} is not a rate; use ${RATE_KEYS.join(', ')}.`);
        continue;
      }
      try {
        if (typeof rate !== 'string' && typeof rate !== 'number') throw new Error(`"${String(rate)}" is not a price.`);
        parseRate(rate);
      } catch (err) {
        problems.push(`apprunner.cost.rates["${region}"].${key}: ${(err as Error).message}`);
      }
    }
  }
  return problems;
}

/** The Price List endpoints (GetProducts answers only in these regions). */
export const PRICE_LIST_REGIONS = ['us-east-1', 'eu-central-1', 'ap-south-1'] as const;

/** The Price List region nearest to the service's region. */
export function priceListRegionFor(region: string): (typeof PRICE_LIST_REGIONS)[number] {
  if (region.startsWith('eu-')) return 'eu-central-1';
  if (region.startsWith('ap-') || region.startsWith('me-')) return 'ap-south-1';
  return 'us-east-1';
}

/** Usage-type endings of App Runner's prices (the part after the region prefix, e.g. USE1-). */
const USAGE_TYPES: Array<[RegExp, RateKey]> = [
  [/-AppRunner-vCPU-hours$/i, 'vcpuHour'],
  [/-AppRunner-Provisioned-GB-hours$/i, 'provisionedMemoryGbHour'],
  [/-AppRunner-GB-hours$/i, 'memoryGbHour'],
  [/-AppRunner-AutomaticDeployment$/i, 'automaticDeploymentMonth'],
  [/-AppRunner-Build(?:-Minutes?)?$/i, 'buildMinute'],
];

interface PriceListProduct {
  product?: { attributes?: Record<string, unknown> };
  terms?: {
    OnDemand?: Record<string, { effectiveDate?: unknown; priceDimensions?: Record<string, { pricePerUnit?: Record<string, unknown> }> }>;
  };
}

/**
 * Reads App Runner's rates for one region from GetProducts' PriceList items (each item is a
 * JSON document). Items of other regions, other currencies or with an unreadable price are
 * skipped; a price that is not a plain decimal is never used.
 */
export function parsePriceList(items: string[], region: string, readOn: string): PriceListRates {
  const rates: Partial<RegionRates> = {};
  let effectiveDate: string | undefined;
  for (const item of items) {
    let doc: PriceListProduct;
    try {
      doc = JSON.parse(item) as PriceListProduct;
    } catch {
      continue;
    }
    const attributes = doc.product?.attributes ?? {};
    if (attributes.regionCode !== region) continue;
    const usageType = typeof attributes.usagetype === 'string' ? attributes.usagetype : '';
    const key = USAGE_TYPES.find(([pattern]) => pattern.test(usageType))?.[1];
    if (!key) continue;
    for (const term of Object.values(doc.terms?.OnDemand ?? {})) {
      for (const dimension of Object.values(term.priceDimensions ?? {})) {
        const usd = dimension.pricePerUnit?.USD;
        if (typeof usd !== 'string') continue;
        try {
          parseRate(usd);
        } catch {
          continue;
        }
        rates[key] = usd;
        const day = typeof term.effectiveDate === 'string' ? term.effectiveDate.slice(0, 10) : undefined;
        if (day && (!effectiveDate || day > effectiveDate)) effectiveDate = day;
      }
    }
  }
  return { region, rates, readOn, ...(effectiveDate ? { effectiveDate } : {}) };
}
