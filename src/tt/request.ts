import { fail, later, succeed } from './callbacks.js';
import { decodeText, exchange, failureDetail } from './http.js';
import type { RequestOptions, RequestTask } from './types.js';

/** What `tt.request` needs from the device: its timeout and whether it has a network. */
export interface RequestEnv {
  timeoutMs: number;
  online(): boolean;
}

/**
 * `tt.request` (contract A8): `success` for every HTTP status with `{statusCode, data, header}`,
 * `fail` only when no answer came (refused, reset, or the timeout reached).
 */
export function ttRequest(env: RequestEnv, options: RequestOptions): RequestTask {
  const controller = new AbortController();
  const method = (options.method ?? 'GET').toUpperCase();
  if (!env.online()) {
    later(() => fail(options, { errMsg: 'request:fail network unavailable' }));
    return { abort: () => {} };
  }
  const header = mergeHeader(options.header);
  const bodyless = method === 'GET' || method === 'HEAD';
  const url = bodyless ? withQuery(options.url, options.data) : options.url;
  const body = bodyless ? undefined : encodeBody(options.data, contentType(header));
  void exchange(url, { method, headers: header, ...(body === undefined ? {} : { body }) }, options.timeout ?? env.timeoutMs, controller.signal).then(
    (outcome) => {
      if (outcome.kind !== 'answer') return fail(options, { errMsg: `request:fail ${failureDetail(outcome)}` });
      const data = options.responseType === 'arraybuffer' ? outcome.body : parseData(decodeText(outcome.body), options.dataType ?? 'json');
      succeed(options, { statusCode: outcome.status, data, header: outcome.header, errMsg: 'request:ok' });
    },
  );
  return { abort: () => controller.abort() };
}

// The platform's default content type; a header the page sets wins, whatever its casing.
function mergeHeader(given: Record<string, string> = {}): Record<string, string> {
  const own = Object.keys(given).some((k) => k.toLowerCase() === 'content-type');
  return own ? { ...given } : { 'content-type': 'application/json', ...given };
}

const contentType = (header: Record<string, string>): string =>
  Object.entries(header).find(([k]) => k.toLowerCase() === 'content-type')?.[1] ?? '';

/** GET data becomes the query string; values that are objects go as JSON text. */
function withQuery(url: string, data: unknown): string {
  let query = '';
  if (typeof data === 'string') query = data;
  else if (data !== null && typeof data === 'object') {
    query = Object.entries(data as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(typeof v === 'object' && v !== null ? JSON.stringify(v) : String(v))}`)
      .join('&');
  }
  if (!query) return url;
  return url + (url.includes('?') ? '&' : '?') + query;
}

function encodeBody(data: unknown, type: string): BodyInit | undefined {
  if (data === undefined) return undefined;
  if (typeof data === 'string' || data instanceof ArrayBuffer || ArrayBuffer.isView(data)) return data as BodyInit;
  if (/x-www-form-urlencoded/i.test(type) && data !== null && typeof data === 'object') {
    return new URLSearchParams(Object.entries(data as Record<string, unknown>).map(([k, v]) => [k, String(v)])).toString();
  }
  return JSON.stringify(data);
}

/** With dataType json the body is parsed when it is JSON, and handed over as text when it is not. */
function parseData(text: string, dataType: string): unknown {
  if (dataType !== 'json') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
