import type { CloudConfigView, ConfigIssueDraft } from "../../src/configRules";
import { FRONT_DOOR_PRIVATE_LINK_REGIONS, hasZones, pairedRegion } from "./regions";

/**
 * `<zone name>` or `<resource group>/<zone name>`. With a resource group the stack writes the
 * records into that Azure DNS zone (Azure finds a zone by resource group and name); with the name
 * alone it manages no zone and the operator creates the two records (docs/deployment.md).
 */
const DNS_ZONE =
  /^(?:([-\w.()]{0,89}[-\w()])\/)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/;

/**
 * The ARM id of a Key Vault secret. Front Door's `secretSource` takes a secret only: a Key Vault
 * certificate is read through the secret of the same name, so `/certificates/` ids are refused.
 */
const KEY_VAULT_SECRET =
  /^\/subscriptions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/resourceGroups\/[-\w.()]{1,90}\/providers\/Microsoft\.KeyVault\/vaults\/[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]\/secrets\/[a-zA-Z0-9-]{1,127}$/;

/** The vault part of a Key Vault secret's ARM id (`.../vaults/<vault>`). */
export function vaultIdOf(secretId: string): string | undefined {
  if (!KEY_VAULT_SECRET.test(secretId)) return undefined;
  return secretId.slice(0, secretId.lastIndexOf("/secrets/"));
}

/** Splits an `entmoot:dnsZone` value into its resource group (if given) and zone name. */
export function parseDnsZone(value: string): { resourceGroup?: string; zone: string } | undefined {
  const match = DNS_ZONE.exec(value);
  if (!match || match[2] === undefined) return undefined;
  return match[1] === undefined ? { zone: match[2] } : { resourceGroup: match[1], zone: match[2] };
}

/**
 * Azure's rules for the keys whose meaning only Azure knows. SDK-free: config checks load no
 * cloud.
 */
export function checkConfig(c: CloudConfigView): ConfigIssueDraft[] {
  const issues: ConfigIssueDraft[] = [];
  if (c.region !== undefined) issues.push(...regionIssues(c.environment, c.region));
  if (c.dnsZone !== undefined) {
    const zone = parseDnsZone(c.dnsZone);
    if (zone === undefined) {
      issues.push({
        key: "dnsZone",
        value: c.dnsZone,
        message:
          "must be a zone name (example.com: you create the records) or <resource group>/<zone name> of an Azure DNS zone the stack writes to (dns-rg/example.com)",
      });
    } else if (
      c.domain !== undefined &&
      c.domain !== zone.zone &&
      !c.domain.endsWith(`.${zone.zone}`)
    ) {
      issues.push({
        key: "dnsZone",
        value: c.dnsZone,
        message: `zone ${zone.zone} must be the domain (${c.domain}) or a parent of it`,
      });
    }
  }
  if (c.certificate !== undefined && !KEY_VAULT_SECRET.test(c.certificate)) {
    issues.push({
      key: "certificate",
      value: c.certificate,
      message:
        "must be the resource id of the Key Vault secret Front Door reads (for a Key Vault certificate, the secret of the same name): /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<vault>/secrets/<name>",
    });
  }
  if (
    c.accountId !== undefined &&
    !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(c.accountId)
  ) {
    issues.push({
      key: "accountId",
      value: c.accountId,
      message: "must be an Azure subscription id (a lowercase GUID)",
    });
  }
  return issues;
}

/**
 * What the region must offer. Every environment reaches the API through Front Door's Private Link
 * (staging too), which Azure offers in some regions only. Production also needs zones
 * (zone-redundant database, storage and API) and a paired region: geo-redundant PostgreSQL
 * backups and RA-GZRS storage copy to the pair and are refused where there is none. drRegion is
 * not tied to the pair: the platform adds its own copies there (a database replica, object
 * replication, registry geo-replication), so any other Azure region will do.
 */
function regionIssues(
  environment: CloudConfigView["environment"],
  region: string,
): ConfigIssueDraft[] {
  if (!FRONT_DOOR_PRIVATE_LINK_REGIONS.has(region)) {
    return [
      {
        key: "region",
        value: region,
        message: `Front Door reaches the API over Private Link, which Azure offers only in these regions (all with availability zones; ${region} is not one): ${[...FRONT_DOOR_PRIVATE_LINK_REGIONS].join(", ")}`,
      },
    ];
  }
  if (environment !== "production") return [];
  if (!hasZones(region)) {
    return [
      {
        key: "region",
        value: region,
        message:
          "production needs an Azure region with availability zones (zone-redundant database, storage and API), e.g. eastus, eastus2, westus2, westeurope",
      },
    ];
  }
  if (pairedRegion(region) === undefined) {
    return [
      {
        key: "region",
        value: region,
        message: `production needs an Azure region with a paired region: geo-redundant PostgreSQL backups and RA-GZRS storage copy to the pair, and ${region} has none (e.g. eastus, eastus2, westus2, westeurope)`,
      },
    ];
  }
  return [];
}
