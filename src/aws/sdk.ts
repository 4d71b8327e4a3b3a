// Entry of the lazily loaded AWS bundle (dist/aws.js). Everything here may import the SDK;
// the rest of the extension reaches it only through loadAws() in lazy.ts.
import { AppRunnerApi } from './apprunner';
import { ClientFactory } from './clients';
import { DeployLogsApi } from './deployLogs';
import { EcrApi } from './ecr';
import { EcsApi } from './ecs';
import { IamApi } from './iam';
import { LogsApi } from './logs';
import { MetricsApi } from './metrics';
import { MigrationReadsApi } from './migrationReads';
import { PricingApi } from './pricing';
import { SecretsApi } from './secrets';
import type { AwsSettings } from './types';

export { listProfiles } from './profiles';

/** The AWS APIs of one profile and endpoint configuration; replaced when either changes. */
export class AwsSession {
  readonly clients: ClientFactory;
  readonly appRunner: AppRunnerApi;
  readonly ecr: EcrApi;
  readonly ecs: EcsApi;
  readonly iam: IamApi;
  readonly deployLogs: DeployLogsApi;
  readonly logs: LogsApi;
  readonly metrics: MetricsApi;
  readonly migrationReads: MigrationReadsApi;
  readonly pricing: PricingApi;
  readonly secrets: SecretsApi;

  constructor(readonly settings: AwsSettings) {
    this.clients = new ClientFactory(settings);
    this.appRunner = new AppRunnerApi(this.clients);
    this.ecr = new EcrApi(this.clients);
    this.ecs = new EcsApi(this.clients);
    this.iam = new IamApi(this.clients);
    this.deployLogs = new DeployLogsApi(this.clients);
    this.logs = new LogsApi(this.clients);
    this.metrics = new MetricsApi(this.clients);
    this.migrationReads = new MigrationReadsApi(this.clients);
    this.pricing = new PricingApi(this.clients);
    this.secrets = new SecretsApi(this.clients);
  }

  dispose(): void {
    this.clients.destroy();
  }
}

export function createSession(settings: AwsSettings): AwsSession {
  return new AwsSession(settings);
}
