import { connect, isIP, type Socket } from 'node:net';
import { connect as connectTls } from 'node:tls';

/** What kind of server answered: papo greets at once, the original server says nothing. */
export type ServerKind = 'papo' | 'original';

export interface Detected {
  readonly socket: Socket;
  readonly kind: ServerKind;
  /** Bytes received after papo's greeting line, or everything received from another server. */
  readonly rest: Buffer;
}

// papo's greeting ends with its protocol marker, e.g. `... (papo/1)`.
const GREETING = /\(papo\/(\d+)\)\r?$/;

/** TLS for `papo join --tls`; `insecure` accepts any certificate (a self-signed one). */
export interface TlsChoice {
  readonly insecure: boolean;
}

/**
 * Connects (over TLS when `tls` is given) and waits up to `waitMs` for papo's greeting. A
 * greeting means papo; silence, or a first line that is not papo's greeting, means the
 * original protocol.
 */
export function connectAndDetect(host: string, port: number, waitMs: number, tls: TlsChoice | null = null): Promise<Detected> {
  return new Promise((resolve, reject) => {
    const socket: Socket =
      tls === null
        ? connect({ host, port })
        : connectTls({ host, port, rejectUnauthorized: !tls.insecure, ...(isIP(host) === 0 ? { servername: host } : {}) });
    let got = Buffer.alloc(0);
    let timer: NodeJS.Timeout | null = null;
    const done = (kind: ServerKind, rest: Buffer): void => {
      if (timer !== null) clearTimeout(timer);
      socket.off('data', onData);
      socket.off('error', onError);
      socket.pause();
      resolve({ socket, kind, rest });
    };
    const onData = (chunk: Buffer): void => {
      got = Buffer.concat([got, chunk]);
      const lf = got.indexOf(0x0a);
      if (lf === -1) {
        if (got.length > 4096) done('original', got);
        return;
      }
      const first = got.subarray(0, lf).toString('utf8');
      if (GREETING.test(first)) done('papo', got.subarray(lf + 1));
      else done('original', got);
    };
    const onError = (err: NodeJS.ErrnoException): void => {
      if (timer !== null) clearTimeout(timer);
      reject(err);
    };
    socket.on('data', onData);
    socket.on('error', onError);
    socket.once(tls === null ? 'connect' : 'secureConnect', () => {
      timer = setTimeout(() => done('original', got), waitMs);
    });
  });
}
