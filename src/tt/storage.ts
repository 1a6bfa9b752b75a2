import { fail, later, succeed } from './callbacks.js';
import type { Callbacks, FakeTt } from './types.js';

type StorageApi = Pick<
  FakeTt,
  | 'setStorageSync' | 'getStorageSync' | 'removeStorageSync' | 'clearStorageSync' | 'getStorageInfoSync'
  | 'setStorage' | 'getStorage' | 'removeStorage' | 'clearStorage' | 'getStorageInfo'
>;

// The platform's quota per mini-program, in KB.
const LIMIT_KB = 10 * 1024;

/**
 * One device's local storage. Values are kept as JSON, as the platform keeps them: a Date comes back
 * as its string, a function not at all.
 */
export function createStorage(): StorageApi {
  const items = new Map<string, string>();
  const info = () => {
    let bytes = 0;
    for (const [k, v] of items) bytes += Buffer.byteLength(k) + Buffer.byteLength(v);
    return { keys: [...items.keys()], currentSize: Math.ceil(bytes / 1024), limitSize: LIMIT_KB };
  };
  const set = (key: string, data: unknown) => items.set(String(key), JSON.stringify(data === undefined ? '' : data) ?? '""');
  const get = (key: string): unknown => {
    const text = items.get(String(key));
    return text === undefined ? undefined : JSON.parse(text);
  };
  const ok = <S>(options: Callbacks<S> | undefined, res: S) => later(() => succeed(options, res));

  return {
    setStorageSync: (key, data) => void set(key, data),
    getStorageSync: (key) => get(key) ?? '',
    removeStorageSync: (key) => void items.delete(String(key)),
    clearStorageSync: () => items.clear(),
    getStorageInfoSync: info,
    setStorage(options) {
      set(options.key, options.data);
      ok(options, { errMsg: 'setStorage:ok' });
    },
    getStorage(options) {
      const data = get(options.key);
      if (data === undefined) later(() => fail(options, { errMsg: 'getStorage:fail data not found' }));
      else ok(options, { errMsg: 'getStorage:ok', data });
    },
    removeStorage(options) {
      items.delete(String(options.key));
      ok(options, { errMsg: 'removeStorage:ok' });
    },
    clearStorage(options) {
      items.clear();
      ok(options, { errMsg: 'clearStorage:ok' });
    },
    getStorageInfo(options) {
      ok(options, { errMsg: 'getStorageInfo:ok', ...info() });
    },
  };
}
