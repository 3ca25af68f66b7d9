import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { OUTPUT_NAMES } from "../src/platform";
import { RESOURCE_PROVIDERS } from "../providers/azure/regions";
import { planAzure } from "./azure/platform";
import { GCP_SETS, ROOT, runStack } from "./support/stack";

/*
 * The GitHub workflows, held to what the real services enforce: actionlint (with shellcheck on
 * every script), the current majors of the actions, the pinned CLI, job permissions, the trust
 * split between preview and deploy, and the deploy flow. Scripts are run, not just read.
 */

const DIR = join(ROOT, ".github", "workflows");
type Job = Record<string, any>;
type Workflow = {
  on: any;
  permissions: unknown;
  env: Record<string, string>;
  jobs: Record<string, Job>;
};
const load = (file: string) =>
  parse(readFileSync(join(DIR, file), "utf8"), { uniqueKeys: true }) as Workflow;
const FILES = readdirSync(DIR).filter((f) => /\.ya?ml$/.test(f));
const preview = load("preview.yml");
const deploy = load("deploy.yml");
const stack = load("deploy-stack.yml");
const steps = (job: Job): Job[] => job.steps ?? [];
const allSteps = FILES.flatMap((f) => Object.values(load(f).jobs).flatMap(steps));
const stepNamed = (job: Job, name: RegExp): Job => {
  const found = steps(job).find((s) => name.test(s.name ?? ""));
  if (found === undefined) throw new Error(`no step matching ${name}`);
  return found;
};

/** Runs a step's `run` script with bash, as the runner does (`bash -e {0}`). */
function runScript(script: string, env: Record<string, string>) {
  const output = join(mkdtempSync(join(tmpdir(), "wf-")), "output");
  const r = spawnSync("bash", ["-e", "-c", script], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, GITHUB_OUTPUT: output, ...env },
    encoding: "utf8",
  });
  const out = existsSync(output) ? readFileSync(output, "utf8") : "";
  return { status: r.status, stderr: r.stderr + r.stdout, output: out };
}

/** A binary from .ci/bin (where .ci/tools installs it) or PATH. */
function tool(name: string, ciPath: string): string | undefined {
  const local = join(ROOT, ".ci", "bin", ciPath);
  if (existsSync(local)) return local;
  for (const dir of (process.env.PATH ?? "").split(delimiter))
    if (dir !== "" && existsSync(join(dir, name))) return join(dir, name);
  return undefined;
}

describe("workflow lint", () => {
  it("actionlint, running shellcheck on every script, reports nothing", () => {
    const actionlint = tool("actionlint", "actionlint");
    const shellcheck = tool("shellcheck", join("py", "bin", "shellcheck"));
    const install = "run bash .ci/tools (npm test does; it needs Go and pip)";
    if (actionlint === undefined) throw new Error(`actionlint not found: ${install}`);
    // Without shellcheck actionlint silently skips every `run:` script.
    if (shellcheck === undefined) throw new Error(`shellcheck not found: ${install}`);
    const r = spawnSync(actionlint, ["-no-color", "-shellcheck", shellcheck], {
      cwd: ROOT,
      encoding: "utf8",
    });
    expect(r.error).toBeUndefined();
    expect(r.stdout + r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});

describe("actions and CLI", () => {
  // Current majors, read from each action's releases; a new action must be added here on purpose.
  const MAJORS: Record<string, string> = {
    "actions/checkout": "v7",
    "actions/setup-node": "v7",
    "actions/setup-go": "v7",
    "pulumi/actions": "v7",
    "aws-actions/configure-aws-credentials": "v6",
    "google-github-actions/auth": "v3",
    "google-github-actions/setup-gcloud": "v3",
    "azure/login": "v3",
  };

  it("every action is used at its current major", () => {
    const used = allSteps.map((s) => s.uses).filter((u): u is string => typeof u === "string");
    expect(used.length).toBeGreaterThan(10);
    for (const ref of used) {
      const [action, version] = ref.split("@");
      expect(MAJORS[action!], `${ref}: not a reviewed action`).toBeDefined();
      expect(version, ref).toBe(MAJORS[action!]);
    }
  });

  it("one exact Pulumi CLI version everywhere, not older than the SDK the program uses", () => {
    const pins = new Set(FILES.map((f) => load(f).env?.PULUMI_VERSION));
    expect([...pins]).toHaveLength(1);
    const pin = String([...pins][0]);
    expect(pin).toMatch(/^\d+\.\d+\.\d+$/);
    const sdk = JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")).dependencies[
      "@pulumi/pulumi"
    ] as string;
    const num = (v: string) => v.split(".").map(Number) as [number, number, number];
    const [a, b] = [num(pin), num(sdk)];
    expect(a[0] * 1e6 + a[1] * 1e3 + a[2]).toBeGreaterThanOrEqual(b[0] * 1e6 + b[1] * 1e3 + b[2]);
    const pulumiSteps = allSteps.filter((s) => String(s.uses).startsWith("pulumi/actions@"));
    expect(pulumiSteps.length).toBeGreaterThanOrEqual(3);
    for (const s of pulumiSteps) expect(s.with["pulumi-version"]).toBe("${{ env.PULUMI_VERSION }}");
  });

  it("the CrossGuard pack runs with every preview and update", () => {
    for (const s of allSteps.filter((x) => /^(preview|up)$/.test(x.with?.command ?? "")))
      expect(s.with.policyPacks).toBe("policy");
    const cliUps = allSteps.filter((s) => /pulumi up /.test(s.run ?? ""));
    expect(cliUps.length).toBeGreaterThanOrEqual(3);
    for (const s of cliUps) expect(s.run).toContain("--policy-pack policy");
    // The pack resolves @pulumi/policy from the root install: no install of its own.
    const pack = JSON.parse(readFileSync(join(ROOT, "policy", "package.json"), "utf8"));
    expect(pack.dependencies).toBeUndefined();
  });
});

describe("permissions", () => {
  it("no workflow grants anything by default; every job asks for its own", () => {
    for (const f of FILES) {
      const w = load(f);
      expect(w.permissions, f).toEqual({});
      for (const [id, job] of Object.entries(w.jobs)) {
        expect(job.permissions, `${f} ${id}`).toBeDefined();
        expect(JSON.stringify(job.permissions), `${f} ${id}`).not.toMatch(
          /write-all|contents":"write/,
        );
      }
    }
  });

  it("only the cloud jobs get an OIDC token, and only the preview may comment", () => {
    const idToken = FILES.flatMap((f) =>
      Object.entries(load(f).jobs)
        .filter(([, j]) => j.permissions?.["id-token"] === "write")
        .map(([id]) => `${f}:${id}`),
    );
    expect(idToken.sort()).toEqual([
      "deploy-stack.yml:up",
      "deploy.yml:production",
      "deploy.yml:staging",
      "preview.yml:preview",
    ]);
    expect(preview.jobs.preview!.permissions["pull-requests"]).toBe("write");
    expect(preview.jobs.check!.permissions).toEqual({ contents: "read" });
    expect(preview.jobs.gate!.permissions).toEqual({});
  });
});

describe("preview", () => {
  const gate = preview.jobs.gate!;
  const job = preview.jobs.preview!;
  const gateRun = (env: Record<string, string>) =>
    runScript(steps(gate)[0]!.run, {
      SAME_REPO: "true",
      ACTOR: "someone",
      AUTHOR: "someone",
      HAS_PULUMI_TOKEN: "true",
      BACKEND_URL: "",
      ...env,
    });

  it("runs on every pull request and only after the gate and the offline checks", () => {
    expect(preview.on).toHaveProperty("pull_request");
    expect(job.needs).toEqual(["check", "gate"]);
    expect(job.if).toBe("needs.gate.outputs.preview == 'true'");
    expect(steps(gate)[0]!.env.SAME_REPO).toContain(
      "github.event.pull_request.head.repo.full_name == github.repository",
    );
  });

  it.each([
    [{}, "true"],
    [{ SAME_REPO: "false" }, "false"],
    [{ ACTOR: "dependabot[bot]" }, "false"],
    [{ AUTHOR: "dependabot[bot]" }, "false"],
    [{ HAS_PULUMI_TOKEN: "false" }, "false"],
    [{ HAS_PULUMI_TOKEN: "false", BACKEND_URL: "s3://state" }, "true"],
  ])("gate %o -> preview=%s (forks and bot PRs get no secrets or OIDC token)", (env, expected) => {
    const r = gateRun(env as Record<string, string>);
    expect(r.status).toBe(0);
    expect(r.output).toBe(`preview=${expected}\n`);
  });

  it("uses only the read-only identities, outside any environment, without refresh", () => {
    // An `environment:` would change the OIDC subject away from `pull_request`, which is the only
    // subject the preview identities trust and one the deploy identities refuse.
    expect(job.environment).toBeUndefined();
    const text = readFileSync(join(DIR, "preview.yml"), "utf8");
    expect(text).not.toMatch(/DEPLOY|secrets\.PULUMI_ACCESS_TOKEN/);
    expect(stepNamed(job, /^AWS/).with["role-to-assume"]).toBe("${{ vars.AWS_PREVIEW_ROLE_ARN }}");
    expect(stepNamed(job, /^GCP/).with.service_account).toBe(
      "${{ vars.GCP_PREVIEW_SERVICE_ACCOUNT }}",
    );
    expect(stepNamed(job, /^Azure credentials/).with["client-id"]).toBe(
      "${{ vars.AZURE_PREVIEW_CLIENT_ID }}",
    );
    const run = steps(job).find((s) => s.with?.command === "preview")!;
    expect(run.with.refresh).toBe(false);
    expect(run.env.PULUMI_ACCESS_TOKEN).toBe("${{ secrets.PULUMI_PREVIEW_ACCESS_TOKEN }}");
    expect(run.with["cloud-url"]).toBe("${{ vars.PULUMI_BACKEND_URL }}");
  });
});

describe("stack names", () => {
  const scripts = [
    ["preview", stepNamed(preview.jobs.preview!, /qualify the stack name/).run],
    ["deploy", stepNamed(stack.jobs.up!, /qualify the stack name/).run],
  ] as const;

  it.each(scripts)(
    "%s: <org>/<stack> on Pulumi Cloud, organization/<project>/<stack> self-managed",
    (_, script) => {
      const cloud = runScript(script, { STACK: "production", PULUMI_ORG: "acme" });
      expect(cloud.status, cloud.stderr).toBe(0);
      expect(cloud.output).toBe("name=acme/production\ncloud=aws\nregion=us-east-1\n");
      const diy = runScript(script, { STACK: "staging", PULUMI_BACKEND_URL: "s3://state" });
      expect(diy.output).toMatch(/^name=organization\/entmoot\/staging\n/);
      const none = runScript(script, { STACK: "staging" });
      expect(none.status).not.toBe(0);
      expect(none.stderr).toContain("PULUMI_ORG");
    },
  );
});

describe("deploy", () => {
  const up = stack.jobs.up!;
  const names = steps(up).map((s) => s.name ?? s.uses ?? s.run);
  const index = (name: RegExp) => names.findIndex((n) => name.test(n));

  /** GitHub's path globs: `**` crosses directories, `*` does not. */
  const glob = (g: string) =>
    new RegExp(
      `^${g
        .replace(/[.+?^${}()|[\]\\]/g, "\\$&")
        .replace(/\*\*/g, "\0")
        .replace(/\*/g, "[^/]*")
        .replace(/\0/g, ".*")}$`,
    );
  const deploys = (changed: string[]) =>
    changed.some((f) => !deploy.on.push["paths-ignore"].some((g: string) => glob(g).test(f)));

  it("a docs-only push deploys nothing; code, config and workflow changes do", () => {
    expect(deploy.on.push.branches).toEqual(["main"]);
    expect(deploys(["docs/deployment.md", "README.md", "policy/README.md"])).toBe(false);
    for (const f of ["src/program.ts", "Pulumi.production.yaml", "package-lock.json"])
      expect(deploys(["docs/operations.md", f]), f).toBe(true);
    expect(deploys([".github/workflows/deploy-stack.yml"])).toBe(true);
  });

  it.each([
    ["", 0],
    [`ghcr.io/entmoot/api@sha256:${"a".repeat(64)}`, 0],
    [`123456789012.dkr.ecr.us-east-1.amazonaws.com/api@sha256:${"0f".repeat(32)}`, 0],
    ["ghcr.io/entmoot/api:1.4.2", 1],
    ["ghcr.io/entmoot/api:latest@sha256:abc", 1],
    ["ghcr.io/entmoot/api@sha256:$(id)", 1],
  ])("image input %j is accepted only pinned by digest (exit %i)", (image, code) => {
    const step = stepNamed(deploy.jobs.test!, /^Image reference/);
    expect(step.env.PAYLOAD_IMAGE).toBe("${{ github.event.client_payload.image }}");
    const r = runScript(step.run, { DISPATCH_IMAGE: "", PAYLOAD_IMAGE: image });
    expect(r.status).toBe(code);
    if (code === 0) expect(r.output).toBe(`image=${image}\n`);
  });

  it("takes the image from workflow_dispatch or repository_dispatch, tests first", () => {
    expect(deploy.on.workflow_dispatch.inputs.image.type).toBe("string");
    expect(deploy.on.repository_dispatch.types).toEqual(["deploy-image"]);
    const run = steps(deploy.jobs.test!).map((s) => s.run);
    expect(run).toContain("./.ci/run");
  });

  it("staging, then production with the same digest, each in its protected environment", () => {
    const { staging, production } = deploy.jobs;
    for (const [job, name] of [
      [staging!, "staging"],
      [production!, "production"],
    ] as const) {
      expect(job.uses).toBe("./.github/workflows/deploy-stack.yml");
      expect(job.with).toEqual({ stack: name, image: "${{ needs.test.outputs.image }}" });
    }
    expect(production!.needs).toContain("staging");
    expect(up.environment).toBe("${{ inputs.stack }}");
    expect(up.concurrency).toEqual({
      group: "pulumi-${{ inputs.stack }}",
      "cancel-in-progress": false,
    });
    expect(stepNamed(up, /^AWS/).with["role-to-assume"]).toBe("${{ vars.AWS_DEPLOY_ROLE_ARN }}");
  });

  it("copies by digest, migrates with the new image, then switches the service", () => {
    const order = [
      /^Copy the image/,
      /^Migration job/,
      /^Run the migrations/,
      /^Failed migration/,
      /^Full update/,
      /promoted digest/,
    ];
    const at = order.map(index);
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    const copy = stepNamed(up, /^Copy the image/).run as string;
    expect(copy).toContain("skopeo copy --all --preserve-digests");
    expect(copy).toContain('pulumi config set --stack "$NAME" entmoot:image "$target"');
    const migrate = stepNamed(up, /^Run the migrations/).run as string;
    expect(migrate).toContain('pulumi stack output migrateCommand --stack "$NAME"');
    expect(migrate).toContain('bash -euo pipefail -c "$command"');
    const rollback = stepNamed(up, /^Failed migration/);
    expect(rollback.if).toContain("failure()");
    // A cancelled or timed-out run must not leave apiImage on an unmigrated image either.
    expect(rollback.if).toContain("cancelled()");
    // On a new stack the image to go back to is the placeholder the first update deployed.
    expect(rollback.env.PREVIOUS).toContain("steps.first.outputs.previous");
    expect(stepNamed(up, /^New stack - first full update/).run).toContain(
      'echo "previous=$(pulumi stack output apiImage --stack "$NAME")" >> "$GITHUB_OUTPUT"',
    );
  });

  it("ECS reports a deployment its circuit breaker rolled back as steady: after the update, AWS checks the service runs its family's newest task definition", () => {
    const full = index(/^Full update/);
    const check = index(/^AWS - the service runs the task definition this update registered/);
    expect(check).toBeGreaterThan(full);
    const step = stepNamed(up, /^AWS - the service runs/);
    expect(step.if).toBe("steps.stack.outputs.cloud == 'aws'");
    const run = step.run as string;
    expect(run).toContain("aws ecs wait services-stable");
    expect(run).toContain("deployments[?status==`PRIMARY`].taskDefinition");
    expect(run).toContain('--task-definition "$family"');
    expect(run).toMatch(/if \[ "\$running" != "\$newest" \]; then[\s\S]*exit 1/);
  });

  it("`up --target` refuses to create an untargeted dependency: the migration phase excludes the service instead", () => {
    const prepare = stepNamed(up, /^Migration job/).run as string;
    expect(prepare).toContain('--exclude "$SERVICE" --exclude-dependents');
    for (const s of steps(up)) expect(String(s.run ?? "")).not.toMatch(/--target\b/);
  });

  it("ECR expires untagged images: the promoted copy is tagged, within the 128-character tag grammar", async () => {
    const { resources } = await runStack("staging");
    const policy = resources.find((r) => r.type === "aws:ecr/lifecyclePolicy:LifecyclePolicy");
    expect(JSON.stringify(policy?.inputs.policy)).toContain('\\"tagStatus\\":\\"untagged\\"');
    const copy = stepNamed(up, /^Copy the image/).run as string;
    expect(copy).toContain('"docker://$repository:${digest/:/-}"');
    const tag = `sha256:${"f".repeat(64)}`.replace(":", "-");
    expect(tag).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/);
  });

  it("STS refuses a session longer than the role's maximum: the documented role allows what the workflow asks", () => {
    const asked = Number(stepNamed(up, /^AWS/).with["role-duration-seconds"]);
    const doc = readFileSync(join(ROOT, "docs", "deployment.md"), "utf8");
    const max = Number(/--max-session-duration (\d+)/.exec(doc)?.[1]);
    expect(asked).toBeGreaterThan(3600); // the default maximum
    expect(max).toBeGreaterThanOrEqual(asked);
  });

  it("the Azure CLI cannot renew a federated sign-in (AADSTS700024 once its 60-90 minute token ends): each step that runs az on Azure follows a cleared cache and a new sign-in", () => {
    // The steps that run `az` on Azure: the registry login, the migration job, and the updates
    // that may create Front Door's private-link approval (a dynamic resource calling `az`).
    const usesAz = [
      /^New stack - first full update/,
      /^Copy the image/,
      /^Run the migrations/,
      /^Full update/,
    ];
    for (const name of usesAz) {
      const at = index(name);
      const [clear, signIn, step] = [steps(up)[at - 2]!, steps(up)[at - 1]!, steps(up)[at]!];
      expect(clear.run, String(name)).toBe("az account clear");
      expect(signIn.uses, String(name)).toBe("azure/login@v3");
      expect(signIn.with["client-id"]).toBe("${{ vars.AZURE_DEPLOY_CLIENT_ID }}");
      const when = ["steps.stack.outputs.cloud == 'azure'", ...(step.if ? [step.if] : [])];
      for (const s of [clear, signIn]) expect(s.if, String(name)).toBe(when.join(" && "));
    }
    // The first sign-in still precedes every az-using step (the stack select reads outputs).
    expect(index(/^Azure credentials/)).toBeLessThan(index(/^Select the stack/));
  });

  it("reads only stack outputs the program declares", () => {
    const read = FILES.flatMap((f) =>
      [...readFileSync(join(DIR, f), "utf8").matchAll(/pulumi stack output (\w+)/g)].map(
        (m) => m[1]!,
      ),
    );
    expect(new Set(read)).toEqual(
      new Set(["imageRepository", "apiImage", "migrateCommand", "apiService"]),
    );
    for (const name of read) expect(OUTPUT_NAMES).toContain(name);
  });
});

describe("--exclude patterns, matched as the Pulumi engine matches URN globs", () => {
  // pkg/resource/deploy: `**` -> `.*`, `*` -> `[^:]*`, everything else literal.
  const urnGlob = (g: string) =>
    new RegExp(
      `^${g
        .split("**")
        .map((p) =>
          p
            .split("*")
            .map((x) => x.replace(/[.+?^${}()|[\]\\$]/g, "\\$&"))
            .join("[^:]*"),
        )
        .join(".*")}$`,
    );

  it.each([
    ["aws", "production", [], "AWS_API_SERVICE", "aws:ecs/service:Service"],
    ["aws", "staging", [], "AWS_API_SERVICE", "aws:ecs/service:Service"],
    ["gcp", "production", GCP_SETS, "GCP_API_SERVICE", "gcp:cloudrunv2/service:Service"],
  ] as const)(
    "%s %s: the service pattern picks the API service and not the migration job",
    async (_, name, sets, key, type) => {
      const { resources } = await runStack(name, sets);
      const matched = resources.filter((r) => urnGlob(stack.env[key]!).test(r.urn));
      expect(matched.map((r) => r.type)).toEqual([type]);
      expect(resources.some((r) => r.name.endsWith("-migrate") && r.custom)).toBe(true);
    },
  );

  /**
   * What `up --exclude <pattern> --exclude-dependents` leaves out, as the engine decides it
   * (pkg/resource/deploy/step_generator.go, isExcludedFromUpdate): a match, and transitively
   * every resource whose parent, dependsOn or input dependencies include one left out.
   */
  const excludedWithDependents = (
    resources: readonly { name: string; urn: string; parent?: string; custom: boolean }[],
    dependsOn: (name: string) => string[],
    pattern: string,
  ) => {
    const out = new Set(resources.filter((r) => urnGlob(pattern).test(r.urn)).map((r) => r.name));
    const parentOf = new Map(
      resources.map((r) => [r.name, resources.find((p) => p.urn === r.parent)?.name]),
    );
    for (let grew = true; grew;) {
      grew = false;
      for (const r of resources) {
        if (out.has(r.name)) continue;
        const parent = parentOf.get(r.name);
        if ([...dependsOn(r.name), ...(parent ? [parent] : [])].some((d) => out.has(d))) {
          out.add(r.name);
          grew = true;
        }
      }
    }
    return out;
  };

  it.each([
    ["production", "medium"],
    ["staging", "small"],
  ] as const)(
    "azure %s: the service pattern picks the App Service app and its staging slot, and --exclude-dependents leaves out Front Door's private-link approval but nothing the migration job needs",
    async (environment, tier) => {
      // Built as test/azure/platform.ts builds it, which also records what each resource waits for.
      const { resources, dependsOn } = await planAzure(environment, tier);
      const pattern = stack.env.AZURE_API_SERVICE!;
      const matched = resources.filter((r) => urnGlob(pattern).test(r.urn));
      expect(matched.map((r) => r.type).sort()).toEqual([
        "azure-native:web:WebApp",
        "azure-native:web:WebAppFtpAllowed",
        "azure-native:web:WebAppFtpAllowedSlot",
        "azure-native:web:WebAppScmAllowed",
        "azure-native:web:WebAppScmAllowedSlot",
        "azure-native:web:WebAppSlot",
      ]);
      const out = excludedWithDependents(resources, dependsOn, pattern);
      const api = `entmoot-${environment}-api`;
      for (const name of [
        api,
        `${api}-staging`,
        `${api}-autoscale`,
        `entmoot-${environment}-edge-api-origin`,
        `entmoot-${environment}-edge-api-approval`,
        `entmoot-${environment}-edge-api-route`,
      ])
        expect(out, name).toContain(name);
      // The approval runs `az` and waits up to 20 minutes for Front Door's connection: it must
      // never run in the migration phase.
      const approval = resources.find(
        (r) =>
          r.type === "pulumi-nodejs:dynamic:Resource" &&
          r.name === `entmoot-${environment}-edge-api-approval`,
      );
      expect(approval).toBeDefined();
      expect(out).toContain(approval!.name);
      // The job and everything it waits for are updated (or created) in that phase.
      const job = resources.find((r) => r.type === "azure-native:app:Job")!;
      expect(job.name).toBe(`entmoot-${environment}-migration-job`);
      const needed = new Set<string>();
      const visit = (name: string) => {
        if (needed.has(name)) return;
        needed.add(name);
        dependsOn(name).forEach(visit);
      };
      visit(job.name);
      expect([...needed].filter((n) => out.has(n))).toEqual([]);
    },
  );
});

describe("Azure in the deployment guide", () => {
  const doc = readFileSync(join(ROOT, "docs", "deployment.md"), "utf8");

  it("a fresh subscription has its resource providers unregistered and azure-native registers none: the guide's `az provider register` loop names every namespace in RESOURCE_PROVIDERS", () => {
    const loop = /for ns in ([^;]+); do\s+az provider register --namespace "\$ns" --wait/.exec(doc);
    expect(loop, "the registration loop").not.toBeNull();
    const listed = new Set(loop![1]!.replace(/\\\n/g, " ").split(/\s+/).filter(Boolean));
    for (const ns of new Set(Object.values(RESOURCE_PROVIDERS))) expect(listed, ns).toContain(ns);
  });

  it("the API service pattern the guide gives for Azure is the workflow's", () => {
    expect(doc).toContain(`on Azure \`${stack.env.AZURE_API_SERVICE}\``);
  });
});
