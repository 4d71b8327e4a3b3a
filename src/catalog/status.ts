// Which actions each service status allows (App Runner rejects the others with
// InvalidStateException), and what an operation in flight is called. The one home of this
// rule: the explorer's commands, the deploy's preflight and the manifest's menu when-clauses
// (checked by a unit test against ACTION_COMMANDS) all follow this table.

export const SERVICE_STATUSES = ['RUNNING', 'PAUSED', 'OPERATION_IN_PROGRESS', 'CREATE_FAILED', 'DELETE_FAILED', 'DELETED'] as const;
export type ServiceStatus = (typeof SERVICE_STATUSES)[number];

export type ServiceAction = 'openUrl' | 'pause' | 'resume' | 'startDeployment' | 'deploy' | 'delete';

const ALLOWED: Record<ServiceStatus, readonly ServiceAction[]> = {
  RUNNING: ['openUrl', 'pause', 'startDeployment', 'deploy', 'delete'],
  PAUSED: ['resume', 'delete'],
  CREATE_FAILED: ['deploy', 'delete'],
  DELETE_FAILED: ['delete'],
  OPERATION_IN_PROGRESS: [],
  DELETED: [],
};

/** The command that performs each action on a service (its menu entries follow ALLOWED). */
export const ACTION_COMMANDS: Record<ServiceAction, string> = {
  openUrl: 'apprunner.openServiceUrl',
  pause: 'apprunner.pauseService',
  resume: 'apprunner.resumeService',
  startDeployment: 'apprunner.startDeployment',
  deploy: 'apprunner.deployToService',
  delete: 'apprunner.deleteService',
};

export function isAllowed(status: string | undefined, action: ServiceAction): boolean {
  return (ALLOWED[status as ServiceStatus] ?? []).includes(action);
}

/** The statuses in which an action is allowed. */
export function statusesAllowing(action: ServiceAction): ServiceStatus[] {
  return SERVICE_STATUSES.filter((s) => ALLOWED[s].includes(action));
}

/** The tree item's contextValue; menus match it with `viewItem =~ /^service\.RUNNING/`. */
export function serviceContextValue(status: string | undefined): string {
  return `service.${status ?? 'UNKNOWN'}`;
}

/** "Deploying…", "Pausing…": what an in-flight operation of this type is doing. */
export function operationInProgressText(operationType: string | undefined): string {
  switch (operationType) {
    case 'START_DEPLOYMENT':
    case 'UPDATE_SERVICE':
      return 'Deploying…';
    case 'CREATE_SERVICE':
      return 'Creating…';
    case 'PAUSE_SERVICE':
      return 'Pausing…';
    case 'RESUME_SERVICE':
      return 'Resuming…';
    case 'DELETE_SERVICE':
      return 'Deleting…';
    default:
      return 'Operation in progress…';
  }
}

/** Why an action cannot run now, e.g. "it is busy (Pausing…)"; undefined when it can. */
export function whyNotAllowed(status: string | undefined, operationType: string | undefined, action: ServiceAction): string | undefined {
  if (isAllowed(status, action)) {
    return undefined;
  }
  return status === 'OPERATION_IN_PROGRESS' ? `it is busy (${operationInProgressText(operationType)})` : `its status is ${status}`;
}
