import { fileURLToPath } from 'node:url';
import { resolve } from 'node:path';

/** The repository's root. */
export const ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));
/** The built command line, as a user runs it (`npm test` builds first). */
export const CLI = resolve(ROOT, 'dist/cli.js');
/** The original classroom system (shared/seed beside the repository). */
export const SEED = resolve(ROOT, '../shared/seed');
