import { isRecordTable, RecordTable } from './record-table.js';
import type { Data, StoredData, StoredTenant, Tenant } from './schema.js';

type AnyTenant = Tenant | StoredTenant;

/**
 * Gives a tenant, as a document or the change log has it, the tables the store holds its users and
 * passwords in; a tenant that has them already keeps them. Returns the same object, changed.
 */
export function adoptTenant(tenant: AnyTenant): StoredTenant {
  const t = tenant as { users: unknown; passwords: unknown };
  if (!isRecordTable(t.users)) t.users = RecordTable.of((t.users ?? {}) as Record<string, unknown>);
  if (!isRecordTable(t.passwords)) t.passwords = RecordTable.of((t.passwords ?? {}) as Record<string, unknown>);
  return tenant as StoredTenant;
}

/** adoptTenant for every tenant of a document. */
export function adoptDocument(data: Data | StoredData): StoredData {
  for (const key of Object.keys(data.tenants)) adoptTenant(data.tenants[key]!);
  return data as StoredData;
}

/** The plain document, every record parsed (export, and whoever reads a store file to look at it). */
export function plainDocument(data: Data | StoredData): Data {
  const tenants: Record<string, Tenant> = {};
  for (const key of Object.keys(data.tenants)) {
    const t = data.tenants[key]!;
    tenants[key] = {
      ...t,
      users: isRecordTable(t.users) ? t.users.toObject() : t.users,
      passwords: isRecordTable(t.passwords) ? t.passwords.toObject() : t.passwords,
    } as Tenant;
  }
  return { ...data, tenants };
}
