import { isAscii } from 'node:buffer';
import { readFileSync } from 'node:fs';
import { textOf, type TextEncoding } from './bytes-text.js';
import { RecordTable } from './record-table.js';
import { digestValue, newTextHash, TEXT_DIGEST_MEMBER } from './snapshot-digest.js';
import { USER_DEFAULTS_MARKER, USER_DEFAULTS_VERSION, withDefaults } from './user-defaults.js';

/**
 * Reads a large snapshot in the layout snapshot-writer.ts gives it (one member per line: the first line
 * `{`, then `"key":<JSON>` or `"key":{` opening an object whose members follow, and `}` closing it).
 * The users and password hashes of each tenant go into RecordTables as byte ranges of the file, not
 * parsed: where the tenant's digest (snapshot-digest.ts) shows it is what the store wrote, they stay
 * that way, parsed one by one when used; otherwise every one is parsed at the end of the tenant, and
 * the document check sees them all.
 *
 * Every value is parsed with JSON.parse, now or later, so a file in this layout gives what JSON.parse of
 * the whole gives. Anything else (an indented, hand-written or older compact file, a damaged line) makes
 * it return NOT_THIS_LAYOUT, and the caller parses the whole text instead, which gives the usual answer
 * and error.
 */
export const NOT_THIS_LAYOUT = Symbol('not this layout');

type Obj = Record<string, unknown>;

/** Where a member line lands; what the reader does besides storing it depends on that. */
type Kind = 'root' | 'tenants' | 'tenant' | 'users' | 'passwords' | 'other';

interface Frame {
  obj: Obj;
  kind: Kind;
  /** No member yet. */
  empty: boolean;
  /** The last member ended with a comma, so another must follow. */
  more: boolean;
  /** A tenant whose users are written without their defaults. */
  withoutDefaults: boolean;
  /** For a users or passwords object: the records, as text until the tenant is known intact. */
  table: RecordTable<unknown> | undefined;
  /** For a tenant: where its text begins (the newline ending its first line), for the digest. */
  textStart: number;
  /** For a tenant: its digest matched, and no member came after it. */
  intact: boolean;
  /** For a tenant: its digest line has been read. */
  digestRead: boolean;
}

class NotThisLayout extends Error {}
const notThisLayout = (): never => {
  throw new NotThisLayout();
};

export interface ReadOptions {
  /**
   * Keep the users and passwords of intact tenants as text, in RecordTables (the store's own start).
   * Without it every record is parsed and the document is plain (fixtures, import, export).
   */
  keepText?: boolean;
}

/** Reads the document, or says it is not in this layout; a missing file gives ENOENT. */
export function readLineLayout(path: string, options: ReadOptions = {}): unknown {
  return parseLineLayout(readFileSync(path), options);
}

function parseLineLayout(bytes: Buffer, options: ReadOptions): unknown {
  // A one-line compact file would otherwise be scanned whole in search of its first newline.
  if (bytes.length < 2 || bytes[0] !== 0x7b || bytes[1] !== 0x0a) return NOT_THIS_LAYOUT; // {\n
  try {
    const doc = new LineDocument(bytes, options.keepText ?? false);
    for (let at = 0; at < bytes.length; ) {
      let end = bytes.indexOf(10, at);
      if (end < 0) end = bytes.length;
      doc.line(at, end);
      at = end + 1;
    }
    return doc.finish();
  } catch (err) {
    if (err instanceof NotThisLayout) return NOT_THIS_LAYOUT;
    throw err;
  }
}

class LineDocument {
  #root: Obj | undefined;
  #stack: Frame[] = [];
  #closed = false;
  /** The writer escapes every character outside ASCII; a file with others was not written by it. */
  readonly #encoding: TextEncoding;
  readonly #keepText: boolean;

  constructor(
    private readonly bytes: Buffer,
    keepText: boolean,
  ) {
    const ascii = isAscii(bytes);
    this.#encoding = ascii ? 'latin1' : 'utf8';
    this.#keepText = keepText && ascii;
  }

  /** Takes the line at bytes [start, end), without its newline. */
  line(start: number, end: number): void {
    const top = this.#stack[this.#stack.length - 1];
    if (top?.table && this.bytes[start] === 0x22) this.#record(top, start, end); // "
    else this.#member(textOf(this.bytes, this.#encoding, start, end), start, end);
  }

  /** A member of users or passwords: `"<id>":<JSON>`, kept as the byte range of the JSON. */
  #record(top: Frame, start: number, end: number): void {
    const bytes = this.bytes;
    if (!top.empty && !top.more) notThisLayout();
    top.empty = false;
    top.more = bytes[end - 1] === 0x2c; // ,
    const valueEnd = top.more ? end - 1 : end;
    let q = start + 1;
    let escaped = false;
    for (; q < valueEnd; q++) {
      const c = bytes[q];
      if (c === 0x5c) {
        escaped = true;
        q++;
      } else if (c === 0x22) break;
    }
    if (q >= valueEnd || bytes[q + 1] !== 0x3a || q + 2 === valueEnd) notThisLayout(); // :
    const key = escaped ? (parse(textOf(bytes, this.#encoding, start, q + 1)) as string) : textOf(bytes, this.#encoding, start + 1, q);
    if (key === '__proto__' || (bytes[q + 2] === 0x7b && q + 3 === valueEnd)) notThisLayout(); // an object over several lines
    top.table!.addText(key, q + 2, valueEnd);
  }

  #member(line: string, start: number, end: number): void {
    if (this.#closed) {
      if (line.trim() !== '') notThisLayout();
      return;
    }
    if (this.#root === undefined) {
      if (line !== '{') notThisLayout();
      this.#root = {};
      this.#stack.push(newFrame(this.#root, 'root', start));
      return;
    }
    const top = this.#stack[this.#stack.length - 1]!;
    const comma = line.charCodeAt(line.length - 1) === 44; // ,
    const body = comma ? line.slice(0, -1) : line;
    if (body === '}') {
      if (top.more) notThisLayout();
      this.#stack.pop();
      if (top.kind === 'tenant') this.#endTenant(top);
      const parent = this.#stack[this.#stack.length - 1];
      if (parent) parent.more = comma;
      else if (comma) notThisLayout();
      else this.#closed = true;
      return;
    }
    if (!top.empty && !top.more) notThisLayout();
    top.empty = false;
    top.more = comma;
    // A member after the digest is not covered by it.
    if (top.digestRead) top.intact = false;

    if (body.charCodeAt(0) !== 34) notThisLayout(); // "
    let q = body.indexOf('"', 1);
    const backslash = body.indexOf('\\', 1);
    let key: string;
    if (backslash >= 0 && backslash < q) {
      q = endOfString(body);
      key = parse(body.slice(0, q + 1)) as string;
    } else {
      key = body.slice(1, q);
    }
    if (q < 0 || body.charCodeAt(q + 1) !== 58 || key === '__proto__') notThisLayout(); // :
    const rest = body.slice(q + 2);

    if (rest === '{') {
      const kind = childKind(top.kind, key);
      const frame = newFrame({}, kind, end);
      if (kind === 'users' || kind === 'passwords') {
        const users = kind === 'users' && top.withoutDefaults;
        frame.table = RecordTable.fromText(this.bytes, this.#encoding, users ? parseUser : parse, users ? 'withoutDefaults' : 'whole');
        top.obj[key] = frame.table;
      } else {
        top.obj[key] = frame.obj;
      }
      this.#stack.push(frame);
      return;
    }
    if (top.kind === 'tenant' && key === TEXT_DIGEST_MEMBER) {
      const hash = newTextHash().update(this.bytes.subarray(top.textStart, start));
      top.intact = parse(rest) === digestValue(hash);
      top.digestRead = true;
      return;
    }
    const value = parse(rest);
    if (top.kind === 'tenant' && key === USER_DEFAULTS_MARKER && value === USER_DEFAULTS_VERSION && !Object.hasOwn(top.obj, 'users')) {
      // Consumed here; a marker the reader cannot act on stays, for the document check to act on or refuse.
      top.withoutDefaults = true;
    } else {
      top.obj[key] = value;
    }
  }

  /** Records of a tenant not known intact are all parsed now, and handed on as plain objects. */
  #endTenant(tenant: Frame): void {
    if (this.#keepText && tenant.intact) return;
    for (const field of ['users', 'passwords']) {
      const table = tenant.obj[field];
      if (table instanceof RecordTable) tenant.obj[field] = plainRecords(table);
    }
  }

  finish(): unknown {
    if (!this.#closed) notThisLayout();
    return this.#root;
  }
}

function newFrame(obj: Obj, kind: Kind, textStart: number): Frame {
  return { obj, kind, empty: true, more: false, withoutDefaults: false, table: undefined, textStart, intact: false, digestRead: false };
}

const parseUser = (text: string): unknown => withDefaults(JSON.parse(text));

function plainRecords(table: RecordTable<unknown>): Obj {
  try {
    return table.toObject();
  } catch (err) {
    if (err instanceof SyntaxError) return notThisLayout();
    throw err;
  }
}

function childKind(parent: Kind, key: string): Kind {
  if (parent === 'root') return key === 'tenants' ? 'tenants' : 'other';
  if (parent === 'tenants') return 'tenant';
  if (parent === 'tenant' && key === 'users') return 'users';
  if (parent === 'tenant' && key === 'passwords') return 'passwords';
  return 'other';
}

function parse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return notThisLayout();
  }
}

/** Index of the quote that ends the JSON string starting at 0, past escaped quotes; -1 if none. */
function endOfString(text: string): number {
  for (let i = 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 92) i++; // \
    else if (c === 34) return i;
  }
  return -1;
}

/**
 * The JSON document in a file, every record parsed: read a line at a time when it has the snapshot
 * layout, whole otherwise. Throws the file system's error, or JSON.parse's SyntaxError.
 */
export function readJsonDocument(path: string): unknown {
  return readDocument(path, {});
}

/**
 * The same, but the users and passwords of the snapshot's intact tenants stay as text in RecordTables:
 * what the store opens on.
 */
export function readStoreDocument(path: string): unknown {
  return readDocument(path, { keepText: true });
}

function readDocument(path: string, options: ReadOptions): unknown {
  const bytes = readFileSync(path);
  const value = parseLineLayout(bytes, options);
  if (value !== NOT_THIS_LAYOUT) return value;
  // Decoding the bytes apart is about twice as fast as readFileSync(path, 'utf8') on Node 20.
  return JSON.parse(bytes.toString('utf8'));
}
