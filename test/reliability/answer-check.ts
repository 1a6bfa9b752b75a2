import type { Area, RouteSpec } from './routes.js';
import type { BadRequest } from './arbitraries.js';

/** Live tokens the generated Authorization headers are built from. */
export interface Tokens {
  own: string;
  otherClient: string;
}

/** The path and fetch init of one generated request. */
export function buildRequest(route: RouteSpec, r: BadRequest, tokens: Tokens): { path: string; init: RequestInit } {
  let path = route.path.replace(':id', encodeURIComponent(r.pathId));
  const query = new URLSearchParams(r.query).toString();
  if (query) path += `?${query}`;
  const headers: Record<string, string> = {};
  if (r.contentType !== undefined) headers['content-type'] = r.contentType;
  if (r.clientId !== undefined) headers['X-Hydrogen-Client-ID'] = r.clientId;
  if (r.envId !== undefined) headers['X-Hydrogen-Env-ID'] = r.envId;
  if (r.fault !== undefined) headers['X-Mock-Fault'] = r.fault;
  const auth = r.authorization;
  if (auth.kind === 'own') headers.Authorization = `Hydrogen-r1 ${tokens.own}`;
  else if (auth.kind === 'other-client') headers.Authorization = `Hydrogen-r1 ${tokens.otherClient}`;
  else if (auth.kind === 'tampered') headers.Authorization = `Hydrogen-r1 ${tamper(tokens.own, auth.at)}`;
  else if (auth.kind === 'raw') headers.Authorization = auth.value;
  const init: RequestInit = { method: route.method, headers };
  if (r.body !== undefined && route.method !== 'GET') init.body = r.body;
  return { path, init };
}

/** The token with one character changed: the signature no longer matches. */
function tamper(token: string, at: number): string {
  const i = at % token.length;
  const swapped = token[i] === 'A' ? 'B' : 'A';
  return token.slice(0, i) + swapped + token.slice(i + 1);
}

/**
 * What is wrong with an answer, or null: never a 5xx; always JSON; an error names its problem in the
 * envelope of its area (知晓云 error_msg, the platform's err_tips / errmsg, the mock's own mock.error).
 */
export function answerProblem(area: Area, path: string, status: number, text: string, faultHeader = false): string | null {
  if (status >= 500) return `answered ${status}: ${text.slice(0, 300)}`;
  let body: any;
  try {
    body = JSON.parse(text);
  } catch {
    return `answered ${status} with a body that is not JSON: ${text.slice(0, 200)}`;
  }
  const nonEmpty = (v: unknown) => typeof v === 'string' && v.trim() !== '';
  // Where the answer comes from depends on the path it reached, not on the route that was aimed at.
  const answeredBy: Area = path.startsWith('/hserve/') ? 'baas' : path.startsWith('/__mock') ? 'control' : area;
  if (answeredBy === 'platform' && status === 200) {
    if (body.err_no !== undefined && body.err_no !== 0 && !nonEmpty(body.err_tips)) return `err_no ${body.err_no} without err_tips`;
    if (body.errcode !== undefined && !nonEmpty(body.errmsg)) return `errcode ${body.errcode} without errmsg`;
    return null;
  }
  if (status < 400) return null;
  // A bad X-Mock-Fault is the mock's own complaint, on every path, so it is never taken for production's.
  if (faultHeader && nonEmpty(body.mock?.error) && body.mock.field === 'X-Mock-Fault') return null;
  if (answeredBy === 'baas') {
    if (body.status !== 'error' || !nonEmpty(body.error_msg)) return `${status} without {status: "error", error_msg}: ${text.slice(0, 200)}`;
  } else if (answeredBy === 'platform') {
    if (!nonEmpty(body.err_tips) && !nonEmpty(body.errmsg) && !nonEmpty(body.mock?.error)) return `${status} without err_tips, errmsg or mock.error: ${text.slice(0, 200)}`;
  } else if (!nonEmpty(body.mock?.error)) {
    return `${status} without mock.error: ${text.slice(0, 200)}`;
  }
  return null;
}

/** Whether a request that was refused (4xx, or a platform error) left the store as it was. */
export function isRefusal(area: Area, status: number, text: string): boolean {
  if (status >= 400) return true;
  if (area !== 'platform') return false;
  try {
    const body = JSON.parse(text);
    return (body.err_no !== undefined && body.err_no !== 0) || body.errcode !== undefined;
  } catch {
    return false;
  }
}
