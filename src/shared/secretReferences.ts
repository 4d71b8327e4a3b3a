// Where a secret reference may point (apprunner.yaml's `value-from`, a service's RuntimeEnvironmentSecrets):
// one rule for the linter and the environment editor.
import { arnFields } from '../aws/arn';

// AWS's naming rules (Secrets Manager and Systems Manager user guides): a secret name is made
// of letters, digits and /_+=.@-; a secret another service manages carries that service's prefix
// and `!` (RDS master user secrets: `rds!db-<uuid>`, `rds!cluster-<uuid>`); an ARN ends in `-`
// and 6 random characters, which a reference may leave out. App Runner takes
// `…:secret:<name>[-suffix][:<json-key>:<version-stage>:<version-id>]`, each of the three
// possibly empty. SSM takes a parameter ARN or, in the service's region, the parameter's name.
const PARTITION = 'aws(?:-[a-z]+)*';
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d';
const ACCOUNT = '\\d{12}';
const SECRET_NAME_CHARS = '[A-Za-z0-9/_+=.@-]';
/** A secret's name as it appears in its ARN: an optional managing service's prefix, then the name (with or without suffix). */
const SECRET_ID = `(?:[a-z][a-z0-9-]*!)?${SECRET_NAME_CHARS}+`;
const SECRETS_MANAGER_ARN = new RegExp(`^arn:${PARTITION}:secretsmanager:${REGION}:${ACCOUNT}:secret:${SECRET_ID}$`);
/** `…:secret:<name>:<json-key>:<version-stage>:<version-id>`, the last two usually empty (`:key::`). */
const SECRETS_MANAGER_ARN_WITH_KEY = new RegExp(
  `^arn:${PARTITION}:secretsmanager:${REGION}:${ACCOUNT}:secret:${SECRET_ID}:[^:]*:[^:]*:[^:]*$`,
);
const SSM_PARAMETER_ARN = new RegExp(`^arn:${PARTITION}:ssm:${REGION}:${ACCOUNT}:parameter/[A-Za-z0-9_.\\-/]+$`);
const SSM_PARAMETER_NAME = /^\/?[A-Za-z0-9_.-]+(\/[A-Za-z0-9_.-]+)*$/;
/** Secrets Manager secrets read through Parameter Store keep their own naming rules. */
const SSM_SECRETS_MANAGER_REFERENCE = new RegExp(`^/aws/reference/secretsmanager/${SECRET_ID}$`);
const SSM_PARAMETER_NAME_MAX = 2048;

/** Why `valueFrom` cannot be a secret reference, or undefined when it can (phrased to follow "it is not usable:"). */
export function secretReferenceProblem(valueFrom: string): string | undefined {
  if (SECRETS_MANAGER_ARN.test(valueFrom) || SECRETS_MANAGER_ARN_WITH_KEY.test(valueFrom) || SSM_PARAMETER_ARN.test(valueFrom)) {
    return undefined;
  }
  if (valueFrom.startsWith('arn:')) {
    const { partition, service, region, account, resource } = arnFields(valueFrom);
    if (service !== 'secretsmanager' && service !== 'ssm') {
      return `it is an ARN of the \`${service ?? ''}\` service; \`value-from\` takes a Secrets Manager secret ARN or an SSM parameter ARN.`;
    }
    if (
      service === 'secretsmanager' &&
      /:secret:[^:]+:[^:]*(:[^:]*)?$/.test(valueFrom) &&
      !/:secret:[^:]+:[^:]*:[^:]*:[^:]*$/.test(valueFrom)
    ) {
      return 'a JSON key in a Secrets Manager ARN must be followed by two colons: `…:secret:<name>:<json-key>::`.';
    }
    const problems: string[] = [];
    if (!new RegExp(`^${PARTITION}$`).test(partition ?? ''))
      problems.push(`the partition \`${partition ?? ''}\` is not aws, aws-cn or aws-us-gov`);
    if (!new RegExp(`^${REGION}$`).test(region ?? '')) problems.push(`\`${region ?? ''}\` is not a region`);
    if (!new RegExp(`^${ACCOUNT}$`).test(account ?? '')) problems.push(`\`${account ?? ''}\` is not a 12-digit account id`);
    const expectedResource = service === 'ssm' ? 'parameter/' : 'secret';
    if (!(resource ?? '').startsWith(expectedResource)) problems.push(`the resource must start with \`${expectedResource}\``);
    const shape =
      service === 'ssm'
        ? 'arn:aws:ssm:<region>:<account>:parameter/<name>'
        : 'arn:aws:secretsmanager:<region>:<account>:secret:<name>[:<json-key>::]';
    return `it is not a well-formed ARN (${problems.length > 0 ? problems.join('; ') : 'unexpected characters'}). Expected ${shape}.`;
  }
  if (SSM_SECRETS_MANAGER_REFERENCE.test(valueFrom)) return undefined;
  if (new RegExp(`^${SECRET_ID}$`).test(valueFrom) && valueFrom.includes('!')) {
    return 'a Secrets Manager secret is referenced by its ARN (`arn:aws:secretsmanager:<region>:<account>:secret:<name>`); only SSM parameters can be referenced by name.';
  }
  if (valueFrom.length > SSM_PARAMETER_NAME_MAX) return `an SSM parameter name has at most ${SSM_PARAMETER_NAME_MAX} characters.`;
  if (!SSM_PARAMETER_NAME.test(valueFrom)) {
    return 'it is neither a Secrets Manager secret ARN, an SSM parameter ARN, nor an SSM parameter name (letters, digits, `_`, `.`, `-` and `/`). Is it the secret itself? Store it in Secrets Manager or Parameter Store and reference it here.';
  }
  return undefined;
}
