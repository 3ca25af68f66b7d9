import { describe, expect, it } from "vitest";
import { ofType } from "../support/stack";
import { planAzure } from "./platform";

const SUBSCRIPTION = "0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d";

describe("entmoot:accountId on Azure", () => {
  it("pins the provider to the subscription, whatever the signed-in CLI defaults to", async () => {
    const plan = await planAzure("staging", "small", { overrides: { accountId: SUBSCRIPTION } });
    const providers = ofType(plan.resources, "pulumi:providers:azure-native");
    expect(providers).toHaveLength(1);
    expect(providers[0]!.inputs.subscriptionId).toBe(SUBSCRIPTION);
  });

  it("leaves the subscription to the environment without it", async () => {
    const plan = await planAzure("staging", "small");
    const [provider] = ofType(plan.resources, "pulumi:providers:azure-native");
    expect(provider!.inputs.subscriptionId).toBeUndefined();
  });
});
