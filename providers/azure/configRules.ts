import type { CloudConfigView, ConfigIssueDraft } from "../../src/configRules";
import { hasZones, pairedRegion } from "./regions";

/** `<resource group>/<zone name>`: Azure DNS zones are found by resource group and name. */
const DNS_ZONE =
  /^([-\w.()]{0,89}[-\w()])\/((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/;

/** The ARM id of a Key Vault secret (or certificate, which Key Vault also serves as a secret). */
const KEY_VAULT_SECRET =
  /^\/subscriptions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/resourceGroups\/[-\w.()]{1,90}\/providers\/Microsoft\.KeyVault\/vaults\/[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]\/(secrets|certificates)\/[a-zA-Z0-9-]{1,127}$/;

/** Splits an `entmoot:dnsZone` value into its resource group and zone name. */
export function parseDnsZone(value: string): { resourceGroup: string; zone: string } | undefined {
  const match = DNS_ZONE.exec(value);
  if (!match || match[1] === undefined || match[2] === undefined) return undefined;
  return { resourceGroup: match[1], zone: match[2] };
}

/**
 * Azure's rules for the keys whose meaning only Azure knows. SDK-free: config checks load no
 * cloud.
 */
export function checkConfig(c: CloudConfigView): ConfigIssueDraft[] {
  const issues: ConfigIssueDraft[] = [];
  if (c.environment === "production" && c.region !== undefined) {
    if (!hasZones(c.region)) {
      // Zone-redundant PostgreSQL HA, GZRS storage and zone-redundant App Service need zones.
      issues.push({
        key: "region",
        value: c.region,
        message:
          "production needs an Azure region with availability zones (zone-redundant database, storage and API), e.g. eastus, eastus2, westus2, westeurope",
      });
    }
    const pair = pairedRegion(c.region);
    if (c.drRegion !== undefined && c.drRegion !== pair) {
      // Geo-redundant backups, GZRS storage and Key Vault replicate to the pair and nowhere else.
      issues.push({
        key: "drRegion",
        value: c.drRegion,
        message:
          pair === undefined
            ? `${c.region} has no paired region, and Azure's geo-redundant backups and storage copy only to a pair: choose a region that has one`
            : `must be ${pair}, the region Azure pairs with ${c.region}: geo-redundant backups, GZRS storage and Key Vault copy only there`,
      });
    }
  }
  if (c.dnsZone !== undefined) {
    const zone = parseDnsZone(c.dnsZone);
    if (zone === undefined) {
      issues.push({
        key: "dnsZone",
        value: c.dnsZone,
        message:
          "must be <resource group>/<zone name> of an Azure DNS zone, e.g. dns-rg/example.com (Azure finds zones by resource group)",
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
        "must be the resource id of a Key Vault secret or certificate that Front Door may read: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<vault>/secrets/<name>",
    });
  }
  return issues;
}
