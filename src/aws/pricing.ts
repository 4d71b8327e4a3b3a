// The AWS Price List (pricing:GetProducts) for App Runner's rates. The Price List answers only
// in us-east-1, eu-central-1 and ap-south-1; the caller picks one (priceListRegionFor).
import { GetProductsCommand } from '@aws-sdk/client-pricing';
import type { ClientFactory } from './clients';

/** App Runner's products of a region are a handful; the pages are a guard, not an expectation. */
const MAX_PAGES = 10;

export class PricingApi {
  constructor(private readonly clients: ClientFactory) {}

  /** The PriceList items (JSON documents as text) of App Runner in `region`, asked at `endpointRegion`. */
  async appRunnerProducts(endpointRegion: string, region: string, signal?: AbortSignal): Promise<string[]> {
    const items: string[] = [];
    let nextToken: string | undefined;
    let pages = 0;
    do {
      const out = await this.clients.get('pricing', endpointRegion).send(
        new GetProductsCommand({
          ServiceCode: 'AWSAppRunner',
          FormatVersion: 'aws_v1',
          Filters: [{ Type: 'TERM_MATCH', Field: 'regionCode', Value: region }],
          MaxResults: 100,
          NextToken: nextToken,
        }),
        { abortSignal: signal },
      );
      for (const item of out.PriceList ?? []) items.push(String(item)); // a String object (the SDK's LazyJsonString) or a string
      nextToken = out.NextToken;
    } while (nextToken && ++pages < MAX_PAGES);
    return items;
  }
}
