// Pure: how a custom domain's status and its certificate validation records' statuses are shown,
// in the tree and in the records view alike, whether a status is still on its way somewhere, and
// how often the catalog reads domains on their way again.
import type { CustomDomain } from '../aws/types';

export interface DomainStatusView {
  label: string;
  /** Codicon id. */
  icon: string;
  /** Theme color id, when the status deserves one. */
  color?: string;
  /** Nothing more happens without the user (or AWS's 72 hours) once a domain is here. */
  settled: boolean;
}

const DOMAIN_STATUSES: Record<string, DomainStatusView> = {
  CREATING: { label: 'creating', icon: 'loading~spin', settled: false },
  PENDING_CERTIFICATE_DNS_VALIDATION: { label: 'waiting for DNS validation', icon: 'watch', color: 'charts.yellow', settled: false },
  BINDING_CERTIFICATE: { label: 'binding certificate', icon: 'loading~spin', settled: false },
  ACTIVE: { label: 'active', icon: 'pass', color: 'testing.iconPassed', settled: true },
  CREATE_FAILED: { label: 'failed (records not found in time)', icon: 'error', color: 'errorForeground', settled: true },
  DELETING: { label: 'removing', icon: 'loading~spin', settled: false },
  DELETE_FAILED: { label: 'removal failed', icon: 'error', color: 'errorForeground', settled: true },
};

export function presentDomainStatus(status: string | undefined): DomainStatusView {
  return (
    DOMAIN_STATUSES[status ?? ''] ?? { label: (status ?? 'unknown').toLowerCase().replace(/_/g, ' '), icon: 'question', settled: true }
  );
}

const RECORD_STATUSES: Record<string, string> = { PENDING_VALIDATION: 'pending', SUCCESS: 'validated', FAILED: 'failed' };

export function presentRecordStatus(status: string | undefined): string {
  return RECORD_STATUSES[status ?? ''] ?? (status ?? '').toLowerCase().replace(/_/g, ' ');
}

/** Whether any domain is still on its way (creating, waiting for validation, binding, removing). */
export function anySettling(domains: readonly CustomDomain[]): boolean {
  return domains.some((d) => !presentDomainStatus(d.Status).settled);
}

export interface PollSchedule {
  /** The first wait, and the wait after anything changed. */
  firstMs: number;
  /** The longest wait: ACM validation can take up to 72 hours, and reading every few seconds for that long is waste. */
  maxMs: number;
}

export const MAX_DOMAIN_POLL_MS = 5 * 60_000;

/** The wait before the next read: back to the first wait after a change, else twice the last, at most maxMs. */
export function nextPollDelay(schedule: PollSchedule, lastMs: number | undefined, changed: boolean): number {
  if (lastMs === undefined || changed) return Math.min(schedule.firstMs, schedule.maxMs);
  return Math.min(lastMs * 2, schedule.maxMs);
}
