// Which endpoint each service's calls go to, as far as the extension decides it (pure).
//
// On AWS every service has its own endpoint (apprunner.<region>.amazonaws.com, logs.…,
// monitoring.…, api.ecr.…, iam.amazonaws.com), and Live Tail's is CloudWatch Logs' with the
// host prefix `stream-` (stream-logs.<region>.amazonaws.com). One URL for every service is the
// emulator's and LocalStack's convention: that is what the `apprunner.endpointUrl` setting is for.

/** AWS's own regional CloudWatch Logs hosts, to which the `stream-` prefix applies. */
const AWS_LOGS_HOST = /^logs(-fips)?\.[a-z0-9-]+\.(amazonaws\.com(\.cn)?|api\.aws|c2s\.ic\.gov|sc2s\.sgov\.gov)$/;

/**
 * Whether Live Tail's `stream-` host prefix belongs in front of the CloudWatch Logs endpoint
 * `endpointUrl` (undefined: the SDK's default endpoint). It does for AWS's own logs hosts; not
 * for an emulator, LocalStack, a proxy or a VPC endpoint's own DNS name, where `stream-<host>`
 * does not exist.
 */
export function liveTailHostPrefixApplies(endpointUrl: string | undefined): boolean {
  if (!endpointUrl) return true;
  let host: string;
  try {
    host = new URL(endpointUrl).hostname.toLowerCase();
  } catch {
    return false;
  }
  return AWS_LOGS_HOST.test(host);
}
