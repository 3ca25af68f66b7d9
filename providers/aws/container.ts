/*
 * The API's ECS container definition, shared by the service's task and the migration task so the
 * two run with the same hardening, environment, secrets and logs. Pure: no Pulumi, no AWS calls.
 */

/**
 * What a stack runs before the pipeline has deployed an API image (`entmoot:image` unset on the
 * first `up`). It must be public, because the stack's own ECR repository is empty until the
 * pipeline pushes to it, and it must answer 200 on the health-check path on the container port,
 * or the target group and the circuit breaker would call the first deployment failed. The Docker
 * official Python image, served from ECR Public (reached through the NAT, no Docker Hub rate
 * limit, no credentials), has the interpreter the container health check already uses, so a
 * few lines of the standard library serve the health check; nothing is written to disk, which
 * suits the read-only root filesystem, and it runs as the same non-root user.
 */
export const PLACEHOLDER_IMAGE = "public.ecr.aws/docker/library/python:3.12-alpine";

/** The placeholder's command: 200 on `healthPath`, 404 elsewhere, on `port`. */
export function placeholderCommand(port: number, healthPath: string): string[] {
  const script = [
    "import http.server as s",
    "class H(s.BaseHTTPRequestHandler):",
    "  def do_GET(self):",
    `    ok = self.path.split('?')[0] == '${healthPath}'`,
    "    self.send_response(200 if ok else 404)",
    "    self.end_headers()",
    "    self.wfile.write(b'entmoot placeholder: no API image deployed yet' if ok else b'')",
    `s.ThreadingHTTPServer(('', ${port}), H).serve_forever()`,
  ].join("\n");
  return ["python", "-c", script];
}

/** What the migration task runs while the placeholder is deployed: there is no schema to move. */
export const PLACEHOLDER_MIGRATION = [
  "python",
  "-c",
  "print('entmoot placeholder image: no API image deployed yet, nothing to migrate')",
];

export interface ContainerArgs {
  readonly name: string;
  readonly image: string;
  /** Overrides the image's command; undefined runs the image's own. */
  readonly command?: readonly string[];
  readonly environment: readonly { name: string; value: string }[];
  readonly secrets: readonly { name: string; valueFrom: string }[];
  /** Port to expose and health-check; undefined for a one-off task that serves nothing. */
  readonly port?: number;
  readonly healthCheck?: { readonly path: string; readonly startPeriodSeconds: number };
  readonly logGroupName: string;
  readonly region: string;
}

/** One hardened container definition (the task has a `tmp` volume for the writable /tmp). */
export function containerDefinition(a: ContainerArgs): Record<string, unknown> {
  const healthUrl = `http://localhost:${a.port ?? 0}${a.healthCheck?.path ?? "/"}`;
  return {
    name: a.name,
    image: a.image,
    ...(a.command === undefined ? {} : { command: [...a.command] }),
    essential: true,
    ...(a.port === undefined ? {} : { portMappings: [{ containerPort: a.port, protocol: "tcp" }] }),
    environment: [...a.environment],
    // Resolved by the ECS agent at start; the values never appear in the task definition.
    secrets: [...a.secrets],
    readonlyRootFilesystem: true,
    // The image must not need root: its files readable by any UID, port above 1024.
    user: "10001:10001",
    privileged: false,
    linuxParameters: { initProcessEnabled: true, capabilities: { drop: ["ALL"] } },
    mountPoints: [{ sourceVolume: "tmp", containerPath: "/tmp", readOnly: false }],
    ...(a.healthCheck === undefined
      ? {}
      : {
          // The FastAPI image has Python but not necessarily curl; urlopen fails on non-2xx.
          healthCheck: {
            command: [
              "CMD-SHELL",
              `python -c "import urllib.request; urllib.request.urlopen('${healthUrl}', timeout=4)" || exit 1`,
            ],
            interval: 15,
            timeout: 5,
            retries: 3,
            startPeriod: a.healthCheck.startPeriodSeconds,
          },
        }),
    logConfiguration: {
      logDriver: "awslogs",
      options: {
        "awslogs-group": a.logGroupName,
        "awslogs-region": a.region,
        "awslogs-stream-prefix": a.name,
        // A slow log pipe must not block request threads.
        mode: "non-blocking",
        "max-buffer-size": "25m",
      },
    },
    stopTimeout: 30,
  };
}

/**
 * `valueFrom` of a secret for ECS: the ARN, or the ARN pinned to one version
 * (`<arn>:<json-key>:<version-stage>:<version-id>`, key and stage left empty). A pinned reference
 * changes with every new version, so writing one rolls a new deployment.
 */
export function secretValueFrom(arn: string, versionId?: string): string {
  return versionId === undefined ? arn : `${arn}:::${versionId}`;
}
