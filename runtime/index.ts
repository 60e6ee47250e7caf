// The runtime's public API: analyse SQL into facts, and the catalog those facts draw on.
export { analyze, analyzeSync, loadPostgres, type AnalyzeOptions } from './sql/analyze.js';
export { analyzeBytes, MAX_INPUT_BYTES } from './sql/input.js';
export { createCatalog, globRegExp, type Catalog, type ColumnSelector } from './catalog/catalog.js';
export { builtinPiiTags } from './catalog/pii.js';
export type * from './facts/types.js';
