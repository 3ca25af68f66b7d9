import * as authorization from "@pulumi/azure-native/authorization";
import * as pulumi from "@pulumi/pulumi";

/*
 * An Azure role assignment exists in ARM at once but takes effect in the data plane only once it
 * has propagated, which takes minutes (Microsoft: "up to 10 minutes", usually one or two). A
 * Container Apps job checks its Key Vault secret references when it is created and fails if the
 * identity cannot read them yet; Front Door checks a Key Vault certificate the same way. Nothing
 * in ARM says when a grant is live, so this dynamic resource waits a fixed time after the grants,
 * once, when it is created (again only if the set of grants changes). Updates do not wait.
 *
 * App Service is not behind it: a Key Vault reference it cannot resolve yet leaves the setting
 * unresolved rather than failing the app, the placeholder ignores the environment, and App
 * Service retries references when the app restarts (on the first deployed image).
 */

/** Seconds waited after the grants: most propagate within this. */
export const GRANT_PROPAGATION_SECONDS = 90;

export interface RoleGrantWaitArgs {
  /** Ids of the role assignments to wait for. */
  readonly grantIds: pulumi.Input<pulumi.Input<string>[]>;
  /** Defaults to GRANT_PROPAGATION_SECONDS. */
  readonly seconds?: number;
}

interface Inputs {
  readonly grantIds: string[];
  readonly seconds: number;
}

const waiter: pulumi.dynamic.ResourceProvider = {
  async create(inputs: Inputs) {
    await new Promise((resolve) => setTimeout(resolve, inputs.seconds * 1000));
    return { id: `grants-settled-${inputs.grantIds.length}`, outs: inputs };
  },
  async diff(_id: string, olds: Inputs, news: Inputs) {
    const changed =
      JSON.stringify([...olds.grantIds].sort()) !== JSON.stringify([...news.grantIds].sort());
    return { changes: changed, replaces: changed ? ["grantIds"] : [] };
  },
};

/** Waits GRANT_PROPAGATION_SECONDS after `grantIds` are created (see above). */
export class RoleGrantWait extends pulumi.dynamic.Resource {
  constructor(name: string, args: RoleGrantWaitArgs, opts: pulumi.CustomResourceOptions = {}) {
    super(
      waiter,
      name,
      { grantIds: args.grantIds, seconds: args.seconds ?? GRANT_PROPAGATION_SECONDS },
      opts,
    );
  }
}

/** The role assignments among `resources` (readers mix grants and private DNS records). */
export function grantsAmong(resources: readonly pulumi.Resource[]): authorization.RoleAssignment[] {
  return resources.filter((r): r is authorization.RoleAssignment =>
    authorization.RoleAssignment.isInstance(r),
  );
}
