import type { FileHandle } from 'node:fs/promises';
import type { Hash } from 'node:crypto';
import { isRecordTable, type FrozenTable, type RecordTable } from './record-table.js';
import type { Data, StoredData, UserRecord } from './schema.js';
import { digestValue, newTextHash, TEXT_DIGEST_MEMBER } from './snapshot-digest.js';
import { hasBuiltInLayout, USER_DEFAULTS_MARKER, USER_DEFAULTS_VERSION, withoutDefaults } from './user-defaults.js';

/**
 * Serialising a store of 100,000 users in one JSON.stringify blocks every request for most of a second
 * and builds one string of twice the file's size. So a snapshot is frozen in one synchronous step (every
 * collection keyed by id is copied as its lists of keys and values; all else is serialised at once) and
 * written a slice at a time: each slice is a file write, so requests are answered in between.
 *
 * Freezing copies no record: the Writer's methods (writer.ts) put a new record rather than change one,
 * so the records a frozen collection points to keep the values of the moment it froze. A change made
 * deeper with Writer.set would show in a snapshot still being written; that is harmless, because every
 * change is a set or a delete of a whole value, and replaying the log over the snapshot sets it again.
 */

/** Collections at the top of the document and in each tenant, keyed by id, with records as values. */
const DOCUMENT_MAPS = new Set(['hostApps', 'clients', 'people']);
const TENANT_MAPS = new Set(['users', 'passwords', 'revoked', 'outbox', 'smsCodes']);

/** Above this many records a snapshot is written compact and in slices; below, indented for people to read. */
export const INCREMENTAL_FROM_RECORDS = 5000;

/** Text is written in slices of about this many characters. */
const SLICE = 256 * 1024;

interface FrozenMap {
  keys: string[];
  /** Records; for a RecordTable, also slots of records still as text (`table`). */
  values: unknown[];
  /** Users written without their default fields (user-defaults.ts). */
  withoutDefaults: boolean;
  table: FrozenTable<unknown> | undefined;
}

/** Where a tenant's digested text begins, and where its digest goes (snapshot-digest.ts). */
type DigestMark = { digest: 'from' } | { digest: 'here'; separator: string };

/**
 * The document at one moment: JSON text, and collections still to be serialised. The text puts every
 * member of the document, of `tenants`, of each tenant and of each collection on a line of its own
 * (snapshot-lines.ts reads that layout a line at a time); everything else is compact.
 */
export interface FrozenDocument {
  parts: (string | FrozenMap | DigestMark)[];
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Whether a document has INCREMENTAL_FROM_RECORDS records or more in its collections. It stops counting
 * there, so a small store's snapshot, the usual one, does not freeze a copy it would not use.
 */
export function isLarge(data: Data | StoredData): boolean {
  let records = 0;
  const count = (map: unknown): boolean => {
    if (isRecordTable(map)) return (records += map.size) >= INCREMENTAL_FROM_RECORDS;
    if (!isPlainObject(map)) return false;
    for (const _ in map) if (++records >= INCREMENTAL_FROM_RECORDS) return true;
    return false;
  };
  const doc = data as unknown as Record<string, unknown>;
  for (const key of DOCUMENT_MAPS) if (count(doc[key])) return true;
  const tenants = isPlainObject(doc.tenants) ? doc.tenants : {};
  for (const id in tenants) {
    const tenant = tenants[id];
    if (!isPlainObject(tenant)) continue;
    for (const field of TENANT_MAPS) if (count(tenant[field])) return true;
  }
  return false;
}

export function freeze(data: Data | StoredData): FrozenDocument {
  const frozen: FrozenDocument = { parts: [] };
  freezeObject(frozen, data as unknown as Record<string, unknown>, (key, value) => {
    if (DOCUMENT_MAPS.has(key)) return freezeMap(frozen, value, false);
    if (key !== 'tenants') return false;
    freezeObject(frozen, value, (_id, tenant) => {
      const compactUsers = everyUserHasBuiltInLayout(tenant.users);
      freezeObject(
        frozen,
        tenant,
        (field, v) => TENANT_MAPS.has(field) && freezeMap(frozen, v, field === 'users' && compactUsers),
        compactUsers ? `${JSON.stringify(USER_DEFAULTS_MARKER)}:${USER_DEFAULTS_VERSION}` : undefined,
        true,
      );
      return true;
    });
    return true;
  });
  frozen.parts.push('\n');
  return frozen;
}

/** Users still as text were checked for it when read: text without defaults is only ever of such users. */
function everyUserHasBuiltInLayout(users: unknown): boolean {
  if (isRecordTable(users)) {
    if (users.textForm === 'whole') return false;
    for (const [, user] of users.parsed()) if (!hasBuiltInLayout(user)) return false;
    return true;
  }
  if (!isPlainObject(users)) return false;
  for (const id in users) if (!hasBuiltInLayout(users[id])) return false;
  return true;
}

/**
 * Serialises an object's fields in order, like JSON.stringify, one per line; `special` may take over a
 * field whose value is a plain object or a RecordTable (and returns true when it did). `first` is a
 * member written before all others; `digest` ends the object with the digest of its text.
 */
function freezeObject(
  frozen: FrozenDocument,
  obj: Record<string, unknown>,
  special: (key: string, value: Record<string, unknown>) => boolean,
  first?: string,
  digest = false,
): true {
  frozen.parts.push('{');
  if (digest) frozen.parts.push({ digest: 'from' });
  let separator = '\n';
  if (first !== undefined) {
    frozen.parts.push(separator + first);
    separator = ',\n';
  }
  for (const key of Object.keys(obj)) {
    const value = obj[key];
    const prefix = `${separator}${JSON.stringify(key)}:`;
    if (isPlainObject(value) || isRecordTable(value)) {
      frozen.parts.push(prefix);
      // A RecordTable goes to freezeMap as it is (isRecordTable there); typed as the objects it stands for.
      if (!special(key, value as Record<string, unknown>)) frozen.parts.push(JSON.stringify(value));
    } else {
      const json = JSON.stringify(value);
      if (json === undefined) continue;
      frozen.parts.push(prefix + json);
    }
    separator = ',\n';
  }
  if (digest) {
    frozen.parts.push({ digest: 'here', separator });
    separator = ',\n';
  }
  // An empty object stays `{}` on its member's line: the reader takes no line as empty.
  frozen.parts.push(separator === '\n' ? '}' : '\n}');
  return true;
}

function freezeMap(frozen: FrozenDocument, map: Record<string, unknown> | RecordTable<unknown>, withoutDefaults: boolean): true {
  if (isRecordTable(map)) {
    const table = map.freeze();
    frozen.parts.push({ keys: table.keys, values: table.values, withoutDefaults, table });
    return true;
  }
  const keys = Object.keys(map);
  // Looking each key up is several times faster than Object.values on a map of 100,000 entries.
  const values = new Array<unknown>(keys.length);
  for (let i = 0; i < keys.length; i++) values[i] = map[keys[i]!];
  frozen.parts.push({ keys, values, withoutDefaults, table: undefined });
  return true;
}

/** Writes a frozen document to an open file, a slice at a time, with every non-ASCII character escaped. */
export async function writeFrozen(fh: FileHandle, frozen: FrozenDocument): Promise<void> {
  let text = '';
  let hash: Hash | null = null;
  const flush = async () => {
    // All-ASCII text makes a one-byte string when read back: half the memory, and faster to decode.
    const ascii = NON_ASCII.test(text) ? text.replace(NON_ASCII_ALL, escape) : text;
    hash?.update(ascii, 'latin1');
    await fh.write(ascii);
    text = '';
  };
  for (const part of frozen.parts) {
    if (typeof part === 'string') {
      text += part;
      continue;
    }
    if ('digest' in part) {
      if (part.digest === 'from') {
        await flush();
        hash = newTextHash();
      } else {
        text += part.separator;
        await flush();
        text += `${JSON.stringify(TEXT_DIGEST_MEMBER)}:${JSON.stringify(digestValue(hash!))}`;
        hash = null;
      }
      continue;
    }
    text += '{';
    let separator = '\n';
    for (let i = 0; i < part.keys.length; i++) {
      const json = recordJson(part, part.values[i]);
      if (json === undefined) continue;
      text += `${separator}${JSON.stringify(part.keys[i])}:${json}`;
      separator = ',\n';
      if (text.length >= SLICE) await flush();
    }
    text += separator === '\n' ? '}' : '\n}';
  }
  await flush();
}

/** A record as written: text kept from the file is written as it is, when it is in the form wanted. */
function recordJson(part: FrozenMap, value: unknown): string | undefined {
  if (typeof value === 'number' && part.table) {
    if (!part.withoutDefaults && part.table.form === 'withoutDefaults') return JSON.stringify(part.table.parse(value));
    return part.table.text(value);
  }
  return JSON.stringify(part.withoutDefaults ? withoutDefaults(value as UserRecord) : value);
}

const NON_ASCII = /[^\x00-\x7f]/;
const NON_ASCII_ALL = /[^\x00-\x7f]/g;
const escape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
