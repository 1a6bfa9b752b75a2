import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { newUserRecord } from '../../src/baas/users.js';
import type { Data } from '../../src/store/schema.js';
import { SnapshotFile } from '../../src/store/snapshot-file.js';
import { INCREMENTAL_FROM_RECORDS } from '../../src/store/snapshot-writer.js';
import { fixtures } from '../helpers.js';
import { DEMO_TENANT, useTempStores } from './temp-store.js';

const stores = useTempStores();

/** The fixtures plus enough users to be written in slices, some with text outside ASCII. */
function largeDocument(): Data {
  const doc = structuredClone(fixtures);
  const tenant = doc.tenants[DEMO_TENANT]!;
  let id = tenant.nextUserId;
  for (let i = 0; i < INCREMENTAL_FROM_RECORDS + 100; i++, id++) {
    const nickname = i % 3 === 0 ? `用户${i} 😀` : `user${i}`;
    tenant.users[String(id)] = newUserRecord(id, 1_700_000_000, { nickname, _username: `u${i}`, custom: i % 7 === 0 ? undefined : 'x' });
  }
  tenant.nextUserId = id;
  return doc;
}

const jsonCopy = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('SnapshotFile.write', () => {
  it('writes a small store indented, as people edit it', async () => {
    const { file } = stores.newDir();
    await new SnapshotFile(file).write(fixtures);
    expect(readFileSync(file, 'utf8')).toBe(JSON.stringify(fixtures, null, 2) + '\n');
  });

  it('writes a large store a record per line and in ASCII, reading back as the same document', async () => {
    const { file } = stores.newDir();
    const doc = largeDocument();
    await new SnapshotFile(file).write(doc);
    const text = readFileSync(file, 'utf8');
    expect(text).toMatch(/^[\x00-\x7f]*$/);
    expect(text.split('\n').length).toBeGreaterThan(INCREMENTAL_FROM_RECORDS);
    expect(() => JSON.parse(text)).not.toThrow();
    expect(JSON.stringify(new SnapshotFile(file).readSync())).toBe(JSON.stringify(doc));
  });

  it('writes a large store as it was when the write began, whatever changes meanwhile', async () => {
    const { file } = stores.newDir();
    const doc = largeDocument();
    const before = jsonCopy(doc);
    const writing = new SnapshotFile(file).write(doc);
    // What Store.write does to the document: whole records and values set or deleted at their paths.
    const tenant = doc.tenants[DEMO_TENANT]!;
    const [firstId, secondId] = Object.keys(tenant.users);
    tenant.users[firstId!] = { ...tenant.users[firstId!]!, nickname: 'changed' };
    delete tenant.users[secondId!];
    tenant.users[String(tenant.nextUserId)] = newUserRecord(tenant.nextUserId, 1_700_000_000);
    tenant.nextUserId += 1;
    doc.people['dave'] = { ...doc.people['alice']!, nickName: 'Dave' };
    await writing;
    expect(new SnapshotFile(file).readSync()).toEqual(before);
  });
});
