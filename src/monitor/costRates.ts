// The rates the monitor's Cost view uses: the apprunner.cost.rates setting over rates read from
// the AWS Price List (kept in the extension's global state with the day they were read) over
// the shipped table. Reading the Price List is a call to AWS, made only when the user allows it:
// the apprunner.cost.usePriceList setting, or a confirmation each time.
import vscode = require('vscode');
import { parsePriceList, PriceListRates, priceListRegionFor, resolveRates, ResolvedRates, validateRateOverrides } from '../cost/rates';
import type { AwsContext } from '../shared/awsContext';
import type { Ui } from '../ui/ui';

const STATE_KEY = 'apprunner.cost.priceList';

export class CostRates {
  constructor(
    private readonly state: vscode.Memento,
    private readonly aws: AwsContext,
    private readonly ui: Ui,
  ) {}

  private settings() {
    return vscode.workspace.getConfiguration('apprunner.cost');
  }

  resolve(region: string): ResolvedRates | { message: string } {
    const overrides = this.settings().get<unknown>('rates') ?? {};
    const problems = validateRateOverrides(overrides);
    if (problems.length) return { message: `${problems.join(' ')} Fix the setting to see the cost.` };
    const saved = this.state.get<Record<string, PriceListRates>>(STATE_KEY, {});
    return resolveRates(region, overrides as Parameters<typeof resolveRates>[1], saved[region]);
  }

  /** Whether rates may be read from the Price List without asking. */
  get automatic(): boolean {
    return this.settings().get<boolean>('usePriceList') === true;
  }

  /** Reads the region's rates from the Price List (asking first unless allowed); returns what happened. */
  async refresh(region: string, ask = true): Promise<string> {
    if (ask && !this.automatic) {
      const ok = await this.ui.confirm({
        title: `Read App Runner's rates for ${region} from the AWS Price List?`,
        detail:
          'This calls pricing:GetProducts (service code AWSAppRunner) with your AWS profile. Set apprunner.cost.usePriceList to read them without asking.',
        action: 'Read Rates',
      });
      if (!ok) return 'The rates were not read.';
    }
    const endpoint = priceListRegionFor(region);
    try {
      const items = await this.aws.session().pricing.appRunnerProducts(endpoint, region);
      const parsed = parsePriceList(items, region, new Date().toISOString().slice(0, 10));
      const found = Object.keys(parsed.rates).length;
      if (found === 0) return `The AWS Price List has no App Runner prices for ${region}; the rates stay as they were.`;
      const saved = this.state.get<Record<string, PriceListRates>>(STATE_KEY, {});
      await this.state.update(STATE_KEY, { ...saved, [region]: parsed });
      return `Read ${found} App Runner rate${found === 1 ? '' : 's'} for ${region} from the AWS Price List.`;
    } catch (err) {
      return this.aws.describe(err, { action: 'pricing:GetProducts', region: endpoint, doing: `read App Runner's rates for ${region}` })
        .message;
    }
  }
}
