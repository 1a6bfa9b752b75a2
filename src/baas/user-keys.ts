import { baasFieldError } from '../errors.js';

/**
 * Applies the `keys` query parameter (the SDK's `select()`, a comma list) to a user view: `a,b` keeps
 * only those fields, `-a,-b` drops them (知晓云 query convention). `id` is always kept, so a selected
 * record can still be told apart. Names the view does not have are ignored.
 */
export function selectKeys<T extends { id: number }>(view: T, keys: string | undefined): Partial<T> & { id: number } {
  const names = (keys ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (names.length === 0) return view;
  const excluded = names.filter((k) => k.startsWith('-'));
  if (excluded.length > 0 && excluded.length < names.length) throw baasFieldError('keys', 'cannot mix selected fields and excluded (-) fields');
  const entries = Object.entries(view) as [string, unknown][];
  if (excluded.length > 0) {
    const drop = new Set(excluded.map((k) => k.slice(1)));
    return Object.fromEntries(entries.filter(([k]) => k === 'id' || !drop.has(k))) as Partial<T> & { id: number };
  }
  const keep = new Set(names);
  return Object.fromEntries(entries.filter(([k]) => k === 'id' || keep.has(k))) as Partial<T> & { id: number };
}
