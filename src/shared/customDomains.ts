// Pure: how a custom domain's status and its certificate validation records' statuses are shown,
// in the tree and in the records view alike, and whether a status is still on its way somewhere.

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
