// The one catalog of the extension, joined to the AWS context: its calls go through the current
// session, its region list follows the settings, and a region that cannot be listed is reported
// like any AWS error. A new session (profile, endpoint, regions or Reload AWS Credentials) starts
// the catalog over. The catalog (src/catalog, bundled as dist/catalog.js) is made on first use:
// the tree's first rows or a feature's first command.
import vscode = require('vscode');
import type * as CatalogModule from '../catalog/catalog';
import type { AwsContext } from './awsContext';
import { systemClock } from './clock';

export function registerCatalog(context: vscode.ExtensionContext, aws: AwsContext): () => CatalogModule.Catalog {
  let catalog: CatalogModule.Catalog | undefined;
  context.subscriptions.push(
    // The views list the new regions when they are shown (each view asks the catalog to load).
    aws.onDidChange(() => catalog?.setRegions(aws.regions)),
    { dispose: () => catalog?.dispose() },
  );
  return () => {
    if (catalog) return catalog;
    // esbuild maps '../catalog/catalog' to the separate bundle './catalog.js' (see scripts/build.mjs).
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { Catalog, DEFAULT_MAX_CALLS_IN_FLIGHT } = require('../catalog/catalog') as typeof CatalogModule;
    catalog = new Catalog({
      api: () => aws.session().appRunner,
      regions: aws.regions,
      clock: systemClock,
      pollIntervalMs: () => (vscode.workspace.getConfiguration('apprunner').get<number>('pollIntervalSeconds') ?? 5) * 1000,
      maxCallsInFlight: DEFAULT_MAX_CALLS_IN_FLIGHT,
      describeError: (err, ctx) => aws.describe(err, ctx),
      log: (line) => aws.output.appendLine(line),
    });
    context.subscriptions.push(catalog.onDidFail((f) => void aws.showError(f.error, f.context)));
    return catalog;
  };
}
