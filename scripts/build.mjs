// Bundles the extension with esbuild:
//   dist/extension.js  the extension host entry (CommonJS, `vscode` external, no AWS SDK inside)
//   dist/aws.js        everything under src/aws that talks to AWS; loaded lazily on the first AWS call
//   dist/lint.js       the apprunner.yaml command-line linter
//   media/monitor/out/monitor.js  the monitor webview (browser), with monitor.css and the codicon font
import * as esbuild from 'esbuild';
import { existsSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Keeps the lazy AWS boundary: `import('./sdk')` in src/aws/lazy.ts becomes require('./aws.js') at run time. */
const awsExternal = {
  name: 'aws-external',
  setup(build) {
    build.onResolve({ filter: /^\.\/sdk$/ }, (args) =>
      args.importer.endsWith('lazy.ts') ? { path: './aws.js', external: true } : undefined,
    );
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
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], plugins: [awsExternal] },
  { ...common, entryPoints: ['src/aws/sdk.ts'], outfile: 'dist/aws.js', platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], mainFields: ['module', 'main'] },
];
if (existsSync('src/config/lintCli.ts')) {
  builds.push({ ...common, entryPoints: ['src/config/lintCli.ts'], outfile: 'dist/lint.js', platform: 'node', format: 'cjs', target: 'node20', banner: { js: '#!/usr/bin/env node' } });
}
if (existsSync('media/monitor/src/main.ts')) {
  // CSS imported by the page (uPlot's, the codicons) lands beside it as monitor.css, the icon font as a file.
  builds.push({ ...common, entryPoints: ['media/monitor/src/main.ts'], outfile: 'media/monitor/out/monitor.js', platform: 'browser', format: 'iife', target: 'chrome120', loader: { '.ttf': 'file' } });
}

if (watch) {
  for (const b of builds) {
    const ctx = await esbuild.context(b);
    await ctx.watch();
  }
  console.log('watching…');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
