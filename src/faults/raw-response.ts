import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { AppContext } from '../context.js';
import { ControlError } from '../errors.js';

/** Header that carries the real status when a status outside 200–599 is answered in process. */
export const RAW_STATUS_HEADER = 'x-mock-status';

/**
 * What a handler returns after it answered through the Node response itself: @hono/node-server sees
 * the marker header and writes nothing more. A new instance each time, because Hono copies headers
 * into the response it is given.
 */
export const alreadySent = (): Response => new Response(null, { headers: RESPONSE_ALREADY_SENT.headers });

/**
 * Answers with any status, 603 included, and a JSON body. The WHATWG Response refuses statuses outside
 * 200–599, so Hono cannot build this answer (contract D); it is written to the Node response instead,
 * after the store has flushed, as every answer is. Return what it resolves to from the handler.
 *
 * In process (`app.request()`, no socket) there is no Node response: the answer then has HTTP status
 * 599 and the real one in the X-Mock-Status header.
 */
export async function writeRawStatus(c: AppContext, status: number, body: unknown): Promise<Response> {
  if (!Number.isInteger(status) || status < 200 || status > 999) throw new RangeError(`status ${status} is out of range 200..999`);
  await c.get('deps').store.flushed();
  c.set('sentStatus', status);
  const text = JSON.stringify(body);
  const headers: Record<string, string> = {};
  // Headers set before the handler (CORS on /hserve/) are on c.res already.
  c.res.headers.forEach((value, key) => {
    headers[key] = value;
  });
  headers['content-type'] = 'application/json; charset=UTF-8';
  const outgoing = c.env?.outgoing;
  if (!outgoing) {
    if (status <= 599) return new Response(text, { status, headers });
    return new Response(text, { status: 599, headers: { ...headers, [RAW_STATUS_HEADER]: String(status) } });
  }
  if (!outgoing.headersSent && !outgoing.destroyed) {
    outgoing.writeHead(status, { ...headers, 'content-length': String(Buffer.byteLength(text)) });
    outgoing.end(text);
  }
  return alreadySent();
}

/** The status an answer really had: X-Mock-Status when it was answered in process, else its status. */
export function statusOf(res: Response): number {
  const raw = res.headers.get(RAW_STATUS_HEADER);
  return raw ? Number(raw) : res.status;
}

/**
 * Ends the connection without an answer: the client sees its socket close (reset, or a timeout's bound
 * reached). In process there is no connection to cut, so the mock says what would have happened.
 */
export function dropConnection(c: AppContext, what: 'reset' | 'timeout', ms?: number): Response {
  const incoming = c.env?.incoming;
  if (!incoming) {
    const message = what === 'reset'
      ? 'fault reset: the connection would have been reset'
      : `fault timeout: no answer; the connection would have been closed after ${ms} ms`;
    throw new ControlError(what === 'reset' ? 502 : 504, message, 'Socket faults need a real connection: start the mock with startServer() and use fetch.');
  }
  c.set('sentStatus', null);
  incoming.socket.destroy();
  return alreadySent();
}
