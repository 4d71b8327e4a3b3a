// The monitor page's filter worker: matches chunks of lines against a regular expression, off
// the page's main thread (see src/monitor/regexMatcher.ts for why and how it is supervised).
import { MatchReply, MatchRequest, MatchStarted, serveMatchRequest } from '../../../src/monitor/regexMatcher';
import type { RowFilter } from '../../../src/monitor/logBuffer';

const scope = self as unknown as {
  onmessage: (event: MessageEvent<MatchRequest>) => void;
  postMessage(message: MatchStarted | MatchReply): void;
};
const compiled = new Map<string, RowFilter>();
scope.onmessage = (event) => serveMatchRequest(event.data, compiled, (message) => scope.postMessage(message));
