import fc from 'fast-check';
import { parseEffect } from '../../src/faults/effect-spelling.js';
import type { RouteSpec } from './routes.js';

/** What one generated request carries besides its route; `token` slots are filled with live tokens. */
export interface BadRequest {
  body: string | undefined;
  contentType: string | undefined;
  clientId: string | undefined;
  envId: string | undefined;
  authorization: Auth;
  fault: string | undefined;
  query: Record<string, string>;
  pathId: string;
}

/** How the Authorization header is built: from the caller's live token, another client's, or junk. */
export type Auth =
  | { kind: 'own' }
  | { kind: 'other-client' }
  | { kind: 'tampered'; at: number }
  | { kind: 'none' }
  | { kind: 'raw'; value: string };

/** Characters a header value may hold on the wire: tab, visible ASCII, Latin-1. */
const headerChar = fc.oneof(
  fc.integer({ min: 0x20, max: 0x7e }),
  fc.integer({ min: 0x80, max: 0xff }),
  fc.constant(0x09),
).map((c) => String.fromCharCode(c));
export const headerText = (maxLength = 80) => fc.string({ unit: headerChar, maxLength });

const junkString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\u0000', '\n', '"', '{}', '[]', 'null', '-1', '1e400', 'NaN', '../../etc/passwd', '__proto__', 'a'.repeat(300), '😀'.repeat(40), '%00', '<script>'),
);

/** Any JSON value, with the shapes validators trip on weighted in: wrong primitives, lists, nesting. */
const junkValue: fc.Arbitrary<unknown> = fc.oneof(
  { arbitrary: junkString, weight: 3 },
  { arbitrary: fc.oneof(fc.integer(), fc.double(), fc.constantFrom(0, -1, 2 ** 53, 1e308, -0)), weight: 2 },
  { arbitrary: fc.boolean(), weight: 1 },
  { arbitrary: fc.constant(null), weight: 1 },
  { arbitrary: fc.jsonValue({ maxDepth: 3 }), weight: 2 },
  { arbitrary: fc.constantFrom({ $incr_by: 'x' }, { $append: 1 }, { $update: [] }, { $pop: 2 }, { $unknown: 1 }, { $incr_by: 1, other: 2 }), weight: 1 },
);

/** Keys that reach Object.prototype when code is careless. */
const TRICKY_KEYS = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '$where', ''];

/** An object with the route's own field names (and tricky ones) holding values of any type. */
function fieldObject(fields: readonly string[]): fc.Arbitrary<Record<string, unknown>> {
  const key = fields.length > 0 ? fc.oneof({ arbitrary: fc.constantFrom(...fields), weight: 4 }, fc.constantFrom(...TRICKY_KEYS), fc.string({ maxLength: 12 })) : fc.oneof(fc.constantFrom(...TRICKY_KEYS), fc.string({ maxLength: 12 }));
  return fc.dictionary(key, junkValue, { maxKeys: 8 });
}

/** JSON text that does not parse: a cut-off document, stray text or a wrong encoding of one. */
const malformedJson = fc.oneof(
  fc.tuple(fc.jsonValue({ maxDepth: 2 }), fc.nat()).map(([v, n]) => {
    const text = JSON.stringify({ v });
    return text.slice(0, 1 + (n % (text.length - 1)));
  }),
  fc.constantFrom('{', '{"a":', "{'a': 1}", '{"a":1,}', 'undefined', '\u0000', '{"a": 1}}', '[1,2', 'True'),
  fc.string({ maxLength: 60 }).filter((s) => !parses(s)),
);

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/**
 * A generated value as a form field. String() throws for objects whose `toString` or `valueOf` keys
 * hold data (fast-check makes such objects), so those are sent as their JSON text.
 */
function formValue(v: unknown): string {
  try {
    return String(v);
  } catch {
    return JSON.stringify(v) ?? '';
  }
}

export function bodyFor(route: RouteSpec): fc.Arbitrary<string | undefined> {
  return fc.oneof(
    { arbitrary: fieldObject(route.fields).map((o) => JSON.stringify(o)), weight: 5 },
    { arbitrary: fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v)), weight: 2 },
    { arbitrary: malformedJson, weight: 2 },
    { arbitrary: fc.constantFrom(undefined, '', '   '), weight: 1 },
    { arbitrary: fieldObject(route.fields).map((o) => new URLSearchParams(Object.entries(o).map(([k, v]) => [k, formValue(v)])).toString()), weight: 1 },
    { arbitrary: fc.string({ maxLength: 30 }).map((s) => `--x\r\nContent-Disposition: form-data; name="code"\r\n\r\n${s}\r\n--x--\r\n`), weight: 1 },
  );
}

const contentType = fc.oneof(
  { arbitrary: fc.constant('application/json'), weight: 6 },
  {
    arbitrary: fc.constantFrom(
      undefined,
      'text/plain',
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'application/xml',
      'application/json; charset=utf-16',
      'application/octet-stream',
      'json',
    ),
    weight: 3,
  },
  { arbitrary: headerText(40), weight: 1 },
);

/** X-Mock-Fault values that are not a fault: a valid one would be obeyed, 5xx included, by design. */
const junkFault = headerText(30).filter((value) => {
  const t = value.trim();
  try {
    parseEffect(t.startsWith('{') ? JSON.parse(t) : t, 'X-Mock-Fault');
    return false;
  } catch {
    return true;
  }
});

const auth: fc.Arbitrary<Auth> = fc.oneof(
  { arbitrary: fc.constant({ kind: 'own' as const }), weight: 6 },
  { arbitrary: fc.constant({ kind: 'other-client' as const }), weight: 1 },
  { arbitrary: fc.nat().map((at) => ({ kind: 'tampered' as const, at })), weight: 1 },
  { arbitrary: fc.constant({ kind: 'none' as const }), weight: 1 },
  { arbitrary: fc.oneof(headerText(60), headerText(40).map((s) => `Hydrogen-r1 ${s}`), fc.constantFrom('Hydrogen-r1', 'Hydrogen-r1 ', 'Bearer abc', 'hydrogen-r1 x.y', 'Hydrogen-r1 a.b.c', `Hydrogen-r1 ${'A'.repeat(3000)}.x`)).map((value) => ({ kind: 'raw' as const, value })), weight: 2 },
);

export function requestFor(route: RouteSpec, demoClientId: string): fc.Arbitrary<BadRequest> {
  const withBody = route.method !== 'GET';
  return fc.record({
    body: withBody ? bodyFor(route) : fc.constant(undefined),
    contentType: withBody ? contentType : fc.constant(undefined),
    clientId: fc.oneof(
      { arbitrary: fc.constant(demoClientId), weight: 6 },
      { arbitrary: fc.constantFrom(undefined, '', ' ', 'constructor', '__proto__', 'fuzz-other', 'a'.repeat(65), '../x'), weight: 2 },
      { arbitrary: headerText(70), weight: 2 },
    ),
    envId: fc.oneof({ arbitrary: fc.constant(undefined), weight: 6 }, fc.constantFrom('', 'test', 'constructor'), headerText(70)),
    authorization: route.auth ? auth : fc.oneof({ arbitrary: fc.constant({ kind: 'none' as const }), weight: 3 }, auth),
    fault: fc.oneof({ arbitrary: fc.constant(undefined), weight: 8 }, junkFault),
    query: fc.dictionary(
      route.fields.length > 0 && !withBody ? fc.oneof({ arbitrary: fc.constantFrom(...route.fields), weight: 4 }, fc.string({ maxLength: 8 })) : fc.string({ maxLength: 8 }),
      fc.oneof(junkString, fc.integer().map(String), fc.jsonValue({ maxDepth: 2 }).map((v) => JSON.stringify(v))),
      { maxKeys: 4 },
    ),
    // `.` and `..` are not ids: URL resolution turns them into another path.
    pathId: fc.oneof(fc.string({ maxLength: 30 }), fc.constantFrom('0', '-1', '310000000000001', '9'.repeat(40), '1e3', '%', 'constructor', '__proto__')).filter((id) => id !== '.' && id !== '..'),
  });
}
