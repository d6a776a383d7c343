#!/usr/bin/env -S node --max-semi-space-size=4
import { readFileSync } from 'node:fs';
import { runJoin } from './client/join.js';
import { serve } from './server/serve.js';

/** The `papo` command: parses which subcommand to run, runs it, and sets the exit status. */
const USAGE = `Usage:
  papo serve [options]              start the chat server (papo serve --help for options)
  papo join [host[:port]] [--nick NAME]
                                    chat from this terminal (default localhost:8888)
  papo --version`;

function version(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  switch (command) {
    case 'serve':
      return serve(rest, version());
    case 'join':
      return runJoin(rest);
    case '--version':
    case '-v':
      process.stdout.write(`papo ${version()}\n`);
      return 0;
    case undefined:
    case '--help':
    case '-h':
    case 'help':
      process.stdout.write(USAGE + '\n');
      return command === undefined ? 1 : 0;
    default:
      process.stderr.write(`papo: unknown command "${command}"\n${USAGE}\n`);
      return 1;
  }
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (err: unknown) => {
    process.stderr.write(`papo: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  },
);
