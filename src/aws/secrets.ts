// Where "Turn into a secret" stores a value (Secrets Manager or SSM Parameter Store) and the check
// that a service's instance role may read it (IAM SimulatePrincipalPolicy: IAM evaluates every
// policy of the role, inline and managed, the way it will at deployment).
import { CreateSecretCommand, DescribeSecretCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { GetParameterCommand, PutParameterCommand, SSMClient } from '@aws-sdk/client-ssm';
import { SimulatePrincipalPolicyCommand } from '@aws-sdk/client-iam';
import type { ClientFactory } from './clients';

export type ReadDecision = 'allowed' | 'explicitDeny' | 'implicitDeny';

export class SecretsApi {
  constructor(private readonly clients: ClientFactory) {}

  private secretsManager(region: string): SecretsManagerClient {
    return this.clients.get('secretsmanager', region);
  }

  private ssm(region: string): SSMClient {
    return this.clients.get('ssm', region);
  }

  /** Creates a Secrets Manager secret holding `value`; returns its ARN. */
  async createSecret(region: string, name: string, value: string, description: string): Promise<string> {
    const out = await this.secretsManager(region).send(
      new CreateSecretCommand({ Name: name, SecretString: value, Description: description }),
    );
    if (!out.ARN) throw new Error(`CreateSecret returned no ARN for ${name}`);
    return out.ARN;
  }

  async describeSecret(region: string, id: string): Promise<{ arn: string; name: string }> {
    const out = await this.secretsManager(region).send(new DescribeSecretCommand({ SecretId: id }));
    return { arn: out.ARN ?? id, name: out.Name ?? id };
  }

  /** Stores `value` as a SecureString parameter (never overwriting one); returns the parameter's ARN. */
  async putSecureParameter(region: string, name: string, value: string, description: string): Promise<string> {
    await this.ssm(region).send(
      new PutParameterCommand({ Name: name, Value: value, Type: 'SecureString', Description: description, Overwrite: false }),
    );
    const out = await this.ssm(region).send(new GetParameterCommand({ Name: name }));
    if (!out.Parameter?.ARN) throw new Error(`GetParameter returned no ARN for ${name}`);
    return out.Parameter.ARN;
  }

  /** What IAM decides for `action` on `resource` by the role's policies. */
  async simulateRoleAccess(region: string, roleArn: string, action: string, resource: string): Promise<ReadDecision> {
    const out = await this.clients
      .get('iam', region)
      .send(new SimulatePrincipalPolicyCommand({ PolicySourceArn: roleArn, ActionNames: [action], ResourceArns: [resource] }));
    const decision = out.EvaluationResults?.[0]?.EvalDecision;
    return decision === 'allowed' || decision === 'explicitDeny' ? decision : 'implicitDeny';
  }
}
