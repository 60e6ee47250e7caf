#!/usr/bin/env node
import { run } from '../dist/hoop-lint.js';
process.exitCode = await run(process.argv.slice(2));
