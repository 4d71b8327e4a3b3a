#!/usr/bin/env python3
"""Exports AWS's own service models (botocore's service-2.json) for the services the emulator
stands for, as plain JSON under .models/botocore/ (git-ignored), for the emulator's contract check
(test/emulator/contract.ts). botocore's loader handles the .gz files and the sdk-extras merges.

    python3 scripts/botocore-models.py [OUT_DIR]

Exits 3 with how to install botocore when it is missing.
"""
import json
import os
import sys

# botocore's names of every service the emulator emulates or may emulate. A service the emulator
# serves but that is missing here makes the contract check fail and name this list.
SERVICES = ['apprunner', 'logs', 'cloudwatch', 'ecr', 'iam', 'ecs', 'secretsmanager', 'ssm', 'pricing', 'sts']


def strip_docs(node):
    """Documentation is most of a model's size and nothing the check reads."""
    if isinstance(node, dict):
        return {k: strip_docs(v) for k, v in node.items() if k != 'documentation'}
    if isinstance(node, list):
        return [strip_docs(v) for v in node]
    return node


def main():
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(root, '.models', 'botocore')
    try:
        import botocore
        import botocore.session
    except ImportError:
        sys.stderr.write(
            'botocore is not installed for %s: the emulator contract check reads AWS\'s service models from it.\n'
            'Install it with: pip install awscli   (brings botocore and the `aws` command the CLI smoke test uses)\n' % sys.executable
        )
        return 3
    loader = botocore.session.get_session().get_component('data_loader')
    os.makedirs(out, exist_ok=True)
    index = {'botocoreVersion': botocore.__version__, 'services': {}}
    for name in SERVICES:
        model = strip_docs(loader.load_service_model(name, 'service-2'))
        with open(os.path.join(out, name + '.json'), 'w') as f:
            json.dump(model, f, separators=(',', ':'))
        meta = model['metadata']
        index['services'][name] = {
            'file': name + '.json',
            'apiVersion': meta.get('apiVersion'),
            'serviceId': meta.get('serviceId'),
            'targetPrefix': meta.get('targetPrefix'),
            'signingName': meta.get('signingName') or meta.get('endpointPrefix'),
            'endpointPrefix': meta.get('endpointPrefix'),
        }
    # Written last: its presence means the export is complete.
    with open(os.path.join(out, 'index.json'), 'w') as f:
        json.dump(index, f, indent=1)
    print('botocore %s models exported to %s: %s' % (botocore.__version__, out, ' '.join(SERVICES)))
    return 0


if __name__ == '__main__':
    sys.exit(main())
