import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { answerProblem, type Tokens } from './answer-check.js';
import { fuzzRoute, type Target } from './fuzz-route.js';
import { BODY_ROUTES, ROUTES } from './routes.js';
import { seedFromEnv } from './seeded-random.js';
import { DEMO, expectStatus, hserve, newTestMock, type TestMock } from '../helpers.js';

/**
 * Random and malformed requests against every route, in process: bodies of every JSON type and none,
 * broken JSON, other media types, junk headers and tokens, odd path ids and query strings.
 */
const RUNS_PER_ROUTE = 150;
const seed = seedFromEnv();
let tried = 0;

afterAll(() => {
  console.log(`bad input: seed ${seed}, ${tried} requests tried on ${ROUTES.length} routes in process, none answered 5xx`);
});

interface World {
  t: TestMock;
  tokens: Tokens;
}

/** A mock with a signed-up user (whose token most requests carry) and one of another client. */
async function newWorld(): Promise<World> {
  const t = await newTestMock({ scryptCost: 16 });
  const own = await expectStatus(await hserve(t, 'POST', '/hserve/v2.1/register/username/', { username: 'fuzzer', password: 'fuzz-password' }), 201);
  const other = await expectStatus(
    await hserve(t, 'POST', '/hserve/v2.1/register/username/', { username: 'fuzzer', password: 'fuzz-password' }, { clientId: 'fuzz-other' }),
    201,
  );
  return { t, tokens: { own: own.token, otherClient: other.token } };
}

async function send(world: World, path: string, init: RequestInit) {
  const before = JSON.stringify(world.t.store.data);
  const res = await world.t.app.request(path, init);
  const text = await res.text();
  tried++;
  const after = JSON.stringify(world.t.store.data);
  return { status: res.status, text, changed: before !== after };
}

describe.each(ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s', (_name, route) => {
  it('answers random, malformed and wrongly typed requests below 500, in JSON naming the problem, and a refusal changes nothing', async () => {
    let last: World | undefined;
    const newTarget = async (): Promise<Target> => {
      const world = (last = await newWorld());
      return {
        tokens: world.tokens,
        send: async (path, init) => {
          const res = await world.t.app.request(path, init);
          return { status: res.status, text: await res.text() };
        },
        snapshot: () => JSON.stringify(world.t.store.data),
      };
    };
    tried += await fuzzRoute(route, DEMO.clientId, newTarget, RUNS_PER_ROUTE, seed);
    await expectStatus(await last!.t.request('/__mock/health'), 200);
  });
});

describe('request bodies over the 1 MiB limit', () => {
  const LIMIT = 1024 * 1024;

  it.each(BODY_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))('%s answers 413 naming the body and keeps the store', async (_name, route) => {
    const world = await newWorld();
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 64 * 1024 }), fc.boolean(), fc.boolean(), async (extra, json, declareLength) => {
        const filler = 'x'.repeat(LIMIT + extra - 8);
        const body = json ? `{"a":"${filler}"}` : `${filler}xxxxxxxx`;
        const headers: Record<string, string> = { 'content-type': json ? 'application/json' : 'text/plain', 'X-Hydrogen-Client-ID': DEMO.clientId, Authorization: `Hydrogen-r1 ${world.tokens.own}` };
        if (declareLength) headers['content-length'] = String(Buffer.byteLength(body));
        const path = route.path.replace(':id', '1');
        const answer = await send(world, path, { method: route.method, headers, body });
        const problem = answerProblem(route.area, path, answer.status, answer.text);
        if (problem) throw new Error(`${route.method} ${path} ${problem}`);
        // A snapshot may be far larger than an API body: import has its own, higher limit.
        if (route.path === '/__mock/import') expect(answer.status).toBe(400);
        else {
          expect(answer.status).toBe(413);
          expect(answer.text).toContain('body: larger than the limit of 1048576 bytes');
        }
        expect(answer.changed).toBe(false);
      }),
      { seed, numRuns: 4 },
    );
  });

  it('reads a body of exactly the limit and answers what is wrong with it instead', async () => {
    const world = await newWorld();
    const username = 'u'.repeat(LIMIT - '{"username":"","password":"p"}'.length);
    const body = JSON.stringify({ username, password: 'p' });
    expect(Buffer.byteLength(body)).toBe(LIMIT);
    const answer = await send(world, '/hserve/v2.1/register/username/', { method: 'POST', headers: { 'content-type': 'application/json', 'X-Hydrogen-Client-ID': DEMO.clientId }, body });
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.text).error_msg).toBe('username: must be 1 to 64 characters without spaces');
    expect(answer.changed).toBe(false);
  });
});
