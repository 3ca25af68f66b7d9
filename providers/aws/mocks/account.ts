/** The account every mocked AWS resource lives in. */
export const ACCOUNT = "123456789012";
