// Turns errors from the AWS SDK (and the network under it) into messages a person can act on.
// Pure: it inspects names, messages and metadata, and never imports the SDK. What the endpoint
// sent (message, error name, host) is untrusted: it is neutralised for a notification here.
import { forNotification, shellArgument } from '../shared/untrusted';

export type AwsErrorKind =
  | 'no-credentials'
  | 'credentials-rejected'
  | 'sso-expired'
  | 'credentials-expired'
  | 'access-denied'
  | 'throttled'
  | 'not-found'
  | 'busy'
  | 'quota'
  | 'unsupported-operation'
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
  /** A document to open, e.g. the IAM policy to ask an administrator for. */
  document?: { language: string; content: string };
}

export interface UserFacingError {
  kind: AwsErrorKind;
  message: string;
  fixes: ErrorFix[];
  /** When access was denied: the IAM policy (JSON) that would allow what was refused. */
  policy?: string;
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

/** What kind of failure an error is: the one classification that messages, the catalog and the monitor's tail share. */
export function classifyAwsError(err: unknown): AwsErrorKind {
  const e = errorLike(err);
  const name = e.name ?? e.code ?? '';
  const msg = e.message ?? '';
  if (name === 'TokenProviderError' || SSO_EXPIRED.test(msg) || (name === 'CredentialsProviderError' && /sso/i.test(msg))) {
    return 'sso-expired';
  }
  if (name === 'CredentialsProviderError' || NO_CREDENTIALS.test(msg)) {
    return 'no-credentials';
  }
  if (/^(ExpiredToken|ExpiredTokenException|RequestExpired)$/.test(name)) {
    return 'credentials-expired';
  }
  if (
    /^(AccessDenied|AccessDeniedException|UnauthorizedOperation|UnauthorizedException)$/.test(name) ||
    e.$metadata?.httpStatusCode === 403
  ) {
    return 'access-denied';
  }
  if (/^(UnrecognizedClientException|InvalidClientTokenId|InvalidSignatureException|SignatureDoesNotMatch)$/.test(name)) {
    return 'credentials-rejected';
  }
  if (/^(ThrottlingException|Throttling|TooManyRequestsException|RequestLimitExceeded|ThrottledException)$/.test(name)) {
    return 'throttled';
  }
  if (/NotFound/.test(name)) {
    return 'not-found';
  }
  if (name === 'InvalidStateException') {
    return 'busy';
  }
  if (name === 'ServiceQuotaExceededException' || name === 'LimitExceededException') {
    return 'quota';
  }
  if (/^(UnknownOperationException|InvalidOperationException|UnsupportedOperation|UnsupportedOperationException)$/.test(name)) {
    return 'unsupported-operation';
  }
  if (
    /^(InvalidRequestException|InvalidParameterException|InvalidParameterValueException|ValidationException|InvalidParameterValue)$/.test(
      name,
    )
  ) {
    return 'invalid-request';
  }
  const netCode = e.code ?? name;
  if (netCode === 'ENOTFOUND' || netCode === 'EAI_AGAIN') {
    return /amazonaws\.com$/.test(hostOf(e)) ? 'region-unavailable' : 'endpoint-unreachable';
  }
  if (/^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|TimeoutError|NetworkingError)$/.test(netCode)) {
    return 'endpoint-unreachable';
  }
  if ((e.$metadata?.httpStatusCode ?? 0) >= 500 || /InternalServ|ServiceUnavailable|ServerException/.test(name)) {
    return 'service-error';
  }
  return 'unknown';
}

/** Kinds that new credentials fix (after `aws sso login`, Reload AWS Credentials). */
export function isCredentialsProblem(kind: AwsErrorKind): boolean {
  return kind === 'no-credentials' || kind === 'sso-expired' || kind === 'credentials-expired' || kind === 'credentials-rejected';
}

function errorLike(err: unknown): ErrorLike {
  return (typeof err === 'object' && err !== null ? err : { message: String(err) }) as ErrorLike;
}

function hostOf(e: ErrorLike): string {
  return e.hostname ?? /ENOTFOUND (\S+)/.exec(e.message ?? '')?.[1] ?? '';
}

export function describeAwsError(err: unknown, ctx: ErrorContext): UserFacingError {
  const e = errorLike(err);
  const name = e.name ?? e.code ?? '';
  const msg = e.message ?? '';
  const shownMsg = forNotification(msg);
  /** AWS's message when a sentence of ours follows it (AWS ends most messages with a full stop). */
  const clause = shownMsg.replace(/\.+$/, '');
  const shownName = forNotification(name, 100);
  const profile = ctx.profile ? `profile '${forNotification(ctx.profile, 100)}'` : 'the default profile';
  const where = ctx.region ? ` in ${ctx.region}` : '';
  const doing = ctx.doing ? `Could not ${ctx.doing}${where}: ` : '';
  const selectProfile: ErrorFix = { label: 'Select AWS Profile', command: 'apprunner.selectProfile' };
  const reloadCredentials: ErrorFix = { label: 'Reload AWS Credentials', command: 'apprunner.reloadCredentials' };
  const retry: ErrorFix = { label: 'Retry', command: 'apprunner.refresh' };
  const refresh: ErrorFix = { label: 'Refresh', command: 'apprunner.refresh' };
  const shownHost = forNotification(hostOf(e), 200);
  const kind = classifyAwsError(err);
  switch (kind) {
    case 'sso-expired': {
      const login = `aws sso login${ctx.profile ? ` --profile ${shellArgument(ctx.profile)}` : ''}`;
      return {
        kind,
        message: `${doing}the SSO session of ${profile} has expired. Sign in again with \`${login}\`, then reload the AWS credentials.`,
        fixes: [{ label: 'Run aws sso login', terminalCommand: login }, reloadCredentials, selectProfile],
      };
    }
    case 'no-credentials':
      return {
        kind,
        message: `${doing}no AWS credentials were found for ${profile}. Run \`aws configure\` (or \`aws configure sso\`), or choose another profile.`,
        fixes: [selectProfile, { label: 'Run aws configure', terminalCommand: 'aws configure' }, reloadCredentials],
      };
    case 'credentials-expired':
      return {
        kind,
        message: `${doing}the credentials of ${profile} have expired. Renew them (for example \`aws sso login\` or a new session token), then reload the AWS credentials.`,
        fixes: [reloadCredentials, selectProfile],
      };
    case 'access-denied': {
      // AWS names the refused action (and resource) in the message; the caller's guess comes second.
      const action = deniedAction(msg) ?? ctx.action;
      const policy = policyToRequest(action, /on resource: (arn:[^\s]+?)(?: because|$|\s)/.exec(msg)?.[1]);
      const hint = action.startsWith('apprunner:')
        ? 'Ask your administrator for that permission (the managed policy AWSAppRunnerFullAccess has it)'
        : 'Ask your administrator for that permission (Show Policy opens the statement to send them)';
      return {
        kind,
        message: `${doing}access denied: ${profile} is not allowed to call ${action}. ${hint}, or use another profile.`,
        fixes: [{ label: 'Show Policy', document: { language: 'json', content: policy } }, selectProfile],
        policy,
      };
    }
    case 'credentials-rejected':
      return {
        kind,
        message: `${doing}AWS did not accept the credentials of ${profile} (${shownName}). Check the access key, or choose another profile.`,
        fixes: [selectProfile, reloadCredentials],
      };
    case 'throttled': {
      const attempts = e.$metadata?.attempts;
      return {
        kind,
        message: `${doing}AWS is throttling ${ctx.action}${attempts ? ` (still throttled after ${attempts} attempts)` : ''}. Wait a moment and try again.`,
        fixes: [retry],
      };
    }
    case 'not-found':
      return {
        kind,
        message: `${doing}${clause || 'the resource no longer exists'}. It may have been deleted; refresh to see the current state.`,
        fixes: [refresh],
      };
    case 'busy':
      return {
        kind,
        message: `${doing}${clause || 'the service is busy with another operation'}. Wait until the current operation ends, then try again.`,
        fixes: [refresh],
      };
    case 'quota':
      return { kind, message: `${doing}a service quota was reached: ${shownMsg}`, fixes: [] };
    case 'unsupported-operation':
      return {
        kind,
        message: `${doing}the endpoint does not offer ${ctx.action} (${shownName}). Check the apprunner.endpointUrl setting.`,
        fixes: [],
      };
    case 'invalid-request':
      return { kind, message: `${doing}AWS rejected the request: ${shownMsg}`, fixes: [] };
    case 'region-unavailable':
      if (ctx.region) {
        return {
          kind,
          message: `${doing}${ctx.region} has no endpoint ${shownHost}. App Runner may not be offered in ${ctx.region}; remove it from the regions, or check the network.`,
          fixes: [{ label: 'Select Regions', command: 'apprunner.selectRegions' }],
        };
      }
      return {
        kind: 'endpoint-unreachable',
        message: `${doing}cannot resolve ${shownHost}. Check the network or the apprunner.endpointUrl setting.`,
        fixes: [],
      };
    case 'endpoint-unreachable': {
      const netCode = e.code ?? name;
      if (netCode === 'ENOTFOUND' || netCode === 'EAI_AGAIN') {
        return {
          kind,
          message: `${doing}cannot resolve ${shownHost || 'the AWS endpoint'}. Check the network or the apprunner.endpointUrl setting.`,
          fixes: [],
        };
      }
      return {
        kind,
        message: `${doing}the AWS endpoint did not answer (${netCode}). Check the network, a proxy, or the apprunner.endpointUrl setting, then retry.`,
        fixes: [retry],
      };
    }
    case 'service-error':
      return {
        kind,
        message: `${doing}AWS answered with a server error (${shownName || e.$metadata?.httpStatusCode}). This is usually temporary; try again.`,
        fixes: [retry],
      };
    case 'unknown':
      return {
        kind,
        message: `${doing}${name && name !== 'Error' ? `${shownName}: ` : ''}${shownMsg || forNotification(String(err))}`,
        fixes: [],
      };
  }
}

/** The IAM action AWS says it refused ("… is not authorized to perform: iam:ListRoles on resource: …"). */
export function deniedAction(message: string): string | undefined {
  // Only an action-shaped word: the message is AWS's text and must not carry anything else into ours.
  return /not authorized to perform: ([a-z0-9-]+:[A-Za-z0-9*]+)/.exec(message)?.[1];
}

/**
 * Actions that go with a refused one: creating the ECR access role also attaches its policy, and
 * App Runner can only be handed a role with iam:PassRole.
 */
const GOES_WITH: Record<string, string[]> = {
  'iam:CreateRole': ['iam:CreateRole', 'iam:AttachRolePolicy', 'iam:PassRole'],
  'iam:AttachRolePolicy': ['iam:CreateRole', 'iam:AttachRolePolicy', 'iam:PassRole'],
};

/** An IAM policy document that allows `action` (and what goes with it) on `resource`, to ask an administrator for. */
export function policyToRequest(action: string, resource = '*'): string {
  const statement = { Effect: 'Allow', Action: GOES_WITH[action] ?? [action], Resource: resource };
  return JSON.stringify({ Version: '2012-10-17', Statement: [statement] }, null, 2);
}
