/**
 * Cloud SQL for PostgreSQL database flags, as one pure function so the choices are reviewed and
 * tested in one place. They follow the CIS GCP benchmark (section 6.2) and the Checkov
 * (CKV_GCP_51 to 57, 107 to 110) and Trivy (google-sql-pg-*) rules.
 */

export interface PostgresFlag {
  readonly name: string;
  readonly value: string;
}

export function postgresFlags(): PostgresFlag[] {
  const flags: Record<string, string> = {
    log_checkpoints: "on",
    log_connections: "on",
    log_disconnections: "on",
    log_lock_waits: "on",
    log_hostname: "on",
    // Log every temporary file: spills to disk are how a missing index shows itself.
    log_temp_files: "0",
    // Postgres's default level, stated so no one raises it past ERROR and loses errors.
    log_min_messages: "warning",
    log_min_error_statement: "error",
    log_statement: "ddl",
    // Statement-duration logging writes full statements, bind values included, to the logs; the
    // benchmarks require it off. Slow queries (spec.slowQueryMs) are found with Query Insights
    // instead, which records normalised statements without their values, and the database
    // latency alert covers the threshold.
    log_min_duration_statement: "-1",
    // pgAudit records DDL and role changes; the app's migration runs `CREATE EXTENSION pgaudit`
    // next to `CREATE EXTENSION postgis`.
    "cloudsql.enable_pgaudit": "on",
    "pgaudit.log": "ddl,role",
    // Operators sign in with their Google identity instead of a shared password.
    "cloudsql.iam_authentication": "on",
  };
  return Object.entries(flags).map(([name, value]) => ({ name, value }));
}
