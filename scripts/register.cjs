"use strict";
/* eslint-disable @typescript-eslint/no-require-imports -- runs under `node --require`, before any TypeScript can load */
// Lets plain `node` run the project's TypeScript: `node --require ./scripts/register.cjs x.ts`.
// `npm run plan`, `cost` and `bench` start this way instead of through tsx, because tsx's
// launcher process, its off-thread ESM hooks and the source maps it enables (which Pulumi pays for
// on every promise it creates, by capturing a stack trace) doubled the time of a plan.
//
// Each file is transpiled by the project's own TypeScript (type checking stays with `tsc`) and
// cached under node_modules/.cache, keyed by its content: an edited file is transpiled again on
// its next load, so a run never sees stale code. `await import()` becomes `require()` here, which
// keeps the chosen cloud's SDK loaded on demand only.
const { createHash } = require("node:crypto");
const fs = require("node:fs");
const path = require("node:path");
const Module = require("node:module");

const CACHE = path.join(__dirname, "..", "node_modules", ".cache", "entmoot-ts");
// The compiler options of tsconfig.json that change emitted code.
const OPTIONS = { module: "commonjs", target: "es2022", esModuleInterop: true };
const SALT = `${require("typescript/package.json").version}:${JSON.stringify(OPTIONS)}`;

function transpile(source, filename) {
  const key = createHash("sha1").update(SALT).update("\0").update(source).digest("hex");
  const cached = path.join(CACHE, `${key}.js`);
  try {
    return fs.readFileSync(cached, "utf8");
  } catch {
    // Not cached yet: transpile below.
  }
  const ts = require("typescript");
  const { options } = ts.convertCompilerOptionsFromJson(OPTIONS, path.dirname(filename));
  const output = ts.transpileModule(source, { fileName: filename, compilerOptions: options });
  fs.mkdirSync(CACHE, { recursive: true });
  // Written aside and renamed, so that a concurrent run never reads half a file.
  const partial = `${cached}.${process.pid}.tmp`;
  fs.writeFileSync(partial, output.outputText);
  fs.renameSync(partial, cached);
  return output.outputText;
}

// `require.extensions` is the documented (if legacy) way to teach CommonJS a new file type.
Module._extensions[".ts"] = function loadTypeScript(module, filename) {
  module._compile(transpile(fs.readFileSync(filename, "utf8"), filename), filename);
};
