/**
 * Variables of the API's environment that only this cloud sets (beside apiEnvironment's shared
 * ones), so that the .env templates can be checked against every cloud. SDK-free.
 */
export const CLOUD_ONLY_ENV: readonly string[] = [];
