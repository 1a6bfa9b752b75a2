import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach } from 'vitest';

export const BIN = fileURLToPath(new URL('../../bin/tt-baas-mock.js', import.meta.url));

/** How long a spawned mock may take to say something; a bound against hangs, not a measured time. */
const PATIENCE_MS = 15_000;

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A spawned `tt-baas-mock`, with its output collected line by line. */
export class MockProcess {
  readonly stdoutLines: string[] = [];
  stdout = '';
  stderr = '';
  readonly exited: Promise<Exit>;
  #waiters: { re: RegExp; resolve: (line: string) => void }[] = [];
  #done = false;

  constructor(readonly child: ChildProcess) {
    let partial = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
      this.stdout += chunk;
      partial += chunk;
      const lines = partial.split('\n');
      partial = lines.pop()!;
      for (const line of lines) this.#line(line);
    });
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (this.stderr += chunk));
    this.exited = new Promise((resolve) => {
      child.on('close', (code, signal) => {
        this.#done = true;
        for (const w of this.#waiters.splice(0)) w.resolve('');
        resolve({ code, signal, stdout: this.stdout, stderr: this.stderr });
      });
    });
  }

  #line(line: string): void {
    this.stdoutLines.push(line);
    this.#waiters = this.#waiters.filter((w) => (w.re.test(line) ? (w.resolve(line), false) : true));
  }

  /** Resolves with the first stdout line (already printed or still to come) that matches. */
  async waitForLine(re: RegExp): Promise<string> {
    const seen = this.stdoutLines.find((l) => re.test(l));
    if (seen !== undefined) return seen;
    if (this.#done) throw new Error(`tt-baas-mock exited without printing ${re}\nstdout: ${this.stdout}\nstderr: ${this.stderr}`);
    let timer: NodeJS.Timeout | undefined;
    const line = await Promise.race([
      new Promise<string>((resolve) => this.#waiters.push({ re, resolve })),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no line matching ${re}\nstdout: ${this.stdout}\nstderr: ${this.stderr}`)), PATIENCE_MS);
      }),
    ]).finally(() => clearTimeout(timer));
    if (this.#done && !re.test(line)) throw new Error(`tt-baas-mock exited without printing ${re}\nstdout: ${this.stdout}\nstderr: ${this.stderr}`);
    return line;
  }

  /** Sends a signal and waits for the exit. */
  stop(signal: NodeJS.Signals = 'SIGTERM'): Promise<Exit> {
    this.child.kill(signal);
    return this.exited;
  }
}

/** Temp working directories and spawned mocks, cleaned up after each test. */
export function useMockProcesses() {
  const dirs: string[] = [];
  const running: MockProcess[] = [];
  afterEach(async () => {
    for (const p of running.splice(0)) {
      if (p.child.exitCode === null && p.child.signalCode === null) {
        p.child.kill('SIGKILL');
        await p.exited;
      }
    }
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  const spawnCli = (args: string[], cwd: string, env: Record<string, string> = {}): MockProcess => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      env: { ...withoutMockEnv(process.env), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const p = new MockProcess(child);
    running.push(p);
    return p;
  };

  return {
    newDir(): string {
      const dir = mkdtempSync(join(tmpdir(), 'tt-baas-mock-cli-'));
      dirs.push(dir);
      return dir;
    },
    spawn: spawnCli,
    /** Runs a command to its end. */
    run(args: string[], cwd: string, env: Record<string, string> = {}): Promise<Exit> {
      return spawnCli(args, cwd, env).exited;
    },
    /** `start --port 0 …`, resolved once it listens, with its URL. */
    async start(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ mock: MockProcess; url: string; line: string }> {
      const mock = spawnCli(['start', '--port', '0', ...args], cwd, env);
      const line = await mock.waitForLine(/listening|http:\/\//);
      const url = /(http:\/\/[^\s",]+)/.exec(line)?.[1];
      if (!url) throw new Error(`no URL in ${line}`);
      return { mock, url, line };
    },
  };
}

/** The test runner's own TT_BAAS_MOCK_* variables must not leak into the mocks under test. */
function withoutMockEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([k]) => !k.startsWith('TT_BAAS_MOCK_')));
}
