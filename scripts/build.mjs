// Bundles the extension with esbuild:
//   dist/extension.js  the extension host entry (CommonJS, `vscode` external, no AWS SDK inside): activate(),
//                      the feature registrars, the tree view and the status bar
//   dist/aws.js        everything under src/aws that talks to AWS; loaded lazily on the first AWS call
//   dist/errors.js     the explanations of AWS errors; loaded with the first error
//   dist/catalog.js    the model of the services; made on first use (the tree's rows, a feature's command)
//   dist/tree.js       the tree's rows; loaded when the view first asks for them
//   dist/config.js     the apprunner.yaml core (YAML parser, schema, rules); loaded with the first apprunner.yaml
//   dist/explorer.js, dist/deploy.js, dist/monitor.js, dist/operate.js, dist/migrate.js
//                      each feature's body, loaded on the feature's first command (or panel, or file)
//   dist/lint.js       the apprunner.yaml command-line linter
//   media/monitor/out/monitor.js  the monitor webview (browser), with monitor.css and the codicon font
//   media/monitor/out/filterWorker.js  the monitor's regular-expression filter worker
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/**
 * Lazily loaded parts of the extension, each its own bundle: `require(request)` in `importer` becomes
 * require(bundle) at run time, so activation parses none of them. Each bundle has its own copy of
 * anything it imports, so the extension's shared objects reach a bundle as arguments (see
 * src/shared/lazyFeatures.ts) and the modules that make or hold them must stay out (ONE_INSTANCE).
 */
const LAZY = [
  { importer: 'src/aws/lazy.ts', request: './sdk', entry: 'src/aws/sdk.ts', bundle: './aws.js' },
  { importer: 'src/aws/lazy.ts', request: './errors', entry: 'src/aws/errors.ts', bundle: './errors.js' },
  { importer: 'src/config/index.ts', request: './core', entry: 'src/config/core.ts', bundle: './config.js' },
  { importer: 'src/config/index.ts', request: './createConfigFile', entry: 'src/config/createConfigFile.ts', bundle: './createConfig.js' },
  { importer: 'src/shared/catalogHost.ts', request: '../catalog/catalog', entry: 'src/catalog/catalog.ts', bundle: './catalog.js' },
  { importer: 'src/explorer/index.ts', request: './tree', entry: 'src/explorer/tree.ts', bundle: './tree.js' },
  { importer: 'src/explorer/index.ts', request: './commands', entry: 'src/explorer/commands.ts', bundle: './explorer.js' },
  { importer: 'src/deploy/index.ts', request: './adapter', entry: 'src/deploy/adapter.ts', bundle: './deploy.js' },
  { importer: 'src/monitor/index.ts', request: './adapter', entry: 'src/monitor/adapter.ts', bundle: './monitor.js' },
  { importer: 'src/operate/index.ts', request: './adapter', entry: 'src/operate/adapter.ts', bundle: './operate.js' },
  { importer: 'src/migrate/index.ts', request: './adapter', entry: 'src/migrate/adapter.ts', bundle: './migrate.js' },
];

/**
 * Modules that make or hold the extension's one instance of something (the SDK module, AwsContext,
 * the catalog, Ui, the features): a lazily loaded bundle that contained one would work on a second copy.
 */
const ONE_INSTANCE = [
  'src/extension.ts',
  'src/testSeam.ts',
  'src/aws/lazy.ts',
  'src/shared/awsContext.ts',
  'src/shared/catalogHost.ts',
  'src/shared/lazyFeatures.ts',
  'src/ui/ui.ts',
  'src/ui/vscodePrompts.ts',
  'src/config/index.ts',
];

const lazyExternals = {
  name: 'lazy-externals',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\/[\w/]+$/ }, (args) => {
      const lazy = LAZY.find((l) => args.path === l.request && args.importer.replace(/\\/g, '/').endsWith(l.importer));
      return lazy ? { path: lazy.bundle, external: true } : undefined;
    });
  },
};

/**
 * One `require('vscode')` per bundle instead of one per module: VS Code's module interceptor resolves
 * the caller's real path on disk (lstat per directory) and searches its extension table on every call,
 * and a bundle evaluates each of its modules' `require('vscode')` at load. Every import of 'vscode'
 * resolves to one shared module that requires it once.
 */
const oneVscodeRequire = {
  name: 'one-vscode-require',
  setup(build) {
    build.onResolve({ filter: /^vscode$/ }, (args) =>
      args.namespace === 'vscode-api' ? { path: 'vscode', external: true } : { path: 'vscode', namespace: 'vscode-api' },
    );
    build.onLoad({ filter: /.*/, namespace: 'vscode-api' }, () => ({ contents: 'module.exports = require("vscode");', loader: 'js' }));
  },
};

const common = {
  bundle: true,
  minify: production,
  sourcemap: !production,
  logLevel: 'warning',
  legalComments: 'none',
};

const builds = [
  {
    ...common,
    entryPoints: ['src/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    plugins: [lazyExternals, oneVscodeRequire],
  },
  ...LAZY.map((l) => ({
    ...common,
    entryPoints: [l.entry],
    outfile: `dist/${l.bundle.slice(2)}`,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
    mainFields: ['module', 'main'],
    plugins: [lazyExternals, oneVscodeRequire],
    metafile: true,
  })),
];
if (existsSync('src/config/lintCli.ts')) {
  builds.push({
    ...common,
    entryPoints: ['src/config/lintCli.ts'],
    outfile: 'dist/lint.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  });
}
if (existsSync('media/monitor/src/main.ts')) {
  // CSS imported by the page (uPlot's, the codicons) lands beside it as monitor.css, the icon font as a file.
  builds.push({
    ...common,
    entryPoints: ['media/monitor/src/main.ts'],
    outfile: 'media/monitor/out/monitor.js',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
    loader: { '.ttf': 'file' },
  });
  builds.push({
    ...common,
    entryPoints: ['media/monitor/src/filterWorker.ts'],
    outfile: 'media/monitor/out/filterWorker.js',
    platform: 'browser',
    format: 'iife',
    target: 'chrome120',
  });
}

if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
  console.log('watching…');
} else {
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  const copies = results.flatMap((r) =>
    Object.entries(r.metafile?.outputs ?? {}).flatMap(([bundle, { inputs }]) =>
      ONE_INSTANCE.filter((m) => m in inputs).map((m) => `${bundle} contains ${m}`),
    ),
  );
  if (copies.length) {
    console.error(`A lazily loaded bundle holds a second copy of shared state (pass the object in instead):\n  ${copies.join('\n  ')}`);
    process.exit(1);
  }
}
