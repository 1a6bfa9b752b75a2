import { Hono } from 'hono';
import { op, type AppContext, type AppEnv } from '../context.js';
import { ControlError, controlFieldError } from '../errors.js';
import { activeRuleToJson, DuplicateRuleError } from '../faults/engine.js';
import { statusTest } from '../faults/journal.js';
import { FAULT_OPERATIONS } from '../faults/operations.js';
import { FaultRuleError, parseRule, type FaultRuleSpec } from '../faults/rules.js';
import { parseScenario } from '../faults/scenario.js';
import { Fields, readJsonObject } from '../validate.js';

/** Fault rules, the request journal and the clock, under /__mock/ (WireMock's and toxiproxy's shape). */
export const faultRoutes = new Hono<AppEnv>();

const RULE_HINT = 'A rule is {"operation": "silent-login", "effect": "404", "times": 1}, or the string "silent-login=404:once".';

/** Takes one rule (object or spelling), a list of rules, or a scenario `{"rules": [...]}`. */
faultRoutes.post('/__mock/faults', op('faults'), async (c) => {
  const body = await readJson(c);
  const engine = c.get('deps').faults;
  const many = Array.isArray(body) || (isObject(body) && 'rules' in body);
  const added = ruleErrors(() => {
    const specs: FaultRuleSpec[] = many ? parseScenario(body) : [parseRule(body)];
    return engine.addParsed(specs);
  });
  return c.json({ rules: added.map(activeRuleToJson) }, 201);
});

faultRoutes.get('/__mock/faults', op('faults'), (c) => {
  const engine = c.get('deps').faults;
  return c.json({ seed: engine.seed, rules: engine.list().map(activeRuleToJson), operations: FAULT_OPERATIONS });
});

faultRoutes.delete('/__mock/faults', op('faults'), (c) => c.json({ status: 'ok', removed: c.get('deps').faults.clear() }));

faultRoutes.get('/__mock/faults/:id', op('faults'), (c) => {
  const rule = c.get('deps').faults.get(c.req.param('id'));
  if (!rule) throw noSuchRule(c.req.param('id'));
  return c.json(activeRuleToJson(rule));
});

faultRoutes.delete('/__mock/faults/:id', op('faults'), (c) => {
  const id = c.req.param('id');
  if (!c.get('deps').faults.remove(id)) throw noSuchRule(id);
  return c.json({ status: 'ok', removed: id });
});

/** Newest first; `?operation=`, `?client_id=`, `?status=` (404, 4xx or none) and `?limit=` narrow it. */
faultRoutes.get('/__mock/requests', op('requests'), (c) => {
  const q = (name: string) => c.req.query(name) || undefined;
  const limitText = q('limit');
  if (limitText !== undefined && !/^[1-9]\d*$/.test(limitText)) throw new ControlError(400, 'limit: must be a whole number of at least 1', undefined, 'limit');
  try {
    statusTest(q('status'));
  } catch (err) {
    throw new ControlError(400, (err as Error).message, undefined, 'status');
  }
  const requests = c.get('deps').journal.list({
    operation: q('operation'),
    clientId: q('client_id'),
    status: q('status'),
    limit: limitText === undefined ? undefined : Number(limitText),
  });
  return c.json({ requests });
});

faultRoutes.delete('/__mock/requests', op('requests'), (c) => c.json({ status: 'ok', removed: c.get('deps').journal.clear() }));

/** Moves the mock's clock forward: codes and sessions expire without waiting (`{"seconds": 301}`). */
faultRoutes.post('/__mock/clock', op('clock'), async (c) => {
  const f = new Fields(await readJsonObject(c, controlFieldError), controlFieldError);
  const seconds = f.raw('seconds');
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0 || seconds > 100 * 365 * 86400) {
    throw new ControlError(400, 'seconds: must be a number of seconds from 0 to 3153600000 (the clock only moves forward)', undefined, 'seconds');
  }
  const clock = c.get('deps').clock as { advance?: (ms: number) => void; now(): number };
  if (typeof clock.advance !== 'function') throw new ControlError(409, 'clock: this mock runs on a clock that cannot be moved');
  clock.advance(seconds * 1000);
  const now = clock.now();
  return c.json({ status: 'ok', now: new Date(now).toISOString(), now_ms: now });
});

async function readJson(c: AppContext): Promise<unknown> {
  const text = await c.req.text();
  if (text.trim() === '') throw new ControlError(400, 'body: a rule, a list of rules or a scenario is required', RULE_HINT, 'body');
  try {
    return JSON.parse(text);
  } catch {
    throw new ControlError(400, 'body: is not valid JSON', RULE_HINT, 'body');
  }
}

function ruleErrors<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof DuplicateRuleError) throw new ControlError(409, err.message, 'Remove it first (DELETE /__mock/faults/<id>) or pick another id.', err.field);
    if (err instanceof FaultRuleError) throw new ControlError(400, err.message, RULE_HINT, err.field);
    throw err;
  }
}

const noSuchRule = (id: string) => new ControlError(404, `no fault rule with id ${id}`, 'GET /__mock/faults lists the rules.');

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
