// Entry point for the Pulumi CLI (Pulumi.yaml `main`). The CLI calls the exported function and
// exports what it resolves to as the stack outputs. `export =` because the CLI loads CommonJS.
import { main } from "./program";

export = main;
