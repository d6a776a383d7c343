import { seedFile } from './paths.ts';
import { Proc, sleep } from './processes.ts';

/** The original Python client (`shared/seed/cliente.py`), driven through its stdin. */
export class OriginalClient extends Proc {
  static start(port: number): OriginalClient {
    return new OriginalClient('python3', ['-u', seedFile('cliente.py')], {
      env: { ...process.env, HOST: '127.0.0.1', PORTA: String(port), PYTHONIOENCODING: 'utf-8' },
    });
  }

  /**
   * Types a line, then waits: the original client sends each line as bare bytes, and the
   * original server reads one message per recv, so a person's pace keeps messages apart.
   */
  async type(line: string, pauseMs = 400): Promise<void> {
    this.write(line + '\n');
    await sleep(pauseMs);
  }
}

/** The original Python server (`shared/seed/servidor.py`) on 127.0.0.1:`port`. */
export class OriginalServer extends Proc {
  static async start(port: number): Promise<OriginalServer> {
    const server = new OriginalServer('python3', ['-u', seedFile('servidor.py')], {
      env: { ...process.env, HOST: '127.0.0.1', PORTA: String(port), PYTHONIOENCODING: 'utf-8' },
    });
    await server.waitForOutput('aguardando conexões');
    return server;
  }
}
