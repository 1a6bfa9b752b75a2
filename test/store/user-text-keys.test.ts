import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { newUserRecord } from '../../src/baas/users.js';
import { TenantIndex } from '../../src/store/indexes.js';
import { RecordTable } from '../../src/store/record-table.js';
import type { UserRecord } from '../../src/store/schema.js';
import { withDefaults, withoutDefaults } from '../../src/store/user-defaults.js';
import { visitUserTextKeys } from '../../src/store/user-text-keys.js';

/** As the snapshot writer writes a record: compact JSON, every character outside ASCII escaped. */
const asWritten = (value: unknown) => JSON.stringify(value).replace(/[^\x00-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

function keysOfText(text: string): string[] {
  const found: string[] = [];
  const bytes = Buffer.from(text, 'latin1');
  visitUserTextKeys(bytes, 0, bytes.length, {
    username: (v) => found.push(`username ${v}`),
    email: (v) => found.push(`email ${v}`),
    phone: (v) => found.push(`phone ${v}`),
    identity: (provider, openid) => found.push(`identity ${provider} ${openid}`),
  });
  return found;
}

/** The index of one user, as lists: built from its text, or from the parsed record. */
function indexed(index: TenantIndex) {
  return {
    usernames: [...index.byUsername],
    emails: [...index.byEmail],
    phones: [...index.byPhone],
    identities: [...index.byIdentity].map(([provider, byOpenid]) => [provider, [...byOpenid]]),
  };
}

const text = fc.oneof(fc.string(), fc.constantFrom('', 'Ünïcödé 用户', 'quote " and \\ back', '_username', '{"_username":"x"}', 'line\nbreak'));
const json = fc.jsonValue({ maxDepth: 3 });
const providerEntry = fc.oneof(fc.record({ openid: fc.oneof(text, json), unionid: text }, { requiredKeys: [] }), json);
const user = fc.record({
  nickname: fc.oneof(fc.constant(null), text),
  _username: fc.oneof(fc.constant(null), text, json),
  _email: fc.oneof(fc.constant(null), text),
  _phone: fc.oneof(fc.constant(null), text, fc.integer()),
  _provider: fc.dictionary(text, providerEntry, { maxKeys: 4 }),
  // Custom fields, some shaped like the built-in ones, nested where they must not count.
  custom: fc.dictionary(fc.oneof(text, fc.constantFrom('_username', '_provider', 'openid')), fc.oneof(json, fc.record({ _username: text, openid: text })), { maxKeys: 3 }),
});

describe('reading index keys from a user record kept as text', () => {
  it('finds what indexing the parsed record finds, for any record as the writer writes it', () => {
    fc.assert(
      fc.property(user, fc.boolean(), (fields, compact) => {
        const { custom, ...builtIn } = fields;
        const record = { ...newUserRecord(310000000000001, 1_700_000_000, builtIn as Partial<UserRecord>), ...custom } as UserRecord;
        const parsed = JSON.parse(JSON.stringify(record)) as UserRecord;
        const written = asWritten(compact ? withoutDefaults(parsed) : parsed);

        const fromRecord = new TenantIndex();
        fromRecord.add('310000000000001', parsed);
        const bytes = Buffer.from(written, 'latin1');
        const table = RecordTable.fromText<UserRecord>(bytes, 'latin1', (t) => (compact ? withDefaults(JSON.parse(t)) : JSON.parse(t)) as UserRecord, compact ? 'withoutDefaults' : 'whole');
        table.addText('310000000000001', 0, bytes.length);
        expect(indexed(TenantIndex.build(table))).toEqual(indexed(fromRecord));
      }),
      { numRuns: 500 },
    );
  });

  it('reads only the record’s own members, and openid only inside _provider entries', () => {
    const record = {
      id: 1,
      meta: { _username: 'nested', _provider: { douyin: { openid: 'nested-openid' } } },
      _username: 'Top',
      openid: 'not-a-provider',
      _provider: { douyin: { unionid: 'u', openid: 'o-1', extra: { openid: 'deeper' } }, 'to\\utiao': { openid: 'o-"2"' }, empty: {} },
      _phone: 138,
    };
    expect(keysOfText(asWritten(record))).toEqual(['username Top', 'identity douyin o-1', 'identity to\\utiao o-"2"']);
  });

  it('decodes escapes in the strings it reads', () => {
    expect(keysOfText(asWritten({ _email: 'Ünï@例子.com', _provider: { 'dou"yin': { openid: 'a\\b' } } }))).toEqual(['email Ünï@例子.com', 'identity dou"yin a\\b']);
  });

  it('reads nothing from an empty record', () => {
    expect(keysOfText('{}')).toEqual([]);
  });
});
