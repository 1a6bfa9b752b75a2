import { JSDOM, type DOMWindow } from 'jsdom';
import { PAGE_HELPERS } from './web-sdk.js';

/** The origin of the fake page: a typical dev server, so every SDK call to the mock is cross-origin. */
export const JSDOM_PAGE_URL = 'http://localhost:5173/';

/**
 * A jsdom window with the web build evaluated in it, as contract.md's introduction describes: scripts
 * run only through `window.eval`, and the `url` gives the window the localStorage the SDK keeps its
 * session in.
 */
export function openSdkWindow(sdkSource: string, clientId: string, host: string): DOMWindow {
  const { window } = new JSDOM('<!doctype html><html><head></head><body></body></html>', { url: JSDOM_PAGE_URL, runScripts: 'outside-only' });
  window.eval(sdkSource);
  window.eval(PAGE_HELPERS);
  window.BaaS.init(clientId, { host });
  return window;
}
