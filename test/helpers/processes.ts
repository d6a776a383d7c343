import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { after } from 'node:test';

const started = new Set<ChildProcess>();

// Whatever a failing test leaves running is ended by its PID after the file's tests, so a
// failure fails fast instead of keeping the test process alive on its children's pipes.
after(() => endStarted());
process.on('exit', () => endStarted());

function endStarted(): void {
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
      try {
        process.kill(child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  }
}

/** A spawned process whose output is collected, ended by PID when the tests end. */
export class Proc {
  readonly child: ChildProcess;
  stdout = '';
  stderr = '';
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  #waiters: Array<() => void> = [];

  constructor(command: string, args: readonly string[], options: SpawnOptions = {}) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'], ...options });
    started.add(this.child);
    this.child.stdout?.setEncoding('utf8').on('data', (d: string) => {
      this.stdout += d;
      this.#wake();
    });
    this.child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      this.stderr += d;
      this.#wake();
    });
    this.exited = new Promise((resolve) => {
      this.child.on('exit', (code, signal) => {
        started.delete(this.child);
        this.#wake();
        resolve({ code, signal });
      });
    });
  }

  get pid(): number {
    return this.child.pid!;
  }

  /** Waits until `test` holds for what the process printed; fails after `timeoutMs`. */
  async waitFor(test: (p: Proc) => boolean, what: string, timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!test(this)) {
      if (Date.now() > deadline) {
        throw new Error(`timed out waiting for ${what}\n--- stdout:\n${this.stdout}\n--- stderr:\n${this.stderr}`);
      }
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, 50);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits for `text` (or a match of the pattern) on stdout. */
  async waitForOutput(pattern: string | RegExp, timeoutMs = 10_000): Promise<void> {
    const test = typeof pattern === 'string' ? (p: Proc) => p.stdout.includes(pattern) : (p: Proc) => pattern.test(p.stdout);
    await this.waitFor(test, `output ${String(pattern)}`, timeoutMs);
  }

  write(text: string): void {
    this.child.stdin!.write(text);
  }

  endInput(): void {
    this.child.stdin!.end();
  }

  /** Sends a signal to this process (by PID) if it is still running. */
  kill(signal: NodeJS.Signals = 'SIGTERM'): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill(signal);
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const w of waiters) w();
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
