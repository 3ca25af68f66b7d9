import { execFile } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { beforeAll, describe, expect, it, test } from "vitest";
import { CLOUD_ENTRIES, IMPLEMENTED_CLOUDS } from "../providers";
import { replay, sdkClass } from "../scripts/benchFloor";
import { committedPlans, committedStacks, runOptions } from "../scripts/committedPlans";
import { comparePlans, recordOf, renderDifferences, type Recording } from "../scripts/recordPlans";
import { CLOUDS } from "../src/cloud";
import { parseConfig } from "../src/config";
import { runWithMocks, type MockRun, type RecordedResource } from "../src/plan/harness";
import { combineMocks, type CloudMocks } from "../src/plan/mocks";
import { inUnit, renderPlan, type Plan, type Unit } from "../src/plan/render";
import { loadStackConfig } from "../src/plan/stackConfig";
import { main } from "../src/program";
import { flatten, plan } from "./support/plan";
import { GCP_SETS, isShared, ROOT, runStack } from "./support/stack";

const run = promisify(execFile);
const TSX = join(ROOT, "node_modules", ".bin", "tsx");
/** `npm run plan` without npm: the same node, loader and entry point. */
const PLAN = ["--require", "./scripts/register.cjs", "src/plan/cli.ts"];

describe("offline plan", () => {
  let production: Plan;
  let staging: Plan;
  let gcp: Plan;
  beforeAll(async () => {
    production = await plan("production");
    staging = await plan("staging");
  });

  it("groups resources under their components", () => {
    const components = production.components
      .filter((c) => c.type.startsWith("entmoot:"))
      .map((c) => c.type);
    expect(components).toEqual(
      expect.arrayContaining([
        "entmoot:network:AwsNetwork",
        "entmoot:database:AwsDatabase",
        "entmoot:cache:AwsCache",
        "entmoot:storage:AwsStorage",
        "entmoot:compute:AwsCompute",
        "entmoot:loadBalancer:AwsLoadBalancer",
        "entmoot:frontend:AwsFrontend",
        "entmoot:monitoring:AwsMonitoring",
      ]),
    );
    const network = production.components.find((c) => c.type === "entmoot:network:AwsNetwork")!;
    expect(network.children.filter((c) => c.type === "aws:ec2/subnet:Subnet")).toHaveLength(9);
  });

  it("shows the settings that matter and marks protected resources", () => {
    const db = flatten(production.components).find(
      (n) => n.type === "aws:rds/instance:Instance" && n.settings.multiAz === true,
    )!;
    expect(db.settings).toMatchObject({
      instanceClass: "db.r6i.xlarge",
      engine: "postgres",
      backupRetentionPeriod: 30,
      publiclyAccessible: false,
    });
    expect(db.protect).toBe(true);
    expect(production.summary.protected).toBeGreaterThan(0);
    expect(staging.summary.protected).toBe(0);
  });

  it("shows staging visibly smaller", () => {
    expect(staging.summary.resources).toBeLessThan(production.summary.resources);
    const stagingDb = flatten(staging.components).find(
      (n) => n.type === "aws:rds/instance:Instance",
    )!;
    expect(stagingDb.settings).toMatchObject({
      instanceClass: "db.t4g.large",
      multiAz: false,
      backupRetentionPeriod: 7,
    });
  });

  it("renders a tree with a summary line", () => {
    const text = renderPlan(staging);
    expect(text).toMatch(/^Plan for stack staging on aws/);
    expect(text).toMatch(/\n {4}\+ aws:ec2\/vpc:Vpc {2}entmoot-staging-network/);
    expect(text).toMatch(/\n\d+ resources to create in \d+ components \(0 protected\)$/);
    expect(text).toContain("apiUrl: https://api.staging.entmoot.example.com");
  });

  it("plans GCP from the same stack with --set", async () => {
    gcp = await plan("production", GCP_SETS);
    expect(gcp.cloud).toBe("gcp");
    expect(
      flatten(gcp.components).some(
        (n) =>
          n.type === "gcp:sql/databaseInstance:DatabaseInstance" &&
          n.settings["settings.availabilityType"] === "REGIONAL",
      ),
    ).toBe(true);
  });
});

describe("units in the plan", () => {
  test.each([
    [0.5, "s", "ms", "500 ms"],
    [0.1, "s", "ms", "100 ms"],
    [21474836480, "bytes", "GiB", "20 GiB"],
    [0.8, "ratio", "ratio", "80%"],
    [100000, "us", "ms", "100 ms"],
    [2048, "MiB", "GiB", "2 GiB"],
    [2592000, "s", "days", "30 days"],
  ] as [number, Unit, Unit, string][])("shows %d %s as %s", (value, from, to, text) => {
    expect(inUnit(value, from, to)).toBe(text);
  });
});

describe("npm run plan", () => {
  it("prints only JSON on stdout with `npm run -s plan -- <stack> --json`, ready for a pipe", async () => {
    const { stdout } = await run("npm", ["run", "-s", "plan", "--", "staging", "--json"], {
      cwd: ROOT,
    });
    const parsed = JSON.parse(stdout) as Plan;
    expect(parsed).toMatchObject({ stack: "staging", cloud: "aws", region: "us-east-1" });
    expect(parsed.summary.resources).toBeGreaterThan(100);
    // The command shows the very plan the tests above read.
    expect(parsed).toEqual(await plan("staging"));
  });

  it("prints the problems and exits 1 on a bad config, without a stack trace", async () => {
    const failure = await run(
      process.execPath,
      [...PLAN, "production", "--set", "entmoot:regoin=us-east-1", "--set", "entmoot:tier=xl"],
      { cwd: ROOT },
    ).catch((e: { code: number; stdout: string; stderr: string }) => e);
    expect(failure).toMatchObject({ code: 1, stdout: "" });
    const stderr = (failure as { stderr: string }).stderr;
    expect(stderr).toContain("entmoot:regoin: unknown key; did you mean entmoot:region?");
    expect(stderr).toContain('entmoot:tier: must be one of: small, medium, large (given: "xl")');
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it("exposes the program the way the Pulumi CLI loads it (CommonJS export of a function)", async () => {
    const { stdout } = await run(
      TSX,
      ["-e", "process.stdout.write(typeof require('./src/index.ts'))"],
      { cwd: ROOT },
    );
    expect(stdout).toBe("function");
  });
});

describe("the committed stacks on every cloud", () => {
  test.each(CLOUDS)(
    "%s's stackSets put both committed stacks on it, within its config rules",
    (cloud) => {
      for (const stack of committedStacks()) {
        const { values, secretKeys } = loadStackConfig(
          ROOT,
          stack,
          CLOUD_ENTRIES[cloud].stackSets(stack),
        );
        // Each cloud's own rules: GCP needs a project, Azure a zone it can find, and so on.
        const config = parseConfig(values, { secretKeys });
        expect([config.cloud, config.environment]).toEqual([cloud, stack]);
      }
    },
  );

  it("are each run once for the whole suite, and a shared run equals a fresh one", async () => {
    const plans = committedPlans();
    expect(plans.map((p) => `${p.cloud}-${p.stack}`)).toEqual(
      IMPLEMENTED_CLOUDS.flatMap((c) => [`${c}-production`, `${c}-staging`]),
    );
    for (const { stack, sets } of plans) expect(isShared(stack, sets), stack).toBe(true);
    expect(isShared("production", ["entmoot:tier=large"])).toBe(false);
    // Registration order follows the loader's scheduling of promises (the shared runs load
    // through scripts/register.cjs, this file through Vite), so both are compared in URN order.
    const inOrder = (run: MockRun<unknown>) => ({
      ...run,
      resources: [...run.resources].sort((a, b) => (a.urn < b.urn ? -1 : 1)),
      invented: [...run.invented].sort(),
    });
    const fresh = await runWithMocks(main, runOptions("staging"));
    expect(inOrder(await runStack("staging"))).toStrictEqual(inOrder(fresh));
  });

  it("gives each caller its own copy of a shared run", async () => {
    const first = await runStack("staging");
    const count = first.resources.length;
    (first.resources as unknown[]).splice(0);
    // The recorded result holds resolved values, not the Outputs its type names.
    const outputs = (run: { result: unknown }) => run.result as Record<string, unknown>;
    outputs(first).apiUrl = "changed";
    const again = await runStack("staging");
    expect(again.resources).toHaveLength(count);
    expect(outputs(again).apiUrl).toBe("https://api.staging.entmoot.example.com");
  });
});

describe("each cloud's mocks and plan view, through the registry", () => {
  /** Packages of resources that belong to no cloud: the stack, providers, random, dynamic. */
  const NEUTRAL = new Set(["pulumi", "random", "pulumi-nodejs"]);

  test.each(CLOUDS)("%s's mocks and view claim the packages of its resources", async (cloud) => {
    const mocks = await CLOUD_ENTRIES[cloud].loadMocks();
    const view = await CLOUD_ENTRIES[cloud].loadPlanView();
    expect(view.packages).toEqual(mocks.packages);
    for (const { stack, sets } of committedPlans().filter((p) => p.cloud === cloud)) {
      const packages = new Set(
        (await runStack(stack, sets)).resources.map((r) => r.type.split(":")[0]!),
      );
      expect([...packages].filter((p) => !p.startsWith("entmoot") && !NEUTRAL.has(p))).toEqual(
        mocks.packages,
      );
    }
  });

  it("refuses two mocks for one token or package, which would silently leave one unused", () => {
    const mocks = (packages: string[], state: CloudMocks["state"]): CloudMocks => ({
      packages,
      generic: () => ({}),
      state,
      calls: {},
    });
    const fn = () => ({});
    expect(() =>
      combineMocks([
        ["a", mocks(["a"], { "a:x:X": fn })],
        ["b", mocks(["b"], {})],
      ]),
    ).not.toThrow();
    expect(() =>
      combineMocks([
        ["a", mocks(["a"], { "a:x:X": fn })],
        ["b", mocks(["b"], { "a:x:X": fn })],
      ]),
    ).toThrow("resource type a:x:X is mocked by both a and b");
    expect(() =>
      combineMocks([
        ["a", mocks(["a"], {})],
        ["b", mocks(["a"], {})],
      ]),
    ).toThrow("package a is mocked by both a and b");
    expect(() =>
      combineMocks([["a", mocks(["a"], { "random:index/randomId:RandomId": fn })]]),
    ).toThrow("is mocked by both the neutral mocks and a");
  });

  it("leaves the plan's own code free of any cloud: mocks and views come from the registry", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
        e.isDirectory() ? files(join(dir, e.name)) : [join(dir, e.name)],
      );
    for (const file of files(join(ROOT, "src", "plan"))) {
      expect(readFileSync(file, "utf8"), file).not.toMatch(/(^|[^a-z])(aws|gcp|azure)/im);
    }
  });
});

describe("npm run record -- --compare", () => {
  const resource = (name: string, inputs: Record<string, unknown>, protect = false) => ({
    type: "aws:rds/instance:Instance",
    name,
    urn: `urn:pulumi:production::entmoot::aws:rds/instance:Instance::${name}`,
    custom: true,
    inputs,
    secretInputs: [],
    protect,
    ignoreChanges: [],
    retainOnDelete: false,
  });
  const before: Recording = {
    plans: {
      "aws/production": {
        resources: recordOf([
          resource("db", { instanceClass: "db.r6i.xlarge", tags: { a: "1" } }, true),
          resource("old", {}),
        ]),
      },
      "gcp/production": { resources: [] },
    },
  };

  it("finds no difference between a recording and itself, in any registration order", () => {
    const reversed = recordOf([resource("old", {}), resource("db", {}, true)]);
    expect(reversed.map((r) => r.name)).toEqual(["db", "old"]);
    expect(comparePlans(before, structuredClone(before))).toEqual([]);
  });

  it("names each added, removed and changed resource with the changed paths, and failing plans", () => {
    const after: Recording = {
      plans: {
        "aws/production": {
          resources: recordOf([
            resource("db", { instanceClass: "db.r6i.2xlarge", tags: { a: "1", b: "2" } }, false),
            resource("new", {}),
          ]),
        },
        "gcp/production": { error: "entmoot:gcpProject: required" },
        "azure/production": { resources: [] },
      },
    };
    const differences = comparePlans(before, after);
    expect(differences).toEqual([
      {
        plan: "aws/production",
        kind: "changed",
        resource: "aws:rds/instance:Instance::db",
        paths: ["inputs.instanceClass", "inputs.tags.b", "protect"],
      },
      { plan: "aws/production", kind: "added", resource: "aws:rds/instance:Instance::new" },
      { plan: "aws/production", kind: "removed", resource: "aws:rds/instance:Instance::old" },
      { plan: "azure/production", kind: "plan added" },
      { plan: "gcp/production", kind: "plan fails", error: "entmoot:gcpProject: required" },
    ]);
    expect(renderDifferences(differences).split("\n")[0]).toBe(
      "aws/production changed aws:rds/instance:Instance::db: inputs.instanceClass, inputs.tags.b, protect",
    );
  });
});

describe("npm run bench: the floor of a plan", () => {
  test.each([
    ["aws:rds/instance:Instance", "@pulumi/aws/rds", "Instance"],
    ["gcp:cloudrunv2/service:Service", "@pulumi/gcp/cloudrunv2", "Service"],
    ["azure-native:dbforpostgresql:Server", "@pulumi/azure-native/dbforpostgresql", "Server"],
    ["random:index/randomPassword:RandomPassword", "@pulumi/random", "RandomPassword"],
    ["pulumi:providers:gcp", "@pulumi/gcp", "Provider"],
  ])("creates %s with %s's %s", (token, path, name) => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the class the bench must use
    expect(sdkClass(token)).toBe(require(path)[name]);
  });

  it("refuses a token whose class the SDK lacks, rather than timing less work", () => {
    expect(() => sdkClass("aws:rds/instance:Instanse")).toThrow(
      /@pulumi\/aws\/rds has no Instanse/,
    );
  });

  it("registers the plan's custom resources again with the same inputs and options (a provider's JSON-encoded inputs decoded for its class to encode again)", async () => {
    const planned = await runStack("staging");
    const floor = await runWithMocks(() => {
      replay(planned.resources);
    }, runOptions("staging"));
    // Providers are told apart by name: without components their URNs change.
    const view = (resources: readonly RecordedResource[]) =>
      resources
        .filter((r) => r.custom)
        .map((r) => ({
          type: r.type,
          name: r.name,
          inputs: r.inputs,
          secretInputs: r.secretInputs,
          protect: r.protect,
          ignoreChanges: r.ignoreChanges,
          retainOnDelete: r.retainOnDelete,
          provider: r.provider?.split("::")[3],
        }))
        .sort((a, b) => (`${a.type}::${a.name}` < `${b.type}::${b.name}` ? -1 : 1));
    expect(view(floor.resources)).toEqual(view(planned.resources));
    expect(floor.resources.filter((r) => !r.custom).map((r) => r.type)).toEqual([
      "pulumi:pulumi:Stack",
    ]);
  });
});
