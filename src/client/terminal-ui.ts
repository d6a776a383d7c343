import { createInterface, cursorTo, moveCursor, clearScreenDown, type Interface } from 'node:readline';
import { displayWidth } from './width.js';

/** What the user does at the keyboard (or what a script feeds on stdin). */
export interface UiListener {
  line(text: string): void;
  /** End of input: Ctrl-D, or the end of a piped stdin. */
  end(): void;
  /** Ctrl-C. */
  interrupt(): void;
}

/**
 * The client's screen. On a terminal, incoming lines are printed above the line being typed,
 * which is redrawn as it was (text and cursor). Without a terminal, stdin is read line by line
 * and lines are printed as they come.
 */
export class TerminalUi {
  readonly interactive: boolean;
  readonly #out: NodeJS.WriteStream;
  readonly #rl: Interface;
  #prompt = '';
  #closed = false;

  /** `complete` answers Tab on a terminal: the candidates and the part of the line they replace. */
  constructor(
    input: NodeJS.ReadStream,
    output: NodeJS.WriteStream,
    listener: UiListener,
    complete?: (line: string) => [string[], string],
  ) {
    this.interactive = input.isTTY === true && output.isTTY === true;
    this.#out = output;
    this.#rl = createInterface({
      input,
      output: this.interactive ? output : undefined,
      terminal: this.interactive,
      ...(this.interactive && complete !== undefined ? { completer: complete } : {}),
    });
    this.#rl.on('line', (text) => listener.line(text));
    this.#rl.on('close', () => {
      if (!this.#closed) listener.end();
    });
    this.#rl.on('SIGINT', () => listener.interrupt());
  }

  /** Prints a line above the input line. */
  print(line: string): void {
    if (this.#closed) return;
    if (!this.interactive) {
      this.#out.write(line + '\n');
      return;
    }
    const { rows } = this.#rl.getCursorPos();
    moveCursor(this.#out, 0, -rows);
    cursorTo(this.#out, 0);
    clearScreenDown(this.#out);
    this.#out.write(line + '\n');
    this.#rl.prompt(true);
  }

  /**
   * Replaces the line just entered (still on screen as prompt + text) with `line`, so that
   * one's own messages look like everyone else's.
   */
  replaceEntered(entered: string, line: string): void {
    // A script knows what it sent: its output is what the others said.
    if (!this.interactive || this.#closed) return;
    const columns = this.#out.columns || 80;
    const rows = Math.max(1, Math.ceil(displayWidth(this.#prompt + entered) / columns));
    moveCursor(this.#out, 0, -rows);
    cursorTo(this.#out, 0);
    clearScreenDown(this.#out);
    this.#out.write(line + '\n');
    this.#rl.prompt(true);
  }

  setPrompt(prompt: string): void {
    this.#prompt = prompt;
    if (!this.interactive) return;
    this.#rl.setPrompt(prompt);
    this.#rl.prompt(true);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    if (this.interactive) {
      cursorTo(this.#out, 0);
      clearScreenDown(this.#out);
    }
    this.#rl.close();
  }
}
