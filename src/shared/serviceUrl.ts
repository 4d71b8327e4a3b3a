// App Runner reports ServiceUrl as a bare host ("abc123.us-east-1.awsapprunner.com").
// Real services answer on https; a loopback host (the local emulator) answers on plain http.
import { serviceArnParts } from '../aws/arn';

export function serviceBrowserUrl(serviceUrl: string | undefined): string | undefined {
  if (!serviceUrl) {
    return undefined;
  }
  if (/^https?:\/\//i.test(serviceUrl)) {
    return serviceUrl;
  }
  const host = serviceUrl.split('/')[0].replace(/:\d+$/, '');
  const loopback = host === 'localhost' || /^127\.\d+\.\d+\.\d+$/.test(host) || host === '[::1]';
  return `${loopback ? 'http' : 'https'}://${serviceUrl}`;
}

/** The service's page in the AWS console. */
export function serviceConsoleUrl(region: string, serviceArn: string): string {
  const { name, id } = serviceArnParts(serviceArn) ?? { name: '', id: '' };
  return `https://${region}.console.aws.amazon.com/apprunner/home?region=${region}#/services/${encodeURIComponent(name)}/${id}`;
}
