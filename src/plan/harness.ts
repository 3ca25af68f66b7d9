import * as pulumi from "@pulumi/pulumi";
import { loadMocks, mockRegion, type MockContext } from "./mocks";

/** One resource the program registered, as the engine would have received it. */
export interface RecordedResource {
  readonly type: string;
  readonly name: string;
  readonly urn: string;
  /** URN of the parent; undefined only for the stack itself. */
  readonly parent?: string;
  /** False for component resources. */
  readonly custom: boolean;
  /** Inputs as the engine sees them; secrets arrive unwrapped here (see `secretInputs`). */
  readonly inputs: Record<string, unknown>;
  /** Top-level input names whose values are secret. */
  readonly secretInputs: readonly string[];
  readonly protect: boolean;
  /** Provider reference (`urn::id`) for custom resources with an explicit provider. */
  readonly provider?: string;
  readonly ignoreChanges: readonly string[];
  readonly retainOnDelete: boolean;
  /**
   * URNs of the resources this one waits for (`dependsOn`, and those its inputs come from): what
   * the engine orders creation by, so a first `up` ordering can be tested.
   */
  readonly waitsFor?: readonly string[];
  /** Input names whose change replaces the resource (`replaceOnChanges`). */
  readonly replaceOnChanges?: readonly string[];
  readonly deleteBeforeReplace?: boolean;
}

export interface MockRunOptions {
  readonly project?: string;
  readonly stack: string;
  /** Full config keys (`entmoot:region`) to string values, as the CLI hands them over. */
  readonly config?: Record<string, string>;
  readonly secretKeys?: readonly string[];
  /** The stack's outputs from its last update, as a StackReference to itself reads them. */
  readonly previousOutputs?: Record<string, unknown>;
}

export interface MockRun<T> {
  readonly resources: readonly RecordedResource[];
  /** What the program returned, with every output resolved. */
  readonly result: T;
  /** Stack output names whose values are secret. */
  readonly secretOutputs: readonly string[];
  /**
   * Strings the mocks made up (ids, ARNs, endpoints, account numbers): values of resource state
   * and invoke results that appear in no input of the resource, no config value and no resource
   * name. A real deployment gets different ones.
   */
  readonly invented: readonly string[];
}

/** The program failed; `resources` are those it registered before failing. */
export class MockRunError extends Error {
  constructor(
    override readonly cause: unknown,
    readonly resources: readonly RecordedResource[],
  ) {
    super(cause instanceof Error ? cause.message : String(cause));
    this.name = "MockRunError";
  }
}

/** Pulumi marks a secret on the wire with this key and value. */
const { specialSigKey, specialSecretSig } = pulumi.runtime;

function isSecretValue(v: unknown): boolean {
  return (
    typeof v === "object" &&
    v !== null &&
    (v as Record<string, unknown>)[specialSigKey] === specialSecretSig
  );
}

interface RegisterRequest {
  getType(): string;
  getName(): string;
  getParent(): string;
  getCustom(): boolean;
  getProtect(): boolean;
  getProvider(): string;
  getIgnorechangesList(): string[];
  getRetainondelete(): boolean;
  getDependenciesList(): string[];
  getReplaceonchangesList(): string[];
  getDeletebeforereplace(): boolean;
  getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

interface Monitor {
  registerResource(
    req: RegisterRequest,
    cb: (err: unknown, res: { getUrn(): string } | undefined) => void,
  ): Promise<void>;
  registerResourceOutputs(
    req: { getOutputs(): { toJavaScript(): Record<string, unknown> } | undefined },
    cb: (err: unknown, res: unknown) => void,
  ): void;
}

// Runs are serialised: the Pulumi runtime keeps its state per process.
let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `program` inside a Pulumi stack under mocks and records every resource registration,
 * including the options (protect, provider, ignoreChanges) the mock API itself does not expose.
 * Nothing leaves the machine: resources get fake ids and the attributes each cloud's mocks
 * (providers/<cloud>/mocks, through ./mocks) compute, and invokes (availability zones, account id)
 * get fixed answers.
 */
export function runWithMocks<T>(
  program: () => Promise<T> | T,
  options: MockRunOptions,
): Promise<MockRun<T>> {
  const run = queue.then(() => runOnce(program, options));
  queue = run.catch(() => undefined);
  return run;
}

async function runOnce<T>(
  program: () => Promise<T> | T,
  options: MockRunOptions,
): Promise<MockRun<T>> {
  const config = options.config ?? {};
  const context: MockContext = {
    region: mockRegion(config),
    config,
    dnsZone: config["entmoot:dnsZone"] || undefined,
    previousOutputs: options.previousOutputs ?? {},
  };
  const mocks = await loadMocks();
  pulumi.runtime.setAllConfig(config, [...(options.secretKeys ?? [])]);
  const made = new Set<string>();
  const configured = new Set(Object.values(config));
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        const result = mocks.resource(args, context);
        const given = (args.inputs ?? {}) as Record<string, unknown>;
        const echoed = new Set([args.name, ...configured]);
        collectStrings(given, echoed);
        const state: string[] = [];
        for (const [key, value] of Object.entries(result.state ?? {})) {
          if (JSON.stringify(value) !== JSON.stringify(given[key])) collectStrings(value, state);
        }
        if (result.id !== undefined) state.push(result.id);
        // A value the resource was given back (a name without its trailing dot) is not made up.
        for (const s of state) if (!echoed.has(s.replace(/\.$/, ""))) made.add(s);
        return result;
      },
      call: (args) => {
        const result = mocks.call(args, context);
        const answers: string[] = [];
        collectStrings(result, answers);
        for (const s of answers) if (!configured.has(s.replace(/\.$/, ""))) made.add(s);
        return result;
      },
    },
    options.project ?? "entmoot",
    options.stack,
    false,
    // What a self-managed backend reports; the program names its own stack with it.
    "organization",
  );

  const resources: RecordedResource[] = [];
  let stackOutputs: Record<string, unknown> = {};
  const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) =>
    register(req, (err, res) => {
      if (!err && res) {
        const raw = req.getObject()?.toJavaScript() ?? {};
        const parent = req.getParent();
        const provider = req.getProvider();
        // Absent rather than undefined, so that a run survives a JSON round trip unchanged (the
        // test suite shares recorded runs between its files as JSON).
        resources.push({
          type: req.getType(),
          name: req.getName(),
          urn: res.getUrn(),
          ...(parent ? { parent } : {}),
          custom: req.getCustom(),
          inputs: unwrapSecrets(raw) as Record<string, unknown>,
          secretInputs: Object.keys(raw).filter((k) => isSecretValue(raw[k])),
          protect: req.getProtect(),
          ...(provider ? { provider } : {}),
          ignoreChanges: req.getIgnorechangesList(),
          retainOnDelete: req.getRetainondelete(),
          waitsFor: req.getDependenciesList(),
          replaceOnChanges: req.getReplaceonchangesList(),
          deleteBeforeReplace: req.getDeletebeforereplace(),
        });
      }
      cb(err, res);
    });
  const registerOutputs = monitor.registerResourceOutputs.bind(monitor);
  monitor.registerResourceOutputs = (req, cb) => {
    stackOutputs = req.getOutputs()?.toJavaScript() ?? {};
    registerOutputs(req, cb);
  };

  // A program that throws is caught inside the stack and rethrown after it: an error escaping the
  // stack's constructor surfaces a second time as an unhandled rejection inside the runtime.
  let failure: { error: unknown } | undefined;
  // A check that throws inside an `apply` fails the registration whose input it computes; the
  // runtime leaves that rejection unhandled. The run owns the process until it has settled, so
  // such a rejection becomes the run's failure instead of a crash (or a stray test error).
  const listeners = process.listeners("unhandledRejection");
  process.removeAllListeners("unhandledRejection");
  process.on("unhandledRejection", (error: unknown) => {
    failure ??= { error };
  });
  let result: T | undefined;
  try {
    result = (await pulumi.runtime.runInPulumiStack(async () => {
      try {
        return await program();
      } catch (error) {
        failure ??= { error };
        return undefined;
      }
    })) as T;
  } finally {
    // Waits for every outstanding registration, then detaches the mock monitor.
    await pulumi.runtime.disconnect();
    // Rejections are reported once the microtask queue drains: one macrotask later.
    await new Promise((resolve) => setImmediate(resolve));
    process.removeAllListeners("unhandledRejection");
    for (const listener of listeners) process.on("unhandledRejection", listener);
  }
  if (failure) throw new MockRunError(failure.error, resources);
  const names = new Set(resources.map((r) => r.name));
  return {
    resources,
    result,
    secretOutputs: Object.keys(stackOutputs).filter((k) => isSecretValue(stackOutputs[k])),
    // Words such as "Deployed" or "public" are states, not identifiers a reviewer could mistake.
    invented: [...made].filter((s) => !names.has(s) && s.length >= 6 && /[\d.:/-]/.test(s)),
  };
}

/** Adds every string inside `value` to `into`. */
function collectStrings(value: unknown, into: Set<string> | string[]): void {
  if (typeof value === "string") {
    if (value === "") return;
    if (Array.isArray(into)) into.push(value);
    else into.add(value);
  } else if (Array.isArray(value)) {
    for (const v of value) collectStrings(v, into);
  } else if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) collectStrings(v, into);
  }
}

/** Replaces Pulumi's secret envelopes with their values, recursively. */
function unwrapSecrets(v: unknown): unknown {
  if (isSecretValue(v)) return unwrapSecrets((v as Record<string, unknown>).value);
  if (Array.isArray(v)) return v.map(unwrapSecrets);
  if (typeof v === "object" && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unwrapSecrets(x)]));
  }
  return v;
}
