// The command line starts from one bundled file: resolving and compiling some 150 separate modules
// (ours, hono's, commander's) took about 100 ms of every `tt-baas-mock start` on a 2-core machine,
// a third of an empty store's start-up. The library entry points (dist/index.js, dist/tt/) stay as
// tsc writes them. Runs after tsc, from `npm run build`.
import { build } from 'esbuild';

await build({
  entryPoints: ['dist/cli.js'],
  outfile: 'dist/cli.bundle.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // commander is CommonJS: its require() calls of Node's modules need a require in an ES module.
  banner: { js: "import { createRequire as __ttCreateRequire } from 'node:module'; const require = __ttCreateRequire(import.meta.url);" },
  logLevel: 'warning',
});
