import { isAscii } from 'node:buffer';
import { closeSync, openSync, readFileSync, readSync } from 'node:fs';
import { USER_DEFAULTS_MARKER, USER_DEFAULTS_VERSION, withDefaults } from './user-defaults.js';

/**
 * Reads a large snapshot in the layout snapshot-writer.ts gives it (one member per line: the first line
 * `{`, then `"key":<JSON>` or `"key":{` opening an object whose members follow, and `}` closing it),
 * a chunk at a time, parsing each record as it comes. The whole text of a store of 100,000 users never
 * exists at once: that text, its decoded copy and the parser's garbage were most of the memory and
 * the time of a start.
 *
 * Every line is parsed with JSON.parse, so a file in this layout gives what JSON.parse of the whole
 * gives. Anything else (an indented, hand-written or older compact file, a damaged line) makes it return
 * NOT_THIS_LAYOUT, and the caller parses the whole text instead, which gives the usual answer and error.
 */
export const NOT_THIS_LAYOUT = Symbol('not this layout');

const CHUNK = 1024 * 1024;

type Obj = Record<string, unknown>;

/** Where a member line lands; what the reader does besides storing it depends on that. */
type Kind = 'root' | 'tenants' | 'tenant' | 'users' | 'passwords' | 'other';

interface Frame {
  obj: Obj;
  kind: Kind;
  /** The key of this object in its parent. */
  key: string;
  /** The tenant, for a tenant's users and passwords. */
  tenant: Obj | undefined;
  /** No member yet. */
  empty: boolean;
  /** The last member ended with a comma, so another must follow. */
  more: boolean;
  /** A tenant whose users are written without their defaults, and those users. */
  withoutDefaults: boolean;
}

class NotThisLayout extends Error {}
const notThisLayout = (): never => {
  throw new NotThisLayout();
};

/**
 * Called with each user and each password hash as it is stored, so what needs every one of them (the
 * indexes, the checks) is done while the record is at hand rather than in another pass over 100,000.
 */
export interface RecordVisitor {
  user(tenantKey: string, tenant: Obj, users: Obj, id: string, user: unknown): void;
  password(tenantKey: string, tenant: Obj, passwords: Obj, id: string, hash: unknown): void;
}

/** Reads the document, or says it is not in this layout; a missing file gives ENOENT. */
export function readLineLayout(path: string, visitor?: RecordVisitor): unknown {
  const fd = openSync(path, 'r');
  try {
    return parseLines(fd, visitor);
  } catch (err) {
    if (err instanceof NotThisLayout) return NOT_THIS_LAYOUT;
    throw err;
  } finally {
    closeSync(fd);
  }
}

function parseLines(fd: number, visitor: RecordVisitor | undefined): unknown {
  const doc = new LineDocument(visitor);
  let buf = Buffer.allocUnsafe(CHUNK);
  let end = readSync(fd, buf, 0, buf.length, null);
  // A one-line compact file would otherwise be read whole in search of its first newline.
  if (end < 2 || buf[0] !== 0x7b || buf[1] !== 0x0a) notThisLayout(); // {\n
  for (;;) {
    // Cutting at a newline never splits a UTF-8 sequence.
    const cut = buf.lastIndexOf(10, end - 1);
    let have = end;
    if (cut >= 0) {
      doc.lines(decode(buf, cut));
      buf.copy(buf, 0, cut + 1, end);
      have = end - cut - 1;
    }
    if (have === buf.length) {
      // A line longer than the buffer (a large record): keep what is there and read on.
      const bigger = Buffer.allocUnsafe(buf.length * 2);
      buf.copy(bigger, 0, 0, have);
      buf = bigger;
    }
    const got = readSync(fd, buf, have, buf.length - have, null);
    if (got === 0) {
      if (have > 0) doc.lines(decode(buf, have));
      return doc.finish();
    }
    end = have + got;
  }
}

/** The writer escapes every non-ASCII character, and ASCII decodes as latin1 several times faster. */
const decode = (buf: Buffer, end: number): string => {
  const bytes = buf.subarray(0, end);
  return bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');
};

class LineDocument {
  #root: Obj | undefined;
  #stack: Frame[] = [];
  #closed = false;

  constructor(private readonly visitor: RecordVisitor | undefined) {}

  /** Takes whole lines (the last one of the file may lack its newline). */
  lines(text: string): void {
    let start = 0;
    for (;;) {
      const nl = text.indexOf('\n', start);
      const end = nl < 0 ? text.length : nl;
      this.#line(text.slice(start, end));
      if (nl < 0) break;
      start = nl + 1;
    }
  }

  #line(line: string): void {
    if (this.#closed) {
      if (line.trim() !== '') notThisLayout();
      return;
    }
    if (this.#root === undefined) {
      if (line !== '{') notThisLayout();
      this.#root = {};
      this.#stack.push({ obj: this.#root, kind: 'root', key: '', tenant: undefined, empty: true, more: false, withoutDefaults: false });
      return;
    }
    const top = this.#stack[this.#stack.length - 1]!;
    const comma = line.charCodeAt(line.length - 1) === 44; // ,
    const body = comma ? line.slice(0, -1) : line;
    if (body === '}') {
      if (top.more) notThisLayout();
      this.#stack.pop();
      const parent = this.#stack[this.#stack.length - 1];
      if (parent) parent.more = comma;
      else if (comma) notThisLayout();
      else this.#closed = true;
      return;
    }
    if (!top.empty && !top.more) notThisLayout();
    top.empty = false;
    top.more = comma;

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
      const obj: Obj = {};
      top.obj[key] = obj;
      const kind = childKind(top.kind, key);
      const users = kind === 'users';
      const tenant = users || kind === 'passwords' ? top.obj : undefined;
      this.#stack.push({ obj, kind, key, tenant, empty: true, more: false, withoutDefaults: users && top.withoutDefaults });
      return;
    }
    const value = parse(rest);
    if (top.kind === 'users') {
      const user = top.withoutDefaults ? withDefaults(value) : value;
      top.obj[key] = user;
      this.visitor?.user(this.#stack[this.#stack.length - 2]!.key, top.tenant!, top.obj, key, user);
    } else if (top.kind === 'passwords') {
      top.obj[key] = value;
      this.visitor?.password(this.#stack[this.#stack.length - 2]!.key, top.tenant!, top.obj, key, value);
    } else if (top.kind === 'tenant' && key === USER_DEFAULTS_MARKER && value === USER_DEFAULTS_VERSION && !Object.hasOwn(top.obj, 'users')) {
      // Consumed here; a marker the reader cannot act on stays, for the document check to act on or refuse.
      top.withoutDefaults = true;
    } else {
      top.obj[key] = value;
    }
  }

  finish(): unknown {
    if (!this.#closed) notThisLayout();
    return this.#root;
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
 * The JSON document in a file: read a line at a time when it has the snapshot layout, whole otherwise.
 * Throws the file system's error, or JSON.parse's SyntaxError. The visitor sees the users and passwords
 * of a file read a line at a time only.
 */
export function readJsonDocument(path: string, visitor?: RecordVisitor): unknown {
  const value = readLineLayout(path, visitor);
  if (value !== NOT_THIS_LAYOUT) return value;
  // Decoding the bytes apart is about twice as fast as readFileSync(path, 'utf8') on Node 20.
  return JSON.parse(readFileSync(path).toString('utf8'));
}
