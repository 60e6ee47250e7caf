// The benchmark workload: N production guardrail rules written once in the hoop language and once
// in Cedar, and requests whose facts are already extracted (one statement, one action, one table).
// Rule k: deny action A(k) on table `public.t<k>` in production unless the principal is in group g(k).
import type { DecisionInput } from '../../runtime/decision/types.js';
import type { StatementFacts } from '../../runtime/facts/types.js';
import { newFileState, transactionContext } from '../../runtime/sql/file-state.js';

const ACTIONS = [
  'select', 'insert', 'update', 'delete', 'truncate', 'drop_table', 'alter_table', 'create_index', 'drop_index',
  'grant', 'revoke', 'copy_to_program', 'copy_from', 'create_table', 'drop_schema', 'vacuum', 'reindex',
  'add_column', 'drop_column', 'rename_table', 'set_role', 'alter_role', 'create_function', 'call',
] as const;

const actionOf = (k: number) => ACTIONS[k % ACTIONS.length]!;
const groupOf = (k: number) => `g${k % 10}`;

export function hoopPolicies(n: number): string {
  const out = [
    'policy bench {',
    '  description "generated benchmark guardrails"',
    '  applies when connection.env == "production"',
    '  default allow',
    '',
  ];
  for (let k = 0; k < n; k++) {
    out.push(
      `  rule r${k} {`,
      '    category destructive',
      `    when statement.actions has ${actionOf(k)} and statement.tables has "public.t${k}"`,
      `    unless principal.groups has "${groupOf(k)}"`,
      `    deny "rule ${k} blocks this"`,
      '  }',
    );
  }
  out.push('}', '');
  return out.join('\n');
}

export function cedarPolicies(n: number): string {
  const out = ['@id("allow_all")\npermit(principal, action, resource);'];
  for (let k = 0; k < n; k++) {
    out.push(
      `@id("r${k}")\nforbid(principal, action == Action::"${actionOf(k)}", resource)\n` +
        `when { context.env == "production" && context.tables.contains("public.t${k}") }\n` +
        `unless { context.groups.contains("${groupOf(k)}") };`,
    );
  }
  return out.join('\n');
}

export interface BenchRequest {
  input: DecisionInput;
  summary: { action: string; table: string; groups: string[]; env: string };
}

const SPAN = { start: 0, end: 10, line: 1, column: 1, endLine: 1, endColumn: 11 };

/** Deterministic pseudo-random requests (xorshift), a third of them hitting a rule. */
export function requests(n: number, count: number): BenchRequest[] {
  let x = 0x9e3779b9 ^ n;
  const rnd = (m: number) => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) % m;
  };
  const out: BenchRequest[] = [];
  for (let j = 0; j < count; j++) {
    const k = rnd(n);
    const hit = rnd(3) === 0;
    const action = hit ? actionOf(k) : ACTIONS[rnd(ACTIONS.length)]!;
    const table = `public.t${k}`;
    const groups = rnd(4) === 0 ? [groupOf(rnd(10))] : [];
    const env = rnd(8) === 0 ? 'staging' : 'production';
    const statement: StatementFacts = {
      kind: 'statement',
      index: 0,
      span: SPAN,
      text: `${action} ${table}`,
      dialect: 'postgres',
      parsed: true,
      statementKind: action,
      actions: [{ kind: 'action', action: action as never, span: SPAN, target: table, nested: false, via: 'top' }],
      tables: [{ kind: 'table', name: table, schema: 'public', table: `t${k}`, access: ['write'], span: SPAN, createdInFile: false, temporary: false, qualified: false }],
      columns: [],
      outputs: [],
      functions: [],
      dynamicSql: [],
      privileges: [],
      roles: [],
      ddl: [],
      patterns: [],
      longIdentifiers: [],
      where: null,
      limit: null,
      returning: false,
      dataModifyingCte: false,
      explain: null,
      // outside any transaction, as the runtime's own fresh file state says
      transaction: transactionContext(newFileState()),
      reads: false,
      writes: true,
      isDdl: false,
      fingerprint: 'bench',
      diagnostics: [],
    };
    out.push({
      input: {
        statement,
        principal: { id: 'ana', kind: 'human', groups, attributes: {} },
        connection: { name: 'main', env, dialect: 'postgres', database: 'app' },
        source: 'proxy',
        time: { iso: '2026-01-05T12:00:00.000Z', hour: 12, weekday: 1 },
        request: { statementCount: 1 },
      },
      summary: { action, table, groups, env },
    });
  }
  return out;
}

/** The same request for Cedar: action as the Cedar action, facts in the context. */
export function cedarRequest(r: BenchRequest) {
  return {
    principal: { type: 'User', id: r.input.principal.id },
    action: { type: 'Action', id: r.summary.action },
    resource: { type: 'Table', id: r.summary.table },
    context: { env: r.summary.env, tables: [r.summary.table], groups: r.summary.groups },
    entities: [],
  };
}
