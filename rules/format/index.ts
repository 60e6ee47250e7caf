// The output formats of `--format`.
import { github } from './github.js';
import { gitlab } from './gitlab.js';
import { json } from './json.js';
import { junit } from './junit.js';
import type { Formatter } from './report.js';
import { sarif } from './sarif.js';
import { stylish } from './stylish.js';

export const FORMATTERS: Record<string, Formatter> = { stylish, json, sarif, github, junit, gitlab };
export type FormatName = keyof typeof FORMATTERS;
export type { Report, FormatOptions, Formatter } from './report.js';
