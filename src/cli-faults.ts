import { Command, Option } from 'commander';
import type { activeRuleToJson } from './faults/engine.js';
import { MAX_SEED } from './faults/random.js';
import { FaultRuleError, parseRule, parseRuleSpelling, ruleToJson, type FaultRuleSpec } from './faults/rules.js';
import { readScenarioFile } from './faults/scenario.js';
import { DEFAULT_PORT } from './options.js';
import { StartError, type FaultSetup } from './server.js';

/** A fault flag or command that cannot be carried out; the message (and hint) say what to change. */
export class FaultCommandError extends StartError {}

export interface FaultFlags {
  fault?: string[] | undefined;
  scenario?: string | undefined;
  seed?: string | number | undefined;
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

/** Adds `--fault <rule>` (repeatable), `--scenario <file>` and `--seed <n>` to the `start` command. */
export function addFaultStartOptions(command: Command): Command {
  return command
    .addOption(new Option('--fault <operation=effect[:times]>', 'a fault rule, e.g. silent-login=404 or authenticate=603:once (repeatable)').argParser(collect))
    .addOption(new Option('--scenario <file>', 'a JSON file of fault rules (see fixtures/scenarios/)').env('TT_BAAS_MOCK_SCENARIO'))
    .addOption(new Option('--seed <n>', 'seed for fault probabilities, to repeat a run').env('TT_BAAS_MOCK_SEED'));
}

/** Turns the start flags into the rules and seed `startServer` takes: the scenario's rules first. */
export function faultSetupFromFlags(flags: FaultFlags): FaultSetup & { rules: FaultRuleSpec[] } {
  const rules: FaultRuleSpec[] = [];
  try {
    if (flags.scenario) rules.push(...readScenarioFile(flags.scenario));
  } catch (err) {
    if (err instanceof FaultRuleError) throw new FaultCommandError(`--scenario ${err.message}`);
    throw err;
  }
  for (const text of flags.fault ?? []) {
    try {
      rules.push(parseRuleSpelling(text, `--fault ${text}`));
    } catch (err) {
      if (err instanceof FaultRuleError) throw new FaultCommandError(err.message);
      throw err;
    }
  }
  return { rules, seed: flags.seed === undefined ? undefined : parseSeed(String(flags.seed)) };
}

export function parseSeed(text: string): number {
  if (!/^\d+$/.test(text) || Number(text) > MAX_SEED) throw new FaultCommandError(`--seed must be a whole number from 0 to ${MAX_SEED}, got ${text}`);
  return Number(text);
}

type Write = (text: string) => void;

interface Target {
  url: string;
  token?: string;
}

interface AddFlags extends Target {
  id?: string;
  clientId?: string;
  appName?: string;
  person?: string;
  openid?: string;
  method?: string;
  probability?: string;
}

/** `tt-baas-mock fault add|list|remove|clear`: the rules of a running mock, through its control API. */
export function addFaultCommands(program: Command, out: Write = (t) => process.stdout.write(t)): Command {
  const url = () => new Option('--url <url>', 'the running mock').default(`http://127.0.0.1:${DEFAULT_PORT}`).env('TT_BAAS_MOCK_URL');
  const token = () => new Option('--token <token>', 'the control token the mock was started with').env('TT_BAAS_MOCK_CONTROL_TOKEN');
  const fault = program.command('fault').description('add, list and remove fault rules on a running mock');

  fault
    .command('add')
    .description('add a rule, e.g. `fault add authenticate=603:once --person alice`')
    .argument('<rule>', 'operation=effect[:times][@probability]')
    .addOption(url())
    .addOption(token())
    .option('--id <id>', 'name the rule instead of getting f1, f2, …')
    .option('--client-id <id>', 'only requests of this 知晓云 client')
    .option('--app-name <name>', 'only this host app (douyin, toutiao, …)')
    .option('--person <name>', 'only this fake person')
    .option('--openid <openid>', 'only this openid')
    .option('--method <method>', 'only this HTTP method')
    .option('--probability <p>', 'chance of firing, 0 to 1')
    .action(async (text: string, flags: AddFlags) => {
      let rule;
      try {
        const json: Record<string, unknown> = { ...ruleToJson(parseRuleSpelling(text, text)) };
        json.match = {
          ...(flags.clientId ? { client_id: flags.clientId } : {}),
          ...(flags.appName ? { app_name: flags.appName } : {}),
          ...(flags.person ? { person: flags.person } : {}),
          ...(flags.openid ? { openid: flags.openid } : {}),
          ...(flags.method ? { method: flags.method } : {}),
        };
        if (flags.id) json.id = flags.id;
        if (flags.probability !== undefined) json.probability = flags.probability;
        rule = ruleToJson(parseRule(json));
      } catch (err) {
        if (err instanceof FaultRuleError) throw new FaultCommandError(err.message);
        throw err;
      }
      const body = await call(flags, 'POST', '/__mock/faults', rule);
      for (const r of (body as { rules: ReturnType<typeof activeRuleToJson>[] }).rules) out(`added ${describe(r)}\n`);
    });

  fault
    .command('list')
    .description('list the rules, with how often each has fired')
    .addOption(url())
    .addOption(token())
    .option('--json', 'print the JSON of GET /__mock/faults')
    .action(async (flags: Target & { json?: boolean }) => {
      const body = (await call(flags, 'GET', '/__mock/faults')) as { seed: number; rules: ReturnType<typeof activeRuleToJson>[] };
      if (flags.json) return out(JSON.stringify(body, null, 2) + '\n');
      if (body.rules.length === 0) return out('no fault rules\n');
      for (const r of body.rules) out(`${describe(r)}\n`);
    });

  fault
    .command('remove')
    .description('remove one rule')
    .argument('<id>', 'the rule id (see fault list)')
    .addOption(url())
    .addOption(token())
    .action(async (id: string, flags: Target) => {
      await call(flags, 'DELETE', `/__mock/faults/${encodeURIComponent(id)}`);
      out(`removed ${id}\n`);
    });

  fault
    .command('clear')
    .description('remove every rule')
    .addOption(url())
    .addOption(token())
    .action(async (flags: Target) => {
      const body = (await call(flags, 'DELETE', '/__mock/faults')) as { removed: number };
      out(`removed ${body.removed} rule${body.removed === 1 ? '' : 's'}\n`);
    });

  return fault;
}

/** `f1 silent-login=404 once (1 left, fired 0) person=alice`. */
function describe(r: ReturnType<typeof activeRuleToJson>): string {
  const effect = typeof r.effect === 'string' ? r.effect : JSON.stringify(r.effect);
  const times = r.times === null ? 'always' : `${r.remaining} of ${r.times} left${r.spent ? ' (spent)' : ''}`;
  const chance = r.probability < 1 ? ` p=${r.probability}` : '';
  const match = Object.entries(r.match ?? {}).map(([k, v]) => ` ${k}=${v}`).join('');
  return `${r.id} ${r.operation}=${effect} ${times}, fired ${r.fired}${chance}${match}`;
}

async function call({ url: base, token }: Target, method: string, path: string, body?: unknown): Promise<unknown> {
  let res: Response;
  const target = base.replace(/\/+$/, '') + path;
  const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
  try {
    res = await fetch(target, {
      method,
      ...(body === undefined ? { headers } : { headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify(body) }),
    });
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
    throw new FaultCommandError(`cannot reach the mock at ${base} (${cause})`, 'Is it running? Start it with `tt-baas-mock start`, or pass --url.');
  }
  const text = await res.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new FaultCommandError(`${base} answered ${method} ${path} with HTTP ${res.status} and no JSON; is it a tt-baas-mock?`);
  }
  if (!res.ok) {
    const mock = (parsed as { mock?: { error?: string; hint?: string } }).mock;
    throw new FaultCommandError(mock?.error ?? `HTTP ${res.status}`, mock?.hint);
  }
  return parsed;
}
