/** What came back from one HTTP exchange, as far as a device can tell. */
export type Outcome =
  | { kind: 'answer'; status: number; header: Record<string, string>; body: ArrayBuffer }
  /** No complete answer within the bound. */
  | { kind: 'timeout' }
  /** The page called `abort()`. */
  | { kind: 'aborted' }
  /** Refused, reset or closed before an answer; `reason` is the socket's error code or message. */
  | { kind: 'failed'; reason: string };

/**
 * One fetch bounded by `timeoutMs`, body included. Statuses outside 200–599 (the mock's 603) come
 * through: the fetch of Node reads any status a server writes.
 */
export async function exchange(url: string, init: RequestInit, timeoutMs: number, abortSignal?: AbortSignal): Promise<Outcome> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  const onAbort = () => controller.abort();
  abortSignal?.addEventListener('abort', onAbort);
  try {
    const res = await fetch(url, { ...init, signal: controller.signal });
    const body = await res.arrayBuffer();
    const header: Record<string, string> = {};
    res.headers.forEach((value, key) => {
      header[key] = value;
    });
    return { kind: 'answer', status: res.status, header, body };
  } catch (err) {
    if (timedOut) return { kind: 'timeout' };
    if (abortSignal?.aborted) return { kind: 'aborted' };
    const cause = (err as { cause?: { code?: string; message?: string } }).cause;
    return { kind: 'failed', reason: cause?.code ?? cause?.message ?? (err as Error).message };
  } finally {
    clearTimeout(timer);
    abortSignal?.removeEventListener('abort', onAbort);
  }
}

/** The errMsg detail of an exchange that got no answer. */
export function failureDetail(outcome: Exclude<Outcome, { kind: 'answer' }>): string {
  if (outcome.kind === 'timeout') return 'timeout';
  if (outcome.kind === 'aborted') return 'abort';
  return outcome.reason;
}

export const decodeText = (body: ArrayBuffer): string => new TextDecoder().decode(body);
