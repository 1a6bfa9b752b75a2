#!/usr/bin/env node
import { run } from '../dist/cli.bundle.js';
await run(process.argv);
