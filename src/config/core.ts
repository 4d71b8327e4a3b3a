// Everything the editor adapter needs from the pure core, behind one module so that the adapter
// can load it (and with it the YAML parser and the schema) on first use rather than at activation.
export { completeAt } from './completion';
export { hoverAt } from './hover';
export { quickFixesFor } from './quickFixes';
export { validateConfig } from './validator';
export { diagnosticsToPublish } from './otherProviders';
