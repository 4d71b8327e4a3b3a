// Emulated AWS Price List (awsJson1_1, target prefix AWSPriceListService.): GetProducts for
// App Runner. Each PriceList item is a JSON document as text, in the aws_v1 format the real
// service returns (product attributes, OnDemand terms with pricePerUnit.USD as a ten-decimal
// string). The real Price List answers only in us-east-1, eu-central-1 and ap-south-1; the
// emulator answers on its one endpoint whatever the region.
//
// Seed (the `pricing` key): { "products": [ { "regionCode": "ap-northeast-1",
//   "usagetype": "APN1-AppRunner-vCPU-hours", "usd": "0.0810000000", "effectiveDate"?: "2026-06-01" } ] }
// replaces the default products (App Runner's published rates in us-east-1, us-east-2, us-west-2
// and eu-west-1).
import { createHash } from 'crypto';
import { RequestContext, ServiceError, ServiceModule } from './types';

export interface PriceProduct {
  regionCode: string;
  usagetype: string;
  usd: string;
  effectiveDate?: string;
}

const USAGE_PREFIX: Record<string, string> = {
  'us-east-1': 'USE1',
  'us-east-2': 'USE2',
  'us-west-2': 'USW2',
  'eu-west-1': 'EU',
};

function defaultProducts(): PriceProduct[] {
  return Object.entries(USAGE_PREFIX).flatMap(([regionCode, prefix]) => [
    { regionCode, usagetype: `${prefix}-AppRunner-vCPU-hours`, usd: '0.0640000000' },
    { regionCode, usagetype: `${prefix}-AppRunner-GB-hours`, usd: '0.0070000000' },
    { regionCode, usagetype: `${prefix}-AppRunner-Provisioned-GB-hours`, usd: '0.0070000000' },
    { regionCode, usagetype: `${prefix}-AppRunner-AutomaticDeployment`, usd: '1.0000000000' },
  ]);
}

const UNITS: Array<[RegExp, string]> = [
  [/vCPU-hours$/, 'vCPU-Hours'],
  [/GB-hours$/, 'GB-Hours'],
  [/AutomaticDeployment$/, 'pipelines'],
];

/** The product as the real Price List writes it (aws_v1). */
function priceListItem(p: PriceProduct): string {
  const sku = createHash('sha256').update(`${p.regionCode}/${p.usagetype}`).digest('hex').slice(0, 16).toUpperCase();
  const effectiveDate = `${(p.effectiveDate ?? '2026-06-01').slice(0, 10)}T00:00:00Z`;
  const unit = UNITS.find(([re]) => re.test(p.usagetype))?.[1] ?? 'Units';
  return JSON.stringify({
    product: {
      productFamily: 'Compute',
      attributes: { regionCode: p.regionCode, servicecode: 'AWSAppRunner', usagetype: p.usagetype, servicename: 'AWS App Runner' },
      sku,
    },
    serviceCode: 'AWSAppRunner',
    terms: {
      OnDemand: {
        [`${sku}.JRTCKXETXF`]: {
          priceDimensions: {
            [`${sku}.JRTCKXETXF.6YS6EN2CT7`]: {
              unit,
              endRange: 'Inf',
              description: `USD ${p.usd} per ${unit} for ${p.usagetype}`,
              appliesTo: [],
              rateCode: `${sku}.JRTCKXETXF.6YS6EN2CT7`,
              beginRange: '0',
              pricePerUnit: { USD: p.usd },
            },
          },
          sku,
          effectiveDate,
          offerTermCode: 'JRTCKXETXF',
          termAttributes: {},
        },
      },
    },
    version: effectiveDate.replace(/\D/g, '').slice(0, 14),
    publicationDate: effectiveDate,
  });
}

function attributesOf(p: PriceProduct): Record<string, string> {
  return { regionCode: p.regionCode, servicecode: 'AWSAppRunner', usagetype: p.usagetype, servicename: 'AWS App Runner' };
}

function invalid(message: string): ServiceError {
  return new ServiceError('InvalidParameterException', message);
}

function matches(p: PriceProduct, filter: { Type?: unknown; Field?: unknown; Value?: unknown }): boolean {
  const value = attributesOf(p)[String(filter.Field)];
  const wanted = String(filter.Value);
  switch (filter.Type) {
    case 'TERM_MATCH':
    case 'EQUALS':
      return value === wanted;
    case 'CONTAINS':
      return value !== undefined && value.includes(wanted);
    case 'ANY_OF':
      return value !== undefined && wanted.split(',').includes(value);
    case 'NONE_OF':
      return value === undefined || !wanted.split(',').includes(value);
    default:
      throw invalid(`Filter Type '${String(filter.Type)}' is not one of TERM_MATCH, EQUALS, CONTAINS, ANY_OF, NONE_OF.`);
  }
}

export function createPricingModule(): ServiceModule {
  let products = defaultProducts();

  function getProducts(input: any, ctx: RequestContext): unknown {
    if (typeof input.ServiceCode !== 'string' || input.ServiceCode === '') throw invalid('ServiceCode is required.');
    if (input.FormatVersion !== undefined && input.FormatVersion !== 'aws_v1')
      throw invalid(`FormatVersion '${input.FormatVersion}' is not supported; use aws_v1.`);
    const filters: any[] = input.Filters ?? [];
    if (!Array.isArray(filters) || filters.length > 50) throw invalid('Filters must be a list of at most 50 filters.');
    for (const f of filters) {
      if (typeof f?.Field !== 'string' || typeof f?.Value !== 'string' || f.Field === '' || f.Value === '') {
        throw invalid('Every filter needs a Type, a Field and a Value.');
      }
    }
    const max = input.MaxResults ?? 100;
    if (!Number.isInteger(max) || max < 1 || max > 100) throw invalid('MaxResults must be between 1 and 100.');
    if (input.ServiceCode !== 'AWSAppRunner') {
      throw new ServiceError('NotFoundException', `The emulator's Price List has no products for service code ${input.ServiceCode}.`);
    }
    const selected = products.filter((p) => filters.every((f) => matches(p, f)));
    let offset = 0;
    if (input.NextToken !== undefined) {
      const m = /^products-(\d+)$/.exec(String(input.NextToken));
      if (!m) throw new ServiceError('InvalidNextTokenException', 'The pagination token is invalid. Try again without a pagination token.');
      offset = Number(m[1]);
    }
    void ctx;
    const page = selected.slice(offset, offset + max);
    const next = offset + max;
    return {
      FormatVersion: 'aws_v1',
      PriceList: page.map(priceListItem),
      ...(next < selected.length ? { NextToken: `products-${next}` } : {}),
    };
  }

  return {
    name: 'pricing',
    targetPrefix: 'AWSPriceListService.',
    signingName: 'pricing',
    protocol: 'awsJson1_1',
    handle(input: any, ctx: RequestContext) {
      switch (ctx.operation) {
        case 'GetProducts':
          return { body: getProducts(input, ctx) };
        default:
          throw new ServiceError('UnknownOperationException', `The emulator does not implement the Price List's ${ctx.operation}`);
      }
    },
    reset() {
      products = defaultProducts();
    },
    seed(data: unknown) {
      const list = (data as { products?: unknown })?.products;
      if (!Array.isArray(list)) throw new ServiceError('InvalidSeed', 'pricing seed: expected {"products": [...]}');
      products = list.map((p, i) => {
        if (typeof p?.regionCode !== 'string' || typeof p?.usagetype !== 'string' || !/^\d+(\.\d+)?$/.test(String(p?.usd))) {
          throw new ServiceError('InvalidSeed', `pricing seed: products[${i}] needs regionCode, usagetype and usd (a decimal string)`);
        }
        return {
          regionCode: p.regionCode,
          usagetype: p.usagetype,
          usd: String(p.usd),
          ...(p.effectiveDate ? { effectiveDate: String(p.effectiveDate) } : {}),
        };
      });
    },
  };
}
