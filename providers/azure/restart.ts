import * as pulumi from "@pulumi/pulumi";

/*
 * A static server parameter of Flexible Server (`shared_preload_libraries`) is stored at once but
 * takes effect only after a restart: Azure marks it `isConfigPendingRestart` and restarts
 * nothing, and azure-native's Configuration neither restarts the server nor offers a resource
 * that does. Until the restart, `CREATE EXTENSION pgaudit` (the API's first migration) fails with
 * "pgaudit must be loaded via shared_preload_libraries".
 *
 * This dynamic resource makes the restart part of the same `up`, with the Azure CLI the deploy is
 * already signed in to (as approval.ts does): it reads each parameter and restarts the server
 * only when one is pending. It runs when created and again when the parameters' values change;
 * re-runs find nothing pending and restart nothing.
 */

export interface ServerRestartArgs {
  /** The Flexible Server's resource id. */
  readonly serverId: pulumi.Input<string>;
  /** Static parameters this restart applies, with their values (a new value restarts again). */
  readonly parameters: pulumi.Input<Record<string, string>>;
}

interface Inputs {
  readonly serverId: string;
  readonly parameters: Record<string, string>;
}

/** ARM API version of the configuration reads (Flexible Server's stable one). */
const API_VERSION = "2024-08-01";

const restarter: pulumi.dynamic.ResourceProvider = {
  async create(inputs: Inputs) {
    // Required here: the provider is serialised into the state, without the module's imports.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { execFileSync } = require("node:child_process") as typeof import("node:child_process");
    const az = (args: string[]) =>
      execFileSync("az", [...args, "-o", "json"], { encoding: "utf8" });
    const pending = Object.keys(inputs.parameters).filter((name) => {
      const url = `https://management.azure.com${inputs.serverId}/configurations/${name}?api-version=${API_VERSION}`;
      const config = JSON.parse(az(["rest", "--method", "get", "--url", url])) as {
        properties?: { isConfigPendingRestart?: boolean };
      };
      return config.properties?.isConfigPendingRestart === true;
    });
    // `restart` returns once the server is back.
    if (pending.length > 0)
      az(["postgres", "flexible-server", "restart", "--ids", inputs.serverId]);
    return { id: `${inputs.serverId}/restart`, outs: { ...inputs, restartedFor: pending } };
  },
  async diff(_id: string, olds: Inputs, news: Inputs) {
    const changed =
      olds.serverId !== news.serverId ||
      JSON.stringify(olds.parameters) !== JSON.stringify(news.parameters);
    return { changes: changed, replaces: changed ? ["parameters"] : [] };
  },
};

/** Restarts a Flexible Server whose static parameters are pending a restart (see above). */
export class ServerRestart extends pulumi.dynamic.Resource {
  declare readonly restartedFor: pulumi.Output<string[]>;

  constructor(name: string, args: ServerRestartArgs, opts: pulumi.CustomResourceOptions = {}) {
    super(restarter, name, { ...args, restartedFor: undefined }, opts);
  }
}
