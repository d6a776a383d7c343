import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { Lang } from '../codecs/catalog.js';
import { parseExempt } from '../doors/address-limit.js';

/** A setting's value was bad: the message is one line that names the setting. */
export class ConfigError extends Error {
  readonly code = 'PAPO_ERR_CONFIG';
}

/** Everything `papo serve` is configured by. */
export interface ServeConfig {
  /** Address to listen on; undefined listens on all interfaces. */
  readonly host: string | undefined;
  readonly port: number;
  readonly httpPort: number;
  readonly allowedOrigins: string;
  readonly lang: Lang;
  readonly maxLineBytes: number;
  readonly sendQueueBytes: number;
  readonly nickTimeoutMs: number;
  readonly idleTimeoutMs: number;
  readonly messagesPerSecond: number;
  readonly messageBurst: number;
  readonly maxConnections: number;
  readonly maxConnectionsPerAddress: number;
  readonly limitExempt: string;
  readonly db: string;
  readonly historyOnJoin: number;
  readonly historyMaxMessages: number;
  /** 0: no age limit. */
  readonly historyMaxDays: number;
  readonly storePrivate: boolean;
  readonly tlsCert: string | undefined;
  readonly tlsKey: string | undefined;
  readonly tlsPort: number;
  readonly drainMs: number;
  readonly logLevel: string;
  readonly config: string | undefined;
}

type Kind = 'int' | 'string' | 'lang' | 'level' | 'bool' | 'exempt';

interface Setting {
  /** Flag name; the environment variable is PAPO_ + this in upper case with `_` for `-`. */
  readonly flag: string;
  readonly key: keyof ServeConfig;
  readonly kind: Kind;
  readonly def: string | number | undefined;
  readonly min?: number;
  readonly max?: number;
  /** Shown by `papo serve --help`. */
  readonly help: string;
}

const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** The settings table (DESIGN.md "Settings"): one name each, everywhere. */
export const SERVE_SETTINGS: readonly Setting[] = [
  { flag: 'host', key: 'host', kind: 'string', def: undefined, help: 'address for the line protocol (default: all interfaces)' },
  { flag: 'port', key: 'port', kind: 'int', def: 8888, min: 0, max: 65535, help: 'TCP port of the line protocol (0 picks a free one)' },
  { flag: 'http-port', key: 'httpPort', kind: 'int', def: 8080, min: 0, max: 65535, help: 'HTTP port for /healthz and /metrics (0 turns it off)' },
  { flag: 'allowed-origins', key: 'allowedOrigins', kind: 'string', def: 'same', help: 'pages that may open the WebSocket: same (same host), * (any), or origins, comma-separated' },
  { flag: 'lang', key: 'lang', kind: 'lang', def: 'pt', help: 'pt or en; without it, a LANG starting with "en" picks English' },
  { flag: 'max-line-bytes', key: 'maxLineBytes', kind: 'int', def: 8192, min: 64, max: 1048576, help: 'longest input line, bytes; a longer one gets an error and is dropped' },
  { flag: 'send-queue-bytes', key: 'sendQueueBytes', kind: 'int', def: 1048576, min: 1024, max: 1073741824, help: 'bytes waiting for one peer; past it that peer is cut off' },
  { flag: 'messages-per-second', key: 'messagesPerSecond', kind: 'int', def: 5, min: 0, max: 1000000, help: 'input lines a second per connection; past the burst lines wait, and a client ten seconds behind is cut off (0: no limit)' },
  { flag: 'message-burst', key: 'messageBurst', kind: 'int', def: 10, min: 1, max: 1000000, help: 'lines a connection may send at once before the rate applies' },
  { flag: 'max-connections', key: 'maxConnections', kind: 'int', def: 10000, min: 0, max: 10000000, help: 'connections in all; past it a new one gets one line and is closed (0: no limit)' },
  { flag: 'max-connections-per-address', key: 'maxConnectionsPerAddress', kind: 'int', def: 20, min: 0, max: 10000000, help: 'connections from one address, exempt ones not counted (0: no limit)' },
  { flag: 'limit-exempt', key: 'limitExempt', kind: 'exempt', def: 'loopback', help: 'addresses not counted per address: loopback, none, addresses and CIDR ranges, comma-separated' },
  { flag: 'nick-timeout-ms', key: 'nickTimeoutMs', kind: 'int', def: 30000, min: 0, max: 86400000, help: 'time to send a nickname, ms (0: no limit)' },
  { flag: 'idle-timeout-ms', key: 'idleTimeoutMs', kind: 'int', def: 300000, min: 0, max: 86400000, help: 'silence before a structured (JSON) client is pinged, and then cut off, ms (0: never)' },
  { flag: 'db', key: 'db', kind: 'string', def: 'papo.db', help: 'SQLite file for the history (":memory:" keeps none across restarts)' },
  { flag: 'history-on-join', key: 'historyOnJoin', kind: 'int', def: 20, min: 0, max: 200, help: 'messages replayed when entering a room' },
  { flag: 'history-max-messages', key: 'historyMaxMessages', kind: 'int', def: 10000, min: 1, max: 100000000, help: 'messages kept per room; older ones are deleted' },
  { flag: 'history-max-days', key: 'historyMaxDays', kind: 'int', def: 0, min: 0, max: 36500, help: 'days a message is kept (0: no age limit)' },
  { flag: 'store-private', key: 'storePrivate', kind: 'bool', def: 'false', help: 'keep private messages in the history file too (flag alone; true/false in env and file)' },
  { flag: 'tls-cert', key: 'tlsCert', kind: 'string', def: undefined, help: 'PEM certificate: with --tls-key, adds a TLS listener for the line protocol' },
  { flag: 'tls-key', key: 'tlsKey', kind: 'string', def: undefined, help: 'PEM private key of --tls-cert' },
  { flag: 'tls-port', key: 'tlsPort', kind: 'int', def: 8889, min: 0, max: 65535, help: 'TCP port of the TLS line protocol (0 picks a free one)' },
  { flag: 'drain-ms', key: 'drainMs', kind: 'int', def: 5000, min: 0, max: 600000, help: 'on SIGTERM/SIGINT, how long to wait for send queues to empty, ms' },
  { flag: 'log-level', key: 'logLevel', kind: 'level', def: 'info', help: LEVELS.join(', ') },
  { flag: 'config', key: 'config', kind: 'string', def: undefined, help: 'optional JSON file whose keys are these flag names' },
];

/** `PAPO_SEND_QUEUE_BYTES` for `send-queue-bytes`. */
export function envName(flag: string): string {
  return 'PAPO_' + flag.toUpperCase().replace(/-/g, '_');
}

/** The text of `papo serve --help`. */
export function serveHelp(): string {
  const rows = SERVE_SETTINGS.map((s) => {
    const def = s.def === undefined ? '' : ` (default ${s.def})`;
    return `  --${s.flag.padEnd(20)} ${s.help}${def}\n  ${' '.repeat(22)} env ${envName(s.flag)}`;
  });
  return [
    'Usage: papo serve [options]',
    '',
    'Starts the chat server. Every option is also an environment variable and a key of the',
    '--config file; a flag beats the environment, which beats the file.',
    '',
    ...rows,
    '',
  ].join('\n');
}

/**
 * Reads the settings from flags, then the environment, then the config file, then defaults.
 * Throws `ConfigError` with a one-line message for anything unknown or out of range.
 */
export function loadServeConfig(argv: readonly string[], env: NodeJS.ProcessEnv): ServeConfig {
  const options: Record<string, { type: 'string' | 'boolean' }> = {};
  for (const s of SERVE_SETTINGS) options[s.flag] = { type: s.kind === 'bool' ? 'boolean' : 'string' };
  let flags: Record<string, string | boolean | undefined>;
  try {
    flags = parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (err) {
    throw new ConfigError(err instanceof Error ? err.message.split('\n')[0]! : String(err));
  }

  const configPath = (flags['config'] as string | undefined) ?? env[envName('config')];
  const file = configPath === undefined ? {} : readConfigFile(configPath);

  const out: Record<string, unknown> = {};
  for (const s of SERVE_SETTINGS) {
    const flag = flags[s.flag];
    const fromFlag = flag === undefined ? undefined : String(flag);
    const fromEnv = env[envName(s.flag)];
    const fromFile = file[s.flag];
    let raw: unknown;
    let where: string;
    if (fromFlag !== undefined) [raw, where] = [fromFlag, `--${s.flag}`];
    else if (fromEnv !== undefined && fromEnv !== '') [raw, where] = [fromEnv, envName(s.flag)];
    else if (fromFile !== undefined) [raw, where] = [fromFile, `"${s.flag}" in ${configPath}`];
    else if (s.kind === 'lang') [raw, where] = [/^en/i.test(env['LANG'] ?? '') ? 'en' : 'pt', 'LANG'];
    else [raw, where] = [s.def, `--${s.flag}`];
    out[s.key] = raw === undefined ? undefined : validate(s, raw, where);
  }
  return out as unknown as ServeConfig;
}

function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (err) {
    throw new ConfigError(`--config: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new ConfigError(`--config: ${path} is not valid JSON: ${(err as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new ConfigError(`--config: ${path} must hold a JSON object of settings`);
  }
  for (const key of Object.keys(value)) {
    if (key === 'config' || !SERVE_SETTINGS.some((s) => s.flag === key)) {
      throw new ConfigError(`--config: unknown setting "${key}" in ${path}`);
    }
  }
  return value as Record<string, unknown>;
}

function validate(s: Setting, raw: unknown, where: string): string | number | boolean {
  const text = typeof raw === 'number' || typeof raw === 'boolean' ? String(raw) : typeof raw === 'string' ? raw.trim() : null;
  if (text === null) throw new ConfigError(`${where}: expected a ${s.kind === 'int' ? 'number' : 'string'}`);
  switch (s.kind) {
    case 'int': {
      if (!/^\d+$/.test(text)) throw new ConfigError(`${where}: expected a whole number, got "${text}"`);
      const n = Number(text);
      if (n < (s.min ?? 0) || n > (s.max ?? Number.MAX_SAFE_INTEGER)) {
        throw new ConfigError(`${where}: must be between ${s.min} and ${s.max}, got ${text}`);
      }
      return n;
    }
    case 'lang':
      if (text !== 'pt' && text !== 'en') throw new ConfigError(`${where}: expected pt or en, got "${text}"`);
      return text;
    case 'level':
      if (!LEVELS.includes(text)) throw new ConfigError(`${where}: expected one of ${LEVELS.join(', ')}, got "${text}"`);
      return text;
    case 'string':
      if (text === '') throw new ConfigError(`${where}: must not be empty`);
      return text;
    case 'exempt':
      try {
        parseExempt(text);
      } catch (err) {
        throw new ConfigError(`${where}: ${(err as Error).message}`);
      }
      return text;
    case 'bool':
      if (text === 'true' || text === '1' || text === 'yes') return true;
      if (text === 'false' || text === '0' || text === 'no') return false;
      throw new ConfigError(`${where}: expected true or false, got "${text}"`);
  }
}
