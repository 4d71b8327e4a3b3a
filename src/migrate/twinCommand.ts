// VS Code adapter of "Create the ECS Express Service…" (part of the lazily loaded dist/migrate.js, see
// index.ts): with the plan written and shown, one
// confirmation (the roles, the service, the cost), then the pure steps of twin.ts with progress and
// a cancel that stops following only. Messages say what happened and what to do; AWS's and the app's
// own text is neutralised for notifications; the URL check's body goes to the output channel only.
import vscode = require('vscode');
import { AwsCallError } from '../aws/awsCall';
import type { Service } from '../aws/types';
import type { ServiceRef } from '../catalog/catalog';
import type { AwsContext } from '../shared/awsContext';
import { systemClock } from '../shared/clock';
import { forNotification, forPlainText } from '../shared/untrusted';
import type { Ui } from '../ui/ui';
import type { MigrationPlan } from './plan';
import type { CostComparison } from './planDocument';
import {
  applyRoleWork,
  CancelledError,
  checkTwinUrl,
  createExpressService,
  ecsConsoleUrl,
  followExpressService,
  readRoleWork,
  twinBlockers,
  twinConfirmation,
  twinInput,
  type TwinPorts,
  type UrlCheck,
} from './twin';

/** What the command ends with (returned for the integration tests; the user sees the messages). */
export type TwinResult =
  | { kind: 'blocked'; reasons: string[] }
  | { kind: 'declined' }
  | { kind: 'failed'; message: string; serviceArn?: string }
  | { kind: 'cancelled'; serviceArn?: string }
  | { kind: 'timeout'; serviceArn: string }
  | { kind: 'serving'; serviceArn: string; url?: string; urlCheck?: UrlCheck; roles: Record<string, string> };

export interface TwinGathered {
  ref: ServiceRef;
  service: Service;
  plan: MigrationPlan;
  cost?: CostComparison;
}

function ports(aws: AwsContext, region: string, progress: (message: string) => void): TwinPorts {
  const session = aws.session();
  const log = (line: string) => aws.output.appendLine(`[ecs-express] ${forPlainText(line)}`);
  return {
    region,
    iam: {
      getRole: (name) => session.iam.getRole(region, name),
      attachedPolicyArns: (name) => session.iam.attachedPolicyArns(region, name),
      inlinePolicy: (role, policy) => session.iam.inlinePolicy(region, role, policy),
      createRole: (name, trust, description) => session.iam.createRole(region, name, trust, description),
      attachRolePolicy: (role, policy) => session.iam.attachRolePolicy(region, role, policy),
      putInlinePolicy: (role, policy, document) => session.iam.putInlinePolicy(region, role, policy, document),
    },
    ecs: {
      create: (input) => session.ecs.createExpressService(region, input),
      describe: (arn) => session.ecs.describeExpressService(region, arn),
      newestDeployment: (arn) => session.ecs.newestDeployment(region, arn),
    },
    http: {
      async get(url, timeoutMs, signal) {
        const timeout = AbortSignal.timeout(timeoutMs);
        const response = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, redirect: 'manual' });
        return { status: response.status, body: await response.text() };
      },
    },
    clock: systemClock,
    progress,
    log,
  };
}

async function failed(aws: AwsContext, err: unknown, serviceArn?: string): Promise<TwinResult> {
  if (err instanceof AwsCallError) {
    const info = await aws.showError(err.error, { action: err.action, region: err.region, doing: err.doing });
    return { kind: 'failed', message: info.message, serviceArn };
  }
  const message = (err as Error)?.message ?? String(err);
  aws.output.appendLine(`[ecs-express] ${forPlainText(message)}`);
  void vscode.window.showErrorMessage(forNotification(message), 'Show Output').then((b) => b && aws.output.show(true));
  return { kind: 'failed', message, serviceArn };
}

/** The command's body, once the plan is gathered and shown (see index.ts). Leaves the App Runner service untouched. */
export async function createExpressTwin(aws: AwsContext, ui: Ui, gathered: TwinGathered): Promise<TwinResult> {
  const { ref, plan, cost } = gathered;
  const region = ref.region;
  const blockers = twinBlockers(plan);
  if (blockers.length) {
    void vscode.window.showErrorMessage(
      forNotification(`${plan.input.serviceName} cannot be created from this plan yet. ${blockers.join(' ')}`),
    );
    return { kind: 'blocked', reasons: blockers };
  }
  let works;
  try {
    works = await readRoleWork(
      plan,
      ports(aws, region, () => undefined),
    );
  } catch (err) {
    return failed(aws, err);
  }
  const problems = works.flatMap((w) => (w.problem ? [w.problem] : []));
  if (problems.length) {
    void vscode.window.showErrorMessage(forNotification(problems.join(' ')));
    return { kind: 'blocked', reasons: problems };
  }
  const question = twinConfirmation(plan, works, cost, ref.name);
  if (!(await ui.confirm({ ...question, action: 'Create' }))) return { kind: 'declined' };

  let serviceArn: string | undefined;
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `ECS Express service ${plan.input.serviceName}`, cancellable: true },
    async (progress, token): Promise<TwinResult> => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      const p = ports(aws, region, (message) => progress.report({ message }));
      try {
        const roles = await applyRoleWork(works, p);
        const created = await createExpressService(twinInput(plan, roles), p, controller.signal);
        serviceArn = created.serviceArn!;
        p.log(`Created ${serviceArn}; following its first deployment.`);
        const outcome = await followExpressService(serviceArn, p, controller.signal);
        const console = ecsConsoleUrl(region, plan.input.cluster ?? 'default', plan.input.serviceName);
        const openConsole = async (b: string | undefined) =>
          b === 'Open in ECS Console' && vscode.env.openExternal(vscode.Uri.parse(console));
        switch (outcome.kind) {
          case 'cancelled':
            void vscode.window
              .showInformationMessage(
                `Stopped following ${plan.input.serviceName}. ECS goes on creating it: follow it in the ECS console. The App Runner service is unchanged.`,
                'Open in ECS Console',
              )
              .then(openConsole);
            return { kind: 'cancelled', serviceArn };
          case 'timeout':
            void vscode.window
              .showWarningMessage(
                `${plan.input.serviceName} is still deploying (${outcome.status ?? 'no deployment yet'}) after 20 minutes; ECS goes on. Follow it in the ECS console.`,
                'Open in ECS Console',
              )
              .then(openConsole);
            return { kind: 'timeout', serviceArn };
          case 'failed': {
            const message =
              `The first deployment of the ECS Express service ${plan.input.serviceName} failed: ${outcome.reason} ` +
              `The service exists; its task logs are in CloudWatch Logs. Fix the cause, then update the service, or delete it in the ECS console. The App Runner service is unchanged.`;
            p.log(message);
            void vscode.window.showErrorMessage(forNotification(message), 'Open in ECS Console', 'Show Output').then(async (b) => {
              if (b === 'Show Output') aws.output.show(true);
              else await openConsole(b);
            });
            return { kind: 'failed', message, serviceArn };
          }
        }
        const urlCheck = outcome.url ? await checkTwinUrl(outcome.url, p, controller.signal) : undefined;
        if (urlCheck)
          p.log(
            `${urlCheck.url} → ${urlCheck.status ? `HTTP ${urlCheck.status}` : `no answer (${urlCheck.error})`}: ${urlCheck.body ?? ''}`,
          );
        const answer = !urlCheck
          ? ' ECS gave no endpoint yet.'
          : urlCheck.status && urlCheck.status < 500
            ? ` ${urlCheck.url} answers (HTTP ${urlCheck.status}).`
            : ` But ${urlCheck.url} does not answer yet (${urlCheck.status ? `HTTP ${urlCheck.status}` : 'no answer'}; the output has the details).`;
        void vscode.window
          .showInformationMessage(
            forNotification(
              `The ECS Express service ${plan.input.serviceName} serves.${answer} The App Runner service ${ref.name} is unchanged: move traffic with weighted DNS when ready (see the plan).`,
            ),
            ...(outcome.url ? ['Open'] : []),
            'Open in ECS Console',
          )
          .then(async (b) => {
            if (b === 'Open' && outcome.url) await vscode.env.openExternal(vscode.Uri.parse(outcome.url));
            else await openConsole(b);
          });
        return { kind: 'serving', serviceArn, url: outcome.url, urlCheck, roles };
      } catch (err) {
        if (err instanceof CancelledError) {
          const message = serviceArn
            ? `Stopped following ${plan.input.serviceName}; ECS goes on creating it.`
            : `Cancelled before the ECS Express service was created. Roles already created stay and are reused next time.`;
          void vscode.window.showInformationMessage(message);
          return { kind: 'cancelled', serviceArn };
        }
        return failed(aws, err, serviceArn);
      }
    },
  );
}
