import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkData, StoreError } from '../../src/store/check-data.js';
import { DATA_VERSION, type Data } from '../../src/store/schema.js';
import { defaultOptions } from '../../src/options.js';
import { fixtures } from '../helpers.js';
import { DEMO_TENANT } from './temp-store.js';

type SchemaNode = {
  $ref?: string;
  type?: string | string[];
  required?: string[];
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  maximum?: number;
};

const fixturesDir = dirname(defaultOptions.fixtures);
const schemaText = readFileSync(join(fixturesDir, 'store.schema.json'), 'utf8');
const schema = JSON.parse(schemaText) as SchemaNode & { $schema: string; $defs: Record<string, SchemaNode> };

const resolveRef = (node: SchemaNode): SchemaNode => {
  if (!node.$ref) return node;
  const name = /^#\/\$defs\/(.+)$/.exec(node.$ref)?.[1];
  const target = name ? schema.$defs[name] : undefined;
  if (!target) throw new Error(`unresolved $ref ${node.$ref}`);
  return target;
};

/** Every object of a document with the part of the schema that describes it. */
function* objectsOf(node: SchemaNode, value: unknown, path: string[] = []): Iterable<{ node: SchemaNode; value: Record<string, unknown>; path: string[] }> {
  const n = resolveRef(node);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return;
  const obj = value as Record<string, unknown>;
  yield { node: n, value: obj, path };
  for (const [key, child] of Object.entries(obj)) {
    const sub = n.properties?.[key] ?? (typeof n.additionalProperties === 'object' ? n.additionalProperties : undefined);
    if (sub) yield* objectsOf(sub, child, [...path, key]);
  }
}

/** The fixtures with one of every kind of record, so the walk reaches every part of the schema. */
function fullDocument(): Data {
  const d = structuredClone(fixtures);
  const t = d.tenants[DEMO_TENANT]!;
  t.users['310000000000001']!._provider = { douyin: { openid: 'open-1' } };
  t.revoked.nonce1 = 2;
  t.epoch = 'e1';
  d.platform.tokenSecret = 'a-secret-of-16-chars-or-more';
  t.outbox.m1 = { id: 'm1', kind: 'sms', purpose: 'sms-code', to: '13800000000', code: '123456', text: 'code 123456', sentAt: 1 };
  t.smsCodes['13800000000'] = { code: '123456', expiresAt: 2, sentAt: 1 };
  d.people.alice!.device = 'alice-phone';
  return d;
}

function without(doc: Data, path: string[]): Data {
  const copy = structuredClone(doc) as unknown as Record<string, unknown>;
  let node = copy;
  for (const part of path.slice(0, -1)) node = node[part] as Record<string, unknown>;
  delete node[path[path.length - 1]!];
  return copy as unknown as Data;
}

describe('fixtures/store.schema.json', () => {
  it('is a draft 2020-12 JSON Schema whose $refs all resolve', () => {
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    for (const ref of schemaText.matchAll(/"\$ref": "([^"]+)"/g)) expect(() => resolveRef({ $ref: ref[1]! })).not.toThrow();
  });

  it('is what fixtures/default.json names for editors', () => {
    expect(fixtures.$schema).toBe('./store.schema.json');
    expect(existsSync(join(fixturesDir, fixtures.$schema!))).toBe(true);
  });

  it('allows the document version this tt-baas-mock writes and no newer one', () => {
    expect(schema.properties!.version!.maximum).toBe(DATA_VERSION);
  });

  it('requires exactly the keys that checkData requires', () => {
    const doc = fullDocument();
    expect(() => checkData(doc)).not.toThrow();
    let checked = 0;
    for (const { node, value, path } of objectsOf(schema, doc)) {
      const required = new Set(node.required ?? []);
      for (const key of required) {
        expect(key in value, `${[...path, key].join('.')} is in the document`).toBe(true);
        expect(() => checkData(without(doc, [...path, key])), `without ${[...path, key].join('.')}`).toThrow(StoreError);
        checked++;
      }
      for (const key of Object.keys(node.properties ?? {})) {
        if (required.has(key) || !(key in value)) continue;
        expect(() => checkData(without(doc, [...path, key])), `without ${[...path, key].join('.')}`).not.toThrow();
        checked++;
      }
    }
    // The walk reached users, sessions, outbox items and SMS codes, not just the top level.
    expect(checked).toBeGreaterThan(60);
  });
});

describe('checkData', () => {
  it('accepts the shipped fixtures', () => {
    const text = readFileSync(defaultOptions.fixtures, 'utf8');
    expect(checkData(JSON.parse(text))).toEqual(JSON.parse(text));
  });

  const broken: [string, (d: Data) => void, RegExp][] = [
    ['a document newer than this version', (d) => (d.version = DATA_VERSION + 1), /^version is 2, newer than/],
    ['a host app key in capitals', (d) => (d.hostApps.Douyin = d.hostApps.douyin!), /^hostApps\.Douyin key must be lower-case/],
    ['an appid that is not tt and 16 hex digits', (d) => (d.clients['7f2c5a9e1b3d4c6e8a0f']!.appid = 'wx123'), /appid must be "tt" and 16 hex digits/],
    ['two clients with one appid', (d) => (d.clients.other = { ...d.clients['7f2c5a9e1b3d4c6e8a0f']! }), /^clients\.other\.appid is used by another client/],
    ['a person logged into an unknown host app', (d) => d.people.bob!.loggedInto.push('wechat'), /^people\.bob\.loggedInto names an unknown host app: wechat/],
    ['a user id that differs from its key', (d) => (d.tenants[DEMO_TENANT]!.users['310000000000001']!.id = 310000000000002), /users\.310000000000001\.id must equal its key/],
    ['a user id not below nextUserId', (d) => (d.tenants[DEMO_TENANT]!.nextUserId = 310000000000002), /users\.310000000000002\.id must be an integer below nextUserId/],
    ['a password that is not a scrypt hash', (d) => (d.tenants[DEMO_TENANT]!.passwords['310000000000001'] = 'hunter2'), /passwords\.310000000000001 must be a scrypt hash/],
    ['a password of no user', (d) => (d.tenants[DEMO_TENANT]!.passwords['310000000000009'] = 'scrypt$x'), /passwords\.310000000000009 belongs to no user/],
    ['a revoked session without its expiry', (d) => (d.tenants[DEMO_TENANT]!.revoked.t = 'x' as never), /revoked\.t must be the expiry/],
    ['a token secret too short to sign with', (d) => (d.platform.tokenSecret = 'short'), /platform\.tokenSecret must be a string of 16/],
    [
      'two users with one username, in different case',
      (d) => (d.tenants[DEMO_TENANT]!.users['310000000000002']!._username = 'IFANRX'),
      /users\.310000000000002\._username is also the _username of user 310000000000001/,
    ],
    [
      'two users with one ByteDance identity',
      (d) => {
        const users = d.tenants[DEMO_TENANT]!.users;
        users['310000000000001']!._provider = { douyin: { openid: 'same' } };
        users['310000000000002']!._provider = { douyin: { openid: 'same' } };
      },
      /_provider\.douyin\.openid is also the _provider\.douyin\.openid of user 310000000000001/,
    ],
  ];
  it.each(broken)('refuses %s, naming where', (_name, breakIt, message) => {
    const doc = structuredClone(fixtures);
    breakIt(doc);
    expect(() => checkData(doc)).toThrow(StoreError);
    expect(() => checkData(doc)).toThrow(message);
  });

  it('accepts duplicates in a store file the mock wrote itself', () => {
    const doc = structuredClone(fixtures);
    doc.tenants[DEMO_TENANT]!.users['310000000000002']!._username = 'ifanrx';
    expect(() => checkData(doc, { unique: false })).not.toThrow();
  });

  it('refuses what is not an object', () => {
    for (const value of [null, [], 'text', 1]) expect(() => checkData(value)).toThrow('the document must be an object');
  });
});

describe('checkData and inherited names', () => {
  it('refuses a person logged into a host app named like an Object.prototype member', () => {
    const d = structuredClone(fixtures);
    d.people.alice!.loggedInto = ['toString'];
    expect(() => checkData(d)).toThrow(/names an unknown host app: toString/);
  });
});
