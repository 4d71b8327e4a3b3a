// Pure: the network and observability switches of a running service, tracing on or off and the IP
// address type, as ServiceChangeIntents for serviceChange.ts. Tracing needs an observability
// configuration with AWS X-Ray: one the account has, or a new one made once the change is confirmed.
import { parseArn } from '../aws/arn';
import type { ObservabilityConfiguration, Service } from '../aws/types';
import type { ServiceChangeIntent } from './serviceChange';

/** The name of the configuration the extension creates when the account has none with X-Ray tracing. */
export const XRAY_CONFIGURATION_NAME = 'xray-tracing';

export function tracingEnabled(service: Service): boolean {
  return service.ObservabilityConfiguration?.ObservabilityEnabled === true;
}

/** The latest revisions that trace with AWS X-Ray (the only vendor App Runner has). */
export function xrayConfigurations(configurations: readonly ObservabilityConfiguration[]): ObservabilityConfiguration[] {
  return configurations.filter(
    (c) => c.TraceConfiguration?.Vendor === 'AWSXRAY' && c.Status !== 'INACTIVE' && c.ObservabilityConfigurationArn,
  );
}

/**
 * The ARN that names a configuration's latest revision by name only, which UpdateService accepts
 * (the model: "Specify just the name to associate the latest revision"), for one not created yet.
 */
export function configurationArnByName(serviceArn: string, name: string): string {
  const arn = parseArn(serviceArn);
  if (!arn) throw new Error(`Not an App Runner service ARN: ${serviceArn}`);
  return `arn:${arn.partition}:apprunner:${arn.region}:${arn.account}:observabilityconfiguration/${name}`;
}

export function tracingIntent(on: boolean, configurationArn?: string): ServiceChangeIntent {
  return { observability: on ? { enabled: true, configurationArn } : { enabled: false } };
}

export type IpAddressType = 'IPV4' | 'DUAL_STACK';

export const IP_ADDRESS_TYPES: ReadonlyArray<{ value: IpAddressType; label: string; detail: string }> = [
  { value: 'IPV4', label: 'IPv4', detail: 'The service answers on IPv4 addresses only.' },
  { value: 'DUAL_STACK', label: 'Dual-stack (IPv4 and IPv6)', detail: 'The service answers on IPv4 and IPv6; public services only.' },
];

export function ipAddressType(service: Service): IpAddressType {
  return service.NetworkConfiguration?.IpAddressType === 'DUAL_STACK' ? 'DUAL_STACK' : 'IPV4';
}
