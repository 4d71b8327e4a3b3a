// One place that creates SDK clients: per (service, region) for the chosen profile, with the
// SDK's own credential chain (SSO, process, assume-role and env included) and endpoint
// configuration (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_<SERVICE>, profile endpoint_url), plus
// the extension's own endpoint setting on top.
import { AppRunnerClient } from '@aws-sdk/client-apprunner';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { CloudWatchLogsClient } from '@aws-sdk/client-cloudwatch-logs';
import { ECRClient } from '@aws-sdk/client-ecr';
import { ECSClient } from '@aws-sdk/client-ecs';
import { IAMClient } from '@aws-sdk/client-iam';
import { PricingClient } from '@aws-sdk/client-pricing';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SSMClient } from '@aws-sdk/client-ssm';
import { fromNodeProviderChain } from '@aws-sdk/credential-providers';
import { CONFIG_PREFIX_SEPARATOR, loadSharedConfigFiles } from '@smithy/shared-ini-file-loader';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { liveTailHostPrefixApplies } from './endpoints';
import type { AwsSettings } from './types';

interface Clients {
  apprunner: AppRunnerClient;
  ecr: ECRClient;
  ecs: ECSClient;
  logs: CloudWatchLogsClient;
  cloudwatch: CloudWatchClient;
  iam: IAMClient;
  pricing: PricingClient;
  secretsmanager: SecretsManagerClient;
  ssm: SSMClient;
}

/** The SDK's service ids, as used in `[services x]` sections of the shared config file. */
const SERVICE_ID: Record<keyof Clients, string> = {
  apprunner: 'apprunner',
  ecr: 'ecr',
  ecs: 'ecs',
  logs: 'cloudwatch_logs',
  cloudwatch: 'cloudwatch',
  iam: 'iam',
  pricing: 'pricing',
  secretsmanager: 'secrets_manager',
  ssm: 'ssm',
};

/** The env variable names the SDK reads per service (AWS_ENDPOINT_URL_<SERVICE ID>). */
const ENDPOINT_ENV: Record<keyof Clients, string> = {
  apprunner: 'AWS_ENDPOINT_URL_APPRUNNER',
  ecr: 'AWS_ENDPOINT_URL_ECR',
  ecs: 'AWS_ENDPOINT_URL_ECS',
  logs: 'AWS_ENDPOINT_URL_CLOUDWATCH_LOGS',
  cloudwatch: 'AWS_ENDPOINT_URL_CLOUDWATCH',
  iam: 'AWS_ENDPOINT_URL_IAM',
  pricing: 'AWS_ENDPOINT_URL_PRICING',
  secretsmanager: 'AWS_ENDPOINT_URL_SECRETS_MANAGER',
  ssm: 'AWS_ENDPOINT_URL_SSM',
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

  /** The endpoint the setting or the environment gives `service` (the profile's is read lazily, see create()). */
  private endpointFromSettingOrEnv(service: keyof Clients): string | undefined {
    if (this.settings.endpointUrl) return this.settings.endpointUrl;
    if (process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') return undefined;
    return process.env[ENDPOINT_ENV[service]] || process.env.AWS_ENDPOINT_URL || undefined;
  }

  destroy(): void {
    for (const c of this.cache.values()) {
      (c as { destroy(): void }).destroy();
    }
    this.cache.clear();
  }

  /**
   * The endpoint configured for `service` the way the SDK reads it (env first, then the
   * profile's `services` section, then its `endpoint_url`), but for the chosen profile: the SDK
   * itself reads the shared-config endpoint only of AWS_PROFILE, not of the client's `profile`.
   */
  private async configuredEndpoint(service: keyof Clients): Promise<string | undefined> {
    if (process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true') {
      return undefined;
    }
    const fromEnv = process.env[ENDPOINT_ENV[service]] || process.env.AWS_ENDPOINT_URL;
    if (fromEnv) {
      return fromEnv;
    }
    const { configFile } = await loadSharedConfigFiles();
    const profile = configFile[this.settings.profile || process.env.AWS_PROFILE || 'default'] ?? {};
    if (profile.services) {
      const section = configFile[['services', profile.services].join(CONFIG_PREFIX_SEPARATOR)] ?? {};
      const url = section[[SERVICE_ID[service], 'endpoint_url'].join(CONFIG_PREFIX_SEPARATOR)];
      if (url) {
        return url;
      }
    }
    return profile.endpoint_url || undefined;
  }

  private create<K extends keyof Clients>(service: K, region: string): Clients[K] {
    const client = this.construct(service, region);
    if (!this.settings.endpointUrl) {
      let endpoint: Promise<string | undefined> | undefined;
      // The SDK's resolved-config hook for "endpoint from configuration" (see configuredEndpoint).
      const config = client.config as { serviceConfiguredEndpoint?: () => Promise<string | undefined>; disableHostPrefix?: boolean };
      config.serviceConfiguredEndpoint = () =>
        (endpoint ??= this.configuredEndpoint(service).then((url) => {
          if (service === 'logs') config.disableHostPrefix = !liveTailHostPrefixApplies(url);
          return url;
        }));
    }
    return client;
  }

  private construct<K extends keyof Clients>(service: K, region: string): Clients[K] {
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
      case 'ecs':
        return new ECSClient(config) as Clients[K];
      case 'logs':
        return new CloudWatchLogsClient({
          ...config,
          disableHostPrefix: !liveTailHostPrefixApplies(this.endpointFromSettingOrEnv('logs')),
        }) as Clients[K];
      case 'cloudwatch':
        return new CloudWatchClient(config) as Clients[K];
      case 'pricing':
        return new PricingClient(config) as Clients[K];
      case 'secretsmanager':
        return new SecretsManagerClient(config) as Clients[K];
      case 'ssm':
        return new SSMClient(config) as Clients[K];
      default:
        return new IAMClient(config) as Clients[K];
    }
  }
}
