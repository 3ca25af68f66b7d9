import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { PREREQUISITE_SERVICES } from "../../providers/gcp/services";
import { ROOT } from "../support/stack";

/*
 * What a GCP project needs before the first `pulumi up`, which the stack cannot do itself: the
 * deployment guide's commands must do it, or the first `up` fails halfway.
 */

describe("GCP prerequisites in the deployment guide", () => {
  const guide = readFileSync(join(ROOT, "docs", "deployment.md"), "utf8");

  it("enables Service Usage and Resource Manager before the first up: the provider reads the project through Resource Manager after enabling each API, so the stack cannot enable it itself", () => {
    expect([...PREREQUISITE_SERVICES].sort()).toEqual([
      "cloudresourcemanager.googleapis.com",
      "serviceusage.googleapis.com",
    ]);
    const commands = guide.split("\n").filter((l) => /^gcloud services enable /.test(l));
    expect(commands.length).toBeGreaterThan(0);
    for (const line of commands) {
      for (const api of PREREQUISITE_SERVICES) expect(line, line).toContain(api);
      expect(line).toMatch(/--project \S+/);
    }
  });

  it("gives the project both org-policy exceptions the frontend's allUsers read needs in organisations created since May 2024", () => {
    for (const constraint of ["iam.allowedPolicyMemberDomains", "storage.publicAccessPrevention"]) {
      expect(guide).toMatch(
        new RegExp(`gcloud org-policies reset ${constraint.replace(".", "\\.")} --project `),
      );
    }
  });
});
