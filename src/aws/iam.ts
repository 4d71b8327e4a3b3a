// IAM calls of the create-service wizard: the roles App Runner may use to pull from ECR, and
// creating the standard one (trust build.apprunner.amazonaws.com + the managed ECR policy); and the
// role calls of the ECS Express twin (read a role, its attached and inline policies; create, attach, put).
import {
  AttachRolePolicyCommand,
  CreateRoleCommand,
  GetRoleCommand,
  GetRolePolicyCommand,
  ListAttachedRolePoliciesCommand,
  ListRolesCommand,
  PutRolePolicyCommand,
} from '@aws-sdk/client-iam';
import type { ClientFactory } from './clients';

export interface RoleInfo {
  name: string;
  arn: string;
  /** The trust policy as IAM returns it (URL-encoded JSON). */
  trustPolicy?: string;
  path?: string;
}

/** Upper bound on ListRoles pages, so that a huge account cannot keep the wizard waiting forever. */
const MAX_ROLE_PAGES = 20;

export class IamApi {
  constructor(private readonly clients: ClientFactory) {}

  /** IAM is global; the region only picks the partition's endpoint. */
  private client(region: string) {
    return this.clients.get('iam', region);
  }

  async listRoles(region: string): Promise<RoleInfo[]> {
    const roles: RoleInfo[] = [];
    let marker: string | undefined;
    for (let page = 0; page < MAX_ROLE_PAGES; page++) {
      const out = await this.client(region).send(new ListRolesCommand({ Marker: marker, MaxItems: 1000 }));
      for (const r of out.Roles ?? []) {
        if (r.RoleName && r.Arn) {
          roles.push({ name: r.RoleName, arn: r.Arn, trustPolicy: r.AssumeRolePolicyDocument, path: r.Path });
        }
      }
      if (!out.IsTruncated || !out.Marker) {
        break;
      }
      marker = out.Marker;
    }
    return roles;
  }

  /** Creates a role with this trust policy and attaches one managed policy; returns its ARN. */
  async createRoleWithPolicy(region: string, name: string, trustPolicy: string, policyArn: string, description: string): Promise<string> {
    const out = await this.client(region).send(
      new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustPolicy, Description: description }),
    );
    if (!out.Role?.Arn) {
      throw new Error(`CreateRole returned no ARN for ${name}`);
    }
    await this.client(region).send(new AttachRolePolicyCommand({ RoleName: name, PolicyArn: policyArn }));
    return out.Role.Arn;
  }

  /** The role with this name, or undefined when IAM has none (NoSuchEntity). */
  async getRole(region: string, name: string): Promise<RoleInfo | undefined> {
    try {
      const out = await this.client(region).send(new GetRoleCommand({ RoleName: name }));
      const r = out.Role;
      return r?.Arn ? { name: r.RoleName ?? name, arn: r.Arn, trustPolicy: r.AssumeRolePolicyDocument, path: r.Path } : undefined;
    } catch (e) {
      if ((e as Error)?.name === 'NoSuchEntityException' || (e as Error)?.name === 'NoSuchEntity') return undefined;
      throw e;
    }
  }

  /** Creates a role with this trust policy (JSON text); returns its ARN. */
  async createRole(region: string, name: string, trustPolicy: string, description: string): Promise<string> {
    const out = await this.client(region).send(
      new CreateRoleCommand({ RoleName: name, AssumeRolePolicyDocument: trustPolicy, Description: description }),
    );
    if (!out.Role?.Arn) throw new Error(`CreateRole returned no ARN for ${name}`);
    return out.Role.Arn;
  }

  async attachRolePolicy(region: string, roleName: string, policyArn: string): Promise<void> {
    await this.client(region).send(new AttachRolePolicyCommand({ RoleName: roleName, PolicyArn: policyArn }));
  }

  /** The managed policies attached to the role (all pages). */
  async attachedPolicyArns(region: string, roleName: string): Promise<string[]> {
    const arns: string[] = [];
    let marker: string | undefined;
    for (let page = 0; page < MAX_ROLE_PAGES; page++) {
      const out = await this.client(region).send(new ListAttachedRolePoliciesCommand({ RoleName: roleName, Marker: marker }));
      for (const p of out.AttachedPolicies ?? []) if (p.PolicyArn) arns.push(p.PolicyArn);
      if (!out.IsTruncated || !out.Marker) break;
      marker = out.Marker;
    }
    return arns;
  }

  /** The inline policy's document as IAM returns it (URL-encoded JSON), or undefined when the role has none of that name. */
  async inlinePolicy(region: string, roleName: string, policyName: string): Promise<string | undefined> {
    try {
      const out = await this.client(region).send(new GetRolePolicyCommand({ RoleName: roleName, PolicyName: policyName }));
      return out.PolicyDocument;
    } catch (e) {
      if ((e as Error)?.name === 'NoSuchEntityException' || (e as Error)?.name === 'NoSuchEntity') return undefined;
      throw e;
    }
  }

  async putInlinePolicy(region: string, roleName: string, policyName: string, document: string): Promise<void> {
    await this.client(region).send(new PutRolePolicyCommand({ RoleName: roleName, PolicyName: policyName, PolicyDocument: document }));
  }
}
