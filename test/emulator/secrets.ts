// Emulated AWS Secrets Manager (awsJson1_1, target prefix secretsmanager.) and SSM Parameter Store
// (awsJson1_1, target prefix AmazonSSM.), sharing one store of values per account and region, so
// that App Runner can resolve a service's RuntimeEnvironmentSecrets when it starts the container.
//
// Secrets Manager: CreateSecret (SecretString only), DescribeSecret, GetSecretValue (by name or ARN).
// SSM: PutParameter (String, StringList, SecureString; Overwrite), GetParameter, GetParameters.
// Errors and limits as in botocore's models: ResourceExistsException / ResourceNotFoundException /
// InvalidParameterException; ParameterAlreadyExists / ParameterNotFound / ValidationException /
// HierarchyLevelLimitExceededException.
//
// resolve(account, region, reference) answers the value App Runner would inject for a reference
// (secret ARN with optional :json-key:version-stage:version-id, parameter ARN or name).
//
// Seed (the `secretsmanager` key): { "secrets": [ { "name", "value", "account"?, "region"? } ] };
// (the `ssm` key): { "parameters": [ { "name", "value", "type"?, "account"?, "region"? } ] }.
// Control: GET /_emulator/secretsmanager/secrets and /_emulator/ssm/parameters list names and ARNs (never values).
import { createHash } from 'crypto';
import { RequestContext, ServiceError, ServiceModule } from './types';

const DEFAULT_ACCOUNT = '123456789012';
const DEFAULT_REGION = 'us-east-1';
const SECRET_NAME = /^[A-Za-z0-9/_+=.@-]+$/;
const PARAMETER_NAME = /^[A-Za-z0-9_./-]+$/;

interface SecretRecord {
  account: string;
  region: string;
  name: string;
  arn: string;
  value: string;
  versionId: string;
  createdAt: number;
  description?: string;
}

interface ParameterRecord {
  account: string;
  region: string;
  name: string;
  value: string;
  type: 'String' | 'StringList' | 'SecureString';
  version: number;
  modifiedAt: number;
}

export interface SecretStore {
  /** The value App Runner injects for this reference, or why it cannot. */
  resolve(account: string, region: string, reference: string): { value: string } | { error: string };
}

export interface SecretModules extends SecretStore {
  secretsManager: ServiceModule;
  ssm: ServiceModule;
}

function randomSuffix(seed: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
  const hash = createHash('sha256').update(seed).digest();
  return Array.from(hash.subarray(0, 6), (b) => alphabet[b % alphabet.length]).join('');
}

function uuidFrom(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

function parameterArn(p: { account: string; region: string; name: string }): string {
  return `arn:aws:ssm:${p.region}:${p.account}:parameter/${p.name.replace(/^\//, '')}`;
}

export function createSecretModules(): SecretModules {
  let secrets: SecretRecord[] = [];
  let parameters: ParameterRecord[] = [];

  const findSecret = (account: string, region: string, id: unknown): SecretRecord => {
    if (typeof id !== 'string' || id.length < 1 || id.length > 2048) {
      throw new ServiceError('InvalidParameterException', 'SecretId must have 1 to 2048 characters.');
    }
    // By full ARN, by the ARN without its random suffix, or by name.
    const secret = secrets.find(
      (s) => s.account === account && s.region === region && (s.arn === id || s.name === id || s.arn.slice(0, -7) === id),
    );
    if (!secret) throw new ServiceError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    return secret;
  };

  const createSecret = (account: string, region: string, input: any, now: number): SecretRecord => {
    const name = input.Name;
    if (typeof name !== 'string' || name.length < 1 || name.length > 512 || !SECRET_NAME.test(name)) {
      throw new ServiceError(
        'InvalidParameterException',
        'Invalid name. Must be a valid name containing alphanumeric characters, or any of the following: -/_+=.@!',
      );
    }
    if (input.SecretBinary !== undefined) throw new ServiceError('InvalidParameterException', 'The emulator stores SecretString only.');
    if (typeof input.SecretString !== 'string' || input.SecretString.length < 1 || input.SecretString.length > 65536) {
      throw new ServiceError('InvalidParameterException', 'SecretString must have 1 to 65536 characters.');
    }
    if (secrets.some((s) => s.account === account && s.region === region && s.name === name)) {
      throw new ServiceError('ResourceExistsException', `The operation failed because the secret ${name} already exists.`);
    }
    const arn = `arn:aws:secretsmanager:${region}:${account}:secret:${name}-${randomSuffix(`${account}/${region}/${name}/${now}`)}`;
    const secret: SecretRecord = {
      account,
      region,
      name,
      arn,
      value: input.SecretString,
      versionId: typeof input.ClientRequestToken === 'string' ? input.ClientRequestToken : uuidFrom(`${arn}/${now}`),
      createdAt: now,
      description: typeof input.Description === 'string' ? input.Description : undefined,
    };
    secrets.push(secret);
    return secret;
  };

  const parameterNameProblem = (name: unknown): string | undefined => {
    if (typeof name !== 'string' || name.length < 1 || name.length > 2048) return 'Parameter name must have 1 to 2048 characters.';
    if (!PARAMETER_NAME.test(name))
      return 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive). It must use only letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore).';
    if (/^\/?(aws|ssm)/i.test(name)) return 'Parameter name: can\'t be prefixed with "aws" or "ssm" (case-insensitive).';
    if (name.includes('/') && !name.startsWith('/')) return 'Parameter name must be a fully qualified name.';
    return undefined;
  };

  /** A parameter by name or ARN; GetParameter/GetParameters accept both. */
  const findParameter = (account: string, region: string, id: string): ParameterRecord | undefined =>
    parameters.find((p) => p.account === account && p.region === region && (p.name === id || parameterArn(p) === id));

  const putParameter = (account: string, region: string, input: any, now: number): ParameterRecord => {
    const problem = parameterNameProblem(input.Name);
    if (problem) throw new ServiceError('ValidationException', problem);
    if (input.Name.split('/').filter(Boolean).length > 15) {
      throw new ServiceError('HierarchyLevelLimitExceededException', 'A hierarchy can have a maximum of 15 levels.');
    }
    if (typeof input.Value !== 'string' || input.Value.length === 0)
      throw new ServiceError('ValidationException', 'Parameter value must not be empty.');
    const type = input.Type ?? 'String';
    if (!['String', 'StringList', 'SecureString'].includes(type)) {
      throw new ServiceError(
        'ValidationException',
        `1 validation error detected: Value '${type}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [SecureString, StringList, String]`,
      );
    }
    const existing = findParameter(account, region, input.Name);
    if (existing) {
      if (input.Overwrite !== true) {
        throw new ServiceError(
          'ParameterAlreadyExists',
          'The parameter already exists. To overwrite this value, set the overwrite option in the request to true.',
        );
      }
      Object.assign(existing, { value: input.Value, type, version: existing.version + 1, modifiedAt: now });
      return existing;
    }
    const parameter: ParameterRecord = { account, region, name: input.Name, value: input.Value, type, version: 1, modifiedAt: now };
    parameters.push(parameter);
    return parameter;
  };

  const parameterShape = (p: ParameterRecord, withDecryption: boolean) => ({
    Name: p.name,
    Type: p.type,
    // Without decryption a SecureString answers its encrypted form, never the value.
    Value:
      p.type === 'SecureString' && !withDecryption ? `kms-encrypted:${createHash('sha256').update(p.value).digest('base64')}` : p.value,
    Version: p.version,
    LastModifiedDate: p.modifiedAt / 1000,
    ARN: parameterArn(p),
    DataType: 'text',
  });

  const secretsManager: ServiceModule = {
    name: 'secretsmanager',
    targetPrefix: 'secretsmanager.',
    signingName: 'secretsmanager',
    protocol: 'awsJson1_1',
    handle(input: any, ctx: RequestContext) {
      switch (ctx.operation) {
        case 'CreateSecret': {
          const s = createSecret(ctx.account, ctx.region, input, ctx.now);
          return { body: { ARN: s.arn, Name: s.name, VersionId: s.versionId } };
        }
        case 'DescribeSecret': {
          const s = findSecret(ctx.account, ctx.region, input.SecretId);
          return {
            body: {
              ARN: s.arn,
              Name: s.name,
              ...(s.description ? { Description: s.description } : {}),
              CreatedDate: s.createdAt / 1000,
              LastChangedDate: s.createdAt / 1000,
              VersionIdsToStages: { [s.versionId]: ['AWSCURRENT'] },
            },
          };
        }
        case 'GetSecretValue': {
          const s = findSecret(ctx.account, ctx.region, input.SecretId);
          return {
            body: {
              ARN: s.arn,
              Name: s.name,
              VersionId: s.versionId,
              SecretString: s.value,
              VersionStages: ['AWSCURRENT'],
              CreatedDate: s.createdAt / 1000,
            },
          };
        }
        default:
          throw new ServiceError('UnknownOperationException', `The emulator does not implement secretsmanager ${ctx.operation}.`);
      }
    },
    reset() {
      secrets = [];
    },
    seed(data: any, now: number) {
      for (const s of data?.secrets ?? []) {
        createSecret(s.account ?? DEFAULT_ACCOUNT, s.region ?? DEFAULT_REGION, { Name: s.name, SecretString: s.value }, now);
      }
    },
    control(path: string) {
      if (path !== 'secrets') return undefined;
      return { secrets: secrets.map((s) => ({ account: s.account, region: s.region, name: s.name, arn: s.arn })) };
    },
  };

  const ssm: ServiceModule = {
    name: 'ssm',
    targetPrefix: 'AmazonSSM.',
    signingName: 'ssm',
    protocol: 'awsJson1_1',
    handle(input: any, ctx: RequestContext) {
      switch (ctx.operation) {
        case 'PutParameter': {
          const p = putParameter(ctx.account, ctx.region, input, ctx.now);
          return { body: { Version: p.version, Tier: 'Standard' } };
        }
        case 'GetParameter': {
          const p = typeof input.Name === 'string' ? findParameter(ctx.account, ctx.region, input.Name) : undefined;
          if (!p) throw new ServiceError('ParameterNotFound', '');
          return { body: { Parameter: parameterShape(p, input.WithDecryption === true) } };
        }
        case 'GetParameters': {
          const names: unknown = input.Names;
          if (!Array.isArray(names) || names.length < 1 || names.length > 10) {
            throw new ServiceError(
              'ValidationException',
              "1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have length between 1 and 10",
            );
          }
          const found = names.map((n) => ({ n: String(n), p: findParameter(ctx.account, ctx.region, String(n)) }));
          return {
            body: {
              Parameters: found.filter((f) => f.p).map((f) => parameterShape(f.p!, input.WithDecryption === true)),
              InvalidParameters: found.filter((f) => !f.p).map((f) => f.n),
            },
          };
        }
        default:
          throw new ServiceError('UnknownOperationException', `The emulator does not implement ssm ${ctx.operation}.`);
      }
    },
    reset() {
      parameters = [];
    },
    seed(data: any, now: number) {
      for (const p of data?.parameters ?? []) {
        putParameter(p.account ?? DEFAULT_ACCOUNT, p.region ?? DEFAULT_REGION, { Name: p.name, Value: p.value, Type: p.type }, now);
      }
    },
    control(path: string) {
      if (path !== 'parameters') return undefined;
      return {
        parameters: parameters.map((p) => ({ account: p.account, region: p.region, name: p.name, arn: parameterArn(p), type: p.type })),
      };
    },
  };

  return {
    secretsManager,
    ssm,
    resolve(account, region, reference) {
      if (reference.includes(':secretsmanager:')) {
        const parts = reference.split(':');
        const [secretArn, jsonKey] = [parts.slice(0, 7).join(':'), parts[7]];
        const secretRegion = parts[3];
        const secret = secrets.find(
          (s) => s.account === parts[4] && s.region === secretRegion && (s.arn === secretArn || s.arn.slice(0, -7) === secretArn),
        );
        if (!secret) return { error: `Secrets Manager can't find the secret ${secretArn}.` };
        if (!jsonKey) return { value: secret.value };
        try {
          const value = (JSON.parse(secret.value) as Record<string, unknown>)[jsonKey];
          return value === undefined ? { error: `The secret ${secretArn} has no JSON key ${jsonKey}.` } : { value: String(value) };
        } catch {
          return { error: `The secret ${secretArn} is not JSON, so it has no key ${jsonKey}.` };
        }
      }
      const arn = /^arn:aws[\w-]*:ssm:([^:]+):(\d{12}):parameter\/(.+)$/.exec(reference);
      const [pAccount, pRegion] = arn ? [arn[2], arn[1]] : [account, region];
      const parameter = arn
        ? parameters.find((p) => p.account === pAccount && p.region === pRegion && parameterArn(p) === reference)
        : findParameter(account, region, reference);
      return parameter ? { value: parameter.value } : { error: `Parameter Store has no parameter ${reference}.` };
    },
  };
}
