/**
 * Variables of the API's environment that only this cloud sets (beside apiEnvironment's shared
 * ones), so that the .env templates can be checked against every cloud. SDK-free.
 *
 * AZURE_CLIENT_ID names the user-assigned identity the Azure SDK's DefaultAzureCredential signs
 * in as (blob storage: the account takes no shared keys); with several identities possible on an
 * App Service, the SDK needs to be told which.
 */
export const CLOUD_ONLY_ENV: readonly string[] = ["AZURE_CLIENT_ID"];
