// Lazy loading of libpg-query. Importing the package starts compiling its WebAssembly, so it
// is imported dynamically on the first loadPostgres() call: nothing slow happens at import time.
// The loaded module is the one piece of module-level state the runtime keeps.
import type * as PgQuery from 'libpg-query';

export type PgModule = Pick<typeof PgQuery, 'parseSync' | 'parsePlPgSQLSync' | 'fingerprintSync'>;

let loaded: PgModule | null = null;
let loading: Promise<void> | null = null;

/** Loads the libpg-query WebAssembly module once; later calls return at once. */
export function loadPostgres(): Promise<void> {
  if (loaded) return Promise.resolve();
  if (!loading) {
    loading = import('libpg-query')
      .then(async (m) => {
        await m.loadModule();
        loaded = { parseSync: m.parseSync, parsePlPgSQLSync: m.parsePlPgSQLSync, fingerprintSync: m.fingerprintSync };
      })
      .catch((e: unknown) => {
        loading = null; // allow a retry
        throw e;
      });
  }
  return loading;
}

/** The loaded module, or null before loadPostgres() has finished. */
export function pgModule(): PgModule | null {
  return loaded;
}
