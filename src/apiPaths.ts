/**
 * The API's paths when the frontend shares its host (GCP's URL map, Azure's Front Door routes):
 * its routes, health check and docs. Every other path is the frontend. One list, because they are
 * the API's, whatever cloud routes them.
 */
export const API_PATHS: readonly string[] = [
  "/api",
  "/api/*",
  "/health",
  "/health/*",
  "/docs",
  "/docs/*",
  "/redoc",
  "/openapi.json",
];
