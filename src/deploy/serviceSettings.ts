// The rules App Runner applies to a new image-based service, checked while the user types so
// that CreateService is never sent with a value it would reject (the limits every setting shares
// are in src/shared/serviceRules.ts).
import type { InstanceSize } from '../shared/serviceRules';

/** App Runner's ServiceName rule: 4-40 characters, [A-Za-z0-9][A-Za-z0-9-_]{3,39}. */
export function serviceNameProblem(name: string): string | undefined {
  if (name.length < 4 || name.length > 40) {
    return `A service name has 4 to 40 characters (this one has ${name.length}).`;
  }
  if (!/^[A-Za-z0-9]/.test(name)) {
    return 'A service name starts with a letter or a digit.';
  }
  const bad = name.match(/[^A-Za-z0-9_-]/);
  if (bad) {
    return `A service name may contain letters, digits, - and _ only (not "${bad[0]}").`;
  }
  return undefined;
}

export interface NewServiceSettings {
  name: string;
  port: number;
  size: InstanceSize;
  env: Record<string, string>;
  autoDeployments: boolean;
  /** Empty: TCP health check. */
  healthCheckPath: string;
  accessRole: { kind: 'existing'; arn: string } | { kind: 'create'; name: string };
}

export const ECR_ACCESS_ROLE_NAME = 'AppRunnerECRAccessRole';
export const ECR_ACCESS_POLICY_ARN = 'arn:aws:iam::aws:policy/service-role/AWSAppRunnerServicePolicyForECRAccess';
export const ECR_ACCESS_PRINCIPAL = 'build.apprunner.amazonaws.com';

/** The trust policy of an ECR access role: App Runner's build service may assume it. */
export function ecrAccessTrustPolicy(): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [{ Effect: 'Allow', Principal: { Service: ECR_ACCESS_PRINCIPAL }, Action: 'sts:AssumeRole' }],
  });
}

/**
 * True when a role's trust policy (URL-encoded JSON, as IAM returns it, or plain JSON) lets
 * `principal` assume it.
 */
export function trustsServicePrincipal(policyDocument: string | undefined, principal: string): boolean {
  if (!policyDocument) {
    return false;
  }
  let doc: unknown;
  try {
    doc = JSON.parse(policyDocument.trim().startsWith('{') ? policyDocument : decodeURIComponent(policyDocument));
  } catch {
    return false;
  }
  const statements = ([] as unknown[]).concat((doc as { Statement?: unknown }).Statement ?? []);
  return statements.some((raw) => {
    const s = raw as { Effect?: string; Action?: unknown; Principal?: { Service?: unknown } };
    const actions = ([] as unknown[]).concat(s.Action ?? []);
    const services = ([] as unknown[]).concat(s.Principal?.Service ?? []);
    return (
      s.Effect === 'Allow' && actions.some((a) => a === 'sts:AssumeRole' || a === 'sts:*' || a === '*') && services.includes(principal)
    );
  });
}
