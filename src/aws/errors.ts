// Turns errors from the AWS SDK (and the network under it) into messages a person can act on.
// Pure: it inspects names, messages and metadata, and never imports the SDK. What the endpoint
// sent (message, error name, host) is untrusted: it is neutralised for a notification here.
import { forNotification, shellArgument } from '../shared/untrusted';

export type AwsErrorKind =
  | 'no-credentials'
  | 'sso-expired'
  | 'credentials-expired'
  | 'access-denied'
  | 'throttled'
  | 'not-found'
  | 'busy'
  | 'quota'
  | 'invalid-request'
  | 'region-unavailable'
  | 'endpoint-unreachable'
  | 'service-error'
  | 'unknown';

export interface ErrorFix {
  label: string;
  /** A VS Code command to run. */
  command?: string;
  /** A shell command to run in a terminal, e.g. `aws sso login --profile dev`. */
  terminalCommand?: string;
}

export interface UserFacingError {
  kind: AwsErrorKind;
  message: string;
  fixes: ErrorFix[];
}

export interface ErrorContext {
  /** The IAM action that failed, e.g. 'apprunner:ListServices'. */
  action: string;
  profile?: string;
  region?: string;
  /** What the user was doing, e.g. 'list services', for the start of the message. */
  doing?: string;
}

interface ErrorLike {
  name?: string;
  code?: string;
  message?: string;
  hostname?: string;
  $metadata?: { httpStatusCode?: number; attempts?: number };
}

const NO_CREDENTIALS = /could not load credentials|credential.*not.*(found|load)|unable to load credentials|no credentials/i;
const SSO_EXPIRED =
  /sso session.*(expired|invalid)|token is expired|token has expired|refresh.*sso|sso.*token.*(expired|not found|invalid)/i;

export function describeAwsError(err: unknown, ctx: ErrorContext): UserFacingError {
  const e = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as ErrorLike;
  const name = e.name ?? e.code ?? '';
  const msg = e.message ?? '';
  const shownMsg = forNotification(msg);
  const shownName = forNotification(name, 100);
  const profile = ctx.profile ? `profile '${forNotification(ctx.profile, 100)}'` : 'the default profile';
  const where = ctx.region ? ` in ${ctx.region}` : '';
  const doing = ctx.doing ? `Could not ${ctx.doing}${where}: ` : '';
  const selectProfile: ErrorFix = { label: 'Select AWS Profile', command: 'apprunner.selectProfile' };

  if (name === 'TokenProviderError' || SSO_EXPIRED.test(msg) || (name === 'CredentialsProviderError' && /sso/i.test(msg))) {
    const login = `aws sso login${ctx.profile ? ` --profile ${shellArgument(ctx.profile)}` : ''}`;
    return {
      kind: 'sso-expired',
      message: `${doing}the SSO session of ${profile} has expired. Sign in again with \`${login}\`, then refresh.`,
      fixes: [{ label: 'Run aws sso login', terminalCommand: login }, selectProfile],
    };
  }
  if (name === 'CredentialsProviderError' || NO_CREDENTIALS.test(msg)) {
    return {
      kind: 'no-credentials',
      message: `${doing}no AWS credentials were found for ${profile}. Run \`aws configure\` (or \`aws configure sso\`), or choose another profile.`,
      fixes: [selectProfile, { label: 'Run aws configure', terminalCommand: 'aws configure' }],
    };
  }
  if (/^(ExpiredToken|ExpiredTokenException|RequestExpired)$/.test(name)) {
    return {
      kind: 'credentials-expired',
      message: `${doing}the credentials of ${profile} have expired. Renew them (for example \`aws sso login\` or a new session token), then refresh.`,
      fixes: [selectProfile],
    };
  }
  if (
    /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|UnauthorizedException)$/.test(name) ||
    e.$metadata?.httpStatusCode === 403
  ) {
    return {
      kind: 'access-denied',
      message: `${doing}access denied: ${profile} is not allowed to call ${ctx.action}. Ask for that permission (the managed policy AWSAppRunnerFullAccess has it) or use another profile.`,
      fixes: [selectProfile],
    };
  }
  if (/^(UnrecognizedClientException|InvalidClientTokenId|InvalidSignatureException|SignatureDoesNotMatch)$/.test(name)) {
    return {
      kind: 'no-credentials',
      message: `${doing}AWS did not accept the credentials of ${profile} (${shownName}). Check the access key, or choose another profile.`,
      fixes: [selectProfile],
    };
  }
  if (/^(ThrottlingException|Throttling|TooManyRequestsException|RequestLimitExceeded|ThrottledException)$/.test(name)) {
    const attempts = e.$metadata?.attempts;
    return {
      kind: 'throttled',
      message: `${doing}AWS is throttling ${ctx.action}${attempts ? ` (still throttled after ${attempts} attempts)` : ''}. Wait a moment and try again.`,
      fixes: [{ label: 'Retry', command: 'apprunner.refresh' }],
    };
  }
  if (/NotFound/.test(name)) {
    return {
      kind: 'not-found',
      message: `${doing}${shownMsg || 'the resource no longer exists'}. It may have been deleted; refresh to see the current state.`,
      fixes: [{ label: 'Refresh', command: 'apprunner.refresh' }],
    };
  }
  if (name === 'InvalidStateException') {
    return {
      kind: 'busy',
      message: `${doing}${shownMsg || 'the service is busy with another operation'}. Wait until the current operation ends, then try again.`,
      fixes: [{ label: 'Refresh', command: 'apprunner.refresh' }],
    };
  }
  if (name === 'ServiceQuotaExceededException' || name === 'LimitExceededException') {
    return { kind: 'quota', message: `${doing}a service quota was reached: ${shownMsg}`, fixes: [] };
  }
  if (
    /^(InvalidRequestException|InvalidParameterException|InvalidParameterValueException|ValidationException|InvalidParameterValue)$/.test(
      name,
    )
  ) {
    return { kind: 'invalid-request', message: `${doing}AWS rejected the request: ${shownMsg}`, fixes: [] };
  }
  const netCode = e.code ?? name;
  if (netCode === 'ENOTFOUND' || netCode === 'EAI_AGAIN') {
    const host = forNotification(e.hostname ?? /ENOTFOUND (\S+)/.exec(msg)?.[1] ?? '', 200);
    if (/amazonaws\.com$/.test(host) && ctx.region) {
      return {
        kind: 'region-unavailable',
        message: `${doing}${ctx.region} has no endpoint ${host}. App Runner may not be offered in ${ctx.region}; remove it from the regions, or check the network.`,
        fixes: [{ label: 'Select Regions', command: 'apprunner.selectRegions' }],
      };
    }
    return {
      kind: 'endpoint-unreachable',
      message: `${doing}cannot resolve ${host || 'the AWS endpoint'}. Check the network or the apprunner.endpointUrl setting.`,
      fixes: [],
    };
  }
  if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|TimeoutError|NetworkingError)$/.test(netCode)) {
    return {
      kind: 'endpoint-unreachable',
      message: `${doing}the AWS endpoint did not answer (${netCode}). Check the network, a proxy, or the apprunner.endpointUrl setting, then retry.`,
      fixes: [{ label: 'Retry', command: 'apprunner.refresh' }],
    };
  }
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500 || /InternalServ|ServiceUnavailable|ServerException/.test(name)) {
    return {
      kind: 'service-error',
      message: `${doing}AWS answered with a server error (${shownName || e.$metadata?.httpStatusCode}). This is usually temporary; try again.`,
      fixes: [{ label: 'Retry', command: 'apprunner.refresh' }],
    };
  }
  return {
    kind: 'unknown',
    message: `${doing}${name && name !== 'Error' ? `${shownName}: ` : ''}${shownMsg || forNotification(String(err))}`,
    fixes: [],
  };
}
