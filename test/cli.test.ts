import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import { afterEach, describe, expect, it, vi } from "vitest";
import { estimate } from "../src/cost/estimate";
import { runCommand } from "../src/plan/cli";
import { runWithMocks } from "../src/plan/harness";
import { ROOT } from "./support/stack";

const exec = promisify(execFile);
const LOADER = join(ROOT, "scripts", "register.cjs");

/** Runs a CLI the way `npm run` does, from `cwd`; resolves with its code and output. */
async function cli(entry: string, args: string[], cwd = ROOT) {
  return exec(process.execPath, ["--require", LOADER, join(ROOT, entry), ...args], { cwd }).then(
    (r) => ({ code: 0, ...r }),
    (e: { code: number; stdout: string; stderr: string }) => e,
  );
}

/** Runs `runCommand` in this process and returns its code and what it printed. */
async function inProcess(run: () => Promise<string>) {
  const errors: string[] = [];
  const spy = vi.spyOn(console, "error").mockImplementation((...a) => {
    errors.push(a.join(" "));
  });
  const code = await runCommand(["staging"], "usage", run);
  spy.mockRestore();
  return { code, stderr: errors.join("\n") };
}

const NO_TRACE = /\n\s+at /;

describe("a failing plan or cost prints one message and exits 1", () => {
  afterEach(() => vi.restoreAllMocks());

  it("for a stack name Pulumi would refuse", async () => {
    const r = await cli("src/plan/cli.ts", ["../production"]);
    expect(r).toMatchObject({ code: 1, stdout: "" });
    expect(r.stderr).toMatch(/^"\.\.\/production" is not a stack name/);
  });

  it("for a stack without a stack file", async () => {
    const r = await cli("src/cost/cli.ts", ["qa"]);
    expect(r).toMatchObject({ code: 1, stdout: "" });
    expect(r.stderr).toContain("no stack file");
  });

  it("for a stack file that is not valid YAML", async () => {
    const dir = mkdtempSync(join(tmpdir(), "entmoot-yaml-"));
    writeFileSync(join(dir, "Pulumi.yaml"), "name: entmoot\nruntime: nodejs\n");
    writeFileSync(
      join(dir, "Pulumi.qa.yaml"),
      "config:\n  entmoot:cloud: aws\n   entmoot:tier: [\n",
    );
    const r = await cli("src/plan/cli.ts", ["qa"], dir);
    expect(r).toMatchObject({ code: 1, stdout: "" });
    expect(r.stderr).toContain("Pulumi.qa.yaml is not valid YAML");
    expect(r.stderr).not.toMatch(NO_TRACE);
  });

  it("for a config error, listing every problem", async () => {
    const r = await cli("src/cost/cli.ts", ["staging", "--set", "entmoot:tier=xl"]);
    expect(r).toMatchObject({ code: 1, stdout: "" });
    expect(r.stderr).toContain("entmoot:tier: must be one of: small, medium, large");
    expect(r.stderr).not.toMatch(NO_TRACE);
  });

  it("for an unknown option", async () => {
    const r = await cli("src/plan/cli.ts", ["staging", "--jsn"]);
    expect(r).toMatchObject({ code: 1, stdout: "" });
    expect(r.stderr).toMatch(/^unknown option --jsn\nusage: npm run -s plan/);
  });

  it("for a SKU the price table lacks", async () => {
    const r = await inProcess(async () => {
      const rds = {
        type: "aws:rds/instance:Instance",
        name: "db",
        urn: "urn:pulumi:s::entmoot::aws:rds/instance:Instance::db",
        custom: true,
        inputs: { instanceClass: "db.x9.huge", allocatedStorage: 10, storageType: "gp3" },
        secretInputs: [],
        protect: false,
        ignoreChanges: [],
        retainOnDelete: false,
      };
      return JSON.stringify(await estimate("aws", "staging", [rds]));
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/RDS instance class "db\.x9\.huge"/);
    expect(r.stderr).not.toMatch(NO_TRACE);
  });

  it("for a component refusing its arguments during the run", async () => {
    const r = await inProcess(async () => {
      await runWithMocks(
        () => {
          new random.RandomPassword("ok", { length: 16 });
          throw new Error("entmoot-staging-db: replicas need a multi-AZ primary");
        },
        { stack: "staging" },
      );
      return "unreachable";
    });
    expect(r).toEqual({ code: 1, stderr: "entmoot-staging-db: replicas need a multi-AZ primary" });
  });

  it("for a check that throws inside an apply, which the runtime leaves unhandled", async () => {
    const r = await inProcess(async () => {
      await runWithMocks(
        () => {
          const a = new random.RandomPassword("a", { length: 16 });
          new random.RandomPassword("b", {
            length: a.result.apply((): number => {
              throw new Error("AUTH token must be 16 to 128 characters");
            }),
          });
          return pulumi.output(1);
        },
        { stack: "staging" },
      );
      return "unreachable";
    });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/AUTH token must be 16 to 128 characters$/);
    expect(r.stderr).not.toMatch(NO_TRACE);
  });

  it("keeps stdout for the result alone: what the runtime prints goes to stderr", async () => {
    const out: string[] = [];
    const write = vi.spyOn(process.stdout, "write").mockImplementation((chunk, cb?: unknown) => {
      out.push(String(chunk));
      if (typeof cb === "function") (cb as () => void)();
      return true;
    });
    const err = vi.spyOn(console, "error").mockImplementation(() => undefined);
    const code = await runCommand(["staging", "--json"], "usage", async () => {
      console.log("info: [runtime] something");
      return '{"ok":true}';
    });
    write.mockRestore();
    expect(code).toBe(0);
    expect(out.join("")).toBe('{"ok":true}\n');
    expect(err).toHaveBeenCalledWith("info: [runtime] something");
  });
});
