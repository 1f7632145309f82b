/** An HTTP error answer in Airtable's shape: `{ error: { type, message } }`. */
export interface ApiError {
  readonly status: number;
  readonly type: string;
  readonly message: string;
}

/** Builds an API error answer. */
export const apiError = (status: number, type: string, message: string): ApiError => ({
  status,
  type,
  message,
});

/** 422 for a field the table does not have, naming it as Airtable does. */
export const unknownFieldName = (name: string): ApiError =>
  apiError(422, "UNKNOWN_FIELD_NAME", `Unknown field name: "${name}"`);

/** 422 for a filterByFormula the server cannot parse or does not support. */
export const invalidFormula = (detail: string): ApiError =>
  apiError(
    422,
    "INVALID_FILTER_BY_FORMULA",
    `The formula for filtering records is invalid: ${detail}`,
  );

/** 422 for a cell value the field cannot hold. */
export const invalidValue = (field: string, detail?: string): ApiError =>
  apiError(
    422,
    "INVALID_VALUE_FOR_COLUMN",
    detail ?? `Field "${field}" cannot accept the provided value`,
  );

/** 422 for a malformed request body or query, Airtable's generic validation failure. */
export const invalidRequest = (detail: string): ApiError =>
  apiError(
    422,
    "INVALID_REQUEST_UNKNOWN",
    `Invalid request: parameter validation failed. Check your request data. (${detail})`,
  );

/** 422 for a bad `records` array (too many, empty, duplicated merge keys). */
export const invalidRecords = (detail: string): ApiError =>
  apiError(422, "INVALID_RECORDS", detail);

/** 422 for a record ID that is not in the table (batch update or delete). */
export const rowDoesNotExist = (id: string): ApiError =>
  apiError(422, "ROW_DOES_NOT_EXIST", `Record ID ${id} does not exist in this table`);

/** 404 for a single-record path whose record does not exist. */
export const notFound = (what: string): ApiError =>
  apiError(404, "NOT_FOUND", `Could not find ${what}`);

/** 403 Airtable answers for an unknown base or table under a personal access token. */
export const modelNotFound = (): ApiError =>
  apiError(
    403,
    "INVALID_PERMISSIONS_OR_MODEL_NOT_FOUND",
    "Invalid permissions, or the requested model was not found. Check that both your user and your token have the required permissions, and that the model names and/or ids are correct.",
  );

/** 404 some accounts answer for a table the base does not have. */
export const tableNotFound = (baseId: string, table: string): ApiError =>
  apiError(404, "TABLE_NOT_FOUND", `Could not find table ${table} in application ${baseId}`);

/** 401 when the Authorization header is missing or wrong. */
export const authenticationRequired = (): ApiError =>
  apiError(401, "AUTHENTICATION_REQUIRED", "Authentication required");

/** 429 while a base is over its rate limit or inside the penalty window. */
export const rateLimitReached = (): ApiError =>
  apiError(429, "RATE_LIMIT_REACHED", "Rate limit exceeded. Please try again later");

/** The error answer for a status-code fault. */
export const faultError = (status: number): ApiError => {
  switch (status) {
    case 429:
      return rateLimitReached();
    case 403:
      return modelNotFound();
    case 404:
      return notFound("what you are looking for");
    case 422:
      return invalidRequest("injected fault");
    case 503:
      return apiError(503, "SERVICE_UNAVAILABLE", "The service is temporarily unavailable.");
    default:
      return apiError(
        status,
        "SERVER_ERROR",
        "Try again. If the problem persists, contact support.",
      );
  }
};

/** The JSON body of an error answer. */
export const errorBody = (error: ApiError): { error: { type: string; message: string } } => ({
  error: { type: error.type, message: error.message },
});
