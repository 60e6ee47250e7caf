// Properties of the DDL extractor over generated ALTER TABLE statements.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { DdlFact } from '../../runtime/facts/types.js';
import { ALTER_TABLE_LOCKS } from '../../runtime/sql/postgres/locks.js';
import { loadParser, one } from './ddl-helpers.js';

beforeAll(loadParser);

const SUBCOMMANDS = [
  'ADD COLUMN c1 int',
  'ADD COLUMN c2 text NOT NULL DEFAULT now()',
  'ADD COLUMN c3 uuid DEFAULT gen_random_uuid()',
  'DROP COLUMN c4',
  'ALTER COLUMN c5 TYPE bigint',
  'ALTER COLUMN c6 SET NOT NULL',
  'ALTER COLUMN c7 DROP NOT NULL',
  'ALTER COLUMN c8 SET DEFAULT 1',
  'ALTER COLUMN c9 DROP DEFAULT',
  'ADD CONSTRAINT k1 FOREIGN KEY (a) REFERENCES u (id) NOT VALID',
  'ADD CONSTRAINT k2 CHECK (a > 0)',
  'ADD CONSTRAINT k3 UNIQUE (a)',
  'VALIDATE CONSTRAINT k4',
  'DROP CONSTRAINT k5',
  'ENABLE ROW LEVEL SECURITY',
  'DISABLE ROW LEVEL SECURITY',
  'OWNER TO someone',
  'SET (fillfactor = 80)',
  'ALTER COLUMN c10 SET STATISTICS 200',
  'CLUSTER ON idx',
  'SET LOGGED',
  'ENABLE TRIGGER ALL',
];

const FIELDS: (keyof DdlFact)[] = [
  'kind', 'span', 'operation', 'table', 'createdInFile', 'lock', 'rewrite', 'scan', 'concurrently', 'notValid',
  'ifExists', 'ifNotExists', 'cascade', 'column', 'columnType', 'defaultVolatility', 'hasDefault', 'notNull',
  'objectName', 'constraintType', 'onDeleteCascade', 'generated',
];

const LOCKS = new Set(Object.values(ALTER_TABLE_LOCKS));

describe('ALTER TABLE properties', () => {
  it('one complete fact per subcommand, in order, each with a documented lock and the statement table', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...SUBCOMMANDS), { minLength: 1, maxLength: 6 }), fc.boolean(), (cmds, created) => {
        const sql = `ALTER TABLE app.t ${cmds.join(', ')}`;
        const s = one(sql, created ? ['app.t'] : []);
        expect(s.out.ddl).toHaveLength(cmds.length);
        for (const d of s.out.ddl) {
          for (const f of FIELDS) expect(d[f], `${f} of ${sql}`).not.toBeUndefined();
          expect(d.table).toBe('app.t');
          expect(d.createdInFile).toBe(created);
          expect(LOCKS.has(d.lock)).toBe(true);
          expect(d.span.start).toBeGreaterThanOrEqual(0);
          expect(d.span.end).toBeLessThanOrEqual(sql.length);
        }
        // one table fact, whatever the number of subcommands
        expect(s.out.tables.filter((t) => t.name === 'app.t')).toHaveLength(1);
      }),
      { numRuns: 200 },
    );
  });
});
