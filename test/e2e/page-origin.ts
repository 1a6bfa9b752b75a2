import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { PAGE_HELPERS } from './web-sdk.js';

export interface PageOrigin {
  /** The page's URL; its origin differs from the mock's (another port), so every SDK call is cross-origin. */
  url: string;
  close(): Promise<void>;
}

/** A second local origin serving one page that loads web.js with a plain script tag, as a web app does. */
export async function servePageOrigin(sdkSource: string): Promise<PageOrigin> {
  const page = `<!doctype html><meta charset="utf-8"><title>minapp-sdk</title><script src="/web.js"></script><script>${PAGE_HELPERS}</script>`;
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path === '/') return send(res, 'text/html; charset=utf-8', page);
    if (path === '/web.js') return send(res, 'text/javascript; charset=utf-8', sdkSource);
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

function send(res: import('node:http').ServerResponse, type: string, body: string): void {
  res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
}
