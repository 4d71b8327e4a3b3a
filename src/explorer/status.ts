// How a service's status and current operation are shown, and which actions each status
// allows (App Runner rejects the others with InvalidStateException).

export type ServiceStatus = 'RUNNING' | 'PAUSED' | 'OPERATION_IN_PROGRESS' | 'CREATE_FAILED' | 'DELETE_FAILED' | 'DELETED';

export type ServiceAction = 'openUrl' | 'pause' | 'resume' | 'startDeployment' | 'deploy' | 'delete';

const ALLOWED: Record<ServiceStatus, ServiceAction[]> = {
  RUNNING: ['openUrl', 'pause', 'startDeployment', 'deploy', 'delete'],
  PAUSED: ['resume', 'delete'],
  CREATE_FAILED: ['deploy', 'delete'],
  DELETE_FAILED: ['delete'],
  OPERATION_IN_PROGRESS: [],
  DELETED: [],
};

export function isAllowed(status: string | undefined, action: ServiceAction): boolean {
  return (ALLOWED[status as ServiceStatus] ?? []).includes(action);
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

export interface StatusPresentation {
  /** Short text after the service name. */
  description: string;
  /** Codicon id. */
  icon: string;
  /** Theme color id for the icon, if any. */
  color?: string;
  busy: boolean;
}

export function presentStatus(status: string | undefined, operationType?: string): StatusPresentation {
  switch (status) {
    case 'RUNNING':
      return { description: 'Running', icon: 'pass-filled', color: 'testing.iconPassed', busy: false };
    case 'PAUSED':
      return { description: 'Paused', icon: 'debug-pause', color: 'disabledForeground', busy: false };
    case 'OPERATION_IN_PROGRESS':
      return { description: operationInProgressText(operationType), icon: 'sync~spin', color: 'charts.blue', busy: true };
    case 'CREATE_FAILED':
      return { description: 'Create failed', icon: 'error', color: 'errorForeground', busy: false };
    case 'DELETE_FAILED':
      return { description: 'Delete failed', icon: 'error', color: 'errorForeground', busy: false };
    case 'DELETED':
      return { description: 'Deleted', icon: 'trash', color: 'disabledForeground', busy: false };
    default:
      return { description: status ?? 'Unknown', icon: 'question', busy: false };
  }
}

/** The tree item's contextValue; menus match it with `viewItem =~ /^service\.RUNNING/`. */
export function serviceContextValue(status: string | undefined): string {
  return `service.${status ?? 'UNKNOWN'}`;
}
