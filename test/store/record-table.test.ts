import { describe, expect, it } from 'vitest';
import { RecordTable } from '../../src/store/record-table.js';
import { applyOp } from '../../src/store/store.js';

/** A table over `"id":<json>` lines, as the snapshot reader builds one. */
function tableOf(records: Record<string, unknown>): { table: RecordTable<unknown>; parses: string[] } {
  const parses: string[] = [];
  const lines = Object.entries(records).map(([id, v]) => [id, JSON.stringify(v)] as const);
  const bytes = Buffer.from(lines.map(([, json]) => json).join('\n'), 'latin1');
  const table = RecordTable.fromText(
    bytes,
    'latin1',
    (text) => {
      parses.push(text);
      return JSON.parse(text);
    },
    'whole',
  );
  let at = 0;
  for (const [id, json] of lines) {
    table.addText(id, at, at + json.length);
    at += json.length + 1;
  }
  return { table, parses };
}

describe('a record table over text', () => {
  it('parses a record at each read and leaves it as text, so reads of many records do not fill the heap', () => {
    const { table, parses } = tableOf({ 1: { a: 1 }, 2: { b: 2 } });
    const first = table.get('1');
    expect(first).toEqual({ a: 1 });
    const again = table.get('1');
    expect(again).toEqual({ a: 1 });
    expect(again).not.toBe(first);
    expect(parses).toEqual(['{"a":1}', '{"a":1}']);
    expect(table.parsed()).toEqual([]);
    expect(typeof table.freeze().values[0]).toBe('number');
  });

  it('parses a record once when it is kept, and reads give that record from then on', () => {
    const { table, parses } = tableOf({ 1: { a: 1 }, 2: { b: 2 } });
    const kept = table.keep('1');
    expect(kept).toEqual({ a: 1 });
    expect(table.keep('1')).toBe(kept);
    expect(table.get('1')).toBe(kept);
    expect(parses).toEqual(['{"a":1}']);
    expect(table.parsed()).toEqual([['1', { a: 1 }]]);
  });

  it('keeps every record a walk through all of them parses', () => {
    const { table, parses } = tableOf({ 1: { a: 1 }, 2: { b: 2 } });
    expect([...table.values()]).toEqual([{ a: 1 }, { b: 2 }]);
    expect([...table.values()]).toEqual([{ a: 1 }, { b: 2 }]);
    expect(parses).toHaveLength(2);
    expect(table.parsed()).toHaveLength(2);
  });

  it('keeps a change made in place through applyOp, on a record that was still text', () => {
    const { table } = tableOf({ 1: { a: 1, nested: { b: 2 } } });
    const doc = { tenants: { t: { users: table } } };
    applyOp(doc, { o: 's', p: ['tenants', 't', 'users', '1', 'nested', 'b'], v: 3 });
    expect(table.get('1')).toEqual({ a: 1, nested: { b: 3 } });
    expect(table.parsed()).toEqual([['1', { a: 1, nested: { b: 3 } }]]);
  });

  it('lists as parsed exactly the records set or kept since, whatever was replaced or removed', () => {
    const { table } = tableOf({ 1: 'one', 2: 'two', 3: 'three' });
    table.set('2', 'TWO');
    table.delete('3');
    table.set('4', 'four');
    expect(table.parsed()).toEqual([
      ['2', 'TWO'],
      ['4', 'four'],
    ]);
    table.delete('2');
    table.delete('4');
    expect(table.parsed()).toEqual([]);
    expect(table.keep('1')).toBe('one');
    expect(table.parsed()).toEqual([['1', 'one']]);
  });

  it('gives JSON.stringify the plain object without keeping what it parsed', () => {
    const { table, parses } = tableOf({ 7: { x: [1] }, 8: null });
    table.set('9', { y: 'z' });
    expect(JSON.stringify({ users: table })).toBe('{"users":{"7":{"x":[1]},"8":null,"9":{"y":"z"}}}');
    expect(parses).toHaveLength(2);
    expect(table.parsed()).toEqual([['9', { y: 'z' }]]);
  });

  it('freezes ids and entries, leaving records not kept as slots of their unchanging text', () => {
    const { table, parses } = tableOf({ 1: { a: 1 }, 2: { b: 2 } });
    table.keep('2');
    const frozen = table.freeze();
    table.set('1', { a: 'changed' });
    expect(frozen.keys).toEqual(['1', '2']);
    expect(typeof frozen.values[0]).toBe('number');
    expect(frozen.text(frozen.values[0] as number)).toBe('{"a":1}');
    expect(frozen.values[1]).toEqual({ b: 2 });
    expect(parses).toEqual(['{"b":2}']);
  });

  it('keeps a record named __proto__ as an own member of the plain object', () => {
    const table = RecordTable.of<unknown>({});
    table.set('__proto__', { evil: true });
    const plain = table.toObject();
    expect(Object.getPrototypeOf(plain)).toBe(Object.prototype);
    expect(Object.keys(plain)).toEqual(['__proto__']);
  });
});

describe('tables in the test suite', () => {
  it('compare by the records they hold, so toEqual on a store cannot pass for any two tables', () => {
    expect(RecordTable.of({ 1: { a: 1 } })).toEqual(RecordTable.of({ 1: { a: 1 } }));
    expect(RecordTable.of({ 1: { a: 1 } })).not.toEqual(RecordTable.of({ 1: { a: 2 } }));
    expect({ users: RecordTable.of({ 1: 'x' }) }).not.toEqual({ users: RecordTable.of({}) });
    expect(tableOf({ 5: [1, 2] }).table).toEqual(RecordTable.of({ 5: [1, 2] }));
  });
});
