import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { compileFunction, runInThisContext } from 'node:vm';
// In your project: import { createTt, installTt } from 'tt-baas-mock/tt';
import { createTt, installTt, type FakeTt, type TtOptions } from '../../src/tt/index.js';

const EXAMPLES = new URL('../', import.meta.url);

/** Runs a script as the mini-program runtime does: a plain script whose globals (`tt`) are the process's. */
export function loadScript(path: string): void {
  const file = new URL(path, EXAMPLES);
  runInThisContext(readFileSync(file, 'utf8'), { filename: fileURLToPath(file) });
}

/** A page as the runtime makes it from `Page({...})`: its handlers, and `data` that `setData` changes. */
export type PageInstance = Record<string, any> & { data: Record<string, any>; setData(patch: Record<string, unknown>): void };

/** The mini-program on one fake device: launched, the SDK loaded and initialised, pages to open. */
export interface MiniProgram {
  tt: FakeTt;
  openPage(name: string): PageInstance;
  /** Takes `tt` off the global again. */
  close(): void;
}

/**
 * Starts the mini-program in a host app for a person: puts the fake tt on the global, loads the SDK
 * file (the stand-in, see baas-bytedance.js) and calls BaaS.init as app.js does in onLaunch.
 * `prepare` gets the fake tt before the SDK loads.
 */
export function launch(options: TtOptions, prepare?: (tt: FakeTt) => void): MiniProgram {
  const tt = createTt(options);
  const uninstall = installTt(tt);
  prepare?.(tt);
  loadScript('support/baas-bytedance.js');
  (tt.BaaS as { init(clientId: string, options: { host: string }): void }).init(options.clientId, { host: options.url });
  return { tt, openPage, close: uninstall };
}

/** Runs pages/<name>.js with a `Page` that hands back a fresh instance of the page it defines. */
export function openPage(name: string): PageInstance {
  const file = new URL(`pages/${name}.js`, EXAMPLES);
  let definition: Record<string, any> | undefined;
  const run = compileFunction(readFileSync(file, 'utf8'), ['Page'], { filename: fileURLToPath(file) });
  run((def: Record<string, any>) => {
    definition = def;
  });
  if (!definition) throw new Error(`pages/${name}.js did not call Page()`);
  return {
    ...definition,
    data: viewCopy(definition.data ?? {}),
    setData(patch) {
      // The runtime sends data to the view as JSON: only plain values survive setData.
      Object.assign(this.data, viewCopy(patch));
    },
  };
}

const viewCopy = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/** The event a tap on an element with `data-*` attributes delivers. */
export const tap = (dataset: Record<string, string> = {}) => ({ type: 'tap', currentTarget: { dataset }, target: { dataset } });

/** The event of a form submit or an input's confirm. */
export const submit = <T>(value: T) => ({ type: 'submit', detail: { value } });
