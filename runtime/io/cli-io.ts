// What a CLI needs from the outside world, so commands run in-process in tests.
// Every CLI exports `run(argv, io?) => Promise<exit code>`; bin/*.js wires process.* to it.
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  cwd: string;
  readStdin(): Promise<string>;
  isTTY: boolean;
  env: Record<string, string | undefined>;
}

export function processIo(): CliIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    isTTY: Boolean(process.stdout.isTTY),
    env: process.env,
    readStdin: async () => {
      const chunks: Buffer[] = [];
      for await (const c of process.stdin) chunks.push(c as Buffer);
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/** Collects output in memory, for tests. */
export function memoryIo(options: { cwd?: string; stdin?: string; env?: Record<string, string> } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = {
    stdout: (t) => void out.push(t),
    stderr: (t) => void err.push(t),
    cwd: options.cwd ?? process.cwd(),
    isTTY: false,
    env: options.env ?? {},
    readStdin: async () => options.stdin ?? '',
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}
