import { readFileSync } from 'node:fs';
import { FaultRuleError, parseRule, type FaultRuleSpec } from './rules.js';

const SCENARIO_FIELDS = ['$schema', 'description', 'rules'];

/**
 * Reads a scenario: a list of rules, or `{"description": "...", "rules": [...]}` (the form of the
 * files in fixtures/scenarios/, described by scenario.schema.json). Every rule is checked before any
 * is used, so a bad file adds nothing.
 */
export function parseScenario(value: unknown, field = 'rules'): FaultRuleSpec[] {
  let rules: unknown = value;
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    for (const key of Object.keys(value)) {
      if (!SCENARIO_FIELDS.includes(key)) throw new FaultRuleError(key, `is not a scenario field (fields: ${SCENARIO_FIELDS.join(', ')})`);
    }
    rules = (value as { rules?: unknown }).rules;
    if (rules === undefined) throw new FaultRuleError(field, 'is required: the list of rules');
  }
  if (!Array.isArray(rules)) throw new FaultRuleError(field, 'must be a list of rules');
  return rules.map((rule, i) => parseRule(rule, `${field}[${i}]`));
}

/** A scenario file; errors name the file and the field. */
export function readScenarioFile(file: string): FaultRuleSpec[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new FaultRuleError(file, code === 'ENOENT' ? 'no such scenario file' : `cannot read it (${code ?? String(err)})`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new FaultRuleError(file, `is not valid JSON (${(err as Error).message})`);
  }
  try {
    return parseScenario(value);
  } catch (err) {
    if (err instanceof FaultRuleError) throw new FaultRuleError(`${file}: ${err.field}`, err.problem);
    throw err;
  }
}
