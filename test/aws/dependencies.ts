import type { RecordedResource } from "../../src/plan/harness";
import { key } from "../support/stack";

export { dependencyMap } from "../support/stack";

/** The replacement options the engine receives, as the harness records them. */
export interface ReplacementOptions {
  readonly replaceOnChanges: readonly string[];
  readonly deleteBeforeReplace: boolean;
}

/** `replaceOnChanges` and `deleteBeforeReplace` of every recorded resource, by `type::name`. */
export function replacementOptions(
  rs: readonly RecordedResource[],
): Map<string, ReplacementOptions> {
  return new Map(
    rs.map((r) => [
      key(r.type, r.name),
      {
        replaceOnChanges: r.replaceOnChanges ?? [],
        deleteBeforeReplace: r.deleteBeforeReplace ?? false,
      },
    ]),
  );
}
