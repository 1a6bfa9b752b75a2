import { connect } from 'node:net';

/**
 * A minimal HTTP/1.1 client over one kept-alive socket, one request in flight at a time. node:http's
 * client costs about as much CPU per request as a small server does, so with it the generator, not the
 * server, would set the ceiling; this one only writes prebuilt bytes and reads the status and body.
 */

/** @typedef {{ status: number, body: Buffer }} Reply */

const CRLF2 = Buffer.from('\r\n\r\n');

export class Connection {
  /** @type {import('node:net').Socket} */
  #socket;
  /** @type {Buffer} */
  #buf = Buffer.alloc(0);
  /** @type {{ resolve: (r: Reply) => void, reject: (e: Error) => void } | null} */
  #waiting = null;
  /** @type {Error | null} */
  #failed = null;

  /** @param {string} host @param {number} port @param {string} hostHeader */
  constructor(host, port, hostHeader) {
    this.hostHeader = hostHeader;
    this.#socket = connect({ host, port, noDelay: true });
    this.#socket.on('data', (chunk) => this.#onData(chunk));
    this.#socket.on('error', (err) => this.#fail(err));
    this.#socket.on('close', () => this.#fail(new Error('connection closed by the server')));
  }

  /**
   * @param {string} method
   * @param {string} path
   * @param {Record<string, string>} [headers]
   * @param {unknown} [body] JSON-serialised when given
   * @returns {Promise<Reply>}
   */
  request(method, path, headers = {}, body) {
    if (this.#failed) return Promise.reject(this.#failed);
    if (this.#waiting) return Promise.reject(new Error('one request at a time per connection'));
    const payload = body === undefined ? '' : JSON.stringify(body);
    let head = `${method} ${path} HTTP/1.1\r\nhost: ${this.hostHeader}\r\n`;
    for (const [k, v] of Object.entries(headers)) head += `${k}: ${v}\r\n`;
    if (body !== undefined) head += `content-type: application/json\r\ncontent-length: ${Buffer.byteLength(payload)}\r\n`;
    return new Promise((resolve, reject) => {
      this.#waiting = { resolve, reject };
      this.#socket.write(head + '\r\n' + payload);
    });
  }

  close() {
    this.#failed ??= new Error('connection closed');
    this.#socket.destroy();
  }

  /** @param {Error} err */
  #fail(err) {
    this.#failed ??= err;
    const w = this.#waiting;
    this.#waiting = null;
    w?.reject(err);
  }

  /** @param {Buffer} chunk */
  #onData(chunk) {
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
    const reply = this.#parse();
    if (!reply) return;
    const w = this.#waiting;
    this.#waiting = null;
    if (w) w.resolve(reply);
    else this.#fail(new Error('a response nobody asked for'));
  }

  /** @returns {Reply | null} a whole response taken off the buffer, or null while it is incomplete */
  #parse() {
    const end = this.#buf.indexOf(CRLF2);
    if (end < 0) return null;
    const head = this.#buf.toString('latin1', 0, end);
    const status = Number(head.slice(9, 12));
    const lower = head.toLowerCase();
    const bodyStart = end + 4;
    const m = /\r\ncontent-length:\s*(\d+)/.exec(lower);
    if (m) {
      const length = Number(m[1]);
      if (this.#buf.length < bodyStart + length) return null;
      const body = this.#buf.subarray(bodyStart, bodyStart + length);
      this.#buf = this.#buf.subarray(bodyStart + length);
      return { status, body };
    }
    if (/\r\ntransfer-encoding:\s*chunked/.test(lower)) return this.#parseChunked(status, bodyStart);
    // No length and not chunked: HTTP/1.1 servers answering a keep-alive request do not do this.
    this.#fail(new Error(`response without a length: ${head.split('\r\n')[0]}`));
    return null;
  }

  /** @param {number} status @param {number} at */
  #parseChunked(status, at) {
    /** @type {Buffer[]} */
    const parts = [];
    for (;;) {
      const lineEnd = this.#buf.indexOf('\r\n', at);
      if (lineEnd < 0) return null;
      const size = parseInt(this.#buf.toString('latin1', at, lineEnd), 16);
      const dataStart = lineEnd + 2;
      if (this.#buf.length < dataStart + size + 2) return null;
      if (size === 0) {
        this.#buf = this.#buf.subarray(dataStart + 2);
        return { status, body: Buffer.concat(parts) };
      }
      parts.push(this.#buf.subarray(dataStart, dataStart + size));
      at = dataStart + size + 2;
    }
  }
}

/** @param {string} url @returns {() => Connection} */
export function connector(url) {
  const u = new URL(url);
  return () => new Connection(u.hostname, Number(u.port), u.host);
}

/** @param {Reply} r @returns {any} */
export const json = (r) => JSON.parse(r.body.toString('utf8'));
