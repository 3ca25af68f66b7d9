import * as pulumi from "@pulumi/pulumi";

/*
 * What the API runs before the pipeline has deployed an image (`entmoot:image` unset on a new
 * stack). SDK-free, so the rules are tested without building anything.
 */

/**
 * The Docker official Python image from ECR Public: public (App Service and Container Apps pull
 * it with no credentials while the stack's own registry is still empty), reached through the NAT
 * gateway, with no Docker Hub pull limit. The command below makes it answer 200 on the health
 * path, which App Service's health check and Front Door's probe both ask for, so a new stack comes
 * up healthy on its first `up`.
 */
export const PLACEHOLDER_IMAGE = "public.ecr.aws/docker/library/python:3.12-alpine";

/**
 * The placeholder's startup command (App Service `appCommandLine`): 200 on `healthPath`, 404
 * elsewhere, on `port`. One line with single quotes only inside the double-quoted script, so it
 * survives the shell-style splitting App Service applies to a startup command.
 */
export function placeholderCommand(port: number, healthPath: string): string {
  const script = [
    "import http.server as s",
    "H=type('H',(s.BaseHTTPRequestHandler,),{'do_GET':lambda r:(r.send_response(" +
      `200 if r.path.split('?')[0]=='${healthPath}' else 404),r.end_headers())})`,
    `s.ThreadingHTTPServer(('',${port}),H).serve_forever()`,
  ].join(";");
  return `python -c "${script}"`;
}

/** What the migration job runs while the placeholder is deployed: there is no schema to move. */
export const PLACEHOLDER_MIGRATION = [
  "python",
  "-c",
  "print('entmoot placeholder image: no API image deployed yet, nothing to migrate')",
];

/**
 * The image the pipeline deployed, or undefined while none is: unset, empty, or the placeholder's
 * own reference (what the stack's `apiImage` output reads back after a first `up`). Reading the
 * placeholder as a real image would drop the command that makes it healthy.
 */
export function deployedImage(
  image: pulumi.Input<string | undefined>,
): pulumi.Output<string | undefined> {
  return pulumi
    .output(image)
    .apply((i) => (i === undefined || i === "" || i === PLACEHOLDER_IMAGE ? undefined : i));
}
