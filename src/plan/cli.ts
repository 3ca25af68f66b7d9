import * as pulumi from "@pulumi/pulumi";
import { NAMESPACE } from "../config";
import type { PlatformOutputs } from "../platform";
import { main } from "../program";
import { MockRunError, runWithMocks } from "./harness";
import { buildPlan, renderPlan, type Plan } from "./render";
import { loadStackConfig, StackConfigError } from "./stackConfig";

const USAGE = "usage: npm run plan -- <stack> [--set entmoot:key=value ...] [--json]";

export interface Args {
  readonly stack: string;
  readonly sets: string[];
  readonly json: boolean;
}

/** Reads `<stack> [--set key=value ...] [--json]`; a usage problem throws with `usage` in it. */
export function parseArgs(argv: readonly string[], usage: string = USAGE): Args {
  let stack: string | undefined;
  const sets: string[] = [];
  let json = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--json") json = true;
    else if (a === "--set") {
      const v = argv[++i];
      if (v === undefined) throw new Error("--set needs key=value");
      sets.push(v);
    } else if (a.startsWith("--set=")) sets.push(a.slice(6));
    else if (a === "--help" || a === "-h") throw new Error(usage);
    else if (a.startsWith("-")) throw new Error(`unknown option ${a}\n${usage}`);
    else if (stack === undefined) stack = a;
    else throw new Error(`one stack at a time (got ${stack} and ${a})\n${usage}`);
  }
  if (stack === undefined) throw new Error(usage);
  return { stack, sets, json };
}

/**
 * Evaluates the program for one stack under mocks and returns what `pulumi up` would create.
 * Throws MockRunError wrapping a pulumi.RunError for config problems (the message lists them all).
 */
export async function plan(
  dir: string,
  stack: string,
  sets: readonly string[] = [],
): Promise<Plan> {
  const config = loadStackConfig(dir, stack, sets);
  const run = await runWithMocks<PlatformOutputs>(main, {
    stack,
    config: config.values,
    secretKeys: config.secretKeys,
  });
  const outputs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(run.result as unknown as Record<string, unknown>)) {
    outputs[k] = run.secretOutputs.includes(k) ? "[secret]" : v;
  }
  return buildPlan(stack, config.values[`${NAMESPACE}:cloud`] ?? "?", run.resources, outputs);
}

/**
 * Runs a command the way `npm run plan` does: bad arguments print the usage and return 2; config
 * errors (and unimplemented clouds) print their message, without a stack trace, and return 1;
 * otherwise `run`'s text goes to stdout and the result is 0. Anything else is a bug and throws.
 */
export async function runCommand(
  argv: readonly string[],
  usage: string,
  run: (args: Args) => Promise<string>,
): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(argv, usage);
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  try {
    console.log(await run(args));
    return 0;
  } catch (err) {
    // Config errors and unimplemented clouds are the user's to fix: message only, no stack trace.
    const cause = err instanceof MockRunError ? err.cause : err;
    if (cause instanceof pulumi.RunError || cause instanceof StackConfigError) {
      console.error(cause.message);
      return 1;
    }
    throw err;
  }
}

/** Exits the process with the command's code; an unexpected error prints in full and exits 1. */
export function exitWith(code: Promise<number>): void {
  code.then(
    (c) => process.exit(c),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}

if (require.main === module) {
  exitWith(
    runCommand(process.argv.slice(2), USAGE, async (args) => {
      const result = await plan(process.cwd(), args.stack, args.sets);
      return args.json ? JSON.stringify(result, null, 2) : renderPlan(result);
    }),
  );
}
