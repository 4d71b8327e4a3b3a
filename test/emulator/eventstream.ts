// AWS event-stream message encoding (application/vnd.amazon.eventstream) for streaming
// responses such as CloudWatch Logs StartLiveTail. The binary framing (prelude, headers,
// payload, CRC32s) comes from @smithy/eventstream-codec; this file only fixes the headers
// the SDK expects for modeled events and exceptions.
import { EventStreamCodec } from '@smithy/eventstream-codec';

const codec = new EventStreamCodec(
  (bytes: Uint8Array) => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8'),
  (text: string) => new Uint8Array(Buffer.from(text, 'utf8')),
);

function jsonBody(payload: unknown): Uint8Array {
  return new Uint8Array(Buffer.from(JSON.stringify(payload), 'utf8'));
}

/** A modeled event of the stream union, e.g. `sessionUpdate` with its JSON payload. */
export function encodeEvent(eventType: string, payload: unknown): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'event' },
      ':event-type': { type: 'string', value: eventType },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: jsonBody(payload),
  });
}

/** A modeled exception member of the stream union; the SDK iterator throws an error with this name. */
export function encodeException(exceptionType: string, message: string): Uint8Array {
  return codec.encode({
    headers: {
      ':message-type': { type: 'string', value: 'exception' },
      ':exception-type': { type: 'string', value: exceptionType },
      ':content-type': { type: 'string', value: 'application/json' },
    },
    body: jsonBody({ message }),
  });
}

/**
 * The first message of an awsJson event stream: the operation's output members that are not the stream
 * (none for StartLiveTail). botocore and the AWS CLI refuse a stream that does not start with it.
 */
export function encodeInitialResponse(payload: Record<string, unknown> = {}): Uint8Array {
  return encodeEvent('initial-response', payload);
}
