import type { Environment, Tier } from "./cloud";

/**
 * What a cloud's own config rules see: the neutral keys, already validated. Each cloud checks the
 * keys whose meaning it alone knows (certificate references, region pairs, when a DNS zone is
 * needed) in `providers/<cloud>/configRules.ts`, which loads no provider SDK.
 *
 * A field is undefined when the key is unset or when its value already failed a neutral check
 * (that problem is reported once, by the neutral check), so a rule skips what it cannot judge.
 */
export interface CloudConfigView {
  readonly environment?: Environment;
  readonly tier?: Tier;
  readonly region?: string;
  readonly drRegion?: string;
  readonly gcpProject?: string;
  readonly accountId?: string;
  readonly domain?: string;
  readonly dnsZone?: string;
  readonly certificate?: string;
  readonly frontend?: boolean;
  /** The valid `entmoot:appSettings` given, by name (a cloud may narrow a setting's range). */
  readonly appSettings?: Readonly<Record<string, string>>;
}

/** One problem a cloud's rules found: the bare key (`dnsZone`), the value and what is allowed. */
export interface ConfigIssueDraft {
  readonly key: string;
  readonly value: unknown;
  readonly message: string;
}

/** A cloud's config rules: every problem at once, none when the config suits the cloud. */
export type CloudConfigCheck = (config: CloudConfigView) => ConfigIssueDraft[];

/** For clouds that find a DNS zone by its name alone (no resource group or project before it). */
export function zoneFoundByName(c: CloudConfigView): ConfigIssueDraft[] {
  return c.dnsZone?.includes("/")
    ? [
        {
          key: "dnsZone",
          value: c.dnsZone,
          message:
            "must be the zone's name alone, such as example.com: the zone is found by its name",
        },
      ]
    : [];
}
