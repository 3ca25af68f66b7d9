import * as random from "@pulumi/random";
import { describe, expect, it } from "vitest";
import { runWithMocks } from "../src/plan/harness";

describe("the mock harness", () => {
  it("records what each resource waits for, so a first-up ordering can be asserted", async () => {
    const run = await runWithMocks(
      () => {
        const first = new random.RandomString("first", { length: 8 });
        new random.RandomString("second", { length: 8 }, { dependsOn: [first] });
        new random.RandomString("third", { length: 8 });
      },
      { stack: "staging" },
    );
    const byName = (n: string) => run.resources.find((r) => r.name === n)!;
    expect(byName("second").waitsFor).toContain(byName("first").urn);
    expect(byName("third").waitsFor).not.toContain(byName("first").urn);
  });
});
