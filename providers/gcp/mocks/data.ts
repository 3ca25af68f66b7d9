import type { CallFn, StateFn } from "../../../src/plan/mocks";
import { projectOf } from "./project";

/** Invokes made by the components this file mocks for. */
export const gcpDataCalls: Record<string, CallFn> = {};

/** A stand-in PEM certificate for the per-instance CAs Cloud SQL and Memorystore create. */
const mockCa = (subject: string) => [
  {
    cert: `-----BEGIN CERTIFICATE-----\nMOCK-${subject}\n-----END CERTIFICATE-----`,
    commonName: subject,
    expirationTime: "2035-01-01T00:00:00Z",
    sha1Fingerprint: "0000000000000000000000000000000000000000",
  },
];

/** Attributes the cloud computes for these components' resources, by resource type. */
export const gcpDataState: Record<string, StateFn> = {
  "gcp:sql/databaseInstance:DatabaseInstance": (name, inputs, ctx) => {
    const instance = String(inputs.name ?? name);
    const region = String(inputs.region ?? ctx.region);
    // Replicas get the next addresses of the private service range, so reader endpoints differ.
    const replica = /-replica-(\d+)$/.exec(name);
    return {
      name: instance,
      privateIpAddress: `10.20.0.${replica ? 4 + Number(replica[1]) : 3}`,
      publicIpAddress: "",
      connectionName: `${projectOf(ctx)}:${region}:${instance}`,
      serverCaCerts: mockCa(`cloudsql-${instance}`),
      selfLink: `https://sqladmin.googleapis.com/sql/v1beta4/projects/${projectOf(ctx)}/instances/${instance}`,
    };
  },
  "gcp:redis/instance:Instance": (name, inputs) => {
    const readReplicas = inputs.readReplicasMode === "READ_REPLICAS_ENABLED";
    return {
      name: String(inputs.name ?? name),
      host: "10.30.0.4",
      // With in-transit encryption Memorystore serves only TLS, on 6378.
      port: inputs.transitEncryptionMode === "SERVER_AUTHENTICATION" ? 6378 : 6379,
      authString: inputs.authEnabled === true ? "mock-auth" : "",
      readEndpoint: readReplicas ? "10.30.0.5" : "",
      readEndpointPort: readReplicas ? 6378 : 0,
      serverCaCerts:
        inputs.transitEncryptionMode === "SERVER_AUTHENTICATION" ? mockCa(`redis-${name}`) : [],
    };
  },
  "gcp:storage/bucket:Bucket": (name, inputs) => {
    const bucket = String(inputs.name ?? name);
    return {
      name: bucket,
      url: `gs://${bucket}`,
      selfLink: `https://www.googleapis.com/storage/v1/b/${bucket}`,
    };
  },
  "gcp:secretmanager/secret:Secret": (name, inputs, ctx) => {
    const id = `projects/${projectOf(ctx)}/secrets/${String(inputs.secretId ?? name)}`;
    return { name: id, id };
  },
  "gcp:secretmanager/secretVersion:SecretVersion": (name, inputs) => ({
    name: `${String(inputs.secret ?? name)}/versions/1`,
    version: "1",
  }),
};
