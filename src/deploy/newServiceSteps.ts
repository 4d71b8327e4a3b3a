// The create-service wizard's steps: region, name, port, CPU and memory, environment variables,
// automatic deployments, health check and the ECR access role. Pure (the VS Code and AWS parts
// come in through NewServiceContext), so the whole flow, Back included, is unit-tested.
import { roleArnProblem } from '../aws/arn';
import { forQuickPick } from '../shared/untrusted';
import { inputAsk, openFileAsk, pickAsk, Wizard, WizardStep, WizardStopped } from '../ui/wizard';
import type { EnvProblem } from '../shared/envFile';
import { envNameProblem } from '../shared/envFile';
import { DEFAULT_INSTANCE_SIZE, healthCheckPathProblem, INSTANCE_SIZES, InstanceSize, portProblem } from '../shared/serviceRules';
import {
  ECR_ACCESS_POLICY_ARN,
  ECR_ACCESS_PRINCIPAL,
  ECR_ACCESS_ROLE_NAME,
  NewServiceSettings,
  serviceNameProblem,
  trustsServicePrincipal,
} from './serviceSettings';

export interface RoleSummary {
  name: string;
  arn: string;
  /** As IAM returns it (URL-encoded JSON). */
  trustPolicy?: string;
}

/** The IAM roles of the account, or why they could not be listed. */
export type RoleListing = { roles: RoleSummary[] } | { error: unknown; denied: boolean };

export interface NewServiceContext {
  /** The explorer's regions; the region step is skipped when there is one. */
  regions: string[];
  /** Absolute build context; its folder name is the suggested service name. */
  context: string;
  /** The first TCP port the Dockerfile exposes. */
  exposedPort?: number;
  /** .env files found in the build context. */
  envFiles: string[];
  readEnvFile(file: string): Promise<{ vars: Record<string, string>; problems: EnvProblem[] } | { error: string }>;
  listRoles(region: string): Promise<RoleListing>;
  /** Tells the user why the roles could not be listed (anything but a denial). */
  showListError(error: unknown, region: string): Promise<unknown>;
  /** A non-modal warning, e.g. lines of a .env file that were not imported. */
  warn(message: string): void;
}

export interface NewServiceAnswers {
  region: string;
  name: string;
  port: string;
  size?: InstanceSize;
  envSource: 'none' | 'file' | 'browse' | 'type';
  env: Record<string, string>;
  /** The latest typed KEY=VALUE; empty ends the typing. */
  lastEntry?: string;
  autoDeployments: boolean;
  healthCheckPath: string;
  /** The user chose to type a role ARN. */
  typeRoleArn?: boolean;
  accessRole?: NewServiceSettings['accessRole'];
  /** ARNs seen while asking (roles), which tell the account. */
  seenArns: string[];
}

const sizeLabel = (s: InstanceSize) => `${s.cpu} · ${s.memory}`;

export function suggestedServiceName(context: string): string {
  const base = (context.split(/[\\/]/).filter(Boolean).pop() ?? '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^[-_]+/, '');
  return serviceNameProblem(base) ? '' : base;
}

const ROLE_ARN_PROMPT =
  `The ARN of an IAM role that trusts ${ECR_ACCESS_PRINCIPAL} and has the policy AWSAppRunnerServicePolicyForECRAccess, ` +
  'e.g. arn:aws:iam::123456789012:role/AppRunnerECRAccessRole';

function roleArnAsk(title: string | undefined, prompt: string) {
  return inputAsk<NewServiceAnswers>({
    title,
    prompt,
    placeHolder: `arn:aws:iam::123456789012:role/${ECR_ACCESS_ROLE_NAME}`,
    validate: (v) => roleArnProblem(v.trim()),
    apply: (s, text) => ({ ...s, accessRole: { kind: 'existing', arn: text.trim() }, seenArns: [...s.seenArns, text.trim()] }),
  });
}

export function newServiceWizard(ctx: NewServiceContext): Wizard<NewServiceAnswers> {
  const steps: Array<WizardStep<NewServiceAnswers>> = [
    {
      title: 'region',
      when: () => ctx.regions.length > 1,
      ask: () =>
        pickAsk({
          items: ctx.regions.map((r) => ({ label: r, value: r })),
          placeHolder: 'The region of the new service',
          apply: (s, region: string) => ({ ...s, region }),
        }),
    },
    {
      title: 'name',
      ask: () =>
        inputAsk({
          prompt: '4 to 40 letters, digits, - or _, starting with a letter or digit',
          value: suggestedServiceName(ctx.context),
          validate: (v) => serviceNameProblem(v.trim()),
          apply: (s, text) => ({ ...s, name: text.trim() }),
        }),
    },
    {
      title: 'port',
      ask: () =>
        inputAsk({
          prompt: `The port your app listens on (App Runner sets PORT to it)${ctx.exposedPort ? `; the Dockerfile exposes ${ctx.exposedPort}` : ''}`,
          value: String(ctx.exposedPort ?? 8080),
          validate: (v) => portProblem(v),
          apply: (s, text) => ({ ...s, port: text.trim() }),
        }),
    },
    {
      title: 'CPU and memory',
      ask: () =>
        pickAsk({
          items: INSTANCE_SIZES.map((size) => ({
            label: sizeLabel(size),
            description: sizeLabel(size) === sizeLabel(DEFAULT_INSTANCE_SIZE) ? 'default' : undefined,
            value: size,
          })),
          activeLabel: sizeLabel(DEFAULT_INSTANCE_SIZE),
          placeHolder: 'Only the pairs App Runner accepts are listed',
          apply: (s, size: InstanceSize) => ({ ...s, size }),
        }),
    },
    {
      title: 'environment variables',
      ask: () =>
        pickAsk({
          items: [
            { label: 'None', value: 'none' },
            ...ctx.envFiles.map((f) => ({ label: `$(file) Import ${forQuickPick(relative(ctx.context, f))}`, value: f })),
            { label: '$(folder-opened) Import a .env file…', value: 'browse' },
            { label: '$(edit) Type them…', description: 'KEY=VALUE, one at a time', value: 'type' },
          ],
          apply: async (s, how: string) => {
            const fresh = { ...s, env: {}, lastEntry: undefined };
            if (how === 'none' || how === 'browse' || how === 'type') return { ...fresh, envSource: how };
            return { ...fresh, envSource: 'file' as const, env: await importEnv(ctx, how) };
          },
        }),
    },
    {
      title: '.env file',
      when: (s) => s.envSource === 'browse',
      ask: () =>
        openFileAsk({
          folder: ctx.context,
          openLabel: 'Import',
          apply: async (s, file) => ({ ...s, env: await importEnv(ctx, file) }),
        }),
    },
    {
      title: (s) => `environment variable ${Object.keys(s.env).length + 1}`,
      when: (s) => s.envSource === 'type',
      again: (s) => s.lastEntry !== '',
      ask: () =>
        inputAsk({
          prompt: 'KEY=VALUE; leave empty when done',
          validate: (v) => {
            if (v.trim() === '') return undefined;
            const eq = v.indexOf('=');
            return eq <= 0 ? 'Write KEY=VALUE' : envNameProblem(v.slice(0, eq).trim());
          },
          apply: (s, text) => {
            if (text.trim() === '') return { ...s, lastEntry: '' };
            const eq = text.indexOf('=');
            return { ...s, lastEntry: text, env: { ...s.env, [text.slice(0, eq).trim()]: text.slice(eq + 1) } };
          },
        }),
    },
    {
      title: 'automatic deployments',
      ask: () =>
        pickAsk({
          items: [
            { label: 'Off', description: 'deploy from VS Code only', value: false },
            { label: 'On', description: 'App Runner also deploys when the image tag is pushed again (billed per month)', value: true },
          ],
          apply: (s, autoDeployments: boolean) => ({ ...s, autoDeployments }),
        }),
    },
    {
      title: 'health check',
      ask: () =>
        inputAsk({
          prompt: 'An HTTP path answered with 2xx, e.g. /health; leave empty for a TCP check of the port',
          value: '',
          validate: (v) => healthCheckPathProblem(v.trim()),
          apply: (s, text) => ({ ...s, healthCheckPath: text.trim() }),
        }),
    },
    {
      title: 'ECR access role',
      ask: async (s) => {
        const region = s.region || ctx.regions[0];
        const listing = await ctx.listRoles(region);
        if ('error' in listing) {
          if (!listing.denied) {
            await ctx.showListError(listing.error, region);
            throw new WizardStopped();
          }
          return roleArnAsk(
            'ECR access role ARN',
            `Your permissions do not allow listing IAM roles (iam:ListRoles). ${ROLE_ARN_PROMPT}; ask your administrator for one if you have none.`,
          );
        }
        const { roles } = listing;
        const usable = roles.filter((r) => trustsServicePrincipal(r.trustPolicy, ECR_ACCESS_PRINCIPAL));
        const standardExists = roles.some((r) => r.name === ECR_ACCESS_ROLE_NAME);
        type Choice = NewServiceSettings['accessRole'] | 'type';
        return pickAsk<NewServiceAnswers, Choice>({
          items: [
            ...usable.map((r) => ({
              label: `$(shield) ${forQuickPick(r.name)}`,
              description: forQuickPick(r.arn),
              value: { kind: 'existing' as const, arn: r.arn },
            })),
            ...(standardExists
              ? []
              : [
                  {
                    label: `$(add) Create ${ECR_ACCESS_ROLE_NAME}`,
                    description: `trusts ${ECR_ACCESS_PRINCIPAL}, policy ${ECR_ACCESS_POLICY_ARN.split('/').pop()}`,
                    value: { kind: 'create' as const, name: ECR_ACCESS_ROLE_NAME },
                  },
                ]),
            { label: '$(edit) Enter a role ARN…', description: 'a role of this account that App Runner may use', value: 'type' as const },
          ],
          placeHolder:
            usable.length === 0 && standardExists
              ? `${ECR_ACCESS_ROLE_NAME} exists but does not trust ${ECR_ACCESS_PRINCIPAL}: add that service to its trust policy, or enter another role`
              : 'The role App Runner uses to pull your image from ECR',
          apply: (st, choice) => ({
            ...st,
            seenArns: roles.map((r) => r.arn),
            typeRoleArn: choice === 'type',
            accessRole: choice === 'type' ? undefined : choice,
          }),
        });
      },
    },
    {
      title: 'ECR access role ARN',
      when: (s) => s.typeRoleArn === true,
      ask: () => roleArnAsk(undefined, ROLE_ARN_PROMPT),
    },
  ];
  return { title: 'New service', steps };
}

async function importEnv(ctx: NewServiceContext, file: string): Promise<Record<string, string>> {
  const read = await ctx.readEnvFile(file);
  if ('error' in read) {
    ctx.warn(read.error);
    return {};
  }
  if (read.problems.length) {
    const shown = read.problems
      .slice(0, 3)
      .map((x) => `line ${x.line}: ${x.message}`)
      .join('; ');
    ctx.warn(
      `${relative(ctx.context, file)}: ${read.problems.length} line(s) not imported or overridden (${shown}${read.problems.length > 3 ? '; …' : ''}).`,
    );
  }
  return read.vars;
}

function relative(context: string, file: string): string {
  return file.startsWith(context + '/') || file.startsWith(context + '\\') ? file.slice(context.length + 1) : file;
}

/** The settings of the service to create; the region comes from the answers or the only region. */
export function newServiceSettings(a: NewServiceAnswers): NewServiceSettings {
  if (!a.size || !a.accessRole) {
    throw new Error('The create-service wizard ended without a size or an access role');
  }
  return {
    name: a.name,
    port: Number(a.port),
    size: a.size,
    env: a.env,
    autoDeployments: a.autoDeployments,
    healthCheckPath: a.healthCheckPath,
    accessRole: a.accessRole,
  };
}
