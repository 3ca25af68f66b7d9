import { NAMESPACE } from "../config";
import type { PlatformOutputs } from "../platform";
import { main } from "../program";
import { MockRunError, runWithMocks, type MockRun, type MockRunOptions } from "./harness";
import { buildPlan, renderPlan, type Plan } from "./render";
import { loadStackConfig } from "./stackConfig";

const USAGE = "usage: npm run -s plan -- <stack> [--set entmoot:key=value ...] [--json]";

export interface Args {
  readonly stack: string;
  readonly sets: string[];
  readonly json: boolean;
}

/** A mistake in the command line; its message says what to type instead. */
export class UsageError extends Error {
  override readonly name = "UsageError";
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
      if (v === undefined) throw new UsageError(`--set needs key=value\n${usage}`);
      sets.push(v);
    } else if (a.startsWith("--set=")) sets.push(a.slice(6));
    else if (a === "--help" || a === "-h") throw new UsageError(usage);
    else if (a.startsWith("-")) throw new UsageError(`unknown option ${a}\n${usage}`);
    else if (stack === undefined) stack = a;
    else throw new UsageError(`one stack at a time (got ${stack} and ${a})\n${usage}`);
  }
  if (stack === undefined) throw new UsageError(usage);
  return { stack, sets, json };
}

/** The plan of a finished mocked run; secret outputs are shown as `[secret]`. */
export function planOf(
  stack: string,
  config: Readonly<Record<string, string>>,
  run: MockRun<PlatformOutputs>,
): Promise<Plan> {
  const outputs: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(run.result as unknown as Record<string, unknown>)) {
    outputs[k] = run.secretOutputs.includes(k) ? "[secret]" : v;
  }
  return buildPlan(stack, config[`${NAMESPACE}:cloud`] ?? "?", run, outputs, {
    region: config[`${NAMESPACE}:region`],
  });
}

/**
 * Evaluates the program for one stack under mocks and returns what `pulumi up` would create.
 * Throws StackConfigError for an unreadable stack, MockRunError when the program fails.
 */
export async function plan(
  dir: string,
  stack: string,
  sets: readonly string[] = [],
): Promise<Plan> {
  return (await planWithRun(dir, stack, sets)).plan;
}

/** `plan()`, together with the run it was built from (the benchmark replays its resources). */
export async function planWithRun(
  dir: string,
  stack: string,
  sets: readonly string[] = [],
): Promise<{ plan: Plan; run: MockRun<PlatformOutputs>; options: MockRunOptions }> {
  const config = loadStackConfig(dir, stack, sets);
  const options = { stack, config: config.values, secretKeys: config.secretKeys };
  const run = await runWithMocks<PlatformOutputs>(main, options);
  return { plan: await planOf(stack, config.values, run), run, options };
}

/**
 * The one message to show for a failed command. The program's own errors (config problems,
 * unimplemented clouds, a component refusing its arguments, a check inside an `apply`), stack
 * file and YAML problems, price-table gaps and usage mistakes all carry a message written for
 * the user; a stack trace would only bury it.
 */
export function errorMessage(err: unknown): string {
  const cause = err instanceof MockRunError ? err.cause : err;
  if (cause instanceof Error) return cause.message.trim() || cause.name;
  return String(cause);
}

/**
 * Runs a command the way `npm run plan` does: on success `run`'s text goes to stdout and the
 * result is 0; any error prints its message, without a stack trace, to stderr and the result is 1.
 * While `run` runs, whatever the runtime prints goes to stderr, so stdout holds the result alone
 * (`npm run -s plan -- <stack> --json | jq` works).
 */
export async function runCommand(
  argv: readonly string[],
  usage: string,
  run: (args: Args) => Promise<string>,
): Promise<number> {
  const saved = { log: console.log, info: console.info, debug: console.debug };
  const toStderr = (...data: unknown[]) => console.error(...data);
  Object.assign(console, { log: toStderr, info: toStderr, debug: toStderr });
  let text: string;
  try {
    text = await run(parseArgs(argv, usage));
  } catch (err) {
    console.error(errorMessage(err));
    return 1;
  } finally {
    Object.assign(console, saved);
  }
  await new Promise<void>((resolve) => process.stdout.write(`${text}\n`, () => resolve()));
  return 0;
}

/**
 * Prepares the process for a command: failures that escape everything (an exception thrown from
 * a timer) print their message and exit 1. Stack traces are never printed, so none are captured:
 * the Pulumi runtime otherwise records one for every promise it creates, a tenth of a plan's time.
 */
export function startCommand(): void {
  Error.stackTraceLimit = 0;
  const fail = (err: unknown) => {
    console.error(errorMessage(err));
    process.exit(1);
  };
  process.on("uncaughtException", fail);
  process.on("unhandledRejection", fail);
}

/** Exits the process with the command's code once its output is written. */
export function exitWith(code: Promise<number>): void {
  code.then(
    (c) => process.exit(c),
    (err: unknown) => {
      console.error(errorMessage(err));
      process.exit(1);
    },
  );
}

if (require.main === module) {
  startCommand();
  exitWith(
    runCommand(process.argv.slice(2), USAGE, async (args) => {
      const result = await plan(process.cwd(), args.stack, args.sets);
      return args.json ? JSON.stringify(result, null, 2) : renderPlan(result);
    }),
  );
}
