import * as random from "@pulumi/random";
import type * as pulumi from "@pulumi/pulumi";

/**
 * A generated database password of 32 characters with every class present and only URL-safe
 * specials (`-_.~`): it may end up in a connection URL, and the services that require three or
 * four character classes (Cloud SQL's policy, Flexible Server) accept it.
 */
export function urlSafePassword(
  name: string,
  opts: pulumi.CustomResourceOptions,
): random.RandomPassword {
  return new random.RandomPassword(
    name,
    {
      length: 32,
      special: true,
      overrideSpecial: "-_.~",
      minUpper: 1,
      minLower: 1,
      minNumeric: 1,
      minSpecial: 1,
    },
    opts,
  );
}
