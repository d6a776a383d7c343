import pino from 'pino';
import pretty from 'pino-pretty';
import { build, ListenError } from './build.js';
import { ConfigError, loadServeConfig, serveHelp } from './settings.js';

/**
 * `papo serve`: reads settings, builds the server, runs until SIGINT/SIGTERM, drains and exits.
 * Resolves with the exit status; bad settings and unbindable ports are one line on stderr.
 */
export async function serve(argv: readonly string[], version: string): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(serveHelp());
    return 0;
  }
  let config;
  try {
    config = loadServeConfig(argv, process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`papo serve: ${err.message}\n`);
      return 1;
    }
    throw err;
  }
  // JSON lines for log collectors; readable lines when a person watches stderr.
  const destination = process.stderr.isTTY
    ? pretty({ destination: 2, sync: true, translateTime: 'SYS:HH:MM:ss', ignore: 'pid,hostname', singleLine: true })
    : pino.destination({ dest: 2, sync: true });
  const logger = pino({ level: config.logLevel, base: { pid: process.pid } }, destination);

  let server;
  try {
    server = await build(config, logger);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`papo serve: ${err.message}\n`);
      return 1;
    }
    if (!(err instanceof ListenError)) throw err;
    const e = err.reason;
    const why =
      e.code === 'EADDRINUSE' ? 'the port is already in use'
      : e.code === 'EACCES' ? 'permission denied'
      : e.code === 'EADDRNOTAVAIL' ? 'no such address on this machine'
      : e.code === 'ENOTFOUND' ? 'unknown host'
      : e.message;
    process.stderr.write(`papo serve: cannot listen on ${err.where} (${err.flags}): ${why}\n`);
    return 1;
  }

  const a = server.lineAddress;
  const shown = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  process.stdout.write(`papo ${version}: line protocol listening on ${shown}:${a.port} (papo join, nc, the original client)\n`);
  const h = server.httpAddress;
  if (h !== null) {
    const hshown = h.family === 'IPv6' ? `[${h.address}]` : h.address;
    process.stdout.write(`papo ${version}: HTTP listening on ${hshown}:${h.port} (/healthz, /metrics)\n`);
    const pageHost = h.address === '::' || h.address === '0.0.0.0' ? 'localhost' : hshown;
    process.stdout.write(`papo ${version}: chat page at http://${pageHost}:${h.port}/\n`);
  }
  const t = server.tlsAddress;
  if (t !== null) {
    const tshown = t.family === 'IPv6' ? `[${t.address}]` : t.address;
    process.stdout.write(`papo ${version}: TLS line protocol listening on ${tshown}:${t.port} (papo join --tls)\n`);
  }
  logger.info({ port: a.port, host: a.address, tlsPort: t?.port ?? null, lang: config.lang }, 'listening');

  return new Promise<number>((resolve) => {
    let stopping = false;
    const stop = (signal: NodeJS.Signals): void => {
      if (stopping) {
        logger.warn({ signal }, 'second signal: exiting now');
        process.exit(1);
      }
      stopping = true;
      logger.info({ signal }, 'shutting down');
      void server.shutdown().then(() => {
        logger.info('stopped');
        resolve(0);
      });
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
    // SIGHUP re-reads the settings (flags, then the environment, then the --config file) and
    // applies what can change while running. Logs go to stderr: there is no log file to reopen.
    process.on('SIGHUP', () => {
      if (config.config === undefined) {
        logger.warn('SIGHUP: no --config file, nothing to reload');
        return;
      }
      let next;
      try {
        next = loadServeConfig(argv, process.env);
      } catch (err) {
        logger.error({ err: (err as Error).message }, 'SIGHUP: the new settings are not valid; keeping the old ones');
        return;
      }
      const needRestart = server.reload(next);
      logger.info({ needRestart }, 'SIGHUP: settings reloaded');
    });
  });
}
