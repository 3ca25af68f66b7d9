import { spawnSync } from "node:child_process";
import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { MIGRATION_TIMEOUT_SECONDS, runTaskCommand } from "../../providers/aws/migration";

const PLACEMENT = {
  region: "us-east-1",
  clusterName: "api",
  subnetIds: ["subnet-a", "subnet-b"],
  securityGroupId: "sg-api",
};

/**
 * Runs the command line with a fake `aws` on PATH: the task reports `lastStatus` and, once
 * stopped, `exitCode`; every call is logged so the test can see what the command asked for.
 */
function runWithFakeAws(command: string, task: { lastStatus: string; exitCode: string }) {
  const dir = mkdtempSync(join(tmpdir(), "fake-aws-"));
  const log = join(dir, "calls");
  writeFileSync(
    join(dir, "aws"),
    [
      "#!/usr/bin/env bash",
      `echo "$*" >> ${log}`,
      'case "$*" in',
      '  *"run-task"*) echo arn:aws:ecs:us-east-1:1:task/api/abc ;;',
      `  *lastStatus*) echo ${task.lastStatus} ;;`,
      `  *exitCode*) echo ${task.exitCode} ;;`,
      "esac",
    ].join("\n"),
  );
  chmodSync(join(dir, "aws"), 0o755);
  const r = spawnSync("bash", ["-c", command], {
    env: { PATH: `${dir}:${process.env.PATH}` },
    encoding: "utf8",
  });
  return { status: r.status, stderr: r.stderr, calls: readFileSync(log, "utf8") };
}

describe("AWS migrateCommand", () => {
  it("succeeds only when the migration's container exits 0", () => {
    const ok = runWithFakeAws(runTaskCommand("td:1", PLACEMENT), {
      lastStatus: "STOPPED",
      exitCode: "0",
    });
    expect(ok.status).toBe(0);
    const failed = runWithFakeAws(runTaskCommand("td:1", PLACEMENT), {
      lastStatus: "STOPPED",
      exitCode: "3",
    });
    expect(failed.status).not.toBe(0);
  });

  it("stops a migration past its deadline and fails, where `aws ecs wait tasks-stopped` gives up after 10 minutes and leaves it running", () => {
    expect(MIGRATION_TIMEOUT_SECONDS).toBe(1800);
    const stuck = runWithFakeAws(runTaskCommand("td:1", PLACEMENT, 0), {
      lastStatus: "RUNNING",
      exitCode: "None",
    });
    expect(stuck.status).not.toBe(0);
    expect(stuck.calls).toContain("ecs stop-task --region us-east-1 --cluster api --task");
    expect(stuck.stderr).toContain("migration timed out after 0 s: task stopped");
    expect(runTaskCommand("td:1", PLACEMENT)).not.toContain("wait tasks-stopped");
  });
});
