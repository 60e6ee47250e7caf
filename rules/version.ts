// The package version, for `--version` and report metadata.
import pkg from '../package.json' with { type: 'json' };

export const VERSION: string = pkg.version;
