// One place that creates SDK clients: per (service, region) for the chosen profile, with the
// SDK's own credential chain (SSO, process, assume-role and env included) and endpoint
// configuration (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, profile endpoint_url), plus
// the extension's own endpoint setting on top.
import { AppRunnerClient } from '@aws-sdk/client-apprunner';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient } from '@aws-sdk/client-ecr';
import { IAMClient } from '@aws-sdk/client-iam';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import type { AwsSettings } from './types';

interface Clients {
  apprunner: AppRunnerClient;
  ecr: ECRClient;
  logs: CloudWatchLogsClient;
  cloudwatch: CloudWatchClient;
  iam: IAMClient;
}

/** The env variable names the SDK reads per service (AWS_ENDPOINT_URL_<SERVICE ID>). */
const ENDPOINT_ENV: Record<keyof Clients, string> = {
  apprunner: 'AWS_ENDPOINT_URL_APPRUNNER',
  ecr: 'AWS_ENDPOINT_URL_ECR',
  logs: 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS',
  cloudwatch: 'AWS_ENDPOINT_URL_CLOUDWATCH',
  iam: 'AWS_ENDPOINT_URL_IAM',
};

export class ClientFactory {
  private readonly cache = new Map<string, unknown>();
  private readonly credentials: AwsCredentialIdentityProvider;

  constructor(readonly settings: AwsSettings) {
    this.credentials = fromNodeProviderChain(settings.profile ? { profile: settings.profile } : {});
  }

  get<K extends keyof Clients>(service: K, region: string): Clients[K] {
    const key = `${service}|${region}`;
    let client = this.cache.get(key) as Clients[K] | undefined;
    if (!client) {
      client = this.create(service, region);
      this.cache.set(key, client);
    }
    return client;
  }

  /**
   * True when calls to this service go somewhere other than the public AWS endpoint. Live Tail
   * then needs `disableHostPrefix`, or the SDK would prepend `stream-` to the override's host.
   */
  endpointOverridden(service: keyof Clients): boolean {
    if (process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') {
      return !!this.settings.endpointUrl;
    }
    return !!(this.settings.endpointUrl || process.env.AWS_ENDPOINT_URL || process.env[ENDPOINT_ENV[service]]);
  }

  destroy(): void {
    for (const c of this.cache.values()) {
      (c as { destroy(): void }).destroy();
    }
    this.cache.clear();
  }

  private create<K extends keyof Clients>(service: K, region: string): Clients[K] {
    const config = {
      region,
      credentials: this.credentials,
      ...(this.settings.profile ? { profile: this.settings.profile } : {}),
      ...(this.settings.endpointUrl ? { endpoint: this.settings.endpointUrl } : {}),
    };
    switch (service) {
      case 'apprunner':
        return new AppRunnerClient(config) as Clients[K];
      case 'ecr':
        return new ECRClient(config) as Clients[K];
      case 'logs':
        return new CloudWatchLogsClient({ ...config, disableHostPrefix: this.endpointOverridden('logs') }) as Clients[K];
      case 'cloudwatch':
        return new CloudWatchClient(config) as Clients[K];
      default:
        return new IAMClient(config) as Clients[K];
    }
  }
}
