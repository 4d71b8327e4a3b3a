// Custom domains of a service: "Add Custom Domain…" (a two-step wizard, then the records view),
// "Show DNS Records" (the records view) and "Remove Custom Domain" (one confirmation). Every read goes
// through the catalog, so the tree shows what the view shows. Answers AWS refused are offered again
// the next time, to fix and retry.
import vscode = require('vscode');
import { asServiceRef, type Catalog, type ServiceRef } from '../catalog/catalog';
import type { AwsContext } from '../shared/awsContext';
import type { FeatureCommands } from '../shared/lazyFeatures';
import { serviceOfCommand } from '../shared/servicePicker';
import { forNotification } from '../shared/untrusted';
import type { Ui } from '../ui/ui';
import { addDomainWizard, type AddDomainAnswers } from './domains';
import { DomainsPanel, type ShownDomains } from './domainsPanel';
import type { OperateCommand } from './index';

export interface DomainsApi {
  /** What the records view of the service shows now; undefined when it is not open. */
  shown(serviceArn: string): ShownDomains | undefined;
}

/** A tree node of a service (the service, its Custom Domains group, a domain), or a service from elsewhere. */
function serviceOf(arg: unknown): ServiceRef | undefined {
  return asServiceRef(arg) ?? asServiceRef((arg as { parent?: unknown } | undefined)?.parent);
}

function domainOf(arg: unknown): { service: ServiceRef; domainName: string } | undefined {
  const service = serviceOf(arg);
  const domainName = (arg as { domain?: { DomainName?: unknown } } | undefined)?.domain?.DomainName;
  return service && typeof domainName === 'string' ? { service, domainName } : undefined;
}

export function registerDomains(
  context: vscode.ExtensionContext,
  aws: AwsContext,
  catalog: Catalog,
  ui: Ui,
  commands: FeatureCommands<OperateCommand>,
): DomainsApi {
  const panels = new Map<string, DomainsPanel>();
  /** Answers of an "Add Custom Domain…" that AWS refused, per service: the next one starts from them. */
  const refused = new Map<string, AddDomainAnswers>();
  const readFailed = (err: unknown, ref: ServiceRef) =>
    void aws.showError(err, {
      action: 'apprunner:DescribeCustomDomains',
      region: ref.region,
      doing: `read the custom domains of ${ref.name}`,
    });

  async function showRecords(ref: ServiceRef, focus?: string): Promise<void> {
    let panel = panels.get(ref.arn);
    if (!panel) {
      panel = new DomainsPanel(
        ref,
        {
          catalog,
          readFailed,
          copied: (text) => void vscode.window.setStatusBarMessage(`Copied ${forNotification(text, 80)}`, 3000),
        },
        () => panels.delete(ref.arn),
      );
      panels.set(ref.arn, panel);
    }
    await panel.show(focus);
  }

  async function addDomain(arg: unknown): Promise<string | undefined> {
    const ref = serviceOf(arg) ?? (await serviceOfCommand(catalog, ui, undefined, pickOptions('Add a custom domain to which service?')));
    if (!ref) return undefined;
    const answers = await ui.wizard(addDomainWizard(ref.name), refused.get(ref.arn) ?? { domainName: '', www: true });
    if (!answers) return undefined;
    try {
      await aws.session().appRunner.associateCustomDomain(ref.region, ref.arn, answers.domainName, answers.www);
    } catch (err) {
      refused.set(ref.arn, answers);
      await aws.showError(err, {
        action: 'apprunner:AssociateCustomDomain',
        region: ref.region,
        doing: `associate ${answers.domainName} with ${ref.name}`,
      });
      return undefined;
    }
    refused.delete(ref.arn);
    await showRecords(ref, answers.domainName);
    return answers.domainName;
  }

  async function removeDomain(arg: unknown): Promise<boolean> {
    const target = domainOf(arg);
    if (!target) {
      void vscode.window.showInformationMessage('Run "Remove Custom Domain" from a custom domain of a service in the App Runner view.');
      return false;
    }
    const { service: ref, domainName } = target;
    const ok = await ui.confirm({
      title: forNotification(`Remove ${domainName} from ${ref.name}?`),
      detail: forNotification(
        `App Runner stops serving ${ref.name} at ${domainName} (and its www name, if it was added). ` +
          'Delete the CNAME records you created with your DNS provider; the certificate is deleted 30 days later.',
        1000,
      ),
      action: 'Remove Custom Domain',
    });
    if (!ok) return false;
    try {
      await aws.session().appRunner.disassociateCustomDomain(ref.region, ref.arn, domainName);
    } catch (err) {
      await aws.showError(err, {
        action: 'apprunner:DisassociateCustomDomain',
        region: ref.region,
        doing: `remove ${domainName} from ${ref.name}`,
      });
      return false;
    }
    // The domain is "removing" now; the catalog reads it again until it is gone.
    void catalog.refreshCustomDomains(ref).catch((err: unknown) => readFailed(err, ref));
    return true;
  }

  context.subscriptions.push(
    commands.register('apprunner.addCustomDomain', addDomain),
    commands.register('apprunner.showCustomDomains', async (arg?: unknown) => {
      const ref =
        serviceOf(arg) ?? (await serviceOfCommand(catalog, ui, undefined, pickOptions('Show the custom domains of which service?')));
      if (ref) await showRecords(ref, domainOf(arg)?.domainName);
    }),
    commands.register('apprunner.removeCustomDomain', removeDomain),
    { dispose: () => [...panels.values()].forEach((p) => p.dispose()) },
  );
  return { shown: (arn) => panels.get(arn)?.shown };
}

function pickOptions(title: string) {
  return { title, placeHolder: 'Pick a service', noneMessage: 'No App Runner service in the selected regions.' };
}
