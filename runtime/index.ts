// The runtime's public API: analyse SQL into facts (runtime/facts/types.ts), and the catalog
// those facts draw on (tables, columns, tags).
//
//   await loadPostgres();                        // once: loads libpg-query's WebAssembly (lazy)
//   const r = analyzeSync(sql, { file, catalog }); // sync; postgres needs loadPostgres() first
//   const r = await analyze(sql, { dialect: 'mysql' });
//   const r = analyzeBytes(bytes, options);      // raw input: binary / > 50 MB / invalid UTF-8 checks
//
// Analysis never throws for any input: problems are diagnostics (`sql/syntax-error`, ...), and a
// statement no parser accepts gets lexer-based facts with `parsed: false`.
export { analyze, analyzeSync, loadPostgres, type AnalyzeOptions } from './sql/analyze.js';
export { analyzeBytes, MAX_INPUT_BYTES } from './sql/input.js';
export { createCatalog, globRegExp, type Catalog, type ColumnSelector } from './catalog/catalog.js';
export { replayInput, type ReplayInput } from './catalog/replay-input.js';
export { builtinPiiTags } from './catalog/pii.js';
export type * from './facts/types.js';
