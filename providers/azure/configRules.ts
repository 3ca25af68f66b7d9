import type { CloudConfigView, ConfigIssueDraft } from "../../src/configRules";
import { hasZones } from "./regions";

/**
 * `<zone name>` or `<resource group>/<zone name>`. With a resource group the stack writes the
 * records into that Azure DNS zone (Azure finds a zone by resource group and name); with the name
 * alone it manages no zone and the operator creates the two records (docs/deployment.md).
 */
const DNS_ZONE =
  /^(?:([-\w.()]{0,89}[-\w()])\/)?((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63})$/;

/** The ARM id of a Key Vault secret (or certificate, which Key Vault also serves as a secret). */
const KEY_VAULT_SECRET =
  /^\/subscriptions\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/resourceGroups\/[-\w.()]{1,90}\/providers\/Microsoft\.KeyVault\/vaults\/[a-zA-Z][a-zA-Z0-9-]{1,22}[a-zA-Z0-9]\/(secrets|certificates)\/[a-zA-Z0-9-]{1,127}$/;

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
    // drRegion is not tied to the pair: geo-redundant backups, RA-GZRS and Key Vault copy to the
    // pair on their own, and the platform adds its own copies in drRegion (a database replica,
    // object replication, registry geo-replication), so any other Azure region will do.
  }
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
        "must be the resource id of a Key Vault secret or certificate that Front Door may read: /subscriptions/<id>/resourceGroups/<rg>/providers/Microsoft.KeyVault/vaults/<vault>/secrets/<name>",
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
