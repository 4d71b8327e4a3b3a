// IAM calls of the create-service wizard: the roles App Runner may use to pull from ECR, and
// creating the standard one (trust build.apprunner.amazonaws.com + the managed ECR policy).
import { AttachRolePolicyCommand, CreateRoleCommand, ListRolesCommand } from '@aws-sdk/client-iam';
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
}
