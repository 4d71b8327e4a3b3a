// The one way a command learns its service: the tree item it was invoked on, or, run from the
// palette, the user's pick among the catalog's services.
import vscode = require('vscode');
import { asServiceRef, type Catalog, type ServiceRef } from '../catalog/catalog';
import type { Ui } from '../ui/ui';
import { forQuickPick } from './untrusted';

export interface ServicePickOptions {
  title: string;
  placeHolder: string;
  /** Said when the selected regions have no service to offer. */
  noneMessage: string;
}

export async function serviceOfCommand(
  catalog: Catalog,
  ui: Ui,
  arg: unknown,
  options: ServicePickOptions,
): Promise<ServiceRef | undefined> {
  const ref = asServiceRef(arg);
  if (ref) return ref;
  await catalog.load();
  const services = catalog.services();
  if (services.length === 0) {
    void vscode.window.showInformationMessage(options.noneMessage);
    return undefined;
  }
  return ui.pick(
    services.map((s) => ({
      label: forQuickPick(s.name),
      description: forQuickPick(`${s.region} · ${s.status ?? ''}`),
      value: { name: s.name, arn: s.arn, region: s.region },
    })),
    { title: options.title, placeHolder: options.placeHolder },
  );
}
