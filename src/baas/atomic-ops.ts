import { baasFieldError } from '../errors.js';

type Json = Record<string, unknown>;
const isPlainObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * The new value of a custom field: the sent value as is, or the result of the one atomic operator it
 * holds (`js-sdk core/BaseRecord.js`: `$incr_by`, `$append`, `$append_unique`, `$remove`, `$update`; and
 * `$pop`, contract E8). A missing or null field counts as 0, an empty list or an empty object.
 */
export function applyFieldValue(field: string, current: unknown, value: unknown): unknown {
  if (!isPlainObject(value)) return value;
  const keys = Object.keys(value);
  const operators = keys.filter((k) => k.startsWith('$'));
  if (operators.length === 0) return value;
  if (keys.length !== 1) throw baasFieldError(field, 'an operator ($…) must be the only key of its object');
  const op = operators[0]!;
  const arg = value[op];
  const fail = (problem: string) => baasFieldError(field, problem);
  const list = (): unknown[] => {
    if (current === undefined || current === null) return [];
    if (!Array.isArray(current)) throw fail(`${op} needs a list field, but the field holds ${typeof current}`);
    return current;
  };
  const items = (): unknown[] => {
    if (!Array.isArray(arg)) throw fail(`${op} takes a list`);
    return arg;
  };
  switch (op) {
    case '$incr_by': {
      if (typeof arg !== 'number' || !Number.isFinite(arg)) throw fail('$incr_by takes a number');
      if (current !== undefined && current !== null && typeof current !== 'number') throw fail('$incr_by needs a number field');
      return ((current as number | null | undefined) ?? 0) + arg;
    }
    case '$append':
      return [...list(), ...items()];
    case '$append_unique': {
      const result = [...list()];
      for (const item of items()) if (!result.some((x) => same(x, item))) result.push(item);
      return result;
    }
    case '$remove': {
      const drop = items();
      return list().filter((x) => !drop.some((d) => same(x, d)));
    }
    case '$update': {
      if (!isPlainObject(arg)) throw fail('$update takes an object');
      if (current !== undefined && current !== null && !isPlainObject(current)) throw fail('$update needs an object field');
      return { ...((current as Json | null | undefined) ?? {}), ...arg };
    }
    case '$pop': {
      if (arg !== 1 && arg !== -1) throw fail('$pop takes 1 (remove the last item) or -1 (remove the first)');
      const l = list();
      return arg === 1 ? l.slice(0, -1) : l.slice(1);
    }
    default:
      throw fail(`unknown operator ${op}; known: $incr_by, $append, $append_unique, $remove, $update, $pop`);
  }
}
