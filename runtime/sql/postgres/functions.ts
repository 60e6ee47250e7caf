// Function calls: one fact per call with its category and volatility, plus the side-channel
// actions the call performs (reading or writing server files, changing settings) and the SQL
// it runs when it takes SQL text (dblink_exec, query_to_xml).
import type { DynamicSqlFact, FunctionCallFact } from '../../facts/types.js';
import { addAction, spanAt, type Ctx } from './context.js';
import { analyzeSqlString } from './nested.js';
import { functionKind, isAggregate } from './function-kinds.js';
import { stringConst } from './names.js';
import { addSource, expr, nestedCtx, type Scope } from './query.js';
import { functionVolatility } from './volatility.js';

/** Record a FuncCall and walk its arguments; returns true when it is an aggregate. */
export function callFunction(ctx: Ctx, fc: any, scope: Scope, acc: Parameters<typeof expr>[3]): boolean {
  const parts: any[] = fc.funcname ?? [];
  let name = '';
  for (let i = 0; i < parts.length; i++) {
    const s = parts[i]?.String?.sval;
    if (typeof s !== 'string') continue;
    name = name ? `${name}.${s.toLowerCase()}` : s.toLowerCase();
  }
  const dot = name.lastIndexOf('.');
  const bare = dot < 0 ? name : name.slice(dot + 1);
  // pg_catalog's functions may be written qualified; anything else qualified is a user function
  const builtinSchema = dot < 0 || name.startsWith('pg_catalog.');
  const kind = builtinSchema ? functionKind(bare) : undefined;
  const span = spanAt(ctx, fc.location);
  const fact: FunctionCallFact = {
    kind: 'function',
    name,
    span,
    dangerous: kind !== undefined,
    category: kind?.category ?? 'none',
    volatility: functionVolatility(name),
  };
  ctx.st.out.functions.push(fact);
  const args: any[] = fc.args ?? [];
  if (kind) {
    if (kind.action) {
      const t = kind.targetArg !== undefined ? stringConst(args[kind.targetArg]) : null;
      addAction(ctx, kind.action, kind.action === 'set_config' && t !== null ? t.toLowerCase() : t, span);
    }
    if (kind.sqlArg !== undefined && args.length > kind.sqlArg) {
      const via = kind.category === 'network' ? 'dblink' : 'exec_function';
      const argNode = args[kind.sqlArg];
      const sql = stringConst(argNode);
      if (sql !== null) {
        const fact: DynamicSqlFact = { kind: 'dynamic_sql', span, via, constant: true };
        ctx.st.out.dynamicSql.push(fact);
        const infos = analyzeSqlString(nestedCtx(ctx, 'dynamic'), sql, argNode?.A_Const?.location ?? argNode?.TypeCast?.arg?.A_Const?.location);
        if (infos === null) {
          // a constant we could not parse is as opaque as a computed one
          fact.constant = false;
          addAction(ctx, 'dynamic_sql', null, span);
        }
        // dblink() and query_to_xml() return the query's rows: its outputs flow into the call's value
        if (acc && infos) for (const i of infos) for (const o of i.outputs) for (const src of o.sources) addSource(acc.sources, src);
      } else {
        ctx.st.out.dynamicSql.push({ kind: 'dynamic_sql', span, via, constant: false });
        addAction(ctx, 'dynamic_sql', null, span);
      }
    }
  }
  expr(ctx, args, scope, acc);
  if (fc.agg_filter) expr(ctx, fc.agg_filter, scope, null);
  if (fc.agg_order) expr(ctx, fc.agg_order, scope, null);
  if (fc.over) expr(ctx, fc.over, scope, null);
  return fc.agg_star === true || (builtinSchema && isAggregate(bare) && fc.over === undefined) || (fc.agg_distinct === true);
}
