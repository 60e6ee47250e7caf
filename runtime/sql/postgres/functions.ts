// Function calls: one fact per call with its category and volatility, plus the side-channel
// actions the call performs (reading or writing server files, changing settings) and the SQL
// it runs when it takes SQL text (dblink_exec, query_to_xml).
import type { DynamicSqlFact, FunctionCallFact, Span } from '../../facts/types.js';
import { searchPathSchema } from '../file-state.js';
import { addAction, addColumn, addTable, qualifyIn, spanAt, type Ctx } from './context.js';
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
      if (kind.action === 'set_config' && t !== null) setConfig(ctx, t.toLowerCase(), args[1], span);
    }
    if (kind.tableArg !== undefined) readNamedTable(ctx, args[kind.tableArg], span, acc);
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

/** set_config(name, value, is_local) does what `SET name = value` does: switch roles, change the
 * search_path later statements resolve names with. A value that is not a constant is ''. */
function setConfig(ctx: Ctx, name: string, valueNode: unknown, span: Span): void {
  const value = stringConst(valueNode);
  if (name === 'role' || name === 'session_authorization') {
    const operation = name === 'role' ? 'set_role' : 'set_session_authorization';
    const role = (value ?? '').toLowerCase();
    addAction(ctx, operation, role, span);
    ctx.st.out.roles.push({ kind: 'role', span, operation, role, attributes: [] });
  } else if (name === 'search_path' && value !== null && !ctx.deferred) {
    ctx.st.defaultSchema = searchPathSchema(value);
  }
}

/** table_to_xml('users', ...): a regclass given as a string reads that whole table (every column
 * flows into the call's value). A name that is not a constant stays unknown (the call is dangerous anyway). */
function readNamedTable(ctx: Ctx, node: unknown, span: Span, acc: Parameters<typeof expr>[3]): void {
  const text = stringConst(node);
  const parts = text === null ? null : regclassParts(text);
  if (!parts || parts.length === 0 || parts.length > 3) return;
  const relname = parts[parts.length - 1];
  const q = qualifyIn(ctx, parts.length >= 2 ? { schemaname: parts[parts.length - 2], relname } : { relname });
  const loc = (node as any)?.A_Const?.location ?? (node as any)?.TypeCast?.arg?.A_Const?.location;
  addTable(ctx, q, 'read', loc);
  addColumn(ctx, q.name, '*', 'read', span, false);
  if (acc) addSource(acc.sources, { table: q.name, column: '*' });
}

/** A regclass literal's name parts: unquoted parts lowercased, `"..."` kept; null when malformed. */
function regclassParts(text: string): string[] | null {
  const parts: string[] = [];
  let i = 0;
  const s = text.trim();
  while (i < s.length) {
    let part = '';
    if (s[i] === '"') {
      i++;
      for (;;) {
        if (i >= s.length) return null;
        if (s[i] === '"') {
          if (s[i + 1] !== '"') break;
          i++;
        }
        part += s[i++];
      }
      i++;
    } else {
      while (i < s.length && s[i] !== '.') part += s[i++];
      part = part.trim().toLowerCase();
      if (part.length === 0) return null;
    }
    parts.push(part);
    if (i < s.length) {
      if (s[i] !== '.') return null;
      i++;
    }
  }
  return parts;
}
