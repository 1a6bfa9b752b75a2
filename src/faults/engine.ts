import { randomSeed, seededRandom } from './random.js';
import { FaultRuleError, parseRule, ruleToJson, type FaultRuleInput, type FaultRuleSpec, type RuleMatch } from './rules.js';
import { ANY_OPERATION } from './operations.js';

/** What is known about a request when rules are tried; unknown facts never match. */
export interface RequestFacts {
  method: string;
  clientId?: string | undefined;
  appName?: string | undefined;
  person?: string | undefined;
  openid?: string | undefined;
}

/** A rule in the engine: its id, and how often it has fired. */
export interface ActiveRule extends FaultRuleSpec {
  id: string;
  /** Firings left; null: unlimited. A rule at 0 is spent: it stays listed but never fires again. */
  remaining: number | null;
  fired: number;
}

export class DuplicateRuleError extends FaultRuleError {}

/**
 * The fault rules of one mock, tried in the order they were added. Probabilities draw from a generator
 * seeded once, so the same seed and the same requests fire the same rules.
 */
export class FaultEngine {
  #rules: ActiveRule[] = [];
  #nextId = 1;
  #seed: number;
  #random: () => number;
  #held = new Set<() => void>();

  constructor(options: { seed?: number | undefined } = {}) {
    this.#seed = options.seed ?? randomSeed();
    this.#random = seededRandom(this.#seed);
  }

  get seed(): number {
    return this.#seed;
  }

  /** The next number in [0, 1) of the seeded sequence (delay ranges draw from it too). */
  readonly draw = (): number => this.#random();

  /** Adds one rule (JSON form or `operation=effect[:times]`); the rule as stored, with its id. */
  add(input: FaultRuleInput): ActiveRule {
    return this.addParsed([parseRule(input)])[0]!;
  }

  /** Adds several rules, or none if any of them is bad. */
  addAll(inputs: readonly FaultRuleInput[], field = 'rules'): ActiveRule[] {
    return this.addParsed(inputs.map((input, i) => parseRule(input, `${field}[${i}]`)), field);
  }

  /** Adds rules already read by parseRule (a scenario file, the command line). */
  addParsed(specs: readonly FaultRuleSpec[], field = 'rules'): ActiveRule[] {
    const ids = new Set(this.#rules.map((r) => r.id));
    specs.forEach((s, i) => {
      if (s.id === undefined) return;
      if (ids.has(s.id)) throw new DuplicateRuleError(specs.length > 1 ? `${field}[${i}].id` : 'id', `a rule with id ${s.id} exists already`);
      ids.add(s.id);
    });
    const added = specs.map((s) => {
      let id = s.id;
      while (id === undefined) {
        const candidate = `f${this.#nextId++}`;
        if (!ids.has(candidate)) id = candidate;
      }
      ids.add(id);
      return { ...s, match: { ...s.match }, id, remaining: s.times, fired: 0 };
    });
    this.#rules.push(...added);
    return added.map(copy);
  }

  list(): ActiveRule[] {
    return this.#rules.map(copy);
  }

  get(id: string): ActiveRule | undefined {
    const rule = this.#rules.find((r) => r.id === id);
    return rule && copy(rule);
  }

  remove(id: string): boolean {
    const before = this.#rules.length;
    this.#rules = this.#rules.filter((r) => r.id !== id);
    return this.#rules.length < before;
  }

  /**
   * Removes every rule and starts the random sequence over from the seed, so each test after a reset
   * sees the same draws. With a client ID, removes only the rules aimed at that client.
   */
  clear(clientId?: string): number {
    const before = this.#rules.length;
    if (clientId === undefined) {
      this.#rules = [];
      this.#nextId = 1;
      this.#random = seededRandom(this.#seed);
    } else {
      this.#rules = this.#rules.filter((r) => r.match.clientId !== clientId);
    }
    return before - this.#rules.length;
  }

  /** Registers a request held by a timeout, to be let go when the mock stops; returns the undo. */
  onRelease(wake: () => void): () => void {
    this.#held.add(wake);
    return () => this.#held.delete(wake);
  }

  /** Ends every held request now (their connections close), so stopping the mock does not wait on them. */
  releaseHeld(): void {
    for (const wake of [...this.#held]) wake();
  }

  /** Whether any live rule could fire for this operation (to skip reading the request when none can). */
  hasRulesFor(operation: string, exact = false): boolean {
    return this.#rules.some((r) => r.remaining !== 0 && (r.operation === operation || (!exact && r.operation === ANY_OPERATION)));
  }

  /**
   * The first live rule for this operation whose match fits and whose probability draw succeeds; it is
   * counted as fired. `exact` leaves out `*` rules (for an operation reached inside another one).
   */
  fire(operation: string, facts: RequestFacts, exact = false): ActiveRule | undefined {
    for (const rule of this.#rules) {
      if (rule.remaining === 0) continue;
      if (rule.operation !== operation && (exact || rule.operation !== ANY_OPERATION)) continue;
      if (!matches(rule.match, facts)) continue;
      if (rule.probability < 1 && !(rule.probability > 0 && this.#random() < rule.probability)) continue;
      if (rule.remaining !== null) rule.remaining -= 1;
      rule.fired += 1;
      return copy(rule);
    }
    return undefined;
  }
}

export function matches(match: RuleMatch, facts: RequestFacts): boolean {
  if (match.method !== undefined && match.method !== facts.method.toUpperCase()) return false;
  for (const key of ['clientId', 'appName', 'person', 'openid'] as const) {
    if (match[key] !== undefined && match[key] !== facts[key]) return false;
  }
  return true;
}

/** The JSON form of a rule in the engine. */
export function activeRuleToJson(rule: ActiveRule) {
  return { ...ruleToJson(rule), id: rule.id, remaining: rule.remaining, fired: rule.fired, spent: rule.remaining === 0 };
}

const copy = (r: ActiveRule): ActiveRule => ({ ...r, match: { ...r.match } });

