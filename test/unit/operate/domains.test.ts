import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { ServiceCustomDomains } from '../../../src/aws/types';
import { addDomainWizard, checkDomainName, domainsView, wwwOffered } from '../../../src/operate/domains';
import { domainsHtml } from '../../../src/operate/domainsHtml';
import { anySettling, MAX_DOMAIN_POLL_MS, nextPollDelay, presentDomainStatus } from '../../../src/shared/customDomains';
import { runWizard } from '../../../src/ui/wizard';
import { BACK } from '../../../src/ui/questions';
import { ScriptedPrompts } from '../../../src/ui/scripted';

const errorOf = (text: string) => {
  const checked = checkDomainName(text);
  return 'error' in checked ? checked.error : undefined;
};

test('domain names are taken as AWS takes them: lower case, without the final dot of a fully qualified name', () => {
  assert.deepEqual(checkDomainName('  Shop.Example.COM. '), { domainName: 'shop.example.com' });
  assert.deepEqual(checkDomainName('*.example.com'), { domainName: '*.example.com' });
  assert.deepEqual(checkDomainName('admin.login.example.co.uk'), { domainName: 'admin.login.example.co.uk' });
  assert.deepEqual(checkDomainName('xn--bcher-kva.example'), { domainName: 'xn--bcher-kva.example' });
});

test('names AWS or DNS refuse get a message that says what to type instead', () => {
  assert.match(errorOf('')!, /Enter a domain name/);
  assert.match(errorOf('https://shop.example.com/')!, /without https:\/\/ or a path/);
  assert.match(errorOf('shop_example.com')!, /only letters, digits, hyphens and dots/);
  assert.match(errorOf('bücher.example')!, /only letters, digits, hyphens and dots/);
  assert.match(errorOf('localhost')!, /not a full domain name: add its parent domain, e\.g\. localhost\.example\.com/);
  assert.match(errorOf('shop..example.com')!, /empty parts/);
  assert.match(errorOf('shop.*.example.com')!, /wildcard is only a whole first part/);
  assert.match(errorOf('*shop.example.com')!, /wildcard is only a whole first part/);
  assert.match(errorOf('*.com')!, /wildcard needs a domain under it/);
  assert.match(errorOf('-shop.example.com')!, /"-shop" is not a valid part/);
  assert.match(errorOf(`${'a'.repeat(64)}.example.com`)!, /1 to 63 letters/);
  assert.match(errorOf(`${'a.'.repeat(128)}com`)!, /at most 255 characters/);
  assert.match(errorOf('10.0.0.1')!, /not an IP address/);
});

test('www is offered unless the name is a wildcard or already a www name', () => {
  assert.equal(wwwOffered('shop.example.com'), true);
  assert.equal(wwwOffered('*.example.com'), false);
  assert.equal(wwwOffered('www.example.com'), false);
});

test('the add wizard: the name, then www; Back returns to the name; a wildcard skips the www question', async () => {
  const prompts = new ScriptedPrompts([
    [/domain name$/, (_q, nth) => (nth === 0 ? 'Shop.Example.com' : 'shop.example.org')],
    [/also www\.shop\.example\.com\?$/, BACK],
    [/also www\.shop\.example\.org\?$/, (q) => q.items!.find((i) => i.label.endsWith(' only'))!.value],
  ]);
  const answers = await runWizard(prompts, addDomainWizard('web-frontend'), { domainName: '', www: true });
  assert.deepEqual(answers, { domainName: 'shop.example.org', www: false });
  assert.deepEqual(
    prompts.asked.map((q) => [q.title, q.step]),
    [
      ['Add a custom domain to web-frontend: domain name', '1 of 2'],
      ['Add a custom domain to web-frontend: also www.shop.example.com?', '2 of 2'],
      ['Add a custom domain to web-frontend: domain name', '1 of 2'],
      ['Add a custom domain to web-frontend: also www.shop.example.org?', '2 of 2'],
    ],
  );
  const wildcard = await runWizard(new ScriptedPrompts([[/domain name$/, '*.example.com']]), addDomainWizard('web'), {
    domainName: '',
    www: true,
  });
  assert.deepEqual(wildcard, { domainName: '*.example.com', www: false });
});

const read: ServiceCustomDomains = {
  dnsTarget: 'abc123.us-east-1.awsapprunner.com',
  vpcDnsTargets: [],
  domains: [
    { DomainName: 'api.example.com', EnableWWWSubdomain: false, Status: 'ACTIVE', CertificateValidationRecords: [] },
    {
      DomainName: 'example.com',
      EnableWWWSubdomain: true,
      Status: 'PENDING_CERTIFICATE_DNS_VALIDATION',
      CertificateValidationRecords: [
        { Name: '_a1.example.com.', Type: 'CNAME', Value: '_b1.acm-validations.aws.', Status: 'PENDING_VALIDATION' },
        { Name: '_a2.www.example.com.', Type: 'CNAME', Value: '_b2.acm-validations.aws.', Status: 'SUCCESS' },
      ],
    },
  ],
};

test('the records view: the domain just added first, its DNS target records (www too), the validation records and a root-domain note', () => {
  const { view, copyValues } = domainsView('web-frontend', 'us-east-1', read, 'example.com');
  assert.equal(view.domains[0].domainName, 'example.com');
  assert.equal(view.domains[0].status, 'waiting for DNS validation');
  assert.deepEqual(
    view.domains[0].targetRecords.map((r) => [r.name, r.type, r.value]),
    [
      ['example.com', 'CNAME', 'abc123.us-east-1.awsapprunner.com'],
      ['www.example.com', 'CNAME', 'abc123.us-east-1.awsapprunner.com'],
    ],
  );
  assert.deepEqual(
    view.domains[0].validationRecords.map((r) => [r.name, r.value, r.status]),
    [
      ['_a1.example.com.', '_b1.acm-validations.aws.', 'pending'],
      ['_a2.www.example.com.', '_b2.acm-validations.aws.', 'validated'],
    ],
  );
  assert.match(view.domains[0].rootNote!, /cannot have a CNAME record: create an ALIAS record/);
  assert.equal(view.domains[1].rootNote, undefined);
  assert.equal(copyValues.get(`${view.domains[0].validationRecords[0].id}:value`), '_b1.acm-validations.aws.');
  assert.equal(copyValues.get('dnsTarget'), 'abc123.us-east-1.awsapprunner.com');
});

test('domains settle: active and failed ones are final, the others are followed', () => {
  assert.equal(anySettling(read.domains), true);
  assert.equal(anySettling([read.domains[0], { DomainName: 'x.example.com', EnableWWWSubdomain: false, Status: 'CREATE_FAILED' }]), false);
  for (const status of ['CREATING', 'PENDING_CERTIFICATE_DNS_VALIDATION', 'BINDING_CERTIFICATE', 'DELETING']) {
    assert.equal(presentDomainStatus(status).settled, false, status);
  }
  assert.equal(presentDomainStatus('SOMETHING_NEW').label, 'something new');
});

test('polling waits twice as long each time nothing changed, starts over after a change, and never more than the cap', () => {
  const schedule = { firstMs: 5000, maxMs: MAX_DOMAIN_POLL_MS };
  const delays: number[] = [];
  let last: number | undefined;
  for (const changed of [false, false, false, true, false, ...Array(10).fill(false)]) {
    last = nextPollDelay(schedule, last, changed);
    delays.push(last);
  }
  assert.deepEqual(delays.slice(0, 6), [5000, 10000, 20000, 5000, 10000, 20000]);
  assert.equal(delays.at(-1), MAX_DOMAIN_POLL_MS);
  assert.equal(nextPollDelay({ firstMs: 600_000, maxMs: MAX_DOMAIN_POLL_MS }, undefined, false), MAX_DOMAIN_POLL_MS);
});

test('the page escapes every value from AWS, allows only its nonce, and its buttons send ids, not values', () => {
  const hostile: ServiceCustomDomains = {
    dnsTarget: '<img src=x onerror=alert(1)>.awsapprunner.com',
    vpcDnsTargets: [],
    domains: [
      {
        DomainName: 'a.example.com"><script>alert(1)</script>',
        EnableWWWSubdomain: false,
        Status: 'PENDING_CERTIFICATE_DNS_VALIDATION',
        CertificateValidationRecords: [
          { Name: "x' onclick='alert(1)", Type: 'CNAME', Value: '[x](command:workbench.action.quit)', Status: 'FAILED' },
        ],
      },
    ],
  };
  const { view } = domainsView('svc</title><script>alert(1)</script>', 'us-east-1', hostile);
  const html = domainsHtml(view, 'NONCE123', true);
  assert.doesNotMatch(html, /<img|<script>alert|onclick='/);
  assert.match(html, /&#60;img src=x onerror=alert\(1\)&#62;/);
  assert.equal((html.match(/<script/g) ?? []).length, 1, 'one script: the page’s own');
  assert.match(html, /<script nonce="NONCE123">/);
  assert.match(html, /content="default-src 'none'; style-src 'nonce-NONCE123'; script-src 'nonce-NONCE123'"/);
  assert.match(html, /data-copy="d0:v0:value"/);
  assert.match(html, /asked again until it is done/);
  assert.match(
    domainsHtml(domainsView('svc', 'us-east-1', { ...read, domains: [read.domains[0]] }).view, 'N', false),
    /Nothing is waiting/,
  );
});
