import type { HttpBindings } from '@hono/node-server';
import type { Context } from 'hono';

/**
 * A request header, by its lower-case name. Served over HTTP, it comes from Node's own parsed headers:
 * `c.req.header()` checks and lower-cases the name on every call, and a silent login reads half a
 * dozen headers. Node trims values and joins repeated headers with ", " as Fetch does, except the few
 * it keeps once (Content-Type, Content-Length, Authorization…). Requests made with `app.request()`,
 * which have no Node request (or a stand-in without headers), go through Hono.
 */
export function requestHeader(c: Context, name: Lowercase<string>): string | undefined {
  const headers = (c.env as Partial<HttpBindings> | undefined)?.incoming?.headers;
  if (!headers) return c.req.header(name);
  const value = headers[name];
  return typeof value === 'string' || value === undefined ? value : value.join(', ');
}
