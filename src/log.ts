import type { LogMode } from './options.js';

export interface RequestLine {
  method: string;
  path: string;
  status: number;
  ms: number;
  op?: string | undefined;
  clientId?: string | undefined;
}

type Write = (text: string) => void;

/** One line per request, and the few lines the server says about itself; pretty, JSON or nothing. */
export class Logger {
  /** False in quiet mode: callers skip putting together a line nobody prints. */
  readonly logsRequests: boolean;

  constructor(
    readonly mode: LogMode,
    private readonly out: Write = (t) => process.stdout.write(t),
    private readonly err: Write = (t) => process.stderr.write(t),
  ) {
    this.logsRequests = mode !== 'quiet';
  }

  request(r: RequestLine): void {
    if (this.mode === 'quiet') return;
    if (this.mode === 'json') {
      this.out(JSON.stringify({ time: new Date().toISOString(), type: 'request', ...r, ms: round(r.ms) }) + '\n');
      return;
    }
    const op = r.op ? ` ${r.op}` : '';
    const client = r.clientId ? ` client=${r.clientId}` : '';
    this.out(`${clock()} ${r.method} ${r.path} ${r.status} ${round(r.ms)}ms${op}${client}\n`);
  }

  info(message: string, fields: Record<string, unknown> = {}): void {
    if (this.mode === 'quiet') return;
    if (this.mode === 'json') this.out(JSON.stringify({ time: new Date().toISOString(), type: 'info', message, ...fields }) + '\n');
    else this.out(message + '\n');
  }

  /** Errors are printed in every mode, quiet included: they are what the user must see. */
  error(message: string, err?: unknown): void {
    const detail = err instanceof Error ? (err.stack ?? err.message) : err === undefined ? '' : String(err);
    if (this.mode === 'json') this.err(JSON.stringify({ time: new Date().toISOString(), type: 'error', message, detail }) + '\n');
    else this.err(`${message}${detail ? `\n${detail}` : ''}\n`);
  }
}

const round = (ms: number) => Math.round(ms * 10) / 10;
const clock = () => new Date().toTimeString().slice(0, 8);
