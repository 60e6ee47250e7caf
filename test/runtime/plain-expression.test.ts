// The PL/pgSQL fast path skips parsing expressions it calls plain. That is only sound while
// libpg-query agrees: every accepted expression must parse as one SELECT target without
// calls, subqueries or other nodes that produce facts, and every accepted call tree must equal
// the parser's. Property-tested against the real parser so an upgrade cannot drift silently.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { isPlainExpression, plainCallTree } from '../../runtime/sql/postgres/plain-expression.js';

let pg: typeof import('libpg-query');
beforeAll(async () => {
  pg = await import('libpg-query');
  await pg.loadModule();
});

const FACT_NODES = ['FuncCall', 'SubLink', 'RangeVar', 'TypeCast', 'A_Indirection', 'CollateClause', 'RowExpr', 'A_ArrayExpr'];
const token = fc.constantFrom(
  'x', 'v_total', 'NEW', '.', 'updated_at', 'p_id', '1', '0.5', "'a'", "'it''s'", '$1', '+', '-', '*', '/', '%', '=', '<>', '<', '>=',
  'AND', 'OR', 'NOT', 'IS', 'NULL', 'TRUE', 'FALSE', 'FOUND', 'select', 'delete', 'from', 'user', 'current_user', 'now', '(', ')', ',',
  'LIKE', '~', '||', 'between', 'in', 'case', 'when', 'then', 'end', '"Quoted"', 'count', ';', '--c', '/* c */',
);
const expression = fc.array(token, { minLength: 1, maxLength: 9 }).map((ts) => ts.join(' '));

function nodeKinds(tree: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(tree)) for (const x of tree) nodeKinds(x, out);
  else if (tree && typeof tree === 'object') {
    for (const [k, v] of Object.entries(tree)) {
      if (/^[A-Z]/.test(k)) out.add(k);
      nodeKinds(v, out);
    }
  }
  return out;
}

describe('plain PL/pgSQL expressions', () => {
  it('what isPlainExpression accepts parses as one target with no fact-producing nodes', () => {
    let accepted = 0;
    fc.assert(
      fc.property(expression, (e) => {
        if (!isPlainExpression(e)) return;
        accepted++;
        const tree = pg.parseSync(`SELECT ${e}`) as { stmts: { stmt: { SelectStmt: { targetList: unknown[] } } }[] };
        expect(tree.stmts).toHaveLength(1);
        expect(tree.stmts[0]!.stmt.SelectStmt.targetList).toHaveLength(1);
        const kinds = nodeKinds(tree);
        for (const n of FACT_NODES) expect(kinds.has(n), `${e}: ${n}`).toBe(false);
      }),
      { numRuns: 3000 },
    );
    expect(accepted).toBeGreaterThan(50); // the property is not vacuous
  });

  it('accepts the common cases and refuses calls, statements and comments', () => {
    for (const e of ['x > 0', 'v_total + 1', 'NOT FOUND', 'NEW.updated_at', "'text'", '$1', 'a IS NOT NULL AND b <> 2']) {
      expect(isPlainExpression(e), e).toBe(true);
    }
    for (const e of ['now()', '(SELECT 1)', 'x; DELETE FROM t', 'x -- c', 'pg_read_file(x)', 'a < b < c']) {
      expect(isPlainExpression(e), e).toBe(false);
    }
  });

  it('plainCallTree builds exactly the tree libpg-query builds for calls without arguments', () => {
    let built = 0;
    const name = fc.constantFrom('now', 's.f', '"F"', 'pg_catalog.now', 'clock_timestamp', 'x', 'current_date', 'user');
    fc.assert(
      fc.property(name, fc.constantFrom('()', '( )', ''), (n, args) => {
        const sql = `${n}${args}`;
        const tree = plainCallTree(sql);
        if (tree === null || tree === undefined) return;
        built++;
        // the walker never reads `version`: everything else must be the parser's tree
        const { version: _version, ...parsed } = pg.parseSync(`SELECT ${sql}`) as { version: number };
        expect(tree).toEqual(parsed);
      }),
      { numRuns: 300 },
    );
    expect(built).toBeGreaterThan(20);
  });
});
