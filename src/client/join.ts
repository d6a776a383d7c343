export async function runJoin(_argv: readonly string[]): Promise<number> {
  process.stderr.write('papo join: not yet\n');
  return 1;
}
