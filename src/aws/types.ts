// Plain types shared between the AWS boundary and the features. The SDK's own shapes are
// re-exported as types only, so importing them never loads the SDK.
import type { CustomDomain, VpcDNSTarget } from '@aws-sdk/client-apprunner';
export type {
  Service,
  ServiceSummary,
  OperationSummary,
  AutoScalingConfiguration,
  AutoScalingConfigurationSummary,
  CreateServiceRequest,
  UpdateServiceRequest,
  SourceConfiguration,
  CustomDomain,
  VpcDNSTarget,
  VpcConnector,
  VpcIngressConnection,
  ObservabilityConfiguration,
} from '@aws-sdk/client-apprunner';
export type {
  CreateExpressGatewayServiceRequest as ExpressServiceInput,
  ECSExpressGatewayService as ExpressService,
  ServiceDeployment,
} from '@aws-sdk/client-ecs';

/** DescribeCustomDomains of a service, every page. */
export interface ServiceCustomDomains {
  /** The App Runner subdomain the custom domains point to. */
  dnsTarget: string;
  domains: CustomDomain[];
  vpcDnsTargets: VpcDNSTarget[];
}

/** Where AWS calls go: who (profile) and the endpoint override from the extension setting. */
export interface AwsSettings {
  /** Profile from the shared files; undefined = the SDK default (AWS_PROFILE, then `default`). */
  profile?: string;
  /** The `apprunner.endpointUrl` setting; undefined = the SDK's own endpoint configuration. */
  endpointUrl?: string;
}

export interface ProfileInfo {
  name: string;
  /** 'sso' | 'static' | 'role' | 'process' | 'other' — shown in the profile picker. */
  kind: string;
  region?: string;
}

/** One metric series of a GetMetricData request (the monitor sends all its series in one). */
export interface MetricStatQuery {
  /** GetMetricData query id: starts with a lowercase letter. */
  id: string;
  namespace: string;
  metricName: string;
  dimensions: Array<{ name: string; value: string }>;
  periodSeconds: number;
  stat: string;
}
