import * as pulumi from "@pulumi/pulumi";
import { mockCall, mockResource, type MockContext } from "./mocks";

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
 * Nothing leaves the machine: resources get fake ids and the cloud-computed attributes of
 * ./mocks, and invokes (availability zones, account id) get fixed answers.
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
    region: config["entmoot:region"] ?? "us-east-1",
    project: config["entmoot:gcpProject"] || "entmoot-mock-project",
    dnsZone: config["entmoot:dnsZone"] || undefined,
    previousOutputs: options.previousOutputs ?? {},
  };
  pulumi.runtime.setAllConfig(config, [...(options.secretKeys ?? [])]);
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => mockResource(args, context),
      call: (args) => mockCall(args, context),
    },
    options.project ?? "entmoot",
    options.stack,
    false,
  );

  const resources: RecordedResource[] = [];
  let stackOutputs: Record<string, unknown> = {};
  const monitor = pulumi.runtime.getMonitor() as unknown as Monitor;
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) =>
    register(req, (err, res) => {
      if (!err && res) {
        const raw = req.getObject()?.toJavaScript() ?? {};
        resources.push({
          type: req.getType(),
          name: req.getName(),
          urn: res.getUrn(),
          parent: req.getParent() || undefined,
          custom: req.getCustom(),
          inputs: unwrapSecrets(raw) as Record<string, unknown>,
          secretInputs: Object.keys(raw).filter((k) => isSecretValue(raw[k])),
          protect: req.getProtect(),
          provider: req.getProvider() || undefined,
          ignoreChanges: req.getIgnorechangesList(),
          retainOnDelete: req.getRetainondelete(),
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
  try {
    const result = (await pulumi.runtime.runInPulumiStack(async () => {
      try {
        return await program();
      } catch (error) {
        failure = { error };
        return undefined;
      }
    })) as T;
    if (failure) throw new MockRunError(failure.error, resources);
    return {
      resources,
      result,
      secretOutputs: Object.keys(stackOutputs).filter((k) => isSecretValue(stackOutputs[k])),
    };
  } finally {
    // Waits for every outstanding registration, then detaches the mock monitor.
    await pulumi.runtime.disconnect();
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
