// Postgres DDL facts: the statement walker hands every top-level (or nested) parse node here
// first; table DDL lives in ddl-table.ts, every other object in ddl-objects.ts.
import type { PgHelpers } from './helpers.js';
import { extractAlterTable, extractCreateTable, extractCreateTableAs } from './ddl-table.js';
import { extractDdlNode } from './ddl-objects.js';
import { extractPrivilege } from './privilege.js';

/** Fills `h.out` for a DDL node (`parseSync(sql).stmts[i].stmt` is `{ [nodeType]: node }`);
 * false when `nodeType` is not a DDL statement handled here. */
export function extractDdl(nodeType: string, node: any, h: PgHelpers): boolean {
  switch (nodeType) {
    case 'CreateStmt':
      extractCreateTable(node, h);
      return true;
    case 'CreateForeignTableStmt':
      if (!node.base) return false;
      extractCreateTable(node.base, h);
      return true;
    case 'CreateTableAsStmt':
      extractCreateTableAs(node, h);
      return true;
    case 'AlterTableStmt':
      extractAlterTable(node, h);
      return true;
    default:
      return extractDdlNode(nodeType, node, h, recurse);
  }
}

/** CREATE SCHEMA ... CREATE TABLE / GRANT ...: elements may be DDL or privilege statements. */
function recurse(nodeType: string, node: any, h: PgHelpers): boolean {
  return extractDdl(nodeType, node, h) || extractPrivilege(nodeType, node, h);
}
