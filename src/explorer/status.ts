// How a service's status and current operation are shown in the tree (which actions each
// status allows is the catalog's rule: src/catalog/status.ts).
import { operationInProgressText } from '../catalog/status';

export interface StatusPresentation {
  /** Short text after the service name. */
  description: string;
  /** Codicon id. */
  icon: string;
  /** Theme color id for the icon, if any. */
  color?: string;
  busy: boolean;
}

export interface OperationStatusPresentation {
  /** Codicon id. */
  icon: string;
  /** Theme color id for the icon, if any. */
  color?: string;
  /** Still running: PENDING, IN_PROGRESS, and a rollback in progress (the service stays busy until it ends). */
  running: boolean;
}

/** An operation's status: running ones spin, failed ones (rolled back or not) show an error. */
export function presentOperationStatus(status: string | undefined): OperationStatusPresentation {
  switch (status) {
    case 'PENDING':
    case 'IN_PROGRESS':
    case 'ROLLBACK_IN_PROGRESS':
      return { icon: 'sync~spin', running: true };
    case 'FAILED':
    case 'ROLLBACK_SUCCEEDED':
    case 'ROLLBACK_FAILED':
      return { icon: 'error', color: 'errorForeground', running: false };
    case 'SUCCEEDED':
      return { icon: 'check', running: false };
    default:
      return { icon: 'question', running: false };
  }
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
