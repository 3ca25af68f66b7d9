import { readFileSync, existsSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { parse } from "yaml";
import { NAMESPACE } from "../config";

/** A stack file that is missing or a `--set` that cannot be read. */
export class StackConfigError extends Error {
  override readonly name = "StackConfigError";
}

/** Config as the Pulumi CLI hands it to a program: full keys to strings, plus the secret keys. */
export interface LoadedConfig {
  readonly values: Record<string, string>;
  readonly secretKeys: string[];
}

interface ProjectKey {
  readonly type?: string;
  readonly default?: unknown;
  readonly secret?: boolean;
}

/** Stand-ins for `secure:` values, which only the stack's secrets provider can decrypt. */
const SECRET_PLACEHOLDERS: Record<string, string> = {
  [`${NAMESPACE}:sentryDsn`]: "https://placeholder@sentry.invalid/0",
};
const SECRET_PLACEHOLDER = "[secret]";

/** Pulumi passes arrays and objects as JSON, scalars as their string form. */
function toConfigString(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function fullKey(key: string): string {
  return key.includes(":") ? key : `${NAMESPACE}:${key}`;
}

/** Pulumi's rule for stack names; the name also picks the file `Pulumi.<stack>.yaml`. */
const STACK_NAME = /^[A-Za-z0-9_.-]{1,100}$/;

function readYaml(path: string): Record<string, unknown> {
  if (!existsSync(path)) throw new StackConfigError(`no ${basename(path)} in ${dirname(path)}`);
  let doc: unknown;
  try {
    doc = parse(readFileSync(path, "utf8")) as unknown;
  } catch (err) {
    // The parser's message names the line and column and quotes the offending text.
    throw new StackConfigError(`${path} is not valid YAML: ${(err as Error).message}`);
  }
  if (doc === null || doc === undefined) return {};
  if (typeof doc !== "object" || Array.isArray(doc)) {
    throw new StackConfigError(`${path} must hold a YAML mapping (key: value lines)`);
  }
  return doc as Record<string, unknown>;
}

/** The `config:` mapping of a project or stack file. */
function configOf(path: string, doc: Record<string, unknown>): Record<string, unknown> {
  const config = doc.config ?? {};
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    throw new StackConfigError(`${path}: \`config:\` must be a mapping of keys to values`);
  }
  return config as Record<string, unknown>;
}

/** The project's declared config keys (`Pulumi.yaml` `config:`), by full key. */
export function projectKeys(dir: string): Record<string, ProjectKey> {
  const path = join(dir, "Pulumi.yaml");
  const config = configOf(path, readYaml(path)) as Record<
    string,
    ProjectKey | string | number | boolean
  >;
  return Object.fromEntries(
    Object.entries(config).map(([k, v]) => [
      fullKey(k),
      typeof v === "object" && v !== null ? v : { default: v },
    ]),
  );
}

/**
 * Reads `Pulumi.yaml` and `Pulumi.<stack>.yaml` the way the CLI does: project defaults first,
 * then the stack's values; `secure:` values become secret placeholders; then `overrides`
 * (`--set key=value`, key with or without the `entmoot:` prefix).
 */
export function loadStackConfig(
  dir: string,
  stack: string,
  overrides: readonly string[] = [],
): LoadedConfig {
  if (!STACK_NAME.test(stack)) {
    throw new StackConfigError(
      `"${stack}" is not a stack name: use letters, digits, "-", "_" and "." only (at most 100)`,
    );
  }
  const stackFile = join(dir, `Pulumi.${stack}.yaml`);
  if (!existsSync(stackFile)) {
    throw new StackConfigError(
      `no stack file ${stackFile}: create it with \`pulumi stack init ${stack}\` and set its config`,
    );
  }
  const declared = projectKeys(dir);
  const values: Record<string, string> = {};
  const secretKeys = new Set<string>();
  for (const [key, decl] of Object.entries(declared)) {
    if (decl.default !== undefined) values[key] = toConfigString(decl.default);
  }
  const stackConfig = configOf(stackFile, readYaml(stackFile));
  for (const [rawKey, value] of Object.entries(stackConfig)) {
    const key = fullKey(rawKey);
    if (typeof value === "object" && value !== null && "secure" in value) {
      values[key] = SECRET_PLACEHOLDERS[key] ?? SECRET_PLACEHOLDER;
      secretKeys.add(key);
    } else {
      values[key] = toConfigString(value);
    }
  }
  for (const assignment of overrides) {
    const eq = assignment.indexOf("=");
    if (eq <= 0) throw new StackConfigError(`--set expects key=value, got "${assignment}"`);
    const key = fullKey(assignment.slice(0, eq));
    let value = assignment.slice(eq + 1);
    // Arrays may be given as JSON or as a comma-separated list.
    if (declared[key]?.type === "array" && !value.trim().startsWith("[")) {
      value = JSON.stringify(
        value
          .split(",")
          .map((s) => s.trim())
          .filter((s) => s !== ""),
      );
    }
    values[key] = value;
    // A value typed on the command line is plain text, as with `pulumi config set` without --secret.
    secretKeys.delete(key);
  }
  return { values, secretKeys: [...secretKeys] };
}
