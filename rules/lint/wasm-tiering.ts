// libpg-query is a 1.7 MB WebAssembly module. V8 runs it with its baseline compiler (Liftoff) and
// re-compiles hot functions with TurboFan on background threads; a lint run is mostly over before
// that pays off, the background compiles compete with the run for the cores (and with the other
// lanes' threads), and on a busy machine they made a one-file run take twice as long. Process-wide,
// so only the CLI calls it, before the module is first compiled.
import { setFlagsFromString } from 'node:v8';

export function baselineWasmOnly(): void {
  setFlagsFromString('--liftoff-only');
}
