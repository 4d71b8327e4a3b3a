// Pure: custom domains of a service. The domain name as AWS validates it (and as DNS allows it),
// the records the user must create (the DNS target and ACM's certificate validation records) as the
// records view shows them, and when to read them again while a domain is still settling.
import type { ServiceCustomDomains } from '../aws/types';
import { presentDomainStatus, presentRecordStatus } from '../shared/customDomains';
import { forQuickPick } from '../shared/untrusted';
import { inputAsk, pickAsk, type Wizard } from '../ui/wizard';

/** AssociateCustomDomain's DomainName pattern in the App Runner model. */
const MODEL_PATTERN = /^[A-Za-z0-9*.-]{1,255}$/;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The name to send, or why it cannot be associated (said so the user knows what to type instead). */
export function checkDomainName(input: string): { domainName: string } | { error: string } {
  const text = input.trim();
  if (!text) return { error: 'Enter a domain name, e.g. shop.example.com.' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || text.includes('/')) {
    return { error: 'Enter only the domain name, without https:// or a path, e.g. shop.example.com.' };
  }
  // A fully qualified name's final dot is DNS notation, not part of the name App Runner takes.
  const name = text.replace(/\.$/, '').toLowerCase();
  if (!MODEL_PATTERN.test(name)) {
    return { error: 'A domain name has only letters, digits, hyphens and dots (and * for a wildcard), at most 255 characters.' };
  }
  const labels = name.split('.');
  if (labels.length < 2) return { error: `${name} is not a full domain name: add its parent domain, e.g. ${name}.example.com.` };
  if (labels.some((l) => l === '')) return { error: 'A domain name cannot have empty parts (two dots in a row, or a leading dot).' };
  if (name.includes('*') && (labels[0] !== '*' || labels.slice(1).some((l) => l.includes('*')))) {
    return { error: 'A wildcard is only a whole first part, e.g. *.example.com.' };
  }
  if (labels[0] === '*' && labels.length < 3) return { error: 'A wildcard needs a domain under it, e.g. *.example.com.' };
  const bad = labels.find((l, i) => !(i === 0 && l === '*') && !LABEL.test(l));
  if (bad !== undefined) {
    return {
      error: `"${bad}" is not a valid part of a domain name: 1 to 63 letters, digits or hyphens, not starting or ending with a hyphen.`,
    };
  }
  if (/^\d+$/.test(labels[labels.length - 1])) return { error: 'Enter a domain name, not an IP address.' };
  return { domainName: name };
}

/** Whether "also www.<name>" makes sense: not for a wildcard or a name that already is a www name. */
export function wwwOffered(domainName: string): boolean {
  return !domainName.startsWith('*.') && !domainName.startsWith('www.');
}

export interface AddDomainAnswers {
  domainName: string;
  www: boolean;
}

/** "Add Custom Domain…": the name, then (when it makes sense) whether www.<name> comes along. */
export function addDomainWizard(serviceName: string): Wizard<AddDomainAnswers> {
  return {
    title: `Add a custom domain to ${forQuickPick(serviceName)}`,
    steps: [
      {
        title: 'domain name',
        ask: (state) =>
          inputAsk({
            prompt: 'A domain you control, e.g. shop.example.com, or a wildcard such as *.example.com',
            placeHolder: 'shop.example.com',
            value: state.domainName,
            validate: (text) => {
              const checked = checkDomainName(text);
              return 'error' in checked ? checked.error : undefined;
            },
            apply: (s, text) => {
              const checked = checkDomainName(text);
              const domainName = 'domainName' in checked ? checked.domainName : text;
              return { ...s, domainName, www: wwwOffered(domainName) && s.www };
            },
          }),
      },
      {
        title: (state) => `also www.${forQuickPick(state.domainName)}?`,
        when: (state) => wwwOffered(state.domainName),
        ask: (state) =>
          pickAsk({
            items: [
              { label: `${forQuickPick(state.domainName)} and www.${forQuickPick(state.domainName)}`, value: true },
              { label: `${forQuickPick(state.domainName)} only`, value: false },
            ],
            activeLabel: state.www ? undefined : `${forQuickPick(state.domainName)} only`,
            apply: (s, www: boolean) => ({ ...s, www }),
          }),
      },
    ],
  };
}

export interface RecordRow {
  /** What the copy buttons send back; the host copies its own value for it, never the page's. */
  id: string;
  name: string;
  type: string;
  value: string;
  status?: string;
}

export interface DomainView {
  domainName: string;
  status: string;
  statusIcon: string;
  settled: boolean;
  /** Point these names at the service (CNAME to the DNS target). */
  targetRecords: RecordRow[];
  /** ACM's certificate validation records (empty while the association is being created). */
  validationRecords: RecordRow[];
  /** Set when the name looks like the root of a zone, which cannot hold a CNAME. */
  rootNote?: string;
}

export interface DomainsView {
  serviceName: string;
  region: string;
  dnsTarget: string;
  domains: DomainView[];
  /** A domain to show first (the one just added). */
  focus?: string;
}

/** The records view of a service's domains, and the values its copy buttons stand for. */
export function domainsView(
  serviceName: string,
  region: string,
  read: ServiceCustomDomains,
  focus?: string,
): { view: DomainsView; copyValues: Map<string, string> } {
  const copyValues = new Map<string, string>([['dnsTarget', read.dnsTarget]]);
  const row = (id: string, name: string, type: string, value: string, status?: string): RecordRow => {
    copyValues.set(`${id}:name`, name);
    copyValues.set(`${id}:value`, value);
    return { id, name, type, value, ...(status !== undefined ? { status } : {}) };
  };
  const ordered = [...read.domains].sort((a, b) => Number(b.DomainName === focus) - Number(a.DomainName === focus));
  const domains = ordered.map((d, index): DomainView => {
    const name = d.DomainName ?? '';
    const shown = presentDomainStatus(d.Status);
    const targets = d.EnableWWWSubdomain && wwwOffered(name) ? [name, `www.${name}`] : [name];
    return {
      domainName: name,
      status: shown.label,
      statusIcon: shown.icon,
      settled: shown.settled,
      targetRecords: targets.map((t, i) => row(`d${index}:t${i}`, t, 'CNAME', read.dnsTarget)),
      validationRecords: (d.CertificateValidationRecords ?? []).map((r, i) =>
        row(`d${index}:v${i}`, r.Name ?? '', r.Type ?? 'CNAME', r.Value ?? '', presentRecordStatus(r.Status)),
      ),
      ...(isLikelyZoneRoot(name)
        ? {
            rootNote:
              `${name} looks like the root of its DNS zone, which cannot have a CNAME record: create an ALIAS record ` +
              '(Route 53) or use your DNS provider\u2019s CNAME flattening (ALIAS/ANAME) to the DNS target instead.',
          }
        : {}),
    };
  });
  return { view: { serviceName, region, dnsTarget: read.dnsTarget, domains, ...(focus ? { focus } : {}) }, copyValues };
}

/** Two labels (example.com): most likely a zone's root. Not decidable without the public suffix list (example.co.uk). */
function isLikelyZoneRoot(domainName: string): boolean {
  return !domainName.startsWith('*.') && domainName.split('.').length === 2;
}
