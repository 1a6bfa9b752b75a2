import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addFaultCommands, addFaultStartOptions, FaultCommandError, faultSetupFromFlags } from '../../src/cli-faults.js';
import { FaultRuleError } from '../../src/faults/rules.js';
import { parseScenario, readScenarioFile } from '../../src/faults/scenario.js';
import { liveMock } from './live-mock.js';

const scenario = (name: string) => `fixtures/scenarios/${name}.json`;

function tempFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), 'tt-baas-mock-scenario-')), 'scenario.json');
  writeFileSync(file, text);
  return file;
}

describe('fixtures/scenarios', () => {
  it('no-account makes the next silent login and authenticate answer 404', () => {
    expect(readScenarioFile(scenario('no-account')).map((r) => [r.operation, r.effect.type, r.times])).toEqual([
      ['silent-login', '404', 1],
      ['authenticate', '404', 1],
    ]);
  });

  it('user-refuses makes tt.getUserInfo deny, and user-refuses-603 makes authenticate answer 603', () => {
    expect(readScenarioFile(scenario('user-refuses')).map((r) => [r.operation, r.effect.type])).toEqual([['tt.getUserInfo', 'deny']]);
    expect(readScenarioFile(scenario('user-refuses-603')).map((r) => [r.operation, r.effect.type])).toEqual([['authenticate', '603']]);
  });

  it('platform-timeout holds code2session for the platform bound of 60 s', () => {
    expect(readScenarioFile(scenario('platform-timeout')).map((r) => r.effect)).toEqual([{ type: 'timeout', ms: 60_000 }]);
  });
});

describe('parseScenario', () => {
  it('takes a bare list of rules', () => {
    expect(parseScenario(['login=404', { operation: 'logout', effect: 'reset' }]).map((r) => r.operation)).toEqual(['login', 'logout']);
  });

  it('names the rule and field that are wrong', () => {
    expect(() => parseScenario({ rules: ['login=404', { operation: 'login', effect: '404', times: -2 }] })).toThrow('rules[1].times');
    expect(() => parseScenario({ rule: [] })).toThrow('rule: is not a scenario field');
    expect(() => parseScenario({ description: 'no rules' })).toThrow('rules: is required');
    expect(() => parseScenario('login=404')).toThrow('rules: must be a list of rules');
  });
});

describe('readScenarioFile', () => {
  it('names the file when it is missing, not JSON, or holds a bad rule', () => {
    expect(() => readScenarioFile('/nonexistent/scenario.json')).toThrow('/nonexistent/scenario.json: no such scenario file');
    const broken = tempFile('{"rules": [');
    expect(() => readScenarioFile(broken)).toThrow(`${broken}: is not valid JSON`);
    const bad = tempFile(JSON.stringify({ rules: [{ operation: 'silent-login', effect: '603' }] }));
    const err = (() => {
      try {
        readScenarioFile(bad);
      } catch (e) {
        return e as FaultRuleError;
      }
    })();
    expect(err).toBeInstanceOf(FaultRuleError);
    expect(err?.message).toBe(`${bad}: rules[0].effect: 603 applies only to authenticate, not silent-login`);
  });
});

describe('faultSetupFromFlags', () => {
  it('puts the scenario rules first, then every --fault in order, with the seed', () => {
    const setup = faultSetupFromFlags({
      scenario: scenario('no-account'),
      fault: ['authenticate=603:once', 'code2session=timeout'],
      seed: '123',
    });
    expect(setup.rules.map((r) => `${r.operation}=${r.effect.type}`)).toEqual(['silent-login=404', 'authenticate=404', 'authenticate=603', 'code2session=timeout']);
    expect(setup.seed).toBe(123);
  });

  it('reads repeated --fault flags and --seed from a start command line', () => {
    const start = addFaultStartOptions(new Command('start').exitOverride());
    start.parse(['--fault', 'silent-login=404', '--fault', 'authenticate=603:once', '--seed', '9'], { from: 'user' });
    const setup = faultSetupFromFlags(start.opts());
    expect(setup.rules.map((r) => r.operation)).toEqual(['silent-login', 'authenticate']);
    expect(setup.seed).toBe(9);
  });

  it.each([
    [{ fault: ['silent-login=oops'] }, '--fault silent-login=oops: unknown effect "oops"'],
    [{ fault: ['nope=404'] }, 'unknown operation "nope"'],
    [{ scenario: '/nonexistent.json' }, '--scenario /nonexistent.json: no such scenario file'],
    [{ seed: '-1' }, '--seed must be a whole number'],
  ])('refuses %j with a message naming the flag', (flags, message) => {
    expect(() => faultSetupFromFlags(flags)).toThrow(FaultCommandError);
    expect(() => faultSetupFromFlags(flags)).toThrow(message);
  });
});

describe('tt-baas-mock fault', () => {
  const live = liveMock();

  async function run(...args: string[]): Promise<string> {
    let out = '';
    const program = new Command('tt-baas-mock').exitOverride();
    addFaultCommands(program, (text) => (out += text));
    await program.parseAsync(['fault', ...args, '--url', live.get().url], { from: 'user' });
    return out;
  }

  it('add puts a rule with its match on the running mock', async () => {
    const out = await run('add', 'authenticate=603:once', '--person', 'alice', '--app-name', 'douyin');
    expect(out).toBe('added f1 authenticate=603 1 of 1 left, fired 0 app_name=douyin person=alice\n');
    expect(live.get().faults.list()).toEqual([expect.objectContaining({ operation: 'authenticate', match: { appName: 'douyin', person: 'alice' }, times: 1 })]);
  });

  it('list shows the rules, and list --json the API answer', async () => {
    live.get().faults.add('code2session=timeout@0.5');
    expect(await run('list')).toBe('f1 code2session=timeout always, fired 0 p=0.5\n');
    expect(JSON.parse(await run('list', '--json')).rules[0].id).toBe('f1');
  });

  it('remove and clear take rules off', async () => {
    live.get().faults.addAll(['login=404', 'logout=404', 'register=404']);
    expect(await run('remove', 'f2')).toBe('removed f2\n');
    expect(await run('clear')).toBe('removed 2 rules\n');
    expect(live.get().faults.list()).toEqual([]);
  });

  it('reports a rule the mock refuses without sending it', async () => {
    await expect(run('add', 'silent-login=603')).rejects.toThrow('603 applies only to authenticate');
    await expect(run('add', 'login=404', '--probability', '2')).rejects.toThrow('probability must be a number from 0 to 1');
  });

  it('reports what the mock answered to a bad request', async () => {
    await expect(run('remove', 'nope')).rejects.toThrow('no fault rule with id nope');
  });

  it('says so when no mock answers at the URL', async () => {
    const program = new Command('tt-baas-mock').exitOverride();
    addFaultCommands(program, () => undefined);
    await expect(program.parseAsync(['fault', 'list', '--url', 'http://127.0.0.1:1'], { from: 'user' })).rejects.toThrow('cannot reach the mock at http://127.0.0.1:1');
  });
});
