// identifier-too-long reports a name inside a function body or an EXECUTE string where it is written.
import { describe, expect, it } from 'vitest';
import { createLinter } from '../../rules/index.js';

const LONG = 'orders_customer_id_created_at_status_shipping_country_region_warehouse_idx';

describe('identifier-too-long in embedded SQL', () => {
  it('points at the name inside the body and the EXECUTE string, in a migration and in a prompt', async () => {
    const linter = await createLinter({ now: '2026-01-07T12:00:00Z', rules: { 'identifier-too-long': 'error' } });
    const sql = `CREATE FUNCTION f() RETURNS void LANGUAGE plpgsql AS $$\nBEGIN\n  EXECUTE 'CREATE INDEX ${LONG} ON orders (a)';\nEND $$;\n`;
    const at = (r: { findings: Array<{ ruleId: string; line: number; column: number; endColumn?: number }> }) =>
      r.findings.filter((f) => f.ruleId === 'identifier-too-long').map((f) => [f.line, f.column, f.endColumn]);
    expect(at(await linter.lintText(sql, 'm.sql'))).toEqual([[3, 25, 25 + LONG.length]]);
    const prompt = `Please run:\n\n\`\`\`sql\n${sql}\`\`\`\n`;
    expect(at(await linter.lintText(prompt, 'ask.md'))).toEqual([[6, 25, 25 + LONG.length]]);
  }, 60_000);
});
