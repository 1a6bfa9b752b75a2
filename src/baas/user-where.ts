import { baasFieldError } from '../errors.js';
import type { UserRecord } from '../store/schema.js';

type Json = Record<string, unknown>;
type Pred = (user: UserRecord) => boolean;

const isPlainObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const fail = (problem: string) => baasFieldError('where', problem);

// From the client only id and nickname may be queried (sdk-doc js-sdk/user.md); anything else is 400 as
// the contract recommends (E7, unconfirmed).
const QUERYABLE = new Set(['id', 'nickname']);

/**
 * Compiles the `where` parameter of the user list (the JSON the SDK's `Query` builds, `js-sdk
 * core/Query.js`) into a test of one user. Supports `$and`, `$or` and the comparison, list, text and
 * null operators that make sense for id and nickname.
 */
export function compileWhere(text: string | undefined): Pred {
  if (text === undefined || text.trim() === '') return () => true;
  let query: unknown;
  try {
    query = JSON.parse(text);
  } catch {
    throw fail('is not valid JSON');
  }
  if (!isPlainObject(query)) throw fail('must be a JSON object');
  return compileNode(query);
}

function compileNode(query: Json): Pred {
  const preds: Pred[] = Object.entries(query).map(([key, value]) => {
    if (key === '$and' || key === '$or') {
      if (!Array.isArray(value) || !value.every(isPlainObject)) throw fail(`${key} takes a list of conditions`);
      const parts = value.map((v) => compileNode(v as Json));
      return key === '$and' ? (u) => parts.every((p) => p(u)) : (u) => parts.some((p) => p(u));
    }
    if (key.startsWith('$')) throw fail(`unknown operator ${key}`);
    if (!QUERYABLE.has(key)) throw fail(`only id and nickname can be queried from the client, not ${key}`);
    return compileField(key as 'id' | 'nickname', value);
  });
  return (u) => preds.every((p) => p(u));
}

function compileField(field: 'id' | 'nickname', condition: unknown): Pred {
  // The SDK sends ids as numbers, but a string of digits means the same user.
  const norm = (v: unknown) => (field === 'id' && typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v);
  if (!isPlainObject(condition)) {
    const wanted = norm(condition);
    return (u) => u[field] === wanted;
  }
  const options = condition.$options;
  if (options !== undefined && (typeof options !== 'string' || !/^[ims]*$/.test(options))) throw fail('$options takes flags from i, m, s');
  const preds = Object.entries(condition)
    .filter(([op]) => op !== '$options')
    .map(([op, rawArg]): Pred => {
      const arg = norm(rawArg);
      const text = () => {
        if (typeof arg !== 'string') throw fail(`${op} on ${field} takes a string`);
        return arg;
      };
      const list = () => {
        if (!Array.isArray(arg)) throw fail(`${op} on ${field} takes a list`);
        return arg.map(norm);
      };
      const order = (test: (a: number | string, b: number | string) => boolean): Pred => {
        if (typeof arg !== 'number' && typeof arg !== 'string') throw fail(`${op} on ${field} takes a number or a string`);
        return (u) => {
          const v = u[field];
          return typeof v === typeof arg && test(v as number | string, arg);
        };
      };
      switch (op) {
        case '$eq':
          return (u) => u[field] === arg;
        case '$ne':
          return (u) => u[field] !== arg;
        case '$lt':
          return order((a, b) => a < b);
        case '$lte':
          return order((a, b) => a <= b);
        case '$gt':
          return order((a, b) => a > b);
        case '$gte':
          return order((a, b) => a >= b);
        case '$in': {
          const values = list();
          return (u) => values.includes(u[field]);
        }
        case '$nin': {
          const values = list();
          return (u) => !values.includes(u[field]);
        }
        case '$contains': {
          const s = text();
          return (u) => typeof u[field] === 'string' && (u[field] as string).includes(s);
        }
        case '$icontains': {
          const s = text().toLowerCase();
          return (u) => typeof u[field] === 'string' && (u[field] as string).toLowerCase().includes(s);
        }
        case '$regex': {
          let re: RegExp;
          const pattern = text();
          // A nested quantifier such as (a+)+ can take exponential time on one nickname and stall the
          // whole mock; such patterns, and long ones, are refused rather than run.
          if (pattern.length > 200 || /\([^)]*[+*}][^)]*\)\s*[+*{]/.test(pattern)) {
            throw fail(`$regex on ${field} is too complex for the mock (nested quantifiers or over 200 characters)`);
          }
          try {
            re = new RegExp(pattern, (options as string | undefined) ?? '');
          } catch {
            throw fail(`$regex on ${field} is not a valid regular expression`);
          }
          return (u) => typeof u[field] === 'string' && re.test(u[field] as string);
        }
        case '$isnull':
          if (typeof arg !== 'boolean') throw fail(`$isnull on ${field} takes true or false`);
          return (u) => (u[field] === null || u[field] === undefined) === arg;
        case '$exists':
          if (typeof arg !== 'boolean') throw fail(`$exists on ${field} takes true or false`);
          return (u) => (u[field] !== undefined) === arg;
        default:
          throw fail(`unsupported operator ${op} on ${field}`);
      }
    });
  return (u) => preds.every((p) => p(u));
}
