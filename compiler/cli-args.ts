// Command-line parsing for `hoop-policy`: positionals plus `--name value`, `--name=value`, `-o value`,
// boolean flags and flags with an optional inline value (`--name`, `--name=value`). Unknown options
// are errors, never ignored.

export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string>;
  flags: Set<string>;
}

export interface ArgSpec {
  /** options that take a value, by long name; `short` maps one-letter aliases to long names */
  values: readonly string[];
  flags: readonly string[];
  /** flags that may carry a value, inline only (`--name=value`; a bare `--name` is a flag): the next
   * argument is never taken, so it stays a positional */
  optionalValues?: readonly string[];
  short?: Readonly<Record<string, string>>;
}

export type ArgsResult = { ok: true; args: ParsedArgs } | { ok: false; error: string };

export function parseArgs(argv: readonly string[], spec: ArgSpec): ArgsResult {
  const positionals: string[] = [];
  const options: Record<string, string> = {};
  const flags = new Set<string>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (a.startsWith('-') && a !== '-') {
      let name: string;
      let inline: string | undefined;
      if (a.startsWith('--')) {
        const eq = a.indexOf('=');
        name = eq < 0 ? a.slice(2) : a.slice(2, eq);
        inline = eq < 0 ? undefined : a.slice(eq + 1);
      } else {
        const long = spec.short?.[a.slice(1)];
        if (!long) return { ok: false, error: `unknown option \`${a}\`` };
        name = long;
      }
      if (spec.flags.includes(name)) {
        if (inline !== undefined) return { ok: false, error: `option \`--${name}\` takes no value` };
        flags.add(name);
        continue;
      }
      if (spec.optionalValues?.includes(name)) {
        if (inline === undefined) flags.add(name);
        else options[name] = inline;
        continue;
      }
      if (spec.values.includes(name)) {
        const value = inline ?? argv[++i];
        if (value === undefined) return { ok: false, error: `option \`--${name}\` needs a value` };
        options[name] = value;
        continue;
      }
      return { ok: false, error: `unknown option \`${a}\`` };
    }
    positionals.push(a);
  }
  return { ok: true, args: { positionals, options, flags } };
}
