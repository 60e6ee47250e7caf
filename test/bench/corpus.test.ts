// The benchmark corpus must be the same on every run and every machine, and as large as
// docs/benchmarks.md says. (The benches themselves are never run as tests.)
import { describe, expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import {
  DEFAULT_MIGRATION_COUNT,
  DEFAULT_STATEMENT_COUNT,
  generateMigrations,
  generateStatements,
  rng,
} from '../../bench/corpus.js';

const digest = (v: unknown) => createHash('sha256').update(JSON.stringify(v)).digest('hex');

describe('benchmark corpus', () => {
  it('is deterministic for a seed and differs across seeds', () => {
    expect(digest(generateStatements(500, 7))).toBe(digest(generateStatements(500, 7)));
    expect(digest(generateStatements(500, 7))).not.toBe(digest(generateStatements(500, 8)));
    expect(digest(generateMigrations(100, 7))).toBe(digest(generateMigrations(100, 7)));
    expect(digest(generateMigrations(100, 7))).not.toBe(digest(generateMigrations(100, 8)));
  });

  it('the default corpus is the same in two generations', () => {
    expect(digest(generateStatements())).toBe(digest(generateStatements()));
    expect(digest(generateMigrations())).toBe(digest(generateMigrations()));
  });

  it('holds at least 5,000 statements of every promised category', () => {
    const statements = generateStatements();
    expect(DEFAULT_STATEMENT_COUNT).toBeGreaterThanOrEqual(5000);
    expect(statements).toHaveLength(DEFAULT_STATEMENT_COUNT);
    const byCategory = new Map<string, number>();
    for (const s of statements) byCategory.set(s.category, (byCategory.get(s.category) ?? 0) + 1);
    for (const category of ['oltp', 'ddl', 'plpgsql', 'grant']) expect(byCategory.get(category)).toBeGreaterThan(100);
    const templates = new Set(statements.map((s) => s.template));
    for (const t of ['point_select_join', 'aggregate', 'insert_returning', 'update_by_key', 'delete_where', 'upsert', 'cte_select', 'create_table', 'add_column', 'create_index', 'add_foreign_key', 'plpgsql_function', 'do_block', 'grant'])
      expect(templates).toContain(t);
    expect(statements.filter((s) => s.typical).length).toBeGreaterThan(1000);
    expect(statements.every((s) => s.typical === (s.category === 'oltp' && s.typical))).toBe(true);
    expect(statements.some((s) => /LANGUAGE plpgsql/.test(s.sql))).toBe(true);
    expect(statements.some((s) => /^DO \$\$/.test(s.sql))).toBe(true);
  });

  it('holds at least 2,000 migration files of 1 to 40 statements', () => {
    const files = generateMigrations();
    expect(DEFAULT_MIGRATION_COUNT).toBeGreaterThanOrEqual(2000);
    expect(files).toHaveLength(DEFAULT_MIGRATION_COUNT);
    expect(new Set(files.map((f) => f.name)).size).toBe(files.length);
    for (const f of files) {
      expect(f.name).toMatch(/^\d{5}_[a-z_]+\.sql$/);
      expect(f.statements).toBeGreaterThanOrEqual(1);
      expect(f.statements).toBeLessThanOrEqual(40);
      expect(f.sql.startsWith('-- migration ')).toBe(true);
      expect(f.sql.trimEnd().endsWith(';')).toBe(true);
    }
    const sizes = files.map((f) => f.statements);
    expect(Math.max(...sizes)).toBeGreaterThan(20);
    expect(sizes.filter((n) => n <= 5).length).toBeGreaterThan(files.length / 3);
    const all = files.map((f) => f.sql).join('\n');
    // both the safe recipes and the risky operations are there
    expect(all).toMatch(/CREATE INDEX CONCURRENTLY/);
    expect(all).toMatch(/CREATE INDEX (?!CONCURRENTLY)/);
    expect(all).toMatch(/NOT VALID/);
    expect(all).toMatch(/SET lock_timeout/);
    expect(all).toMatch(/ALTER COLUMN \w+ TYPE/);
  });

  it('the PRNG stays in [0, 1) and picks every item', () => {
    const r = rng(1);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const x = r.next();
      expect(x).toBeGreaterThanOrEqual(0);
      expect(x).toBeLessThan(1);
      seen.add(r.pick([0, 1, 2, 3]));
    }
    expect(seen.size).toBe(4);
  });
});
