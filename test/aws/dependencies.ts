import * as pulumi from "@pulumi/pulumi";

/** Type and name of a resource URN (`urn:pulumi:<stack>::<project>::<types>::<name>`). */
const short = (urn: string) => {
  const parts = urn.split("::");
  return `${parts[2]?.split("$").pop() ?? ""}::${parts[3] ?? ""}`;
};

/**
 * Records the explicit and implicit dependencies of every registration made after the call,
 * as `<type>::<name>` -> the same form of each dependency. Call inside a runWithMocks program:
 * it wraps the mock monitor the harness installed for that run.
 */
export function recordDependencies(): Map<string, string[]> {
  const deps = new Map<string, string[]>();
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(
      req: { getType(): string; getName(): string; getDependenciesList(): string[] },
      cb: unknown,
    ): unknown;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    deps.set(`${req.getType()}::${req.getName()}`, req.getDependenciesList().map(short));
    return register(req, cb);
  };
  return deps;
}

/** The replacement options the engine receives, which the harness does not record. */
export interface ReplacementOptions {
  readonly replaceOnChanges: string[];
  readonly deleteBeforeReplace: boolean;
}

/**
 * Records `replaceOnChanges` and `deleteBeforeReplace` of every registration made after the
 * call, as `<type>::<name>` -> options. Call inside a runWithMocks program, like
 * recordDependencies.
 */
export function recordReplacementOptions(): Map<string, ReplacementOptions> {
  const options = new Map<string, ReplacementOptions>();
  const monitor = pulumi.runtime.getMonitor() as unknown as {
    registerResource(
      req: {
        getType(): string;
        getName(): string;
        getReplaceonchangesList(): string[];
        getDeletebeforereplace(): boolean;
      },
      cb: unknown,
    ): unknown;
  };
  const register = monitor.registerResource.bind(monitor);
  monitor.registerResource = (req, cb) => {
    options.set(`${req.getType()}::${req.getName()}`, {
      replaceOnChanges: req.getReplaceonchangesList(),
      deleteBeforeReplace: req.getDeletebeforereplace(),
    });
    return register(req, cb);
  };
  return options;
}
