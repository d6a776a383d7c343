import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createSecureContext } from 'node:tls';
import type { Logger } from 'pino';
import { Catalog } from '../codecs/catalog.js';
import { JsonCodec } from '../codecs/json-codec.js';
import { OriginalCodec } from '../codecs/original-codec.js';
import { TextCodec } from '../codecs/text-codec.js';
import { AddressCounter, parseExempt } from '../doors/address-limit.js';
import type { CutOffReason } from '../doors/line-door-context.js';
import type { Limits } from '../doors/limits.js';
import { Hub } from '../core/hub.js';
import { FlushScheduler } from '../doors/flush-scheduler.js';
import { HttpDoor, loadPage } from '../doors/http-door.js';
import { fileURLToPath } from 'node:url';
import { WsDoor } from '../doors/ws-door.js';
import { WsCodec } from '../codecs/ws-codec.js';
import { TcpDoor } from '../doors/tcp-door.js';
import { Metrics, type CountedDoor } from './metrics.js';
import { SqliteHistory } from '../store/sqlite-history.js';
import { ConfigError, SERVE_SETTINGS, type ServeConfig } from './settings.js';

/** A running server, as `build` returns it. */
export interface PapoServer {
  readonly hub: Hub;
  /** Where the line protocol listens (the real port when 0 was asked for). */
  readonly lineAddress: AddressInfo;
  /** Where its TLS variant listens, when a certificate was given. */
  readonly tlsAddress: AddressInfo | null;
  /** Where `/healthz` and `/metrics` are served, unless `--http-port 0`. */
  readonly httpAddress: AddressInfo | null;
  /** Cut-offs so far, by reason. */
  readonly cutOffs: ReadonlyMap<CutOffReason, number>;
  /** Stop accepting, tell everyone, let send queues drain for at most `drainMs`, close. */
  shutdown(): Promise<void>;
  /**
   * Applies reloaded settings: limits, exempt ranges, history replay and the log level change
   * in place; returns the settings that only a restart can change (ports, files, language).
   */
  reload(config: ServeConfig): string[];
}

/**
 * The one composition root: wires the settings to the hub, the codecs and the doors, and starts
 * listening. Rejects with the listen error when a port cannot be bound.
 */
export async function build(config: ServeConfig, logger: Logger): Promise<PapoServer> {
  const catalog = new Catalog(config.lang);
  const codecs = {
    text: new TextCodec(catalog),
    original: new OriginalCodec(catalog),
    json: new JsonCodec(),
  };
  let metrics: Metrics | null = null;
  const scheduler = new FlushScheduler(() => {
    const started = performance.now();
    if (history.commit() > 0) metrics?.historyCommitSeconds.observe((performance.now() - started) / 1000);
  });
  let history: SqliteHistory;
  try {
    history = new SqliteHistory(config.db, {
      maxMessagesPerRoom: config.historyMaxMessages,
      maxDays: config.historyMaxDays === 0 ? null : config.historyMaxDays,
      onPending: () => scheduler.wake(),
    });
  } catch (err) {
    throw new ConfigError(`--db: cannot open the history database ${config.db}: ${(err as Error).message}`);
  }
  history.prune();
  const hub = new Hub({
    fallbackNick: config.lang === 'pt' ? 'anonimo' : 'guest',
    history,
    historyOnJoin: config.historyOnJoin,
    storePrivate: config.storePrivate,
    // Arrivals and departures wait for the scheduler's soon lane (50 ms, longer in a storm) and
    // reach each member as one batch (Hub.flushPresence).
    onPresencePending: () => scheduler.soon(flushPresence),
  });
  const flushPresence = (): void => hub.flushPresence();
  const cutOffs = new Map<CutOffReason, number>();
  const shared = {
    hub,
    codecs,
    scheduler,
    logger,
    count: { cutOff: (reason: CutOffReason) => cutOffs.set(reason, (cutOffs.get(reason) ?? 0) + 1) },
    limits: limitsOf(config),
    perAddress: new AddressCounter(parseExempt(config.limitExempt)),
    originalDetectMs: ORIGINAL_DETECT_MS,
    originalWriteGapMs: ORIGINAL_WRITE_GAP_MS,
    keepAliveMs: KEEPALIVE_MS,
    endTimeoutMs: Math.max(config.drainMs, 1000),
  };
  const doors: TcpDoor[] = [];
  const ws =
    config.httpPort === 0
      ? null
      : new WsDoor({
          hub,
          codec: new WsCodec(),
          scheduler,
          logger,
          count: shared.count,
          limits: shared.limits,
          perAddress: shared.perAddress,
          allowedOrigins: config.allowedOrigins,
        });
  // Every door, as it is made (the list is read at each scrape).
  const counted: CountedDoor[] = ws === null ? [] : [ws];
  metrics = new Metrics({ hub, doors: counted, cutOffs });
  const startedAt = Date.now();
  const http =
    config.httpPort === 0
      ? null
      : new HttpDoor(
          {
            health: () => ({
              ok: true,
              body: { status: 'ok', sessions: hub.sessionCount, uptimeSeconds: Math.round((Date.now() - startedAt) / 1000) },
            }),
            metrics: async () => ({ contentType: metrics!.registry.contentType, body: await metrics!.registry.metrics() }),
            upgrade: (req, socket, head) => ws!.upgrade(req, socket, head),
          },
          logger,
          loadPage(fileURLToPath(new URL('../web/', import.meta.url))),
        );
  const closeAll = async () => {
    await Promise.all(doors.map((d) => d.stopAccepting()));
    await http?.close();
    history.close();
  };
  let lineAddress: AddressInfo;
  let tlsAddress: AddressInfo | null = null;
  let httpAddress: AddressInfo | null = null;
  try {
    const tcp = new TcpDoor(shared);
    doors.push(tcp);
    counted.push(tcp);
    lineAddress = await listen(tcp, config.port, config.host, '--host/--port');
    if (config.tlsCert !== undefined || config.tlsKey !== undefined) {
      const tls = new TcpDoor({ ...shared, tls: readTls(config) });
      doors.push(tls);
      counted.push(tls);
      tlsAddress = await listen(tls, config.tlsPort, config.host, '--tls-port');
    }
    if (http !== null) httpAddress = await listen(http, config.httpPort, config.host, '--http-port');
  } catch (err) {
    await closeAll();
    throw err;
  }

  let shuttingDown: Promise<void> | null = null;
  return {
    hub,
    lineAddress,
    tlsAddress,
    httpAddress,
    cutOffs,
    reload(next) {
      Object.assign(shared.limits, limitsOf(next));
      shared.perAddress.setExempt(parseExempt(next.limitExempt));
      hub.historyOnJoin = next.historyOnJoin;
      logger.level = next.logLevel;
      const fixed: Array<keyof ServeConfig> = [
        'host', 'port', 'httpPort', 'tlsPort', 'tlsCert', 'tlsKey', 'db', 'lang',
        'historyMaxMessages', 'historyMaxDays', 'storePrivate', 'drainMs',
      ];
      return fixed
        .filter((k) => next[k] !== config[k])
        .map((k) => '--' + (SERVE_SETTINGS.find((s) => s.key === k)?.flag ?? String(k)));
    },
    shutdown() {
      shuttingDown ??= (async () => {
        const stopped = Promise.all(doors.map((d) => d.stopAccepting()));
        hub.shutdown();
        await Promise.all([...doors.map((d) => d.drain(config.drainMs)), ws?.drain(config.drainMs)]);
        await stopped;
        await http?.close();
        history.close();
      })();
      return shuttingDown;
    },
  };
}

/** The limits part of the settings (see `Limits`). */
function limitsOf(config: ServeConfig): Limits {
  return {
    maxLineBytes: config.maxLineBytes,
    sendQueueBytes: config.sendQueueBytes,
    messagesPerSecond: config.messagesPerSecond,
    messageBurst: config.messageBurst,
    nickTimeoutMs: config.nickTimeoutMs,
    idleTimeoutMs: config.idleTimeoutMs,
    maxConnections: config.maxConnections,
    maxConnectionsPerAddress: config.maxConnectionsPerAddress,
  };
}

/** A port that could not be bound, with the settings that chose it. */
export class ListenError extends Error {
  readonly code = 'PAPO_ERR_LISTEN';
  constructor(
    readonly flags: string,
    readonly where: string,
    readonly reason: NodeJS.ErrnoException,
  ) {
    super(`cannot listen on ${where}: ${reason.message}`);
  }
}

async function listen(door: { listen(port: number, host: string | undefined): Promise<AddressInfo> }, port: number, host: string | undefined, flags: string): Promise<AddressInfo> {
  try {
    return await door.listen(port, host);
  } catch (err) {
    throw new ListenError(flags, `${host ?? '*'}:${port}`, err as NodeJS.ErrnoException);
  }
}

function readTls(config: ServeConfig): { cert: Buffer; key: Buffer } {
  if (config.tlsCert === undefined || config.tlsKey === undefined) {
    throw new ConfigError('--tls-cert and --tls-key go together: give both, or neither');
  }
  const read = (flag: string, path: string) => {
    try {
      return readFileSync(path);
    } catch (err) {
      throw new ConfigError(`${flag}: cannot read ${path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`);
    }
  };
  const tls = { cert: read('--tls-cert', config.tlsCert), key: read('--tls-key', config.tlsKey) };
  try {
    createSecureContext(tls);
  } catch (err) {
    throw new ConfigError(`--tls-cert/--tls-key: not a usable certificate and key: ${(err as Error).message}`);
  }
  return tls;
}

/** Silence after an unterminated first read that marks the original client, ms. */
const ORIGINAL_DETECT_MS = 250;
/** Least gap between writes to the original client, so its reads do not merge, ms. */
const ORIGINAL_WRITE_GAP_MS = 25;
/** TCP keep-alive: first probe after this much silence, ms. */
const KEEPALIVE_MS = 60_000;
