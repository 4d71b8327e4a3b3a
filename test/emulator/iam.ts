// AWS IAM (API 2010-05-08, awsQuery) for the local emulator: just the roles the deploy wizard
// needs. Requests are form-encoded (Action=ListRoles&Version=2010-05-08&...), answers are XML,
// errors are <ErrorResponse> documents (the server writes them for awsQuery modules).
//
// Operations: ListRoles (PathPrefix, Marker, MaxItems), GetRole, CreateRole, AttachRolePolicy,
// ListAttachedRolePolicies. Any other action answers InvalidAction. Roles are per account; IAM is
// global, so the region of the request does not matter.
//
// Managed policies that exist: the App Runner ones (AWSAppRunnerServicePolicyForECRAccess,
// AWSAppRunnerFullAccess, AWSAppRunnerReadOnlyAccess); attaching any other ARN answers NoSuchEntity.
//
// Control route: GET/POST /_emulator/iam/roles → {roles: [{account, name, arn, trustPolicy, policies}]}
//
// roleCreatedAt(account, arn) tells App Runner how old a role is (IAM propagation, see apprunner.ts).
//
// Seed format (the "iam" key of a seed file):
//   { "roles": [ { "name": "AppRunnerECRAccessRole", "account": "123456789012"?, "path": "/service-role/"?,
//                  "trustedService": "build.apprunner.amazonaws.com", "policies": ["arn:aws:iam::aws:policy/..."]? } ] }
//   Seeded roles existed before the seed: they are a day old, long propagated.
import { createHash } from 'crypto';
import { RequestContext, ServiceError, ServiceModule } from './types';

const DEFAULT_ACCOUNT = '123456789012';
const ROLE_NAME = /^[\w+=,.@-]{1,64}$/;
const PATH = /^\/([\x21-\x7E]*\/)?$/;
const NAMESPACE = 'https://iam.amazonaws.com/doc/2010-05-08/';
const MANAGED_POLICIES = new Set(
  ['service-role/AWSAppRunnerServicePolicyForECRAccess', 'AWSAppRunnerFullAccess', 'AWSAppRunnerReadOnlyAccess'].map(
    (p) => `arn:aws:iam::aws:policy/${p}`,
  ),
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
}

const SEEDED_ROLE_AGE_MS = 86_400_000;

export function createIamModule(): IamServiceModule {
  let roles: RoleRecord[] = [];

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
        default:
          throw new ServiceError('InvalidAction', `The action ${ctx.operation || '(none)'} is not valid for this web service.`, 400);
      }
    },

    reset() {
      roles = [];
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
        })),
      };
    },
  };
}
