import { readFileSync } from 'node:fs';
import { it } from 'vitest';
import { interpret } from '../../compiler/index.js';
import { analyze, loadPostgres } from '../../runtime/index.js';
import { builtinRuleId } from '../../rules/presets.js';
import { loadPack } from './pack-helpers.js';
it('probe', async () => {
  await loadPostgres();
  const set = loadPack().value;
  const blocks = readFileSync('/tmp/probe.sql', 'utf8').split(/^-- ####.*$/m);
  for (const b of blocks) {
    if (!b.trim()) continue;
    const dialect = (/-- dialect=(\w+)/.exec(b)?.[1] ?? 'postgres') as any;
    const source = (/-- source=(\w+)/.exec(b)?.[1] ?? 'migration') as any;
    const kind = (/-- principal=(\w+)/.exec(b)?.[1] ?? 'human') as any;
    const r = await analyze(b, { dialect });
    const out: string[] = [];
    for (const s of r.statements) {
      const d = interpret(set, { statement: s, principal: { id: 'x', kind, groups: [], attributes: {} }, connection: { name: 'x', env: 'development', dialect, database: 'x' }, source, time: { iso: '', hour: 1, weekday: 1 }, request: { statementCount: r.statements.length } });
      out.push(`  [${s.statementKind}${s.parsed ? '' : ' UNPARSED'}] ${d.fired.map((f) => builtinRuleId(f.rule)).join(' ')}`);
      if (process.env.FACTS) out.push(JSON.stringify({ actions: s.actions.map((a) => [a.action, a.target, a.via, a.where]), ddl: s.ddl.map((x) => ({ op: x.operation, t: x.table, c: x.column, ty: x.columnType, lock: x.lock, cif: x.createdInFile, o: x.objectName, ct: x.constraintType, g: x.generated })), fn: s.functions.map((f) => [f.name, f.category]), dyn: s.dynamicSql, priv: s.privileges, roles: s.roles, cols: s.columns.map((c) => [c.table, c.column, c.access, c.fromStar, c.tags.join('|')]), outs: s.outputs.map((o) => [o.name, o.shape, o.tags.join('|')]), tx: s.transaction }));
    }
    console.log('---', b.trim().split('\n').filter((l) => !l.startsWith('-- ')).join(' ').slice(0, 150) + '\n' + out.join('\n'));
  }
});
