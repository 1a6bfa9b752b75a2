import type { Low } from 'lowdb';
import { newTokenSecret } from '../ids.js';
import type { Journal, Op } from './journal.js';
import { TenantIndex } from './indexes.js';
import { isRecordTable } from './record-table.js';
import type { Client, Data, StoredData, StoredTenant, UserRecord } from './schema.js';
import { adoptDocument, adoptTenant } from './stored-data.js';
import type { SnapshotFile } from './snapshot-file.js';
import { checkedPath, Writer } from './writer.js';

export interface StoreTuning {
  compactAfterBytes: number;
  compactIdleMs: number;
  /**
   * A pause folds the log into a snapshot up to this size whatever the log's size (rewriting 1 MiB
   * takes milliseconds, and the file people read stays current); a larger one only once the log has
   * reached a quarter of it.
   */
  compactIdleAlwaysUpToBytes: number;
  onError?: ((err: unknown) => void) | undefined;
  /** Called once the store is closed (releases the file lock). */
  release?: () => void;
}

export interface StoreStats {
  tenants: number;
  users: number;
  journalBytes: number;
}

/**
 * All state of the mock: a lowdb document plus in-memory indexes. Reads go through indexes; writes go
 * through `write()`, which applies the changes at once and logs them; `flushed()` resolves when every
 * change so far is on disk, and the server answers a request only after that. Each tenant's users and
 * passwords are RecordTables, whatever the document given held (stored-data.ts).
 */
export class Store {
  #indexes = new Map<string, TenantIndex>();
  #clientsByAppid = new Map<string, string>();
  #compactTimer: NodeJS.Timeout | undefined;
  #snapshotBytes: number;
  #compacting: Promise<void> | null = null;
  #closed = false;

  constructor(
    private readonly db: Low<StoredData>,
    private readonly journal: Journal | null,
    private readonly snapshot: SnapshotFile | null,
    /** openStore (open.ts) sets the defaults. */
    private readonly options: StoreTuning,
  ) {
    adoptDocument(db.data);
    this.#rebuildTenants();
    this.#rebuildClients();
    this.#snapshotBytes = snapshot?.size() ?? 0;
  }

  get data(): StoredData {
    return this.db.data;
  }

  /** The key that signs session tokens (every open or replaced store has one). */
  get tokenSecret(): string {
    return this.db.data.platform.tokenSecret!;
  }

  /** Where the store lives: the snapshot file, or null in memory. */
  get file(): string | null {
    return this.snapshot?.path ?? null;
  }

  // ---- reads ----

  // Own keys only: a client ID such as `constructor` names no stored tenant. (Users are in Maps.)
  tenant(key: string): StoredTenant | undefined {
    const tenants = this.db.data.tenants;
    return Object.hasOwn(tenants, key) ? tenants[key] : undefined;
  }

  client(clientId: string): Client | undefined {
    const clients = this.db.data.clients;
    return Object.hasOwn(clients, clientId) ? clients[clientId] : undefined;
  }

  clientIdByAppid(appid: string): string | undefined {
    return this.#clientsByAppid.get(appid);
  }

  user(key: string, id: number | string): UserRecord | undefined {
    return this.tenant(key)?.users.get(String(id));
  }

  /** The password hash of a user, if it has one. */
  password(key: string, id: number | string): string | undefined {
    return this.tenant(key)?.passwords.get(String(id));
  }

  #lookup(key: string, pick: (i: TenantIndex) => Map<string, string>, value: string): UserRecord | undefined {
    const index = this.#indexes.get(key);
    const id = index && pick(index).get(value);
    return id === undefined ? undefined : this.tenant(key)!.users.get(id);
  }

  userByUsername(key: string, username: string): UserRecord | undefined {
    return this.#lookup(key, (i) => i.byUsername, username.toLowerCase());
  }

  userByEmail(key: string, email: string): UserRecord | undefined {
    return this.#lookup(key, (i) => i.byEmail, email.toLowerCase());
  }

  userByPhone(key: string, phone: string): UserRecord | undefined {
    return this.#lookup(key, (i) => i.byPhone, phone);
  }

  userByIdentity(key: string, provider: string, openid: string): UserRecord | undefined {
    const id = this.#indexes.get(key)?.identity(provider, openid);
    return id === undefined ? undefined : this.tenant(key)!.users.get(id);
  }

  /**
   * A page of a tenant's users in the order of their ids, and how many there are. Only the page's
   * records are parsed, not the 100,000 a large store may keep as text.
   */
  usersById(key: string, offset: number, limit: number): { total: number; users: UserRecord[] } {
    const users = this.tenant(key)?.users;
    if (!users) return { total: 0, users: [] };
    // Keys are the records' ids (the document check sees to it); a typed array sorts numbers natively.
    const ids = Float64Array.from(users.keys(), Number).sort();
    return { total: ids.length, users: Array.from(ids.subarray(offset, offset + limit), (id) => users.get(String(id))!) };
  }

  stats(): StoreStats {
    let users = 0;
    for (const t of Object.values(this.db.data.tenants)) users += t.users.size;
    return { tenants: Object.keys(this.db.data.tenants).length, users, journalBytes: this.journal?.bytes ?? 0 };
  }

  // ---- writes ----

  /** Runs `fn` to collect changes, then applies and logs them together. Returns what `fn` returns. */
  write<T>(fn: (w: Writer) => T): T {
    if (this.#closed) throw new Error('the store is closed');
    const w = new Writer(this);
    const result = fn(w);
    if (w.ops.length > 0) {
      for (const op of w.ops) this.#apply(op);
      this.journal?.append(w.ops);
      this.#scheduleCompaction();
    }
    return result;
  }

  /** Resolves when every change made so far is on disk (at once in memory). */
  flushed(): Promise<void> {
    return this.unflushed() ?? Promise.resolve();
  }

  /**
   * What resolves when every change made so far is on disk, or null when they already are (and in
   * memory): an answer that changed nothing need not wait a turn of the event loop.
   */
  unflushed(): Promise<void> | null {
    return this.journal?.unflushed() ?? null;
  }

  /**
   * Replaces the whole document (import, reset) and waits until it is on disk. The log line holds the
   * whole document, so it is folded into the snapshot at once; the replacement is durable before that,
   * so a failed snapshot is reported, not thrown.
   */
  async replace(data: Data): Promise<void> {
    withTokenSecret(data);
    this.write((w) => w.set([], data));
    await this.flushed();
    await this.compact().catch((err) => this.options.onError?.(err));
  }

  #apply(op: Op): void {
    const p = op.p;
    if (p.length === 0) {
      this.db.data = adoptDocument(applyOp(this.db.data, op));
      this.#rebuildAll();
      return;
    }
    const userPath = p[0] === 'tenants' && p[2] === 'users' && p.length >= 4;
    const tenantLevel = p[0] === 'tenants' && (p.length <= 2 || (p.length === 3 && (p[2] === 'users' || p[2] === 'passwords')));
    const index = userPath ? this.#indexes.get(p[1]!) : undefined;
    const before = userPath ? this.user(p[1]!, p[3]!) : undefined;
    if (index && before) index.remove(p[3]!, before);

    applyOp(this.db.data, op);

    if (userPath) {
      const after = this.user(p[1]!, p[3]!);
      if (after) this.#indexFor(p[1]!).add(p[3]!, after);
    } else if (tenantLevel) {
      if (p.length === 1) adoptDocument(this.db.data);
      else if (this.tenant(p[1]!)) adoptTenant(this.tenant(p[1]!)!);
      if (p.length === 1) this.#rebuildTenants();
      else this.#rebuildTenant(p[1]!);
    } else if (p[0] === 'clients') {
      this.#rebuildClients();
    }
  }

  #indexFor(key: string): TenantIndex {
    let index = this.#indexes.get(key);
    if (!index) this.#indexes.set(key, (index = new TenantIndex()));
    return index;
  }

  #rebuildTenant(key: string): void {
    const tenant = this.tenant(key);
    if (tenant) this.#indexes.set(key, TenantIndex.build(tenant.users));
    else this.#indexes.delete(key);
  }

  #rebuildTenants(): void {
    this.#indexes.clear();
    for (const key of Object.keys(this.db.data.tenants)) this.#rebuildTenant(key);
  }

  #rebuildClients(): void {
    this.#clientsByAppid.clear();
    for (const [id, c] of Object.entries(this.db.data.clients)) this.#clientsByAppid.set(c.appid, id);
  }

  #rebuildAll(): void {
    this.#rebuildTenants();
    this.#rebuildClients();
  }

  // ---- snapshots ----

  /**
   * A snapshot rewrites the whole store, so the log may grow as large as the last snapshot before one
   * is due: the work per change then stays the same whatever the store's size, and replaying the log
   * at start costs at most about what reading the snapshot does.
   */
  #compactAfterBytes(): number {
    return Math.max(this.options.compactAfterBytes, this.#snapshotBytes);
  }

  #scheduleCompaction(): void {
    if (!this.journal) return;
    if (this.journal.bytes >= this.#compactAfterBytes()) {
      void this.compact().catch((err) => this.options.onError?.(err));
      return;
    }
    if (!this.#idleFoldPays()) return;
    // One timer, pushed back by each change: a new timer per change showed in profiles of registration.
    if (this.#compactTimer) {
      this.#compactTimer.refresh();
      return;
    }
    this.#compactTimer = setTimeout(() => {
      // A compaction since the timer was set may have left a log too small to be worth it.
      if (this.#idleFoldPays()) void this.compact().catch((err) => this.options.onError?.(err));
    }, this.options.compactIdleMs);
    this.#compactTimer.unref();
  }

  /**
   * Whether a pause is worth folding the log in. Rewriting a 31 MB snapshot of 100,000 users takes
   * about a second of the event loop, shared with the requests: doing it at every pause to fold in a
   * few kilobytes made the first changes after any pause cost in proportion to the store. Waiting for
   * the log to reach a quarter of the snapshot keeps the rewriting per change the same at any size;
   * a start after a kill still replays at most a snapshot's worth of log, as before.
   */
  #idleFoldPays(): boolean {
    return this.#snapshotBytes <= this.options.compactIdleAlwaysUpToBytes || this.journal!.bytes * 4 >= this.#snapshotBytes;
  }

  /** Folds the change log into the JSON snapshot. */
  compact(): Promise<void> {
    if (!this.journal || !this.snapshot) return Promise.resolve();
    this.#compacting ??= this.#compact().finally(() => (this.#compacting = null));
    return this.#compacting;
  }

  async #compact(): Promise<void> {
    const journal = this.journal!;
    if (journal.empty) return;
    // Rotation and capturing the document (SnapshotFile.write) happen in one synchronous step: every
    // change is in this snapshot or in the new segment, whatever moment the process dies.
    const dropOldSegment = journal.rotate();
    await this.db.write();
    this.#snapshotBytes = this.snapshot!.size();
    await dropOldSegment();
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    clearTimeout(this.#compactTimer);
    await this.flushed();
    await this.#compacting;
    await this.compact();
    this.#closed = true;
    await this.journal?.close();
    this.options.release?.();
  }
}

/**
 * Applies one op to a JSON document, creating missing parents, and returns the document: a new one
 * when the op replaces the whole of it (import, reset). A RecordTable on the way is entered by id.
 */
export function applyOp<T extends object>(root: T, op: Op): T {
  if (op.p.length === 0) {
    if (op.o === 's') return op.v as T;
    throw new Error('cannot delete the whole document');
  }
  checkedPath(op.p);
  let node = root as Record<string, unknown>;
  const last = op.p.length - 1;
  for (let i = 0; i < last; i++) {
    const part = op.p[i]!;
    if (isRecordTable(node)) {
      // Changed in place below: a record still as text must become the table's own first.
      let next = node.keep(part);
      if (typeof next !== 'object' || next === null) node.set(part, (next = {}));
      node = next as Record<string, unknown>;
      continue;
    }
    let next = Object.hasOwn(node, part) ? node[part] : undefined;
    if (typeof next !== 'object' || next === null) node[part] = next = {};
    node = next as Record<string, unknown>;
  }
  const key = op.p[last]!;
  if (isRecordTable(node)) {
    if (op.o === 's') node.set(key, op.v);
    else node.delete(key);
  } else if (op.o === 's') node[key] = op.v;
  else delete node[key];
  return root;
}

/**
 * Gives a document a session-token secret if it has none (fixtures never do): a new secret for every new,
 * reset or secret-less imported store, so tokens of another store are never valid here. Returns whether
 * one was added.
 */
export function withTokenSecret(data: Pick<Data, 'platform'>): boolean {
  if (data.platform.tokenSecret) return false;
  data.platform = { ...data.platform, tokenSecret: newTokenSecret() };
  return true;
}
