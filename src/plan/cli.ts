import * as pulumi from "@pulumi/pulumi";
import { NAMESPACE } from "../config";
import type { PlatformOutputs } from "../platform";
import { main } from "../program";
import { MockRunError, runWithMocks } from "./harness";
import { buildPlan, renderPlan, type Plan } from "./render";
import { loadStackConfig, StackConfigError } from "./stackConfig";

const USAGE = "usage: npm run plan -- <stack> [--set entmoot:key=value ...] [--json]";

interface Args {
  readonly stack: string;
  readonly sets: string[];
  readonly json: boolean;
}

function parseArgs(argv: readonly string[]): Args {
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
    else if (a === "--help" || a === "-h") throw new Error(USAGE);
    else if (a.startsWith("-")) throw new Error(`unknown option ${a}\n${USAGE}`);
    else if (stack === undefined) stack = a;
    else throw new Error(`one stack at a time (got ${stack} and ${a})\n${USAGE}`);
  }
  if (stack === undefined) throw new Error(USAGE);
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

async function cli(): Promise<number> {
  let args: Args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    console.error((err as Error).message);
    return 2;
  }
  try {
    const result = await plan(process.cwd(), args.stack, args.sets);
    console.log(args.json ? JSON.stringify(result, null, 2) : renderPlan(result));
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

if (require.main === module) {
  cli().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
