// Starting the filter worker in a webview. A webview may not start a worker from its
// extension's files directly (they are on another origin), so the page fetches the bundled
// script (media/monitor/out/filterWorker.js, allowed by the CSP's connect-src) once and starts
// workers from a blob of it (worker-src blob:).
import type { MatcherEnvironment, MatchRequest } from '../../../src/monitor/regexMatcher';

export function browserMatcherEnvironment(scriptUrl: string | undefined): MatcherEnvironment {
  let blobUrl: Promise<string> | undefined;
  const loadScript = async (): Promise<string> => {
    if (!scriptUrl) throw new Error('the page was not told where the filter worker is');
    const response = await fetch(scriptUrl);
    if (!response.ok) throw new Error(`loading the filter worker answered ${response.status}`);
    return URL.createObjectURL(new Blob([await response.text()], { type: 'text/javascript' }));
  };
  return {
    startWorker(reply, fail) {
      let worker: Worker | undefined;
      let terminated = false;
      const waiting: MatchRequest[] = [];
      blobUrl ??= loadScript();
      blobUrl.then(
        (url) => {
          if (terminated) return;
          worker = new Worker(url);
          worker.onmessage = (event) => reply(event.data);
          worker.onerror = (event) => {
            event.preventDefault();
            fail(event.message || 'the filter worker stopped');
          };
          for (const request of waiting) worker.postMessage(request);
          waiting.length = 0;
        },
        (err: unknown) => {
          blobUrl = undefined;
          fail(err instanceof Error ? err.message : String(err));
        },
      );
      return {
        post: (request) => (worker ? worker.postMessage(request) : waiting.push(request)),
        terminate: () => {
          terminated = true;
          worker?.terminate();
        },
      };
    },
    setTimer: (callback, ms) => window.setTimeout(callback, ms),
    clearTimer: (handle) => window.clearTimeout(handle as number),
  };
}
