import * as pulumi from "@pulumi/pulumi";

/*
 * Front Door Premium reaches the API through a private endpoint it creates itself in its own
 * network. Azure then holds the connection on the App Service side as Pending until the owner of
 * the app approves it, and Front Door answers 502 until then. ARM offers no way to name that
 * connection in advance (Front Door picks the name) and azure-native has no function that lists
 * an app's connections, so `web.WebAppPrivateEndpointConnection` cannot be used on a first `up`.
 *
 * This dynamic resource does what Microsoft's guide does by hand, with the Azure CLI the deploy
 * workflow is already signed in to (`azure/login`): it waits for the Pending connection whose
 * request message is the one the origin sent, and approves it. Already approved connections
 * count as done, so updates and re-runs change nothing.
 */

export interface PrivateLinkApprovalArgs {
  /** The resource that owns the connection (the web app). */
  readonly resourceId: pulumi.Input<string>;
  /** The origin's `requestMessage`: tells this stack's connection from any other. */
  readonly requestMessage: pulumi.Input<string>;
}

interface Inputs {
  readonly resourceId: string;
  readonly requestMessage: string;
}

const approver: pulumi.dynamic.ResourceProvider = {
  async create(inputs: Inputs) {
    // Everything the provider uses is required here: the function is serialised into the state,
    // and a module imported at the top would not travel with it.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { execFileSync } = require("node:child_process") as typeof import("node:child_process");
    const az = (args: string[]) =>
      execFileSync("az", [...args, "-o", "json"], { encoding: "utf8" });
    // Front Door creates its endpoint within minutes of the origin; 20 is ample.
    const deadline = Date.now() + 20 * 60 * 1000;
    for (;;) {
      const connections = JSON.parse(
        az(["network", "private-endpoint-connection", "list", "--id", inputs.resourceId]),
      ) as {
        id: string;
        properties: { privateLinkServiceConnectionState: { status: string; description?: string } };
      }[];
      const ours = connections.filter(
        (c) => c.properties.privateLinkServiceConnectionState.description === inputs.requestMessage,
      );
      const approved = ours.find(
        (c) => c.properties.privateLinkServiceConnectionState.status === "Approved",
      );
      if (approved !== undefined)
        return { id: approved.id, outs: { ...inputs, connectionId: approved.id } };
      const pending = ours.find(
        (c) => c.properties.privateLinkServiceConnectionState.status === "Pending",
      );
      if (pending !== undefined) {
        az([
          "network",
          "private-endpoint-connection",
          "approve",
          "--id",
          pending.id,
          "--description",
          inputs.requestMessage,
        ]);
        return { id: pending.id, outs: { ...inputs, connectionId: pending.id } };
      }
      if (Date.now() > deadline) {
        throw new Error(`no Front Door private endpoint connection on ${inputs.resourceId}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 15000));
    }
  },
  async diff(_id: string, olds: Inputs, news: Inputs) {
    const replaces = (["resourceId", "requestMessage"] as const).filter((k) => olds[k] !== news[k]);
    return { changes: replaces.length > 0, replaces };
  },
};

/** Approves Front Door's private endpoint connection on `resourceId` (see above). */
export class PrivateLinkApproval extends pulumi.dynamic.Resource {
  declare readonly connectionId: pulumi.Output<string>;

  constructor(
    name: string,
    args: PrivateLinkApprovalArgs,
    opts: pulumi.CustomResourceOptions = {},
  ) {
    super(approver, name, { ...args, connectionId: undefined }, opts);
  }
}
