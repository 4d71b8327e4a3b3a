// The VS Code side of a change to a running service (serviceChange.ts is the pure core): read the
// service as it is now, show exactly what will change, ask once, send the one UpdateService, and
// tell the catalog, which follows the update in the tree like a deployment. When AWS refuses (a busy
// service, a change it rejects, a denied permission naming the IAM action) the user's answers are
// kept: `editAndUpdate` offers to open the questions again with them as the defaults.
import type { Catalog, ServiceRef } from '../catalog/catalog';
import type { Service, UpdateServiceRequest } from '../aws/types';
import type { AwsContext } from '../shared/awsContext';
import { forNotification } from '../shared/untrusted';
import type { Ui } from '../ui/ui';
import { planServiceChange, previewLines, ServiceChangeContext, ServiceChangeIntent } from './serviceChange';

export type UpdateOutcome =
  | { kind: 'updated'; operationId?: string; input: UpdateServiceRequest }
  | { kind: 'unchanged' }
  | { kind: 'declined' }
  /** AWS (or the change's own rules) refused: `message` says why and what to do, the IAM action when denied. */
  | { kind: 'refused'; message: string };

export interface UpdateRequest {
  /** For the confirmation, e.g. "Change the auto scaling of orders-api". */
  what: string;
  /** The change, given the service as it is now (read just before: someone may have changed it since). */
  intent(service: Service): ServiceChangeIntent;
  /** What the preview should say about what the service uses now (e.g. its auto scaling settings). */
  context?(service: Service): Promise<ServiceChangeContext>;
  /**
   * Work that only happens once the user has confirmed (e.g. creating the new auto scaling
   * revision the input names); it returns the input to send. Throws RefusedError when AWS refuses.
   */
  beforeSend?(input: UpdateServiceRequest): Promise<UpdateServiceRequest>;
}

export class ServiceUpdater {
  constructor(
    private readonly aws: AwsContext,
    private readonly catalog: Catalog,
    private readonly ui: Ui,
  ) {}

  /** Reads the service, previews the change, asks once, sends one UpdateService and marks the service busy. */
  async update(ref: ServiceRef, request: UpdateRequest): Promise<UpdateOutcome> {
    let step = { action: 'apprunner:DescribeService', doing: `read ${ref.name}` };
    try {
      const service = await this.aws.session().appRunner.describeService(ref.region, ref.arn);
      const context = await request.context?.(service);
      let plan;
      try {
        plan = planServiceChange(service, request.intent(service), context);
      } catch (e) {
        // What App Runner would refuse, said before anything is sent.
        return { kind: 'refused', message: `${forNotification((e as Error).message, 600)} Your answers are kept.` };
      }
      if (plan.changes.length === 0) return { kind: 'unchanged' };
      const confirmed = await this.ui.confirm({
        title: forNotification(`${request.what}?`, 200),
        detail: `${previewLines(plan.changes)
          .map((line) => forNotification(line, 300))
          .join('\n')}\n\nOne UpdateService; App Runner applies it like a deployment.`,
        action: 'Update Service',
      });
      if (!confirmed) return { kind: 'declined' };
      const input = request.beforeSend ? await request.beforeSend(plan.input) : plan.input;
      step = { action: 'apprunner:UpdateService', doing: `update ${ref.name}` };
      const out = await this.aws.session().appRunner.updateService(ref.region, input);
      this.catalog.markBusy(ref, 'UPDATE_SERVICE');
      return { kind: 'updated', operationId: out.operationId, input };
    } catch (e) {
      return { kind: 'refused', message: e instanceof RefusedError ? e.message : this.refusal(e, { ...step, region: ref.region }) };
    }
  }

  /**
   * Asks (`ask` gets the previous answers as defaults: undefined the first time), then updates;
   * when AWS refuses, offers to ask again with the same answers so nothing typed is lost.
   */
  async editAndUpdate<A>(
    ref: ServiceRef,
    ask: (previous: A | undefined) => Promise<A | undefined>,
    request: (answers: A) => Promise<UpdateRequest>,
  ): Promise<UpdateOutcome | undefined> {
    let answers: A | undefined;
    for (;;) {
      answers = await ask(answers);
      if (answers === undefined) return undefined;
      let outcome: UpdateOutcome;
      try {
        outcome = await this.update(ref, await request(answers));
      } catch (e) {
        // Work done before the update (e.g. creating an auto scaling revision) failed.
        outcome = { kind: 'refused', message: e instanceof RefusedError ? e.message : forNotification(String((e as Error)?.message ?? e)) };
      }
      if (outcome.kind !== 'refused') return outcome;
      const again = await this.ui.confirm({
        title: forNotification(outcome.message, 600),
        detail: 'Your answers are kept: change what is needed and send again, or cancel.',
        action: 'Edit and Retry',
      });
      if (!again) return outcome;
    }
  }

  /** The message for an AWS failure (the IAM action named when access is denied); the raw error and the policy go to the output channel. */
  refusal(err: unknown, ctx: { action: string; doing: string; region: string }): string {
    const described = this.aws.describe(err, ctx);
    this.aws.output.appendLine(`[error] ${ctx.action} (${ctx.region}): ${(err as Error)?.stack ?? String(err)}`);
    if (described.policy) this.aws.output.appendLine(`[error] The IAM policy to ask your administrator for:\n${described.policy}`);
    return described.message;
  }
}

/** A refusal already phrased for the user (by `ServiceUpdater.refusal`): raised by work done before the update. */
export class RefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RefusedError';
  }
}
