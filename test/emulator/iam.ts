// AWS IAM (API 2010-05-08, awsQuery) for the local emulator: just the roles the deploy wizard
// needs. Requests are form-encoded (Action=ListRoles&Version=2010-05-08&...), answers are XML,
// errors are <ErrorResponse> documents (the server writes them for awsQuery modules).
//
// Operations: ListRoles (PathPrefix, Marker, MaxItems), GetRole, CreateRole, AttachRolePolicy,
// ListAttachedRolePolicies, PutRolePolicy, GetRolePolicy, ListRolePolicies and SimulatePrincipalPolicy
// (identity policies only: Allow/Deny with Action/NotAction and Resource/NotResource wildcards, no conditions). Any other action answers InvalidAction. Roles are per account; IAM is
// global, so the region of the request does not matter.
//
// Managed policies that exist: the App Runner ones (AWSAppRunnerServicePolicyForECRAccess,
// AWSAppRunnerFullAccess, AWSAppRunnerReadOnlyAccess) and the ECS Express Mode ones
// (AmazonECSTaskExecutionRolePolicy, AmazonECSInfrastructureRoleforExpressGatewayServices); attaching
// any other ARN answers NoSuchEntity.
//
// Control route: GET/POST /_emulator/iam/roles → {roles: [{account, name, arn, trustPolicy, policies}]}
//
// roleCreatedAt(account, arn) tells App Runner how old a role is (IAM propagation, see apprunner.ts);
// role(account, arn) tells ECS that and whom the role trusts (see ecs.ts).
//
// Seed format (the "iam" key of a seed file):
//   { "roles": [ { "name": "AppRunnerECRAccessRole", "account": "123456789012"?, "path": "/service-role/"?,
//                  "trustedService": "build.apprunner.amazonaws.com", "policies": ["arn:aws:iam::aws:policy/..."]?,
//                  "inlinePolicies": { "<name>": <policy document> }? } ] }
//   Seeded roles existed before the seed: they are a day old, long propagated.
import { createHash } from 'crypto';
import { RequestContext, ServiceError, ServiceModule } from './types';

const DEFAULT_ACCOUNT = '123456789012';
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const PATH = /^\/([\x21-\x7E]*\/)?$/;
const NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';
const MANAGED_POLICIES = new Set(
  [
    'service-role/AWSAppRunnerServicePolicyForECRAccess',
    'AWSAppRunnerFullAccess',
    'AWSAppRunnerReadOnlyAccess',
    'service-role/AmazonECSTaskExecutionRolePolicy',
    'service-role/AmazonECSInfrastructureRoleforExpressGatewayServices',
  ].map((p) => `arn:aws:iam::aws:policy/${p}`),
);

interface RoleRecord {
  account: string;
  name: string;
  path: string;
  id: string;
  createdAt: number;
  /** The trust policy as given (JSON text); answered URL-encoded, as IAM does. */
  trustPolicy: string;
  description?: string;
  policies: string[];
  /** Inline policies by name (JSON text), as PutRolePolicy stores them. */
  inlinePolicies: Record<string, string>;
}

type Params = Record<string, string>;

function invalid(message: string): ServiceError {
  return new ServiceError('ValidationError', message, 400);
}

function escape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);
}

function element(name: string, value: string | number | undefined): string {
  return value === undefined ? '' : `<${name}>${escape(String(value))}</${name}>`;
}

function arnOf(role: RoleRecord): string {
  return `arn:aws:iam::${role.account}:role${role.path}${role.name}`;
}

function roleXml(role: RoleRecord): string {
  return (
    element('Path', role.path) +
    element('RoleName', role.name) +
    element('RoleId', role.id) +
    element('Arn', arnOf(role)) +
    element('CreateDate', new Date(role.createdAt).toISOString().replace(/\.\d{3}Z$/, 'Z')) +
    element('AssumeRolePolicyDocument', encodeURIComponent(role.trustPolicy)) +
    element('Description', role.description) +
    element('MaxSessionDuration', 3600)
  );
}

function respond(action: string, result?: string): { xml: string } {
  const body = result === undefined ? '' : `<${action}Result>${result}</${action}Result>`;
  return {
    xml: `<${action}Response xmlns="${NAMESPACE}">${body}<ResponseMetadata><RequestId>${createHash('sha1').update(`${action}${Date.now()}${Math.random()}`).digest('hex').slice(0, 32)}</RequestId></ResponseMetadata></${action}Response>`,
  };
}

function trustPolicyFor(service: string): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: service }, Action: 'sts:AssumeRole' }],
  });
}

export interface IamServiceModule extends ServiceModule {
  /** When the role with this ARN was created (emulator clock, ms); undefined for a role IAM does not know. */
  roleCreatedAt(account: string, arn: string): number | undefined;
  /** When the role was created and whether its trust policy lets a service assume it; undefined for a role IAM does not know. */
  role(account: string, arn: string): { createdAt: number; trusts: (service: string) => boolean } | undefined;
  /** What the role's policies decide for this action on this resource (as SimulatePrincipalPolicy answers). */
  evaluate(account: string, roleArn: string, action: string, resource: string): PolicyDecision;
}

export type PolicyDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

/** IAM's wildcard match: `*` any run of characters, `?` one; actions case-insensitively. */
function wildcardMatch(pattern: string, value: string, ignoreCase: boolean): boolean {
  const re = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
    ignoreCase ? 'i' : '',
  );
  return re.test(value);
}

const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);

/** Identity-policy evaluation (Allow/Deny, Action/NotAction, Resource/NotResource); conditions are not modelled. */
function decide(documents: string[], action: string, resource: string): PolicyDecision {
  let allowed = false;
  for (const text of documents) {
    let document: any;
    try {
      document = JSON.parse(text);
    } catch {
      continue;
    }
    for (const statement of ([] as any[]).concat(document?.Statement ?? [])) {
      const actionMatches =
        statement.Action !== undefined
          ? list(statement.Action).some((a) => wildcardMatch(a, action, true))
          : !list(statement.NotAction).some((a) => wildcardMatch(a, action, true));
      const resourceMatches =
        statement.Resource !== undefined
          ? list(statement.Resource).some((r) => wildcardMatch(r, resource, false))
          : !list(statement.NotResource).some((r) => wildcardMatch(r, resource, false));
      if (!actionMatches || !resourceMatches) continue;
      if (statement.Effect === 'Deny') return 'explicitDeny';
      if (statement.Effect === 'Allow') allowed = true;
    }
  }
  return allowed ? 'allowed' : 'implicitDeny';
}

/** Whether a trust policy allows `sts:AssumeRole` to this service principal. */
function trustsService(trustPolicy: string, service: string): boolean {
  let document: any;
  try {
    document = JSON.parse(trustPolicy);
  } catch {
    return false;
  }
  return ([] as any[])
    .concat(document?.Statement ?? [])
    .some(
      (s) =>
        s?.Effect === 'Allow' &&
        list(s.Principal?.Service).includes(service) &&
        list(s.Action).some((a) => wildcardMatch(a, 'sts:AssumeRole', true)),
    );
}

const SEEDED_ROLE_AGE_MS = 86_400_000;

export function createIamModule(): IamServiceModule {
  let roles: RoleRecord[] = [];

  // Only inline policies grant anything here: the managed policies the emulator knows (App Runner's) grant no secret access.
  const evaluateRole = (role: RoleRecord, action: string, resource: string): PolicyDecision =>
    decide(Object.values(role.inlinePolicies), action, resource);

  const find = (account: string, name: string | undefined): RoleRecord => {
    const role = roles.find((r) => r.account === account && r.name === name);
    if (!role) {
      throw new ServiceError('NoSuchEntity', `The role with name ${name} cannot be found.`, 404);
    }
    return role;
  };

  const create = (account: string, p: Params, now: number): RoleRecord => {
    const name = p.RoleName;
    if (!name || !ROLE_NAME.test(name)) {
      throw invalid(
        `1 validation error detected: Value '${name ?? ''}' at 'roleName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+ (1-64 characters)`,
      );
    }
    const path = p.Path ?? '/';
    if (!PATH.test(path) || path.length > 512) {
      throw invalid(
        `The specified value for path is invalid. It must begin and end with / and contain only alphanumeric characters and/or / characters.`,
      );
    }
    const document = p.AssumeRolePolicyDocument;
    if (!document) {
      throw invalid(
        "1 validation error detected: Value null at 'assumeRolePolicyDocument' failed to satisfy constraint: Member must not be null",
      );
    }
    try {
      JSON.parse(document);
    } catch {
      throw new ServiceError('MalformedPolicyDocument', 'This policy contains invalid Json', 400);
    }
    if (roles.some((r) => r.account === account && r.name.toLowerCase() === name.toLowerCase())) {
      throw new ServiceError('EntityAlreadyExists', `Role with name ${name} already exists.`, 409);
    }
    const role: RoleRecord = {
      account,
      name,
      path,
      id: `AROA${createHash('sha1').update(`${account}/${name}/${now}`).digest('hex').slice(0, 17).toUpperCase()}`,
      createdAt: now,
      trustPolicy: document,
      description: p.Description,
      policies: [],
      inlinePolicies: {},
    };
    roles.push(role);
    return role;
  };

  return {
    name: 'iam',
    targetPrefix: 'AWSIdentityManagementV20100508.',
    signingName: 'iam',
    protocol: 'awsQuery',

    handle(input: Params, ctx: RequestContext) {
      const p = input ?? {};
      const account = ctx.account;
      switch (ctx.operation) {
        case 'ListRoles': {
          const max = p.MaxItems === undefined ? 100 : Number(p.MaxItems);
          if (!Number.isInteger(max) || max < 1 || max > 1000) {
            throw invalid(
              `1 validation error detected: Value '${p.MaxItems}' at 'maxItems' failed to satisfy constraint: Member must have value between 1 and 1000`,
            );
          }
          const prefix = p.PathPrefix ?? '/';
          const all = roles.filter((r) => r.account === account && r.path.startsWith(prefix)).sort((a, b) => a.name.localeCompare(b.name));
          const start = p.Marker ? Number(Buffer.from(p.Marker, 'base64').toString('utf8')) : 0;
          if (!Number.isInteger(start) || start < 0) {
            throw invalid('Invalid Marker.');
          }
          const page = all.slice(start, start + max);
          const truncated = start + max < all.length;
          return respond(
            'ListRoles',
            `${element('IsTruncated', String(truncated))}<Roles>${page.map((r) => `<member>${roleXml(r)}</member>`).join('')}</Roles>${truncated ? element('Marker', Buffer.from(String(start + max)).toString('base64')) : ''}`,
          );
        }
        case 'GetRole':
          return respond('GetRole', `<Role>${roleXml(find(account, p.RoleName))}</Role>`);
        case 'CreateRole':
          return respond('CreateRole', `<Role>${roleXml(create(account, p, ctx.now))}</Role>`);
        case 'AttachRolePolicy': {
          const role = find(account, p.RoleName);
          if (!p.PolicyArn || !MANAGED_POLICIES.has(p.PolicyArn)) {
            throw new ServiceError('NoSuchEntity', `Policy ${p.PolicyArn ?? ''} does not exist or is not attachable.`, 404);
          }
          if (!role.policies.includes(p.PolicyArn)) {
            role.policies.push(p.PolicyArn);
          }
          return respond('AttachRolePolicy');
        }
        case 'ListAttachedRolePolicies': {
          const role = find(account, p.RoleName);
          const members = role.policies
            .map((arn) => `<member>${element('PolicyName', arn.split('/').pop())}${element('PolicyArn', arn)}</member>`)
            .join('');
          return respond('ListAttachedRolePolicies', `${element('IsTruncated', 'false')}<AttachedPolicies>${members}</AttachedPolicies>`);
        }
        case 'PutRolePolicy': {
          const role = find(account, p.RoleName);
          if (!p.PolicyName || !/^[\w+=,.@-]{1,128}$/.test(p.PolicyName)) {
            throw invalid(
              `1 validation error detected: Value '${p.PolicyName ?? ''}' at 'policyName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\w+=,.@-]+`,
            );
          }
          try {
            JSON.parse(p.PolicyDocument ?? '');
          } catch {
            throw new ServiceError('MalformedPolicyDocument', 'This policy contains invalid Json', 400);
          }
          role.inlinePolicies[p.PolicyName] = p.PolicyDocument;
          return respond('PutRolePolicy');
        }
        case 'GetRolePolicy': {
          const role = find(account, p.RoleName);
          const document = role.inlinePolicies[p.PolicyName ?? ''];
          if (document === undefined) {
            throw new ServiceError('NoSuchEntity', `The role policy with name ${p.PolicyName} cannot be found.`, 404);
          }
          return respond(
            'GetRolePolicy',
            element('RoleName', role.name) + element('PolicyName', p.PolicyName) + element('PolicyDocument', encodeURIComponent(document)),
          );
        }
        case 'ListRolePolicies': {
          const role = find(account, p.RoleName);
          const names = Object.keys(role.inlinePolicies)
            .sort()
            .map((n) => `<member>${escape(n)}</member>`)
            .join('');
          return respond('ListRolePolicies', `<PolicyNames>${names}</PolicyNames>${element('IsTruncated', 'false')}`);
        }
        case 'SimulatePrincipalPolicy': {
          const roleName = /^arn:aws[\w-]*:iam::\d{12}:role\/(?:.*\/)?([^/]+)$/.exec(p.PolicySourceArn ?? '')?.[1];
          if (!roleName) {
            throw new ServiceError(
              'InvalidInput',
              `PolicySourceArn ${p.PolicySourceArn ?? ''} is not the ARN of a role the emulator simulates.`,
              400,
            );
          }
          const role = find(account, roleName);
          const actions = Object.keys(p)
            .filter((k) => /^ActionNames\.member\.\d+$/.test(k))
            .map((k) => p[k]);
          const resources = Object.keys(p)
            .filter((k) => /^ResourceArns\.member\.\d+$/.test(k))
            .map((k) => p[k]);
          if (actions.length === 0) {
            throw invalid("1 validation error detected: Value null at 'actionNames' failed to satisfy constraint: Member must not be null");
          }
          const results = actions.flatMap((action) =>
            (resources.length ? resources : ['*']).map(
              (resource) =>
                `<member>${element('EvalActionName', action)}${element('EvalResourceName', resource)}${element('EvalDecision', evaluateRole(role, action, resource))}<MatchedStatements></MatchedStatements><MissingContextValues></MissingContextValues></member>`,
            ),
          );
          return respond(
            'SimulatePrincipalPolicy',
            `<EvaluationResults>${results.join('')}</EvaluationResults>${element('IsTruncated', 'false')}`,
          );
        }
        default:
          throw new ServiceError('InvalidAction', `The action ${ctx.operation || '(none)'} is not valid for this web service.`, 400);
      }
    },

    reset() {
      roles = [];
    },

    evaluate(account: string, roleArn: string, action: string, resource: string) {
      const role = roles.find((r) => r.account === account && arnOf(r) === roleArn);
      return role ? evaluateRole(role, action, resource) : 'implicitDeny';
    },

    role(account: string, arn: string) {
      const role = roles.find((r) => r.account === account && arnOf(r) === arn);
      return role && { createdAt: role.createdAt, trusts: (service: string) => trustsService(role.trustPolicy, service) };
    },

    roleCreatedAt(account: string, arn: string) {
      return roles.find((r) => r.account === account && arnOf(r) === arn)?.createdAt;
    },

    seed(data: any, now: number) {
      for (const entry of data?.roles ?? []) {
        const role = create(
          entry.account ?? DEFAULT_ACCOUNT,
          { RoleName: entry.name, Path: entry.path, AssumeRolePolicyDocument: trustPolicyFor(entry.trustedService) },
          now - SEEDED_ROLE_AGE_MS,
        );
        for (const arn of entry.policies ?? []) {
          role.policies.push(arn);
        }
        for (const [name, document] of Object.entries(entry.inlinePolicies ?? {})) {
          role.inlinePolicies[name] = typeof document === 'string' ? document : JSON.stringify(document);
        }
      }
    },

    control(path: string) {
      if (path !== 'roles') {
        return undefined;
      }
      return {
        roles: roles.map((r) => ({
          account: r.account,
          name: r.name,
          arn: arnOf(r),
          trustPolicy: JSON.parse(r.trustPolicy),
          policies: r.policies,
          inlinePolicies: Object.fromEntries(Object.entries(r.inlinePolicies).map(([n, d]) => [n, JSON.parse(d)])),
        })),
      };
    },
  };
}
