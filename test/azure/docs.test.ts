import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FRONT_DOOR_PRIVATE_LINK_REGIONS } from "../../providers/azure/regions";
import { ROOT } from "../support/stack";

const doc = (name: string) => readFileSync(join(ROOT, "docs", name), "utf8");

describe("Azure in the docs", () => {
  it("the preview identity's role names listKeys on Managed Redis databases (the program's listDatabaseKeys runs on every preview) and says the identity can read the cache key", () => {
    const guide = doc("deployment.md");
    expect(guide).toContain("Microsoft.Cache/redisEnterprise/databases/listKeys/action");
    expect(guide).toMatch(/preview identity can read the\s+cache's access key/);
    const source = readFileSync(join(ROOT, "providers", "azure", "cache.ts"), "utf8");
    expect(source).toContain("listDatabaseKeysOutput");
  });

  it("the operations runbook gives the lock removal and the re-run for the changes a CanNotDelete lock stops", () => {
    const ops = doc("operations.md");
    expect(ops).toContain("ScopeLocked");
    expect(ops).toMatch(/az lock delete --ids/);
    expect(ops).toMatch(/pulumi up --refresh\s+# refresh finds the lock gone/);
  });

  it("the runbook scales PostgreSQL replicas before the primary (Azure refuses a primary larger than its smallest replica)", () => {
    const ops = doc("operations.md");
    const replicas = ops.indexOf("replica list -g");
    const primary = ops.indexOf('update -g "$rg" -n <primary>');
    expect(replicas).toBeGreaterThan(0);
    expect(primary).toBeGreaterThan(replicas);
  });

  it("the deployment guide names eastus and westus2 among the regions the config accepts", () => {
    expect(FRONT_DOOR_PRIVATE_LINK_REGIONS.has("eastus")).toBe(true);
    expect(doc("deployment.md")).toContain("FRONT_DOOR_PRIVATE_LINK_REGIONS");
  });
});
