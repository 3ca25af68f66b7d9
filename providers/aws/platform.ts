import type { CloudPlatform, PlatformInputs, PlatformOutputs, PlatformSpec } from "../../src/platform";
import { createAwsContext } from "./context";
import { AwsKeys } from "./keys";
import { AwsNetwork } from "./network";

function build(spec: PlatformSpec, _inputs: PlatformInputs): PlatformOutputs {
  const context = createAwsContext(spec);
  const common = { environment: spec.environment, region: spec.region, tags: spec.tags, protect: spec.protect };
  const componentOpts = { provider: context.provider };
  const keys = new AwsKeys(`${spec.name}-keys`, { context }, componentOpts);
  const network = new AwsNetwork(`${spec.name}-network`, { ...common, spec: spec.network, logsKey: keys.logs }, componentOpts);
  void network;
  throw new Error("AWS platform composition is not complete yet");
}

export const platform: CloudPlatform = { cloud: "aws", build };
