import { baasFieldError } from '../errors.js';
import type { UserRecord } from '../store/schema.js';
import { selectKeys } from './user-keys.js';
import { compileWhere } from './user-where.js';
import { toPublicView } from './users.js';

export interface ListQuery {
  where?: string | undefined;
  limit?: string | undefined;
  offset?: string | undefined;
  order_by?: string | undefined;
  keys?: string | undefined;
  return_total_count?: string | undefined;
}

export interface ListMeta {
  limit: number;
  offset: number;
  next: string | null;
  previous: string | null;
  total_count?: number;
}

// Default 20 (js-sdk core/BaseQuery.js); at most 1000, the documented server-side maximum (contract E7).
const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;
const SORTABLE = ['id', 'created_at', 'nickname'] as const;
type Sortable = (typeof SORTABLE)[number];

function wholeNumber(name: string, raw: string | undefined, fallback: number, max = Number.MAX_SAFE_INTEGER): number {
  if (raw === undefined || raw === '') return fallback;
  const n = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(n) || n > max) {
    throw baasFieldError(name, max === Number.MAX_SAFE_INTEGER ? 'must be a whole number (0 or more)' : `must be a whole number from 0 to ${max}`);
  }
  return n;
}

function readOrder(raw: string | undefined): { field: Sortable; desc: boolean }[] {
  if (!raw) return [];
  return raw.split(',').map((part) => {
    const name = part.trim();
    const field = name.replace(/^-/, '');
    if (!(SORTABLE as readonly string[]).includes(field)) {
      throw baasFieldError('order_by', `can sort by ${SORTABLE.join(', ')} (with - for descending), not ${name || '""'}`);
    }
    return { field: field as Sortable, desc: name.startsWith('-') };
  });
}

function readFlag(raw: string | undefined): boolean {
  if (raw === undefined || raw === '' || raw === '0' || raw === 'false') return false;
  if (raw === '1' || raw === 'true') return true;
  throw baasFieldError('return_total_count', 'must be 1 or 0');
}

// Nulls sort last going up and first going down, as in PostgreSQL; ties go by id.
function compare(a: UserRecord, b: UserRecord, order: { field: Sortable; desc: boolean }[]): number {
  for (const { field, desc } of order) {
    const x = a[field];
    const y = b[field];
    if (x === y) continue;
    const c = x === null ? 1 : y === null ? -1 : x < y ? -1 : 1;
    return desc ? -c : c;
  }
  return a.id - b.id;
}

/**
 * `GET /hserve/v2.2/user/info/` (contract E7): others' public views, filtered, sorted (by id unless
 * order_by says otherwise) and paged. `link(offset)` builds the next/previous URL of the same query.
 */
export function listUsers(
  users: Iterable<UserRecord>,
  query: ListQuery,
  link: (offset: number, limit: number) => string,
): { meta: ListMeta; objects: Record<string, unknown>[] } {
  const limit = wholeNumber('limit', query.limit, DEFAULT_LIMIT, MAX_LIMIT);
  const offset = wholeNumber('offset', query.offset, 0);
  const order = readOrder(query.order_by);
  const withTotal = readFlag(query.return_total_count);
  const matches = compileWhere(query.where);
  const found = [...users].filter(matches).sort((a, b) => compare(a, b, order));
  const meta: ListMeta = {
    limit,
    offset,
    next: offset + limit < found.length && limit > 0 ? link(offset + limit, limit) : null,
    previous: offset > 0 ? link(Math.max(0, offset - limit), limit) : null,
  };
  if (withTotal) meta.total_count = found.length;
  const objects = found.slice(offset, offset + limit).map((u) => selectKeys(toPublicView(u), query.keys));
  return { meta, objects };
}
