import { parseArgs } from 'node:util';
import { Catalog, type Lang } from '../codecs/catalog.js';
import { connectAndDetect } from './detect.js';
import { JoinClient } from './join-client.js';
import { TerminalUi } from './terminal-ui.js';
import { CLIENT_WORDS } from './words.js';

const USAGE = 'Usage: papo join [host[:port]] [--nick NAME] [--lang pt|en] [--tls [--insecure]]';

/** Default server ports: the original's, and papo's TLS one. */
export const DEFAULT_PORT = 8888;
export const DEFAULT_TLS_PORT = 8889;

/** `host`, `host:port`, `[v6]:port`, `:port`; a bare IPv6 address has no port. */
export function parseAddress(text: string | undefined, defaultPort = DEFAULT_PORT): { host: string; port: number } | null {
  if (text === undefined || text === '') return { host: 'localhost', port: defaultPort };
  let host = text;
  let port = String(defaultPort);
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  if (bracketed !== null) {
    host = bracketed[1]!;
    port = bracketed[2] ?? port;
  } else if ((text.match(/:/g) ?? []).length === 1) {
    [host, port] = text.split(':') as [string, string];
    if (host === '') host = 'localhost';
  }
  if (!/^\d+$/.test(port) || Number(port) < 1 || Number(port) > 65535) return null;
  return { host, port: Number(port) };
}

/** `papo join`: resolves with the exit status (0 after leaving, 1 when the server went away). */
export async function runJoin(argv: readonly string[]): Promise<number> {
  let values: {
    nick?: string | undefined;
    lang?: string | undefined;
    help?: boolean | undefined;
    tls?: boolean | undefined;
    insecure?: boolean | undefined;
  };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...argv],
      options: {
        nick: { type: 'string', short: 'n' },
        lang: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
        tls: { type: 'boolean' },
        insecure: { type: 'boolean' },
      },
      allowPositionals: true,
    }));
  } catch (err) {
    process.stderr.write(`papo join: ${(err as Error).message.split('\n')[0]}\n${USAGE}\n`);
    return 1;
  }
  if (values.help === true) {
    process.stdout.write(USAGE + '\n');
    return 0;
  }
  const langText = values.lang ?? process.env['PAPO_LANG'] ?? (/^en/i.test(process.env['LANG'] ?? '') ? 'en' : 'pt');
  if (langText !== 'pt' && langText !== 'en') {
    process.stderr.write(`papo join: --lang: expected pt or en, got "${langText}"\n`);
    return 1;
  }
  const lang: Lang = langText;
  const tls = values.tls === true ? { insecure: values.insecure === true } : null;
  const address = positionals.length <= 1 ? parseAddress(positionals[0], tls === null ? DEFAULT_PORT : DEFAULT_TLS_PORT) : null;
  if (address === null) {
    process.stderr.write(`papo join: expected one address as host[:port], got "${positionals.join(' ')}"\n${USAGE}\n`);
    return 1;
  }
  const words = CLIENT_WORDS[lang];
  const shown = address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;

  let detected;
  try {
    detected = await connectAndDetect(address.host, address.port, GREETING_WAIT_MS, tls);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    const why =
      e.code === 'ECONNREFUSED' ? 'connection refused'
      : e.code === 'ENOTFOUND' ? 'unknown host'
      : e.code === 'DEPTH_ZERO_SELF_SIGNED_CERT' || e.code === 'SELF_SIGNED_CERT_IN_CHAIN' || e.code === 'UNABLE_TO_VERIFY_LEAF_SIGNATURE'
        ? `${e.message} (--insecure accepts it)`
      : e.code === 'ERR_TLS_CERT_ALTNAME_INVALID' ? `${e.message.split('.')[0]} (--insecure accepts it)`
      : (e.code ?? e.message);
    process.stderr.write(`papo join: ${words.cannotConnect(shown, why)}\n`);
    return 1;
  }

  const color = process.stdout.isTTY === true && (process.env['NO_COLOR'] ?? '') === '';
  return new Promise<number>((resolve) => {
    const client: JoinClient = new JoinClient({
      connect: () => connectAndDetect(address.host, address.port, GREETING_WAIT_MS, tls),
      address: shown,
      nick: values.nick ?? null,
      catalog: new Catalog(lang),
      words,
      render: { color, times: process.stdout.isTTY === true },
      makeUi: (listener) => new TerminalUi(process.stdin, process.stdout, listener, (line) => client.complete(line)),
      note: (line) => process.stderr.write(line + '\n'),
      exit: (status) => {
        process.stdin.destroy();
        resolve(status);
      },
    });
    client.start(detected);
  });
}

/** How long to wait for papo's greeting before speaking the original protocol, ms. */
const GREETING_WAIT_MS = 1000;
