// `hoop-lint` flags. Parsing never throws: unknown flags and bad values come back as errors.
import type { RuleSetting } from './lint/config.js';

export interface CliArgs {
  paths: string[];
  format: string;
  dialect?: string;
  env?: string;
  policies: string[];
  schema: string[];
  builtin?: boolean;
  config?: string;
  rules: Array<{ id: string; setting: RuleSetting }>;
  maxWarnings?: number;
  listRules: boolean;
  baseline?: string;
  fix: boolean;
  stdin: boolean;
  stdinFilename?: string;
  init: boolean;
  quiet: boolean;
  version: boolean;
  help: boolean;
  color?: boolean;
  outputFile?: string;
  assumeInTransaction?: boolean;
  /** worker threads: 1 lints in-process; default: all cores for large runs */
  jobs?: number;
  /** reuse the results of unchanged files (`cacheLocation`, default `.hoop-lint-cache`) */
  cache: boolean;
  cacheLocation?: string;
}

export const FORMATS = ['stylish', 'json', 'sarif', 'github', 'junit', 'gitlab'];

export const HELP = `Usage: hoop-lint [options] [paths...]

Lints SQL in migrations (.sql), prompts (.md, .txt, .prompt, .prompt.yml) and agent plans
(.json, .jsonl, .yaml) against the built-in rule pack and your policies.

Options:
  -f, --format <name>        stylish (default), json, sarif, github, junit, gitlab
      --dialect <name>       default SQL dialect (postgres, mysql, sqlite, ...)
      --env <name>           connection environment the policies see (default: development)
      --policy <dir|bundle>  user policies, used with the built-in rules (repeatable)
      --no-builtin           use only --policy rules, not the built-in pack
      --schema <file|dir>    DDL describing the database (repeatable)
  -c, --config <file>        config file (default: hoop-lint.config.json, searched upwards)
      --rule <id>=<level>    off, info, warn or error (repeatable)
      --max-warnings <n>     exit 1 when there are more than n warnings
      --assume-in-transaction     the migration tool wraps each migration file in a transaction
      --no-assume-in-transaction  it does not (overrides \`assumeInTransaction\` in the config)
  -j, --jobs <n>             worker threads (1: in-process; default: all cores for large runs)
      --cache                only lint files changed since the last --cache run
      --cache-location <p>   cache file or directory (default: .hoop-lint-cache)
      --list-rules           list the rules (with --format json: as JSON)
      --baseline <file>      write it when missing; otherwise report only findings not in it
      --fix                  apply safe mechanical fixes to .sql files
      --stdin                lint standard input
      --stdin-filename <p>   file name for --stdin (picks the reader; default stdin.sql)
  -o, --output-file <file>   write the report to a file
      --init                 write a starter hoop-lint.config.json
      --quiet                report errors only
      --color, --no-color    force colors on or off
  -v, --version              print the version
  -h, --help                 print this help

Exit codes: 0 clean, 1 findings with severity error (or too many warnings), 2 usage, config or input error.
Suppress a finding: -- hoop-lint-disable-next-line <rule> -- <reason>
`;

export function parseArgs(argv: string[]): { args: CliArgs; errors: string[] } {
  const args: CliArgs = {
    paths: [],
    format: 'stylish',
    policies: [],
    schema: [],
    rules: [],
    listRules: false,
    fix: false,
    stdin: false,
    init: false,
    quiet: false,
    version: false,
    help: false,
    cache: false,
  };
  const errors: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    let inline: string | undefined;
    if (a.startsWith('--') && a.includes('=')) {
      inline = a.slice(a.indexOf('=') + 1);
      a = a.slice(0, a.indexOf('='));
    }
    const value = (): string | undefined => {
      if (inline !== undefined) return inline;
      const v = argv[i + 1];
      if (v === undefined || (v.startsWith('-') && v !== '-' && !/^-\d/.test(v))) {
        errors.push(`option \`${a}\` needs a value`);
        return undefined;
      }
      i++;
      return v;
    };
    switch (a) {
      case '-f':
      case '--format': {
        const v = value();
        if (v === undefined) break;
        if (!FORMATS.includes(v)) errors.push(`unknown format \`${v}\` (${FORMATS.join(', ')})`);
        else args.format = v;
        break;
      }
      case '--dialect':
        args.dialect = value();
        break;
      case '--env':
        args.env = value();
        break;
      case '--policy': {
        const v = value();
        if (v !== undefined) args.policies.push(v);
        break;
      }
      case '--no-builtin':
        args.builtin = false;
        break;
      case '--cache':
        args.cache = true;
        break;
      case '--cache-location':
        args.cacheLocation = value();
        break;
      case '--schema': {
        const v = value();
        if (v !== undefined) args.schema.push(v);
        break;
      }
      case '-c':
      case '--config':
        args.config = value();
        break;
      case '--rule': {
        const v = value();
        if (v === undefined) break;
        const m = /^([^=\s]+)\s*[=:]\s*(off|info|warn|warning|error)$/.exec(v);
        if (!m) errors.push(`\`--rule ${v}\` must be \`<rule-id>=off|info|warn|error\``);
        else args.rules.push({ id: m[1], setting: m[2] as RuleSetting });
        break;
      }
      case '--max-warnings': {
        const v = value();
        if (v === undefined) break;
        if (!/^\d+$/.test(v)) errors.push(`\`--max-warnings\` must be a non-negative integer, got \`${v}\``);
        else args.maxWarnings = Number(v);
        break;
      }
      case '-j':
      case '--jobs': {
        const v = value();
        if (v === undefined) break;
        if (!/^[1-9]\d*$/.test(v)) errors.push(`\`--jobs\` must be a positive integer, got \`${v}\``);
        else args.jobs = Number(v);
        break;
      }
      case '--assume-in-transaction':
        args.assumeInTransaction = true;
        break;
      case '--no-assume-in-transaction':
        args.assumeInTransaction = false;
        break;
      case '--list-rules':
        args.listRules = true;
        break;
      case '--baseline':
        args.baseline = value();
        break;
      case '--fix':
        args.fix = true;
        break;
      case '--stdin':
        args.stdin = true;
        break;
      case '--stdin-filename':
        args.stdinFilename = value();
        break;
      case '-o':
      case '--output-file':
        args.outputFile = value();
        break;
      case '--init':
        args.init = true;
        break;
      case '--quiet':
        args.quiet = true;
        break;
      case '--color':
        args.color = true;
        break;
      case '--no-color':
        args.color = false;
        break;
      case '-v':
      case '--version':
        args.version = true;
        break;
      case '-h':
      case '--help':
        args.help = true;
        break;
      default:
        if (a.startsWith('-') && a !== '-') errors.push(`unknown option \`${a}\` (see \`hoop-lint --help\`)`);
        else if (a === '-') args.stdin = true;
        else args.paths.push(a);
    }
  }
  return { args, errors };
}
