// ARNs: the one place that takes them apart. Pure.

export interface Arn {
  partition: string;
  service: string;
  region: string;
  account: string;
  /** Everything after the fifth colon, e.g. `service/<name>/<id>` or `secret:db:password::`. */
  resource: string;
}

/** The fields of an ARN-shaped text as written, '' where missing (for messages about malformed ARNs). */
export function arnFields(text: string): Arn {
  const [, partition = '', service = '', region = '', account = '', ...resource] = text.split(':');
  return { partition, service, region, account, resource: resource.join(':') };
}

/** `arn:<partition>:<service>:<region>:<account>:<resource>`; undefined for anything else. */
export function parseArn(text: string | undefined): Arn | undefined {
  if (!text?.startsWith('arn:')) {
    return undefined;
  }
  const arn = arnFields(text);
  return arn.partition && arn.service && arn.resource ? arn : undefined;
}

/** The 12-digit account of an ARN, e.g. of a service or a role. */
export function accountOfArn(arn: string | undefined): string | undefined {
  const account = parseArn(arn)?.account;
  return account && /^\d{12}$/.test(account) ? account : undefined;
}

/** The name and id inside an App Runner service ARN (`…:service/<name>/<id>`). */
export function serviceArnParts(arn: string | undefined): { name: string; id: string } | undefined {
  const m = /^service\/([^/]+)\/([^/]+)$/.exec(parseArn(arn)?.resource ?? '');
  return m ? { name: m[1], id: m[2] } : undefined;
}

/** The service name of an App Runner service ARN, or the ARN itself when it is not one. */
export function serviceNameOfArn(arn: string): string {
  return serviceArnParts(arn)?.name ?? arn;
}

/** The name part of an App Runner resource ARN such as `…:vpcconnector/<name>/<revision>/<id>`. */
export function resourceNameOfArn(arn: string | undefined): string | undefined {
  return parseArn(arn)?.resource.split('/')[1];
}

/**
 * The IAM resource of a Secrets Manager reference (`…:secret:<name>[:<json-key>:<stage>:<id>]`):
 * the secret's ARN, ending in `-??????` when the reference leaves out the random suffix AWS appends.
 */
export function secretResourceOfReference(reference: string): string {
  const arn = parseArn(reference);
  const secret = arn
    ? `arn:${arn.partition}:${arn.service}:${arn.region}:${arn.account}:${arn.resource.split(':').slice(0, 2).join(':')}`
    : reference;
  return /-[A-Za-z0-9]{6}$/.test(secret) ? secret : `${secret}-??????`;
}

/** Why `text` is not an IAM role ARN (`arn:<partition>:iam::<account>:role/<optional path/><name>`), or undefined. */
export function roleArnProblem(text: string): string | undefined {
  const arn = parseArn(text);
  const name = arn?.resource.startsWith('role/') ? arn.resource.split('/').pop() : undefined;
  if (!arn || arn.service !== 'iam' || arn.region !== '' || !/^\d{12}$/.test(arn.account) || !name || !/^[\w+=,.@-]{1,64}$/.test(name)) {
    return 'A role ARN looks like arn:aws:iam::123456789012:role/AppRunnerECRAccessRole (12-digit account, role name after role/).';
  }
  return undefined;
}
