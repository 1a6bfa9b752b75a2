import { expect } from 'vitest';
import { isRecordTable } from '../src/store/record-table.js';

// A RecordTable keeps its records in private fields, which toEqual cannot see: without this, any two
// tables would compare equal. Compare the records they hold, as a plain object, instead.
expect.addEqualityTesters([
  function recordTables(a: unknown, b: unknown, customTesters) {
    if (!isRecordTable(a) && !isRecordTable(b)) return undefined;
    const plain = (v: unknown) => (isRecordTable(v) ? v.toObject() : v);
    return this.equals(plain(a), plain(b), customTesters);
  },
]);
