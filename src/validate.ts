import type { Context } from 'hono';
import type { FieldErrorFactory } from './errors.js';
import { requestHeader } from './request-header.js';

export type JsonObject = Record<string, unknown>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Reads a request body as a JSON object. An empty body is `{}` (the SDK sends `{}` when it has no data,
 * and some clients send nothing). A body in another media type, broken JSON or a non-object is a 4xx
 * naming the problem, in the envelope of the area that asks.
 */
export async function readJsonObject(c: Context, fail: FieldErrorFactory): Promise<JsonObject> {
  const type = requestHeader(c, 'content-type');
  const text = await c.req.text();
  if (text.trim() === '') return {};
  if (type && !/json/i.test(type) && !/^text\/plain/i.test(type)) {
    throw fail('body', `must be JSON (Content-Type: application/json), got ${type.split(';')[0]}`, 415);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw fail('body', 'is not valid JSON');
  }
  if (!isObject(value)) throw fail('body', 'must be a JSON object');
  return value;
}

/** Typed reads of one object's fields; each failure names the field. */
export class Fields {
  constructor(private readonly obj: JsonObject, private readonly fail: FieldErrorFactory) {}

  has(name: string): boolean {
    return this.obj[name] !== undefined;
  }

  raw(name: string): unknown {
    return this.obj[name];
  }

  string(name: string): string {
    const v = this.obj[name];
    if (v === undefined || v === null || v === '') throw this.fail(name, 'is required');
    if (typeof v !== 'string') throw this.fail(name, 'must be a string');
    return v;
  }

  optionalString(name: string): string | undefined {
    const v = this.obj[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') throw this.fail(name, 'must be a string');
    return v;
  }

  /** A string or null: null is meaningful ("clear this field"); undefined means "not sent". */
  nullableString(name: string): string | null | undefined {
    const v = this.obj[name];
    if (v === null) return null;
    return this.optionalString(name);
  }

  boolean(name: string, fallback: boolean): boolean {
    const v = this.obj[name];
    if (v === undefined) return fallback;
    if (typeof v !== 'boolean') throw this.fail(name, 'must be true or false');
    return v;
  }

  optionalInteger(name: string, min = -Infinity, max = Infinity): number | undefined {
    const v = this.obj[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      throw this.fail(name, `must be an integer${Number.isFinite(min) ? ` from ${min}` : ''}${Number.isFinite(max) ? ` to ${max}` : ''}`);
    }
    return v;
  }

  oneOf<T extends string>(name: string, values: readonly T[], fallback?: T): T {
    const v = this.obj[name];
    if (v === undefined && fallback !== undefined) return fallback;
    if (typeof v !== 'string' || !values.includes(v as T)) throw this.fail(name, `must be one of ${values.join(', ')}`);
    return v as T;
  }
}
