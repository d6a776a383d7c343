import { execFileSync } from 'node:child_process';
import { sleep } from './processes.ts';

/**
 * A terminal program run in a detached tmux session on a private tmux socket, typed into with
 * send-keys and read with capture-pane, as a person would see it.
 */
export class TmuxTerminal {
  readonly #socket: string;
  #serverPid: number | null = null;

  private constructor(socket: string) {
    this.#socket = socket;
  }

  static available(): boolean {
    try {
      execFileSync('tmux', ['-V'], { stdio: 'ignore' });
      return true;
    } catch {
      return false;
    }
  }

  /** Starts `command` (a shell command line) in a `columns` x `rows` terminal. */
  static start(command: string, env: Record<string, string>, columns = 100, rows = 24): TmuxTerminal {
    const t = new TmuxTerminal(`papo-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`);
    const exports = Object.entries(env).map(([k, v]) => `export ${k}='${v}';`).join(' ');
    t.#tmux(['new-session', '-d', '-s', 'main', '-x', String(columns), '-y', String(rows), `${exports} ${command}; echo "EXIT=$?"; sleep 30`]);
    t.#serverPid = Number(t.#tmux(['display-message', '-p', '#{pid}']).trim());
    return t;
  }

  /** Types text literally (no key names), without Enter. */
  type(text: string): void {
    this.#tmux(['send-keys', '-t', 'main', '-l', text]);
  }

  /** Presses keys by tmux name: `Enter`, `C-d`, `C-c`. */
  press(...keys: string[]): void {
    this.#tmux(['send-keys', '-t', 'main', ...keys]);
  }

  /** The screen as text (`escapes`: with colour codes). */
  screen(escapes = false): string {
    return this.#tmux(['capture-pane', '-p', '-t', 'main', ...(escapes ? ['-e'] : [])]);
  }

  /** The screen's lines without trailing blanks. */
  lines(): string[] {
    const lines = this.screen().split('\n').map((l) => l.trimEnd());
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines;
  }

  async waitForScreen(test: (screen: string) => boolean, what: string, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const s = this.screen();
      if (test(s)) return s;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; screen:\n${s}`);
      await sleep(50);
    }
  }

  /** Ends the tmux server this terminal started, by its PID. */
  close(): void {
    if (this.#serverPid !== null) {
      try {
        process.kill(this.#serverPid, 'SIGTERM');
      } catch {
        // already gone
      }
      this.#serverPid = null;
    }
  }

  #tmux(args: string[]): string {
    return execFileSync('tmux', ['-L', this.#socket, '-f', '/dev/null', ...args], { encoding: 'utf8' });
  }
}
