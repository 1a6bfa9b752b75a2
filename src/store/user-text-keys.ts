/**
 * Reads what the indexes need (username, email, phone, ByteDance openids) from a user record still as
 * text, without parsing the record: at a start on 100,000 users this is the only work done per user.
 *
 * The text is compact JSON as JSON.stringify writes it (no white space, keys unique), which is all a
 * RecordTable keeps as text. Strings without a backslash are taken as they are; one with escapes is
 * decoded by JSON.parse. Only members of the record itself count, and only `openid` members of the
 * objects in `_provider`: the same fields TenantIndex.add reads from a parsed record.
 */
export interface UserKeysVisitor {
  username(value: string): void;
  email(value: string): void;
  phone(value: string): void;
  identity(provider: string, openid: string): void;
}

import { latin1 } from './bytes-text.js';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN = 0x7b;
const CLOSE = 0x7d;
const OPEN_LIST = 0x5b;
const CLOSE_LIST = 0x5d;
const COMMA = 0x2c;

const NAMES = ['_username', '_email', '_phone', '_provider'].map((name) => Buffer.from(`"${name}"`, 'latin1'));
const OPENID = Buffer.from('"openid"', 'latin1');

/** Calls the visitor for each key found in bytes [start, end), the text of one record. */
export function visitUserTextKeys(bytes: Buffer, start: number, end: number, visit: UserKeysVisitor): void {
  if (bytes[start] !== OPEN || bytes[start + 1] === CLOSE) return;
  let at = start + 1;
  while (at < end) {
    const keyEnd = endOfString(bytes, at, end);
    const value = keyEnd + 1; // past the colon
    const valueEnd = endOfValue(bytes, value, end);
    const which = nameAt(bytes, at, keyEnd);
    if (which === 3) {
      if (bytes[value] === OPEN) visitProviders(bytes, value, valueEnd, visit);
    } else if (which >= 0 && bytes[value] === QUOTE) {
      const text = stringAt(bytes, value, valueEnd);
      if (which === 0) visit.username(text);
      else if (which === 1) visit.email(text);
      else visit.phone(text);
    }
    if (bytes[valueEnd] !== COMMA) return;
    at = valueEnd + 1;
  }
}

/** `{"douyin":{"openid":"…",…},…}` from `start` (its brace) to `end` (past its closing brace). */
function visitProviders(bytes: Buffer, start: number, end: number, visit: UserKeysVisitor): void {
  if (bytes[start + 1] === CLOSE) return;
  let at = start + 1;
  while (at < end) {
    const keyEnd = endOfString(bytes, at, end);
    const value = keyEnd + 1;
    const valueEnd = endOfValue(bytes, value, end);
    if (bytes[value] === OPEN && bytes[value + 1] !== CLOSE) {
      let member = value + 1;
      while (member < valueEnd) {
        const memberKeyEnd = endOfString(bytes, member, valueEnd);
        const memberValue = memberKeyEnd + 1;
        const memberValueEnd = endOfValue(bytes, memberValue, valueEnd);
        if (bytes[memberValue] === QUOTE && same(bytes, member, memberKeyEnd, OPENID)) {
          visit.identity(stringAt(bytes, at, keyEnd), stringAt(bytes, memberValue, memberValueEnd));
        }
        if (bytes[memberValueEnd] !== COMMA) break;
        member = memberValueEnd + 1;
      }
    }
    if (bytes[valueEnd] !== COMMA) return;
    at = valueEnd + 1;
  }
}

/** Which of NAMES the string [start, end) is (quotes included), or -1. */
function nameAt(bytes: Buffer, start: number, end: number): number {
  if (bytes[start + 1] !== 0x5f) return -1; // _
  for (let i = 0; i < NAMES.length; i++) if (same(bytes, start, end, NAMES[i]!)) return i;
  return -1;
}

function same(bytes: Buffer, start: number, end: number, expected: Buffer): boolean {
  if (end - start !== expected.length) return false;
  for (let i = 0; i < expected.length; i++) if (bytes[start + i] !== expected[i]) return false;
  return true;
}

/** The string whose quotes are at `start` and `end - 1`; one with escapes in it is decoded by JSON.parse. */
function stringAt(bytes: Buffer, start: number, end: number): string {
  for (let i = start + 1; i < end - 1; i++) {
    if (bytes[i] === BACKSLASH) return JSON.parse(latin1(bytes, start, end)) as string;
  }
  return latin1(bytes, start + 1, end - 1);
}

/** Past the quote that closes the string opening at `start`. */
function endOfString(bytes: Buffer, start: number, limit: number): number {
  for (let i = start + 1; i < limit; i++) {
    const c = bytes[i];
    if (c === BACKSLASH) i++;
    else if (c === QUOTE) return i + 1;
  }
  return limit;
}

/** Past the value starting at `start`: a string, an object or list, or a number or literal. */
function endOfValue(bytes: Buffer, start: number, limit: number): number {
  const first = bytes[start];
  if (first === QUOTE) return endOfString(bytes, start, limit);
  if (first === OPEN || first === OPEN_LIST) {
    let depth = 0;
    for (let i = start; i < limit; i++) {
      const c = bytes[i];
      if (c === QUOTE) i = endOfString(bytes, i, limit) - 1;
      else if (c === OPEN || c === OPEN_LIST) depth++;
      else if ((c === CLOSE || c === CLOSE_LIST) && --depth === 0) return i + 1;
    }
    return limit;
  }
  for (let i = start; i < limit; i++) {
    const c = bytes[i];
    if (c === COMMA || c === CLOSE || c === CLOSE_LIST) return i;
  }
  return limit;
}
