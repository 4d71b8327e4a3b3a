// What the integration tests reach inside the running extension. Registered as a command only when
// the test runner sets APPRUNNER_TEST_SEAM=1 for the extension host, so that no other extension
// can reach it (activate() returns nothing): through it, tests answer every question the
// extension asks (the ui/ seam) and watch the features' state.
import vscode = require('vscode');
import type { Catalog } from './catalog/catalog';
import type { DeployApi } from './deploy/adapter';
import type { ServicesTree } from './explorer/tree';
import type { MonitorApi } from './monitor/adapter';
import type { DomainsApi } from './operate/domainsCommands';
import type { HistoryApi } from './operate/historyCommands';
import type { AwsContext } from './shared/awsContext';
import type { LazyFeatures } from './shared/lazyFeatures';
import type { Prompts } from './ui/questions';
import type { Ui } from './ui/ui';

export const TEST_SEAM_COMMAND = 'apprunner.test.seam';

export interface TestSeam {
  aws: AwsContext;
  /** Reading catalog makes the catalog, as the tree's first rows or a feature's first command would. */
  readonly catalog: Catalog;
  /** Reading servicesTree loads the tree's rows, as the view's first showing would. */
  readonly servicesTree: ServicesTree;
  /** Reading monitor, deploy, history or domains loads that feature's body, as its first command would. */
  readonly monitor: MonitorApi;
  readonly deploy: DeployApi;
  readonly history: HistoryApi;
  readonly domains: DomainsApi;
  /** The lazily loaded features: which are loaded, and loading one now. */
  features: Pick<LazyFeatures, 'loaded' | 'names' | 'load'>;
  isAwsLoaded(): boolean;
  /** Whether the AWS SDK bundle had been loaded when activate() returned (it must not be). */
  awsLoadedAtActivation: boolean;
  /** The features whose bodies were loaded when activate() returned (there must be none). */
  featuresLoadedAtActivation: string[];
  /** The extension's bundles (dist/*.js) loaded when activate() returned. */
  bundlesLoadedAtActivation: string[];
  /** Every question goes to `prompts` until the returned function is called. */
  useUi(prompts: Prompts): () => void;
}

export interface TestSeamParts {
  aws: AwsContext;
  catalog: () => Catalog;
  servicesTree: () => ServicesTree;
  ui: Ui;
  features: LazyFeatures;
  monitor: () => MonitorApi;
  deploy: () => DeployApi;
  history: () => HistoryApi;
  domains: () => DomainsApi;
  isAwsLoaded(): boolean;
  awsLoadedAtActivation: boolean;
  featuresLoadedAtActivation: string[];
  bundlesLoadedAtActivation: string[];
}

export function testSeamEnabled(): boolean {
  return process.env.APPRUNNER_TEST_SEAM === '1';
}

/** The extension's bundles (dist/*.js, beside this one) in the module cache. */
export function loadedBundles(): string[] {
  return Object.keys(require.cache).flatMap((file) => {
    const name = file.startsWith(__dirname) ? /^[\\/]([\w-]+\.js)$/.exec(file.slice(__dirname.length)) : null;
    return name ? [name[1]] : [];
  });
}

export function registerTestSeam(context: vscode.ExtensionContext, parts: TestSeamParts): void {
  const { features, ui } = parts;
  const seam: TestSeam = {
    aws: parts.aws,
    get catalog() {
      return parts.catalog();
    },
    get servicesTree() {
      return parts.servicesTree();
    },
    get monitor() {
      return parts.monitor();
    },
    get deploy() {
      return parts.deploy();
    },
    get history() {
      return parts.history();
    },
    get domains() {
      return parts.domains();
    },
    features: { loaded: () => features.loaded(), names: () => features.names(), load: (name) => features.load(name) },
    isAwsLoaded: parts.isAwsLoaded,
    awsLoadedAtActivation: parts.awsLoadedAtActivation,
    featuresLoadedAtActivation: parts.featuresLoadedAtActivation,
    bundlesLoadedAtActivation: parts.bundlesLoadedAtActivation,
    useUi: (prompts) => ui.use(prompts),
  };
  context.subscriptions.push(vscode.commands.registerCommand(TEST_SEAM_COMMAND, () => seam));
}
