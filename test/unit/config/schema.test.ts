import Ajv from 'ajv';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { RUNTIMES } from '../../../src/config/runtimes';
import { SUPPORTED_KEYWORDS, formatPath, placesOfKey, rawSchema, rootSchema, schemaAt } from '../../../src/config/schema';
import type { SchemaNode } from '../../../src/config/schema';
import { fixture, fixtureNames } from './helpers';

/** Ajv that knows the VS Code schema keywords as annotations, so that strict mode stays on. */
function compileWithAjv() {
  const ajv = new Ajv({ allErrors: true });
  ajv.addVocabulary(['markdownDescription', 'enumDescriptions', 'patternErrorMessage']);
  return ajv.compile(rawSchema);
}

function* allNodes(node: SchemaNode, path: (string | number)[] = []): Generator<[string, SchemaNode]> {
  yield [formatPath(path) || '(root)', node];
  for (const [key, child] of node.properties ?? []) yield* allNodes(child, [...path, key]);
  if (node.items) yield* allNodes(node.items, [...path, 0]);
}

describe('schema', () => {
  it('is a valid draft-07 schema that Ajv compiles in strict mode', () => {
    assert.equal(rawSchema.$schema, 'http://json-schema.org/draft-07/schema#');
    assert.equal(typeof compileWithAjv(), 'function');
  });

  it('uses only keywords the resolver understands', () => {
    const unknown: string[] = [];
    const visit = (value: unknown, underProperties: boolean): void => {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
      for (const [key, child] of Object.entries(value)) {
        if (!underProperties && !SUPPORTED_KEYWORDS.has(key)) unknown.push(key);
        visit(child, !underProperties && (key === 'properties' || key === 'definitions'));
      }
    };
    visit(rawSchema, false);
    assert.deepEqual(unknown, []);
  });

  it('describes every key and every list item', () => {
    for (const [path, node] of allNodes(rootSchema())) {
      assert.ok(node.description, `${path} has no description`);
    }
  });

  it('lists exactly the runtimes of the runtime table, with a description each', () => {
    const runtime = schemaAt(['runtime'])!;
    assert.deepEqual(
      runtime.enum,
      RUNTIMES.map((r) => r.id),
    );
    assert.equal(runtime.enumDescriptions?.length, RUNTIMES.length);
    RUNTIMES.forEach((r, i) => {
      assert.match(runtime.enumDescriptions![i], new RegExp(`${r.build} build`), r.id);
      if (r.endOfSupport) assert.match(runtime.enumDescriptions![i], new RegExp(r.endOfSupport), r.id);
    });
  });

  it('has the documented key tree, required keys and default port', () => {
    assert.deepEqual(rootSchema().required, ['version', 'runtime', 'build', 'run']);
    assert.deepEqual([...schemaAt(['build', 'commands'])!.properties!.keys()], ['pre-build', 'build', 'post-build']);
    assert.deepEqual(schemaAt(['build', 'commands'])!.required, ['build']);
    assert.deepEqual([...schemaAt(['run'])!.properties!.keys()], ['runtime-version', 'pre-run', 'command', 'network', 'env', 'secrets']);
    assert.deepEqual(schemaAt(['run'])!.required, ['command']);
    assert.equal(schemaAt(['run', 'network', 'port'])!.default, 8080);
    assert.deepEqual(schemaAt(['run', 'secrets', 0])!.required, ['name', 'value-from']);
    assert.deepEqual(schemaAt(['build', 'env', 3])!.required, ['name', 'value']);
    assert.equal(schemaAt(['run', 'nonsense']), undefined);
  });

  it('lets descriptions beside $ref override the referenced ones', () => {
    assert.match(schemaAt(['run', 'pre-run'])!.description!, /Revised-build runtimes only/);
    assert.deepEqual(schemaAt(['run', 'pre-run'])!.types, ['array']);
  });

  it('knows where each key belongs', () => {
    assert.deepEqual(placesOfKey('network'), ['run']);
    assert.deepEqual(placesOfKey('env').sort(), ['build', 'run', 'run.network']);
    assert.deepEqual(placesOfKey('nothing'), []);
  });

  it('agrees with Ajv: valid fixtures pass, schema-level invalid fixtures fail', () => {
    const validateWithAjv = compileWithAjv();
    for (const name of fixtureNames('valid')) {
      assert.ok(validateWithAjv(parse(fixture(`valid/${name}`))), `${name}: ${JSON.stringify(validateWithAjv.errors)}`);
    }
    for (const name of [
      'bad-runtime',
      'missing-required',
      'unknown-keys',
      'underscore-keys',
      'wrong-types',
      'version-1-10',
      'runtime-version-format',
      'multiline-command',
      'unquoted-colon',
    ]) {
      assert.equal(validateWithAjv(parse(fixture(`invalid/${name}.yaml`))), false, name);
    }
  });
});
