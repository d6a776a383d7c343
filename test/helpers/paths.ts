import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** The repository's root. */
export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The built command line, as a user runs it (`npm test` builds first). */
export const CLI = resolve(ROOT, 'dist/cli.js');
/** The original classroom system: shared/seed beside the repository, or PAPO_SEED_DIR. */
export const SEED = resolve(process.env['PAPO_SEED_DIR'] ?? resolve(ROOT, '../shared/seed'));

/** The path of one of the original's programs; a clear error when the seed is not there. */
export function seedFile(name: 'cliente.py' | 'servidor.py'): string {
  const path = resolve(SEED, name);
  if (!existsSync(path)) {
    throw new Error(`${path} is missing: the tests need shared/seed beside the repository (or PAPO_SEED_DIR)`);
  }
  return path;
}
